package contracts

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// defaultMarkup is the usual penalty markup, the top of the 30%–50% range
// of 人民币利率管理规定 (PBOC, 1999) art. 25: the overdue rate is the
// contract rate plus 50%.
var defaultMarkup = money.MustRate("0.5")

// OverduePolicy sets how overdue interest is charged (罚息规则).
type OverduePolicy struct {
	// Markup raises the contract rate for overdue amounts: the penalty rate
	// is rate × (1 + Markup). Nil means 0.5 (50%).
	Markup *money.Rate `json:"markup,omitempty"`
	// DayBasis is the days in a year for the daily rate: 360 (the default,
	// 日利率 = 年利率/360) or 365.
	DayBasis int `json:"day_basis,omitempty"`
	// Compound charges the penalty rate on overdue interest as well (复利).
	Compound bool `json:"compound,omitempty"`
	// Rounding rounds each line to the fen; the zero value is HalfUp.
	Rounding money.Rounding `json:"rounding,omitempty"`
}

// OverdueItem is what remains unpaid of one installment past its due date.
type OverdueItem struct {
	DueDate   money.Date  `json:"due_date"`
	Principal money.Money `json:"principal"` // overdue principal (逾期本金)
	Interest  money.Money `json:"interest"`  // overdue interest (欠息)
}

// Overdue is the input to OverdueInterest.
type Overdue struct {
	// ContractRate is the loan's annual rate.
	ContractRate money.Rate `json:"contract_rate"`
	// Items are the unpaid installments.
	Items []OverdueItem `json:"items"`
	// AsOf is the day up to which interest runs; an item counts the days
	// from its due date to AsOf.
	AsOf money.Date `json:"as_of"`
	// Policy is how overdue interest is charged.
	Policy OverduePolicy `json:"policy"`
	// Penalties are liquidated damages and other charges for the default
	// besides interest (违约金及其他费用), counted under Cap.
	Penalties money.Money `json:"penalties"`
	// Cap, if set, is the annual rate that overdue interest, penalties and
	// fees together may not exceed, accrued on the overdue principal for the
	// days overdue. Under the private-lending regime it is 4 × the one-year
	// LPR (民间借贷规定 art. 29; see CapPolicy.OverdueCap).
	Cap *money.Rate `json:"cap,omitempty"`
}

// OverdueLine is the overdue interest on one item.
type OverdueLine struct {
	DueDate   money.Date  `json:"due_date"`
	Days      int         `json:"days"` // days past due at AsOf, zero if not yet due
	Principal money.Money `json:"principal"`
	Interest  money.Money `json:"interest"`
	// PenaltyInterest is 罚息: Principal × penalty rate × Days / DayBasis.
	PenaltyInterest money.Money `json:"penalty_interest"`
	// CompoundInterest is 复利: Interest × penalty rate × Days / DayBasis,
	// when the policy charges it.
	CompoundInterest money.Money `json:"compound_interest"`
	// CapAmount is Principal × Cap × Days / 365, when a cap is set.
	CapAmount money.Money `json:"cap_amount"`
}

// OverdueResult is the overdue interest owed at AsOf.
type OverdueResult struct {
	// PenaltyRate is the annual penalty rate, ContractRate × (1 + Markup).
	PenaltyRate      decimal.Decimal `json:"penalty_rate"`
	Lines            []OverdueLine   `json:"lines"`
	PenaltyInterest  money.Money     `json:"penalty_interest"`
	CompoundInterest money.Money     `json:"compound_interest"`
	Penalties        money.Money     `json:"penalties"`
	// Claimed is penalty interest, compound interest and penalties
	// together, before any cap.
	Claimed money.Money `json:"claimed"`
	// CapAmount is the most the cap allows; zero without a cap.
	CapAmount money.Money `json:"cap_amount"`
	// Capped reports whether the cap cut Claimed down.
	Capped bool `json:"capped"`
	// Total is what may be claimed: Claimed, or CapAmount if that is less.
	Total money.Money `json:"total"`
}

// OverdueInterest computes overdue interest on o's unpaid items at o.AsOf.
//
// Each line is computed exactly and rounded once to the fen; totals are
// sums of the rounded lines, as a lender's ledger shows them. The cap
// accrues at cap/365 a day whatever the policy's DayBasis, the reading
// least favourable to the lender.
func OverdueInterest(o Overdue) (OverdueResult, error) {
	if err := o.validate(); err != nil {
		return OverdueResult{}, err
	}
	markup := defaultMarkup
	if o.Policy.Markup != nil {
		markup = *o.Policy.Markup
	}
	basis := int64(o.Policy.DayBasis)
	if basis == 0 {
		basis = 360
	}
	rnd := o.Policy.Rounding
	onePlus, err := markup.Decimal().Add(decimal.One)
	if err != nil {
		return OverdueResult{}, err
	}
	res := OverdueResult{Penalties: o.Penalties, Lines: make([]OverdueLine, len(o.Items))}
	if res.PenaltyRate, err = o.ContractRate.Decimal().Mul(onePlus); err != nil {
		return OverdueResult{}, err
	}
	// penalty rate = rNum / rDen exactly
	rNum, rDen := ratio(o.ContractRate)
	mNum, mDen := ratio(markup)
	rNum.Mul(rNum, mNum.Add(mNum, mDen))
	rDen.Mul(rDen, mDen)

	var errs []error
	sum := func(acc *money.Money, m money.Money) {
		var err error
		*acc, err = acc.Add(m)
		errs = append(errs, err)
	}
	for i, it := range o.Items {
		days := max(o.AsOf.DaysSince(it.DueDate), 0)
		ln := OverdueLine{DueDate: it.DueDate, Days: days, Principal: it.Principal, Interest: it.Interest}
		ln.PenaltyInterest, err = accrue(it.Principal, rNum, rDen, days, basis, rnd)
		errs = append(errs, err)
		if o.Policy.Compound {
			ln.CompoundInterest, err = accrue(it.Interest, rNum, rDen, days, basis, rnd)
			errs = append(errs, err)
		}
		if o.Cap != nil {
			cNum, cDen := ratio(*o.Cap)
			ln.CapAmount, err = accrue(it.Principal, cNum, cDen, days, 365, rnd)
			errs = append(errs, err)
		}
		sum(&res.PenaltyInterest, ln.PenaltyInterest)
		sum(&res.CompoundInterest, ln.CompoundInterest)
		sum(&res.CapAmount, ln.CapAmount)
		res.Lines[i] = ln
	}
	sum(&res.Claimed, res.PenaltyInterest)
	sum(&res.Claimed, res.CompoundInterest)
	sum(&res.Claimed, res.Penalties)
	if err := errors.Join(errs...); err != nil {
		return OverdueResult{}, err
	}
	res.Total = res.Claimed
	if o.Cap != nil && res.Claimed.Cmp(res.CapAmount) > 0 {
		res.Total, res.Capped = res.CapAmount, true
	}
	return res, nil
}

// ratio returns a rate as an exact fraction.
func ratio(r money.Rate) (num, den *big.Int) {
	c, d := r.Parts()
	return new(big.Int).SetUint64(c), new(big.Int).SetUint64(d)
}

// accrue returns amount × num/den × days / basis, rounded by rnd.
func accrue(amount money.Money, num, den *big.Int, days int, basis int64, rnd money.Rounding) (money.Money, error) {
	if days == 0 || amount.IsZero() || num.Sign() == 0 {
		return money.Money{}, nil
	}
	n := new(big.Int).SetUint64(ufen(amount))
	n.Mul(n, num)
	n.Mul(n, big.NewInt(int64(days)))
	d := new(big.Int).Mul(den, big.NewInt(basis*100)) // amount is in fen
	return rnd.Rat(n, d)
}

func (o Overdue) validate() error {
	var p check.Problems
	if !o.AsOf.IsValid() {
		p.Add(check.Required("as_of"))
	}
	if b := o.Policy.DayBasis; b != 0 && b != 360 && b != 365 {
		p.Add(check.NotOneOf("policy.day_basis", strconv.Itoa(b), "360", "365"))
	}
	if !o.Policy.Rounding.Valid() {
		p.Add(check.NotOneOf("policy.rounding", string(o.Policy.Rounding), string(money.HalfUp), string(money.HalfEven)))
	}
	if o.Penalties.Sign() < 0 {
		p.Add(check.Negative("penalties", o.Penalties.String()))
	}
	for i, it := range o.Items {
		path := "items[" + strconv.Itoa(i) + "]"
		if !it.DueDate.IsValid() {
			p.Add(check.Required(path + ".due_date"))
		}
		if it.Principal.Sign() < 0 || it.Principal.Cmp(maxPrincipal) > 0 {
			p.Add(check.NotBetween(path+".principal", it.Principal.String(), "0.00", maxPrincipal.String()))
		}
		if it.Interest.Sign() < 0 || it.Interest.Cmp(maxPrincipal) > 0 {
			p.Add(check.NotBetween(path+".interest", it.Interest.String(), "0.00", maxPrincipal.String()))
		}
	}
	if err := p.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidOverdue, err)
	}
	return nil
}
