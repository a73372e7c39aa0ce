package contracts

import (
	"errors"
	"fmt"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

// ErrNoIRR is returned when cash flows have no internal rate of return: they
// do not change sign, or no rate in the searched range makes their present
// value zero.
var ErrNoIRR = errors.New("contracts: cash flows have no internal rate of return")

// irrMaxIter bounds the solver. Each iteration at least halves the bracket
// when Newton's step is refused, and the bracket starts narrower than 2^40,
// so the tolerance is always reached well within the bound.
const irrMaxIter = 200

var (
	irrTol    = decimal.MustNew(1, 13) // on the rate solved for; results are given to 1e-10
	irrLo     = decimal.MustNew(-99, 2)
	irrHiMax  = decimal.MustNew(1_000_000, 0)
	decTen    = decimal.MustNew(10, 0)
	decTwo    = decimal.MustNew(2, 0)
	dec365    = decimal.MustNew(365, 0)
	rateScale = money.RateMaxFrac
)

// AnnualizedRate is the annualized rate of a loan's net cash flows to the
// borrower (年化利率), computed by IRR.
type AnnualizedRate struct {
	// Monthly is the IRR per month, to 12 fraction digits.
	Monthly decimal.Decimal `json:"monthly"`
	// Nominal is Monthly × 12, the APR lenders disclose (PBOC announcement
	// 2021 No. 3) and the figure the rate caps are tested against.
	Nominal money.Rate `json:"nominal"`
	// Effective is (1 + Monthly)^12 − 1, the compound annual rate.
	Effective money.Rate `json:"effective"`
}

// CashFlows returns the borrower's net cash flow in each month: index 0 is
// AmountReceived at disbursement, index k is minus the payments falling in
// month k. It is the input to IRR.
func (s Schedule) CashFlows() []money.Money {
	flows := make([]money.Money, s.Terms.TermMonths+1)
	flows[0] = s.AmountReceived
	for _, in := range s.Installments {
		flows[in.Period], _ = flows[in.Period].Sub(in.Payment) // bounded by the schedule's totals
	}
	return flows
}

// DatedCashFlows returns the same flows as CashFlows on their dates,
// leaving out months with nothing due. It is the input to XIRR.
func (s Schedule) DatedCashFlows() []CashFlow {
	flows := make([]CashFlow, 0, len(s.Installments)+1)
	flows = append(flows, CashFlow{Date: s.Terms.Disbursement, Amount: s.AmountReceived})
	for _, in := range s.Installments {
		if !in.Payment.IsZero() {
			flows = append(flows, CashFlow{Date: in.DueDate, Amount: in.Payment.Neg()})
		}
	}
	return flows
}

// AnnualizedRate computes the annualized rate of the schedule by IRR over
// the borrower's net cash flows: the amount actually received (principal
// less fees and interest taken at disbursement, 民间借贷规定 art. 26)
// against every scheduled payment, monthly fees included.
//
// The rate is found and proven in integer arithmetic (see irr_fixed.go) and, where that
// cannot prove all three figures, solved in decimal arithmetic as IRR describes.
func (s Schedule) AnnualizedRate() (AnnualizedRate, error) {
	flows := s.CashFlows()
	// The contract's monthly rate is a close first guess: fees only raise it.
	if ar, ok := fixedAnnualizedRate(flows, monthlyUnits(s.Terms.AnnualRate)); ok {
		return ar, nil
	}
	return decimalAnnualizedRate(flows, s.Terms.AnnualRate)
}

// decimalAnnualizedRate is AnnualizedRate solved in decimal arithmetic.
func decimalAnnualizedRate(flows []money.Money, rate money.Rate) (AnnualizedRate, error) {
	guess, err := rate.Decimal().Quo(decTwelve)
	if err != nil {
		return AnnualizedRate{}, err
	}
	i, err := irr(flows, guess)
	if err != nil {
		return AnnualizedRate{}, err
	}
	return annualize(i)
}

// annualize turns a monthly rate into its nominal and effective annual rates.
func annualize(i decimal.Decimal) (AnnualizedRate, error) {
	nominal, err := i.Mul(decTwelve)
	if err != nil {
		return AnnualizedRate{}, err
	}
	g, err := i.Add(decimal.One)
	if err != nil {
		return AnnualizedRate{}, err
	}
	g, err = g.PowInt(12)
	if err != nil {
		return AnnualizedRate{}, err
	}
	eff, err := g.Sub(decimal.One)
	if err != nil {
		return AnnualizedRate{}, err
	}
	// A zero rate may come out a hair below zero; it rounds to zero.
	n, err1 := money.NewRate(money.HalfUp.Round(nonNegative(nominal), rateScale))
	e, err2 := money.NewRate(money.HalfUp.Round(nonNegative(eff), rateScale))
	if err := errors.Join(err1, err2); err != nil {
		return AnnualizedRate{}, fmt.Errorf("contracts: annualized rate is negative: %w", err)
	}
	return AnnualizedRate{Monthly: money.HalfUp.Round(i, 12), Nominal: n, Effective: e}, nil
}

func nonNegative(d decimal.Decimal) decimal.Decimal {
	if d.IsNeg() && d.CmpAbs(decimal.MustNew(1, 11)) < 0 {
		return decimal.Decimal{}
	}
	return d
}

// IRR returns the internal rate of return per period of flows, where
// flows[k] falls at the end of period k: the rate i at which
// Σ flows[k] / (1+i)^k = 0, to 1e-13.
//
// Flows that change sign once, with a rate between 0 and 0.5 per period (every
// loan's), are solved by Newton's method in 128-bit integer arithmetic, and the
// answer is proven: the exact present value changes sign within 5e-15 of it (see
// irr_fixed.go). Other flows, and any the integer path cannot prove, are solved
// to 1e-13 by Newton's method in decimal arithmetic, falling back to bisection
// whenever a Newton step leaves the bracket, in at most 200 iterations.
//
// The rate is searched between -0.99 and 1,000,000 per period; ErrNoIRR is
// returned if the flows do not change sign there.
func IRR(flows []money.Money) (decimal.Decimal, error) {
	if i, ok := fixedIRR(flows, rateUnit/100); ok {
		return i, nil
	}
	return irr(flows, decimal.MustNew(1, 2))
}

func irr(flows []money.Money, guess decimal.Decimal) (decimal.Decimal, error) {
	c, err := normalize(len(flows), func(k int) decimal.Decimal { return flows[k].Decimal() })
	if err != nil {
		return decimal.Decimal{}, err
	}
	n := len(c) - 1
	eval := func(x decimal.Decimal, deriv bool) (f, df decimal.Decimal, err error) {
		if !x.IsNeg() {
			// Σ c_k v^k with v = 1/(1+x) ≤ 1, so no power overflows.
			w, err := x.Add(decimal.One)
			if err != nil {
				return f, df, err
			}
			v, err := decimal.One.Quo(w)
			if err != nil {
				return f, df, err
			}
			p, d := c[n], decimal.Decimal{}
			for k := n - 1; k >= 0; k-- {
				if deriv {
					if d, err = p.AddMul(d, v); err != nil {
						return f, df, err
					}
				}
				if p, err = c[k].AddMul(p, v); err != nil {
					return f, df, err
				}
			}
			// d/dx = p'(v) · (−v²)
			v2, err := v.Mul(v)
			if err != nil {
				return f, df, err
			}
			df, err = d.Mul(v2)
			return p, df.Neg(), err
		}
		// For x < 0 multiply by (1+x)^n, which keeps the sign: Σ c_k w^(n−k)
		// with w = 1+x < 1.
		w, err := x.Add(decimal.One)
		if err != nil {
			return f, df, err
		}
		p, d := c[0], decimal.Decimal{}
		for k := 1; k <= n; k++ {
			if deriv {
				if d, err = p.AddMul(d, w); err != nil {
					return f, df, err
				}
			}
			if p, err = c[k].AddMul(p, w); err != nil {
				return f, df, err
			}
		}
		return p, d, nil
	}
	return solve(eval, guess)
}

// CashFlow is an amount paid or received on a date: positive to the
// borrower, negative from the borrower.
type CashFlow struct {
	Date   money.Date  `json:"date"`
	Amount money.Money `json:"amount"`
}

// XIRR returns the effective annual rate x of irregular cash flows on their
// actual dates, counting time as actual days / 365 from the earliest flow:
// Σ amount_j / (1+x)^(days_j/365) = 0, rounded half up to 10 fraction digits.
// It may be negative.
//
// Flows that change sign once, with a positive rate, are solved in integer
// arithmetic and the rounded rate is proven, as IRR's are (see xirr_fixed.go);
// others like IRR's in decimal arithmetic, to 1e-13.
func XIRR(flows []CashFlow) (decimal.Decimal, error) {
	if len(flows) < 2 {
		return decimal.Decimal{}, fmt.Errorf("%w: need at least two flows", ErrNoIRR)
	}
	first := flows[0].Date
	for _, f := range flows {
		if !f.Date.IsValid() {
			return decimal.Decimal{}, fmt.Errorf("contracts: XIRR: invalid date %s", f.Date)
		}
		if f.Date.Before(first) {
			first = f.Date
		}
	}
	if x, ok := fixedXIRR(flows, first); ok {
		return x, nil
	}
	return decimalXIRR(flows, first)
}

// decimalXIRR is XIRR solved in decimal arithmetic, for flows on valid dates from first.
func decimalXIRR(flows []CashFlow, first money.Date) (decimal.Decimal, error) {
	c, err := normalize(len(flows), func(k int) decimal.Decimal { return flows[k].Amount.Decimal() })
	if err != nil {
		return decimal.Decimal{}, err
	}
	t := make([]decimal.Decimal, len(flows))
	var tMax decimal.Decimal
	for j, f := range flows {
		days, err := decimal.New(int64(f.Date.DaysSince(first)), 0)
		if err != nil {
			return decimal.Decimal{}, err
		}
		if t[j], err = days.Quo(dec365); err != nil {
			return decimal.Decimal{}, err
		}
		tMax = tMax.Max(t[j])
	}
	if tMax.IsZero() {
		return decimal.Decimal{}, fmt.Errorf("%w: every flow is on the same day", ErrNoIRR)
	}
	eval := func(x decimal.Decimal, _ bool) (f, df decimal.Decimal, err error) {
		w, err := x.Add(decimal.One)
		if err != nil {
			return f, df, err
		}
		L, err := x.Log1p()
		if err != nil {
			return f, df, err
		}
		// Σ c_j (1+x)^(−t_j) for x ≥ 0; for x < 0 multiplied by (1+x)^tMax,
		// so that every power is at most one.
		for j := range c {
			e := t[j].Neg()
			if x.IsNeg() {
				if e, err = tMax.Sub(t[j]); err != nil {
					return f, df, err
				}
			}
			eL, err := e.Mul(L)
			if err != nil {
				return f, df, err
			}
			term, err := eL.Exp()
			if err != nil {
				return f, df, err
			}
			ct, err := c[j].Mul(term)
			if err != nil {
				return f, df, err
			}
			if f, err = f.Add(ct); err != nil {
				return f, df, err
			}
			if df, err = df.AddMul(ct, e); err != nil {
				return f, df, err
			}
		}
		df, err = df.Quo(w)
		return f, df, err
	}
	x, err := solve(eval, decimal.MustNew(1, 1))
	if err != nil {
		return decimal.Decimal{}, err
	}
	return money.HalfUp.Round(x, rateScale), nil
}

// normalize returns the n flows divided by the largest absolute flow, so
// that every sum the solver forms stays small whatever the amounts.
func normalize(n int, flow func(int) decimal.Decimal) ([]decimal.Decimal, error) {
	var m decimal.Decimal
	pos, neg := false, false
	for k := range n {
		d := flow(k)
		m = m.Max(d.Abs())
		pos = pos || d.IsPos()
		neg = neg || d.IsNeg()
	}
	if !pos || !neg {
		return nil, fmt.Errorf("%w: the flows must include both money received and money paid", ErrNoIRR)
	}
	c := make([]decimal.Decimal, n)
	for k := range n {
		var err error
		if c[k], err = flow(k).Quo(m); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// solve finds a root of f between -0.99 and a bound found by widening, by
// Newton's method from guess with a bisection fallback.
//
// f returns the function's value and, when asked, its derivative.
func solve(f func(x decimal.Decimal, deriv bool) (decimal.Decimal, decimal.Decimal, error), guess decimal.Decimal) (decimal.Decimal, error) {
	lo, hi := irrLo, decimal.One
	flo, _, err := f(lo, false)
	if err != nil {
		return decimal.Decimal{}, err
	}
	if flo.IsZero() {
		return lo, nil
	}
	fhi, _, err := f(hi, false)
	for err == nil && fhi.Sign() == flo.Sign() && hi.Cmp(irrHiMax) < 0 {
		if hi, err = hi.Mul(decTen); err == nil {
			fhi, _, err = f(hi, false)
		}
	}
	if err != nil {
		return decimal.Decimal{}, err
	}
	if fhi.IsZero() {
		return hi, nil
	}
	if fhi.Sign() == flo.Sign() {
		return decimal.Decimal{}, fmt.Errorf("%w between %s and %s per period", ErrNoIRR, irrLo, irrHiMax)
	}
	x := guess
	if x.Cmp(lo) <= 0 || x.Cmp(hi) >= 0 {
		x = mid(lo, hi)
	}
	for range irrMaxIter {
		fx, dfx, err := f(x, true)
		if err != nil {
			return decimal.Decimal{}, err
		}
		if fx.IsZero() {
			return x, nil
		}
		if fx.Sign() == flo.Sign() {
			lo, flo = x, fx
		} else {
			hi = x
		}
		next, ok := x, false
		if !dfx.IsZero() {
			if step, err := fx.Quo(dfx); err == nil {
				if next, err = x.Sub(step); err == nil {
					ok = next.Cmp(lo) > 0 && next.Cmp(hi) < 0
				}
			}
		}
		if !ok {
			next = mid(lo, hi)
		}
		if diff, err := next.SubAbs(x); err == nil && diff.Cmp(irrTol) < 0 {
			return next, nil
		}
		if width, err := hi.Sub(lo); err == nil && width.Cmp(irrTol) < 0 {
			return next, nil
		}
		x = next
	}
	return decimal.Decimal{}, fmt.Errorf("%w: no convergence in %d iterations", ErrNoIRR, irrMaxIter)
}

func mid(lo, hi decimal.Decimal) decimal.Decimal {
	s, err := lo.Add(hi)
	if err != nil {
		return lo
	}
	m, err := s.Quo(decTwo)
	if err != nil {
		return lo
	}
	return m
}
