package contracts

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/jinzhi-dev/jinzhi/money"
)

// TestAnnuityPayment_fastPathIsExact checks the decimal fast path against
// the exact rational computation, including rates so small that the fast
// path must give way and payments that are exact half fen.
func TestAnnuityPayment_fastPathIsExact(t *testing.T) {
	type tc struct {
		p    uint64
		rate string
		n    int
	}
	cases := []tc{
		{100, "0.06", 1},           // 1.005 exactly: a tie
		{100000000, "0.0435", 360}, // the known answer
		{100000000, "0.0000000001", 600},
		{123456789, "0.0000000012", 37},
		{1e15, "10", 600}, // decimal overflow: exact path
		{1e15, "0.0000000001", 1},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		scale := 1 + rng.IntN(10)
		coef := rng.Uint64N(money.Pow10(scale)/2) + 1
		rate := fmt.Sprintf("0.%0*d", scale, coef)
		cases = append(cases, tc{1 + rng.Uint64N(1e15), rate, 1 + rng.IntN(600)})
	}
	slow := 0
	for _, c := range cases {
		a := money.MustRate(c.rate)
		if _, ok := annuityDecimal(c.p, a.Decimal(), c.n); !ok {
			slow++
		}
		for _, rnd := range []money.Rounding{money.HalfUp, money.HalfEven} {
			got, err := annuityPayment(c.p, a, c.n, rnd)
			if err != nil {
				t.Fatalf("%v: %v", c, err)
			}
			want, err := annuityExact(c.p, a, c.n, rnd)
			if err != nil {
				t.Fatalf("%v exact: %v", c, err)
			}
			if got != want {
				t.Fatalf("%v %s: fast %d fen, exact %d fen", c, rnd, got, want)
			}
		}
	}
	if got, _ := annuityPayment(100, money.MustRate("0.06"), 1, money.HalfUp); got != 101 {
		t.Errorf("tie 1.005 half up = %d fen, want 101", got)
	}
	if got, _ := annuityPayment(100, money.MustRate("0.06"), 1, money.HalfEven); got != 100 {
		t.Errorf("tie 1.005 half even = %d fen, want 100", got)
	}
	t.Logf("%d of %d cases took the exact path", slow, len(cases))
}
