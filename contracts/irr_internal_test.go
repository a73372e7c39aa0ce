package contracts

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

// randomLoan returns realistic random terms, fees included, for comparing the integer
// fast path of AnnualizedRate with the decimal solver.
func randomLoan(rng *rand.Rand) Terms {
	methods := []RepaymentMethod{EqualInstallment, EqualPrincipal, InterestOnly, Bullet}
	n := 1 + rng.IntN(360)
	rate := rng.IntN(3600001) // up to 0.36
	if rng.IntN(10) == 0 {
		rate = 0
	}
	t := Terms{
		Principal:    money.MustMoney(fmt.Sprintf("%d.%02d", 1000+rng.IntN(50000000), rng.IntN(100))),
		AnnualRate:   money.MustRate(fmt.Sprintf("0.%07d", rate)),
		TermMonths:   n,
		Method:       methods[rng.IntN(len(methods))],
		Disbursement: money.MustDate(fmt.Sprintf("%d-%02d-%02d", 2000+rng.IntN(40), 1+rng.IntN(12), 1+rng.IntN(28))),
	}
	switch rng.IntN(4) {
	case 0:
		t.Fees = []Fee{{Kind: FeeDeducted, Amount: money.MustMoney(fmt.Sprintf("%d", 1+rng.IntN(900)))}}
	case 1:
		t.Fees = []Fee{{Kind: FeeUpfront, Amount: money.MustMoney(fmt.Sprintf("%d.%02d", rng.IntN(20000), rng.IntN(100)))}}
	case 2:
		t.Fees = []Fee{{Kind: FeeMonthly, Amount: money.MustMoney(fmt.Sprintf("%d", 1+rng.IntN(50)))}}
	}
	return t
}

// TestAnnualizedRate_fixedIsExact holds the integer fast path to an independent exact
// reading: the rate solved again by Newton's method in 256-bit binary floating point,
// bracketed within 10^-30 by the exact sign of the present value (big integers), and
// the three figures rounded from both ends of that bracket in exact rational arithmetic.
// The decimal solver, which AnnualizedRate used before and still falls back on, is good
// to its tolerance of 1e-13; where the last digit of a figure differs from the exact one,
// the test reports it and requires the difference to be that one unit.
func TestAnnualizedRate_fixedIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 17))
	cases, fast, decimalOff := 0, 0, 0
	n := 120
	if testing.Short() {
		n = 60
	}
	for range n {
		s, err := NewSchedule(randomLoan(rng))
		if err != nil {
			continue
		}
		cases++
		flows := s.CashFlows()
		got, ok := fixedAnnualizedRate(flows, monthlyUnits(s.Terms.AnnualRate))
		if !ok {
			continue
		}
		fast++
		want, ok := exactAnnualized(t, flows)
		if !ok {
			continue // the root is within 10^-30 of a rounding boundary
		}
		if f := figures(got); f != want {
			t.Errorf("%+v:\n fast  %v\n exact %v", s.Terms, f, want)
		}
		old, err := decimalAnnualizedRate(flows, s.Terms.AnnualRate)
		if err != nil {
			t.Errorf("%+v: decimal solver: %v", s.Terms, err)
			continue
		}
		if f := figures(old); f != want {
			decimalOff++
			for i := range f {
				if d := new(big.Rat).Sub(ratOfString(f[i]), ratOfString(want[i])); d.Abs(d).Cmp(ulps[i]) > 0 {
					t.Errorf("%+v: decimal solver %v, exact %v: off by more than a unit", s.Terms, f, want)
				}
			}
		}
	}
	if fast < cases*99/100 {
		t.Errorf("fast path proved %d of %d schedules, want at least 99%%", fast, cases)
	}
	t.Logf("fast path proved %d of %d schedules, all exact; the decimal solver was a unit off in the last digit in %d", fast, cases, decimalOff)
}

// ulps are the units of the last digits of Monthly, Nominal and Effective.
var ulps = [3]*big.Rat{big.NewRat(1, 1e12), big.NewRat(1, 1e10), big.NewRat(1, 1e10)}

// figures returns the three figures of an annualized rate as exact decimal strings.
func figures(ar AnnualizedRate) [3]string {
	return [3]string{ar.Monthly.Pad(12).String(), ar.Nominal.Decimal().Pad(10).String(), ar.Effective.Decimal().Pad(10).String()}
}

func ratOfString(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

// exactAnnualized computes the figures of flows' monthly rate independently of the fast
// path, or false if the root cannot be placed on one side of every rounding boundary.
func exactAnnualized(t *testing.T, flows []money.Money) ([3]string, bool) {
	t.Helper()
	// Newton's method in 256-bit floats from 1%.
	const prec = 256
	r := new(big.Float).SetPrec(prec).SetFloat64(0.01)
	one := new(big.Float).SetPrec(prec).SetInt64(1)
	for range 100 {
		v := new(big.Float).SetPrec(prec).Quo(one, new(big.Float).SetPrec(prec).Add(one, r))
		p, d := new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec)
		for k := len(flows) - 1; k >= 0; k-- {
			d.Mul(d, v).Add(d, p)
			p.Mul(p, v).Add(p, new(big.Float).SetPrec(prec).SetInt64(flows[k].Fen()))
		}
		// r ← r + P/(v²P')
		step := new(big.Float).SetPrec(prec).Quo(p, new(big.Float).SetPrec(prec).Mul(d, new(big.Float).SetPrec(prec).Mul(v, v)))
		r.Add(r, step)
		if step.Sign() == 0 || step.MantExp(nil)-r.MantExp(nil) < -200 {
			break
		}
	}
	// A bracket of width 2·10^-30, proven by exact signs.
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(30), nil)
	center, _ := new(big.Float).Mul(r, new(big.Float).SetInt(scale)).Int(nil)
	lo := new(big.Int).Sub(center, big.NewInt(1))
	hi := new(big.Int).Add(center, big.NewInt(1))
	if exactSign(flows, lo, scale)*exactSign(flows, hi, scale) >= 0 {
		t.Fatalf("reference solver: no sign change around %s", r.Text('g', 40))
	}
	flo, fhi := roundFigures(lo, scale), roundFigures(hi, scale)
	return flo, flo == fhi
}

// exactSign returns the sign of Σ c_k (1+a)^−k at a = num/den, from the integer
// Σ c_k den^k (den+num)^(n−k), which has the same sign.
func exactSign(flows []money.Money, num, den *big.Int) int {
	w := new(big.Int).Add(den, num)
	h := big.NewInt(flows[0].Fen())
	p := big.NewInt(1)
	for _, f := range flows[1:] {
		h.Mul(h, w)
		p.Mul(p, den)
		h.Add(h, new(big.Int).Mul(p, big.NewInt(f.Fen())))
	}
	return h.Sign()
}

// roundFigures rounds the monthly rate num/den, 12 times it, and (1+num/den)^12 − 1 half
// up to 12, 10 and 10 fraction digits, exactly.
func roundFigures(num, den *big.Int) [3]string {
	r := new(big.Rat).SetFrac(num, den)
	nominal := new(big.Rat).Mul(r, big.NewRat(12, 1))
	g := new(big.Rat).Add(r, big.NewRat(1, 1))
	eff := big.NewRat(1, 1)
	for range 12 {
		eff.Mul(eff, g)
	}
	eff.Sub(eff, big.NewRat(1, 1))
	return [3]string{halfUp(r, 12), halfUp(nominal, 10), halfUp(eff, 10)}
}

// halfUp writes a non-negative x rounded half up to digits fraction digits.
func halfUp(x *big.Rat, digits int) string {
	s := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)
	y := new(big.Rat).Mul(x, new(big.Rat).SetInt(s))
	y.Add(y, big.NewRat(1, 2))
	q := new(big.Int).Quo(y.Num(), y.Denom())
	return new(big.Rat).SetFrac(q, s).FloatString(digits)
}

// TestIRR_fixedWithin5e15 checks IRR's fast path against exact signs: the rate it
// returns is within 5e-15 of the root.
func TestIRR_fixedWithin5e15(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
	for range 60 {
		s, err := NewSchedule(randomLoan(rng))
		if err != nil || s.Terms.AnnualRate.IsZero() {
			continue
		}
		flows := s.CashFlows()
		i, ok := fixedIRR(flows, rateUnit/100)
		if !ok {
			t.Errorf("%+v: fast path refused", s.Terms)
			continue
		}
		a := new(big.Int).SetUint64(i.Coef())
		lo := exactSign(flows, new(big.Int).Sub(a, big.NewInt(5000)), den)
		hi := exactSign(flows, new(big.Int).Add(a, big.NewInt(5000)), den)
		if i.Scale() != 18 || lo*hi >= 0 {
			t.Errorf("%+v: IRR %s is not within 5e-15 of the root", s.Terms, i)
		}
	}
}

// TestXIRR_fixedMatchesDecimal compares XIRR's integer fast path with the decimal
// solver on random schedules' dated flows: the same rate to the tenth digit, or, where
// the decimal solver (good to 1e-13, through decimal logarithms and exponentials) sits
// next to a rounding boundary, one unit apart, which the test reports.
func TestXIRR_fixedMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 34))
	cases, fast := 0, 0
	n := 50
	if testing.Short() {
		n = 10
	}
	for range n {
		terms := randomLoan(rng)
		terms.TermMonths = 1 + terms.TermMonths%36 // the decimal solver takes 12 ms a year of flows
		s, err := NewSchedule(terms)
		if err != nil || s.Terms.AnnualRate.IsZero() && len(s.Terms.Fees) == 0 {
			continue
		}
		cases++
		flows := s.DatedCashFlows()
		first := flows[0].Date
		got, ok := fixedXIRR(flows, first)
		if !ok {
			continue
		}
		fast++
		want, err := decimalXIRR(flows, first)
		if err != nil {
			t.Fatalf("%+v: decimal solver: %v", s.Terms, err)
		}
		if got.Cmp(want) == 0 {
			continue
		}
		diff, _ := got.SubAbs(want)
		if diff.Cmp(decimal.MustNew(1, 10)) > 0 {
			t.Errorf("%+v: fast %s, decimal %s", s.Terms, got, want)
		}
		t.Logf("%+v: fast %s, decimal %s (one unit)", s.Terms, got, want)
	}
	if fast < cases*99/100 {
		t.Errorf("fast path proved %d of %d, want at least 99%%", fast, cases)
	}
	t.Logf("fast path proved %d of %d", fast, cases)
}

// FuzzIRR_fixedProven checks that whatever the fast path answers is within 5e-15 of a
// root, by the exact sign of the present value on both sides.
func FuzzIRR_fixedProven(f *testing.F) {
	f.Add(int64(100000), int64(-50000), int64(-60000), int64(0))
	f.Add(int64(1000), int64(0), int64(0), int64(-1331))
	f.Add(int64(922337203685477580), int64(-1), int64(-1), int64(-922337203685477580))
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
	f.Fuzz(func(t *testing.T, a, b, c, d int64) {
		var flows []money.Money
		for _, x := range []int64{a, b, c, d} {
			m, err := money.FromFen(x)
			if err != nil {
				return
			}
			flows = append(flows, m)
		}
		i, ok := fixedIRR(flows, rateUnit/100)
		if !ok || i.IsZero() {
			return
		}
		r := new(big.Int).SetUint64(i.Coef())
		lo := exactSign(flows, new(big.Int).Sub(r, big.NewInt(5000)), den)
		hi := exactSign(flows, new(big.Int).Add(r, big.NewInt(5000)), den)
		if lo*hi >= 0 {
			t.Fatalf("IRR%v = %s: not within 5e-15 of a root", flows, i)
		}
	})
}
