package contracts

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

// Installment is one row of a repayment schedule (还款计划的一期).
type Installment struct {
	// Period is the month the installment falls in: 1 is the first month
	// after disbursement. A bullet loan without monthly fees has a single
	// installment whose Period is the term.
	Period int `json:"period"`
	// DueDate is the disbursement's day of the month, Period months later,
	// clamped to the last day of a shorter month.
	DueDate money.Date `json:"due_date"`
	// Payment is what falls due: Principal + Interest + Fee.
	Payment money.Money `json:"payment"`
	// Principal is the principal repaid (应还本金).
	Principal money.Money `json:"principal"`
	// Interest is the interest due (应还利息).
	Interest money.Money `json:"interest"`
	// Fee is the sum of the monthly fees due with this installment.
	Fee money.Money `json:"fee"`
	// Balance is the principal still owed after this installment (剩余本金).
	Balance money.Money `json:"balance"`
}

// Schedule is the repayment schedule of a loan (还款计划表), computed from
// its Terms by NewSchedule.
type Schedule struct {
	// Terms are the terms the schedule was computed from.
	Terms Terms `json:"terms"`
	// AmountReceived is what the borrower has in hand at disbursement; see
	// Terms.AmountReceived.
	AmountReceived money.Money `json:"amount_received"`
	// Installments are the rows in period order.
	Installments []Installment `json:"installments"`
	// TotalPayment is the sum of the installments' payments.
	TotalPayment money.Money `json:"total_payment"`
	// TotalInterest is the sum of the installments' interest; interest
	// deducted in advance is not part of it.
	TotalInterest money.Money `json:"total_interest"`
	// TotalFees is every fee: up front, deducted and monthly.
	TotalFees money.Money `json:"total_fees"`
}

// MaxInstallment returns the highest payment of any installment (最高月供),
// fees included: what the borrower's monthly debt service must cover.
func (s Schedule) MaxInstallment() money.Money {
	var m money.Money
	for i := range s.Installments {
		if s.Installments[i].Payment.Cmp(m) > 0 {
			m = s.Installments[i].Payment
		}
	}
	return m
}

// NewSchedule computes the monthly repayment schedule of t. Invalid terms
// are an error wrapping ErrInvalidTerms that names each invalid field.
//
// Every amount is rounded to the fen by t.Rounding, in one step from the
// exact value: interest is round(balance × annual/12) (round(principal ×
// annual × months/12) for a bullet loan), an equal installment is
// round(P·r(1+r)^n / ((1+r)^n − 1)) and an equal principal round(P/n). The
// last installment takes whatever principal remains, so the principal repaid
// adds up to exactly the principal lent and no balance is ever negative.
func NewSchedule(t Terms) (Schedule, error) {
	if err := t.Validate(); err != nil {
		return Schedule{}, err
	}
	received, err := t.AmountReceived()
	if err != nil {
		return Schedule{}, err
	}
	fee, ok := t.monthlyFee()
	if !ok {
		return Schedule{}, ErrOutOfRange
	}
	n := t.TermMonths
	count := n
	if t.Method == Bullet && fee == 0 {
		count = 1
	}
	b := builder{
		t:    t,
		rnd:  t.Rounding,
		fee:  fee,
		bal:  ufen(t.Principal),
		rows: make([]Installment, count),
	}
	b.rate, b.den = t.AnnualRate.Parts()
	b.den *= 12

	p := b.bal
	switch t.Method {
	case EqualInstallment:
		pay, err := annuityPayment(p, t.AnnualRate, n, b.rnd)
		if err != nil {
			return Schedule{}, err
		}
		for k := 1; k <= n; k++ {
			i, ok := b.interest(b.bal)
			var pr uint64
			if pay > i {
				pr = pay - i
			}
			if pr > b.bal || k == n {
				pr = b.bal
			}
			if !ok || !b.add(k-1, k, pr, i) {
				return Schedule{}, ErrOutOfRange
			}
		}
	case EqualPrincipal:
		each, _ := b.rnd.Div128(0, p, uint64(n))
		for k := 1; k <= n; k++ {
			i, ok := b.interest(b.bal)
			pr := min(each, b.bal)
			if k == n {
				pr = b.bal
			}
			if !ok || !b.add(k-1, k, pr, i) {
				return Schedule{}, ErrOutOfRange
			}
		}
	case InterestOnly:
		i, ok := b.interest(p)
		for k := 1; k <= n; k++ {
			var pr uint64
			if k == n {
				pr = p
			}
			if !ok || !b.add(k-1, k, pr, i) {
				return Schedule{}, ErrOutOfRange
			}
		}
	case Bullet:
		hi, lo := bits.Mul64(p, b.rate)
		hi, lo, ok := mul128(hi, lo, uint64(n))
		i, ok2 := b.rnd.Div128(hi, lo, b.den)
		if !ok || !ok2 {
			return Schedule{}, ErrOutOfRange
		}
		for k := n - count + 1; k <= n; k++ {
			var pr, ik uint64
			if k == n {
				pr, ik = p, i
			}
			if !b.add(k-n+count-1, k, pr, ik) {
				return Schedule{}, ErrOutOfRange
			}
		}
	}

	s := Schedule{Terms: t, AmountReceived: received, Installments: b.rows}
	feeTotal := b.feeTotal
	for _, f := range t.Fees {
		if f.Kind != FeeMonthly {
			if feeTotal, ok = addFen(feeTotal, ufen(f.Amount)); !ok {
				return Schedule{}, ErrOutOfRange
			}
		}
	}
	var e1, e2, e3 error
	s.TotalPayment, e1 = moneyFromFen(b.payTotal)
	s.TotalInterest, e2 = moneyFromFen(b.intTotal)
	s.TotalFees, e3 = moneyFromFen(feeTotal)
	if err := errors.Join(e1, e2, e3); err != nil {
		return Schedule{}, fmt.Errorf("%w: %w", ErrOutOfRange, err)
	}
	return s, nil
}

// builder fills a schedule's rows in fen, with exact integer arithmetic.
type builder struct {
	t        Terms
	rnd      money.Rounding
	rate     uint64 // annual rate = rate/den·12
	den      uint64 // 12 × 10^(rate's scale)
	fee      uint64 // monthly fees
	bal      uint64 // principal outstanding
	rows     []Installment
	payTotal uint64
	intTotal uint64
	feeTotal uint64
}

// interest returns round(bal × annual/12).
func (b *builder) interest(bal uint64) (uint64, bool) {
	if b.rate == 0 {
		return 0, true
	}
	hi, lo := bits.Mul64(bal, b.rate)
	return b.rnd.Div128(hi, lo, b.den)
}

// add writes row idx for the given period, repaying principal pr (at most
// the balance) with interest i, and reports false on overflow.
func (b *builder) add(idx, period int, pr, i uint64) bool {
	b.bal -= pr
	fee := b.fee
	pay, ok1 := addFen(pr, i)
	pay, ok2 := addFen(pay, fee)
	var ok3, ok4, ok5 bool
	b.payTotal, ok3 = addFen(b.payTotal, pay)
	b.intTotal, ok4 = addFen(b.intTotal, i)
	b.feeTotal, ok5 = addFen(b.feeTotal, fee)
	if !(ok1 && ok2 && ok3 && ok4 && ok5) {
		return false
	}
	r := &b.rows[idx]
	r.Period = period
	r.DueDate = b.t.Disbursement.AddMonths(period)
	// Every value is at most maxFen here, so the conversions cannot fail.
	r.Payment, _ = moneyFromFen(pay)
	r.Principal, _ = moneyFromFen(pr)
	r.Interest, _ = moneyFromFen(i)
	r.Fee, _ = moneyFromFen(fee)
	r.Balance, _ = moneyFromFen(b.bal)
	return true
}

// annuityPayment returns the equal installment, in fen, that repays p fen
// over n months at annual rate a: round(P·r(1+r)^n / ((1+r)^n − 1)) with
// r = a/12, rounded once from the exact value.
//
// It first bounds the exact value in 64-bit binary arithmetic
// (annuityFixed), which settles the fen almost always; then it computes with 19-digit decimals, which is fast and allocation
// free, together with a bound on that result's error. Only if the bound
// cannot rule out the value lying on the other side of a half fen (or the
// decimals overflow) does it compute the exact rational value with math/big.
func annuityPayment(p uint64, a money.Rate, n int, rnd money.Rounding) (uint64, error) {
	if a.IsZero() {
		q, _ := rnd.Div128(0, p, uint64(n))
		return q, nil
	}
	if coef, pow := a.Parts(); pow <= math.MaxUint64/12 {
		if pay, ok := annuityFixed(p, coef, 12*pow, n, rnd); ok {
			return pay, nil
		}
	}
	if pay, ok := annuityDecimal(p, a.Decimal(), n); ok {
		return rnd.Round(pay, moneyScale).Pad(moneyScale).Coef(), nil
	}
	return annuityExact(p, a, n, rnd)
}

var (
	decTwelve  = decimal.MustNew(12, 0)
	decHalfFen = decimal.MustNew(5, 3)
	decEps18   = decimal.MustNew(1, 18)
	decEps17   = decimal.MustNew(1, 17)
)

// annuityDecimal computes the installment in decimal and reports whether
// its rounding to the fen is certain.
//
// Error analysis: q = (12+a)/12 carries a relative error of at most 5e-19
// (one rounding of a value in [1, 10)). PowInt works with 41 digits and
// rounds once, so Q = q^n is within (n+3)·1e-18 relative. Q−1 is exact and
// inherits Q's absolute error, which relative to Q−1 is magnified by
// Q/(Q−1). The three remaining products and quotient add 5e-19 each. The
// bound used below doubles the sum of these terms.
func annuityDecimal(p uint64, a decimal.Decimal, n int) (decimal.Decimal, bool) {
	P, err := decimal.New(int64(p), moneyScale)
	if err != nil {
		return decimal.Decimal{}, false
	}
	twelvePlus, err := a.Add(decTwelve)
	if err != nil {
		return decimal.Decimal{}, false
	}
	q, err := twelvePlus.Quo(decTwelve)
	if err != nil {
		return decimal.Decimal{}, false
	}
	Q, err := q.PowInt(n)
	if err != nil {
		return decimal.Decimal{}, false
	}
	Qm1, err := Q.Sub(decimal.One)
	if err != nil || !Qm1.IsPos() {
		return decimal.Decimal{}, false
	}
	pa, err := P.Mul(a)
	if err != nil {
		return decimal.Decimal{}, false
	}
	num, err := pa.Mul(Q)
	if err != nil {
		return decimal.Decimal{}, false
	}
	den, err := Qm1.Mul(decTwelve)
	if err != nil {
		return decimal.Decimal{}, false
	}
	pay, err := num.Quo(den)
	if err != nil {
		return decimal.Decimal{}, false
	}

	// rel = (n+3)e-18 · (1 + (Q + 1)/(Q − 1)) + 1e-17; bound = 2 · pay · rel.
	relQ, err := decimal.New(int64(n+3), 18)
	if err != nil {
		return decimal.Decimal{}, false
	}
	Qp1, err1 := Q.Add(decimal.One)
	mag, err2 := Qp1.Quo(Qm1)
	mag, err3 := mag.Add(decimal.One)
	rel, err4 := relQ.Mul(mag)
	rel, err5 := rel.Add(decEps17)
	bound, err6 := pay.Mul(rel)
	bound, err7 := bound.Add(bound)
	bound, err8 := bound.Add(decEps18)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil || err6 != nil || err7 != nil || err8 != nil {
		return decimal.Decimal{}, false
	}
	rem, err := pay.Sub(pay.Trunc(moneyScale))
	if err != nil {
		return decimal.Decimal{}, false
	}
	dist, err := rem.SubAbs(decHalfFen)
	if err != nil || dist.Cmp(bound) <= 0 {
		return decimal.Decimal{}, false
	}
	return pay, true
}

// annuityExact computes the installment as the exact fraction
// P·A·(T+A)^n / (100·T·((T+A)^n − T^n)), where a = A/10^s and T = 12·10^s.
func annuityExact(p uint64, a money.Rate, n int, rnd money.Rounding) (uint64, error) {
	coef, pow := a.Parts()
	A := new(big.Int).SetUint64(coef)
	T := new(big.Int).SetUint64(12)
	T.Mul(T, new(big.Int).SetUint64(pow))
	base := new(big.Int).Add(T, A)
	N := big.NewInt(int64(n))
	bn := new(big.Int).Exp(base, N, nil)
	tn := new(big.Int).Exp(T, N, nil)

	num := new(big.Int).SetUint64(p)
	num.Mul(num, A)
	num.Mul(num, bn)
	den := new(big.Int).Sub(bn, tn)
	den.Mul(den, T)
	den.Mul(den, big.NewInt(100))
	m, err := rnd.Rat(num, den)
	if err != nil {
		return 0, fmt.Errorf("%w: installment: %w", ErrOutOfRange, err)
	}
	return ufen(m), nil
}
