package contracts

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

// TestAnnuityFixed_MatchesExact is the property test of the integer
// installment: wherever it answers, it is the exact installment rounded
// once, and it answers for ordinary loans.
func TestAnnuityFixed_MatchesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	answered, tried := 0, 0
	for range 20_000 {
		p := uint64(1 + rng.Int64N(100_000_000_000_00)) // up to 10^11 yuan
		if rng.IntN(3) == 0 {
			p = uint64(1 + rng.Int64N(1_000_000))
		}
		scale := rng.IntN(7)
		pow := uint64(1)
		for range scale {
			pow *= 10
		}
		coef := 1 + rng.Uint64N(pow*36/100+1) // rates up to 36% a year
		n := 1 + rng.IntN(480)
		for _, rnd := range []money.Rounding{money.HalfUp, money.HalfEven} {
			tried++
			got, ok := annuityFixed(p, coef, 12*pow, n, rnd)
			if !ok {
				continue
			}
			answered++
			d, err := decimal.New(int64(coef), scale)
			if err != nil {
				t.Fatal(err)
			}
			a, err := money.NewRate(d)
			if err != nil {
				t.Fatal(err)
			}
			want, err := annuityExact(p, a, n, rnd)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Fatalf("annuityFixed(%d fen, %d/%d, %d months, %s) = %d, exactly %d", p, coef, pow, n, rnd, got, want)
			}
		}
	}
	if answered < tried*99/100 {
		t.Errorf("the fast path answered %d of %d", answered, tried)
	}
	// The loans of the rule catalogue's benchmark and the 360-month mortgage.
	for _, c := range []struct {
		p, coef, pow uint64
		n            int
	}{{50_000_000, 850, 10_000, 36}, {100_000_000, 435, 10_000, 360}} {
		if _, ok := annuityFixed(c.p, c.coef, 12*c.pow, c.n, money.HalfUp); !ok {
			t.Errorf("the fast path refused %+v", c)
		}
	}
}

// effective10Big is effective10's exact math/big path.
func effective10Big(a int64) int64 {
	p := bigPowers()
	x := new(big.Int).SetUint64(rateUnit + uint64(a))
	x.Exp(x, big.NewInt(12), nil)
	x.Sub(x, p.e216)
	x.Lsh(x, 1).Add(x, p.e206)
	return x.Quo(x, p.twoE206).Int64()
}

// TestEffective10Fixed_MatchesExact holds the integer bounds of the
// effective rate to the exact power, on random rates and on rates a hair
// either side of a rounding boundary.
func TestEffective10Fixed_MatchesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	check := func(a int64) {
		if a <= 0 || a >= fixedMaxRate {
			return
		}
		if got, ok := effective10Fixed(a); ok {
			if want := effective10Big(a); got != want {
				t.Fatalf("effective10Fixed(%d) = %d, exactly %d", a, got, want)
			}
		}
	}
	for range 20_000 {
		a := 1 + rng.Int64N(rateUnit/20) // up to 5% a month
		check(a)
		// Near the boundary the exact value crosses: try the rates around it.
		b := a
		for e := effective10Big(a); effective10Big(b) == e && b < a+rateUnit/1000; b += rateUnit / 1_000_000_000_000 {
		}
		for d := int64(-3); d <= 3; d++ {
			check(b + d)
		}
	}
	if _, ok := effective10Fixed(7_083_333_333_333_333); !ok {
		t.Error("the fast path refused 8.5% a year")
	}
}
