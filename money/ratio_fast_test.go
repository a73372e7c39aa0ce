package money

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/govalues/decimal"
)

// bigCmpRatio and bigRatio are the exact math/big paths the fast paths
// must agree with.
func bigCmpRatio(num, den, x decimal.Decimal) int {
	q, err := quotient(num, den)
	if err != nil {
		panic(err)
	}
	return q.Cmp(ratOf(x))
}

func bigRatio(r Rounding, num, den decimal.Decimal, scale int) (decimal.Decimal, error) {
	q, err := quotient(num, den)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return r.roundRat(q, scale)
}

// randDecimal returns a decimal of every size and scale the fast paths
// meet, and the edges: coefficients of 1 to 19 digits, scales 0 to 19.
func randDecimal(rng *rand.Rand, positive bool) decimal.Decimal {
	digits := 1 + rng.IntN(19)
	coef := rng.Uint64N(pow10u[digits]-1) + 1
	if rng.IntN(8) == 0 {
		coef = pow10u[digits] - 1 // all nines
	}
	if !positive && rng.IntN(5) == 0 {
		coef = 0
	}
	scale := rng.IntN(20)
	if rng.IntN(2) == 0 {
		scale = rng.IntN(5) // the scales of amounts and ratios
	}
	if coef > math.MaxInt64 {
		coef = math.MaxInt64 // decimal.New takes an int64
	}
	d, err := decimal.New(int64(coef), scale)
	if err != nil {
		panic(err)
	}
	if !positive && rng.IntN(3) == 0 {
		d = d.Neg()
	}
	return d
}

// checkRatioFast holds both fast paths to the exact ones for one triple.
func checkRatioFast(t *testing.T, num, den, x decimal.Decimal) {
	t.Helper()
	if den.Sign() <= 0 {
		return
	}
	if c, ok := cmpRatioFast(num, den, x); ok {
		if want := bigCmpRatio(num, den, x); c != want {
			t.Fatalf("cmpRatioFast(%s, %s, %s) = %d, math/big says %d", num, den, x, c, want)
		}
	}
	for _, r := range []Rounding{HalfUp, HalfEven, ""} {
		for _, scale := range []int{RatioScale, 0, 2, 10} {
			got, ok := r.ratioFast(num, den, scale)
			if !ok {
				continue
			}
			want, err := bigRatio(r, num, den, scale)
			if err != nil || got != want || got.String() != want.String() {
				t.Fatalf("%s.ratioFast(%s, %s, %d) = %s, math/big says %s, %v", r, num, den, scale, got, want, err)
			}
		}
	}
}

// TestRatioFast_MatchesExact is the property test of the 128-bit paths:
// on random decimals of every size they answer as math/big does, and they
// answer (rather than fall back) for amounts and ratios.
func TestRatioFast_MatchesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 30_000 {
		checkRatioFast(t, randDecimal(rng, false), randDecimal(rng, true), randDecimal(rng, false))
	}
	// Ties and exact equality, which random values seldom hit.
	d := decimal.MustParse
	for _, tc := range [][3]string{
		{"25", "800", "0.03125"}, {"-25", "800", "-0.03125"}, {"1", "3", "0.3333"},
		{"700000.00", "500000.00", "1.4"}, {"0.5", "1", "0.50"}, {"17783.77", "50000.00", "0.50"},
		{"0", "1", "0"}, {"-1", "2", "0"}, {"1", "2", "-1"},
	} {
		checkRatioFast(t, d(tc[0]), d(tc[1]), d(tc[2]))
	}
	if _, ok := cmpRatioFast(d("17783.77"), d("50000.00"), d("0.50")); !ok {
		t.Error("a DSR of amounts fell back to math/big")
	}
	if _, ok := HalfUp.ratioFast(d("700000.00"), d("500000.00"), RatioScale); !ok {
		t.Error("a coverage of amounts fell back to math/big")
	}
}

// FuzzRatioFast holds the fast paths to math/big on any three decimals.
func FuzzRatioFast(f *testing.F) {
	f.Add(int64(2503), 2, int64(800), 0, int64(3125), 5)
	f.Add(int64(-1), 0, int64(3), 0, int64(-3333), 4)
	f.Add(int64(999999999999999999), 19, int64(1), 19, int64(1), 0)
	f.Fuzz(func(t *testing.T, a int64, sa int, b int64, sb int, c int64, sc int) {
		mk := func(v int64, s int) (decimal.Decimal, bool) {
			if s < 0 || s > 19 {
				return decimal.Decimal{}, false
			}
			d, err := decimal.New(v, s)
			return d, err == nil
		}
		num, ok1 := mk(a, sa)
		den, ok2 := mk(b, sb)
		x, ok3 := mk(c, sc)
		if ok1 && ok2 && ok3 {
			checkRatioFast(t, num, den, x)
		}
	})
}
