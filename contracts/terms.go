package contracts

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// RepaymentMethod is how a loan is repaid (还款方式).
type RepaymentMethod string

const (
	// EqualInstallment is 等额本息: the same payment every month, interest
	// first, so principal repaid grows over time.
	EqualInstallment RepaymentMethod = "equal_installment"
	// EqualPrincipal is 等额本金: the same principal every month plus
	// interest on the balance, so payments fall over time.
	EqualPrincipal RepaymentMethod = "equal_principal"
	// InterestOnly is 先息后本: interest every month, all principal at
	// maturity.
	InterestOnly RepaymentMethod = "interest_only"
	// Bullet is 到期一次还本付息: principal and simple interest together at
	// maturity.
	Bullet RepaymentMethod = "bullet"
)

// ParseRepaymentMethod returns the method named s, one of
// "equal_installment", "equal_principal", "interest_only", "bullet".
func ParseRepaymentMethod(s string) (RepaymentMethod, error) {
	switch m := RepaymentMethod(s); m {
	case EqualInstallment, EqualPrincipal, InterestOnly, Bullet:
		return m, nil
	}
	return "", fmt.Errorf("contracts: repayment method %q: %w", s, errMethod)
}

// methodNames are the repayment methods' names, in the order above.
var methodNames = []string{string(EqualInstallment), string(EqualPrincipal), string(InterestOnly), string(Bullet)}

var errMethod = errors.New("must be one of equal_installment, equal_principal, interest_only, bullet")

// UnmarshalText accepts only the four method names.
func (m *RepaymentMethod) UnmarshalText(text []byte) error {
	v, err := ParseRepaymentMethod(string(text))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// FeeKind says when and how a fee is paid.
type FeeKind string

const (
	// FeeUpfront is paid by the borrower separately at disbursement (e.g. a
	// service fee, 服务费): the loan is lent in full.
	FeeUpfront FeeKind = "upfront"
	// FeeDeducted is withheld from the amount lent (e.g. 手续费 taken at
	// disbursement): the borrower receives less than the principal.
	FeeDeducted FeeKind = "deducted"
	// FeeMonthly is charged with every installment (e.g. 账户管理费).
	FeeMonthly FeeKind = "monthly"
)

// Fee is a charge to the borrower besides interest (费用). Fees count in the
// annualized rate (IRR) and, for private lending, under the rate cap.
type Fee struct {
	Name   string      `json:"name"`   // what the lender calls it, e.g. "服务费"
	Kind   FeeKind     `json:"kind"`   // when it is paid
	Amount money.Money `json:"amount"` // the amount each time it is paid
}

// Limits on Terms, chosen so that every total of a schedule fits in Money:
// a principal (and each fee) of at most 10 trillion yuan, an annual rate of
// at most 10 (1000% a year), and a term of at most MaxTermMonths.
var (
	maxPrincipal  = money.MustMoney("10000000000000.00")
	maxAnnualRate = money.MustRate("10")
)

// MaxTermMonths is the longest term Terms accept: 50 years.
const MaxTermMonths = 600

// Terms are the pricing terms of a loan contract (借款合同主要条款): enough
// to compute its repayment schedule and annualized rate.
type Terms struct {
	// Principal is the amount lent as written in the contract (借款本金).
	Principal money.Money `json:"principal"`
	// AnnualRate is the contract's nominal annual rate (年利率); the monthly
	// rate is AnnualRate/12.
	AnnualRate money.Rate `json:"annual_rate"`
	// TermMonths is the number of monthly periods, 1 to 600.
	TermMonths int `json:"term_months"`
	// Method is how the loan is repaid.
	Method RepaymentMethod `json:"method"`
	// Disbursement is the day the loan is paid out (放款日). Installments
	// fall due on its day of the month.
	Disbursement money.Date `json:"disbursement_date"`
	// Fees are charges besides interest.
	Fees []Fee `json:"fees,omitempty"`
	// InterestDeducted is interest withheld from the amount lent at
	// disbursement (砍头息). Under 民间借贷规定 art. 26 the principal is the
	// amount actually lent, so it lowers the amount received that the
	// annualized rate is measured against; the schedule is unchanged.
	InterestDeducted money.Money `json:"interest_deducted"`
	// Rounding rounds every amount to the fen; the zero value is HalfUp.
	Rounding money.Rounding `json:"rounding,omitempty"`
}

// Validate returns an error wrapping ErrInvalidTerms that lists every
// invalid field as a *check.FieldError, or nil.
func (t Terms) Validate() error {
	var p check.Problems // allocates only when there is a problem
	switch {
	case t.Principal.Sign() <= 0:
		p.Add(check.NotPositive("principal", t.Principal.String()))
	case t.Principal.Cmp(maxPrincipal) > 0:
		p.Add(check.AboveMax("principal", t.Principal.String(), maxPrincipal.String()))
	}
	if t.AnnualRate.Cmp(maxAnnualRate) > 0 {
		p.Add(check.AboveMax("annual_rate", t.AnnualRate.String(), maxAnnualRate.Decimal().String()))
	}
	if t.TermMonths < 1 || t.TermMonths > MaxTermMonths {
		p.Between("term_months", t.TermMonths, 1, MaxTermMonths)
	}
	p.OneOf("method", string(t.Method), methodNames...)
	switch {
	case t.Disbursement.IsZero():
		p.Add(check.Required("disbursement_date"))
	case !t.Disbursement.IsValid():
		p.Add(check.NotDate("disbursement_date", t.Disbursement.String()))
	case t.TermMonths >= 1 && t.TermMonths <= MaxTermMonths && t.Disbursement.AddMonths(t.TermMonths).Year > 9999:
		p.Add(messages.FieldError("disbursement_date", check.ErrRange, "contracts.terms.maturity_too_late", nil))
	}
	if !t.Rounding.Valid() {
		p.Add(check.NotOneOf("rounding", string(t.Rounding), string(money.HalfUp), string(money.HalfEven)))
	}
	if t.InterestDeducted.Sign() < 0 {
		p.Add(check.Negative("interest_deducted", t.InterestDeducted.String()))
	}
	withheld := t.InterestDeducted
	for i, f := range t.Fees {
		path := "fees[" + strconv.Itoa(i) + "]"
		p.Text(path+".name", f.Name, maxFeeName)
		p.OneOf(path+".kind", string(f.Kind), string(FeeUpfront), string(FeeDeducted), string(FeeMonthly))
		switch {
		case f.Amount.Sign() < 0:
			p.Add(check.Negative(path+".amount", f.Amount.String()))
		case f.Amount.Cmp(maxPrincipal) > 0:
			p.Add(check.AboveMax(path+".amount", f.Amount.String(), maxPrincipal.String()))
		case f.Kind == FeeUpfront || f.Kind == FeeDeducted:
			withheld, _ = withheld.Add(f.Amount) // bounded by the checks above
		}
	}
	if t.Principal.Sign() > 0 && withheld.Sign() > 0 && withheld.Cmp(t.Principal) >= 0 {
		p.Add(messages.FieldError("fees", check.ErrRange, "contracts.terms.nothing_left",
			check.Params{"withheld": withheld.String(), "principal": t.Principal.String()}))
	}
	if err := p.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidTerms, err)
	}
	return nil
}

// maxFeeName is the longest name of a fee, in characters.
const maxFeeName = 100

// AmountReceived is what the borrower actually has in hand at
// disbursement: the principal less fees deducted or paid up front and
// interest deducted in advance. The annualized rate is measured against it
// (民间借贷规定 art. 26).
func (t Terms) AmountReceived() (money.Money, error) {
	got := t.Principal
	var err error
	if got, err = got.Sub(t.InterestDeducted); err != nil {
		return money.Money{}, fmt.Errorf("%w: %w", ErrOutOfRange, err)
	}
	for _, f := range t.Fees {
		if f.Kind == FeeUpfront || f.Kind == FeeDeducted {
			if got, err = got.Sub(f.Amount); err != nil {
				return money.Money{}, fmt.Errorf("%w: %w", ErrOutOfRange, err)
			}
		}
	}
	return got, nil
}

// monthlyFee returns the sum of the monthly fees in fen.
func (t Terms) monthlyFee() (uint64, bool) {
	var sum uint64
	ok := true
	for _, f := range t.Fees {
		if f.Kind == FeeMonthly {
			var o bool
			sum, o = addFen(sum, ufen(f.Amount))
			ok = ok && o
		}
	}
	return sum, ok
}
