package contracts

import (
	"errors"
	"fmt"
	"strings"

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

// ErrInvalid is wrapped by every FieldError, so errors.Is(err, ErrInvalid)
// tells invalid input apart from other failures.
var ErrInvalid = errors.New("invalid")

// FieldError is one problem with one field of an input, named by its JSON
// path ("term_months", "fees[1].amount").
type FieldError struct {
	Field   string // JSON path of the field
	Message string // what is wrong, for people
}

// Error returns "field: message", e.g. "term_months: must be between 1 and 600".
func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Unwrap returns ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// ValidationError lists every problem found in an input at once.
type ValidationError struct {
	Problems []*FieldError
}

// Error joins the problems with "; ".
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Error()
	}
	return "contracts: invalid terms: " + strings.Join(parts, "; ")
}

// Unwrap returns the problems, so errors.As finds a *FieldError and
// errors.Is finds ErrInvalid.
func (e *ValidationError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// Validate returns a *ValidationError listing every invalid field, or nil.
func (t Terms) Validate() error {
	var problems []*FieldError // allocated only when there is a problem
	add := func(field, format string, args ...any) {
		problems = append(problems, &FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	switch {
	case t.Principal.Sign() <= 0:
		add("principal", "must be positive")
	case t.Principal.Cmp(maxPrincipal) > 0:
		add("principal", "must be at most %s", maxPrincipal)
	}
	if t.AnnualRate.Cmp(maxAnnualRate) > 0 {
		add("annual_rate", "must be at most %s (1000%% a year)", maxAnnualRate.Decimal())
	}
	if t.TermMonths < 1 || t.TermMonths > MaxTermMonths {
		add("term_months", "must be between 1 and %d", MaxTermMonths)
	}
	if _, err := ParseRepaymentMethod(string(t.Method)); err != nil {
		add("method", "%v", errMethod)
	}
	switch {
	case t.Disbursement.IsZero():
		add("disbursement_date", "is required")
	case !t.Disbursement.IsValid():
		add("disbursement_date", "%s is not a date", t.Disbursement)
	case t.TermMonths >= 1 && t.TermMonths <= MaxTermMonths && t.Disbursement.AddMonths(t.TermMonths).Year > 9999:
		add("disbursement_date", "maturity after 9999-12-31")
	}
	if !t.Rounding.Valid() {
		add("rounding", "must be %s or %s", money.HalfUp, money.HalfEven)
	}
	if t.InterestDeducted.Sign() < 0 {
		add("interest_deducted", "must not be negative")
	}
	withheld := t.InterestDeducted
	for i, f := range t.Fees {
		switch f.Kind {
		case FeeUpfront, FeeDeducted, FeeMonthly:
		default:
			add(fmt.Sprintf("fees[%d].kind", i), "must be one of upfront, deducted, monthly")
		}
		switch {
		case f.Amount.Sign() < 0:
			add(fmt.Sprintf("fees[%d].amount", i), "must not be negative")
		case f.Amount.Cmp(maxPrincipal) > 0:
			add(fmt.Sprintf("fees[%d].amount", i), "must be at most %s", maxPrincipal)
		case f.Kind == FeeUpfront || f.Kind == FeeDeducted:
			withheld, _ = withheld.Add(f.Amount) // bounded by the checks above
		}
	}
	if t.Principal.Sign() > 0 && withheld.Sign() > 0 && withheld.Cmp(t.Principal) >= 0 {
		add("fees", "interest and fees taken at disbursement (%s) leave nothing of the principal %s", withheld, t.Principal)
	}
	if len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	return nil
}

// AmountReceived is what the borrower actually has in hand at
// disbursement: the principal less fees deducted or paid up front and
// interest deducted in advance. The annualized rate is measured against it
// (民间借贷规定 art. 26).
func (t Terms) AmountReceived() (money.Money, error) {
	got := t.Principal
	var err error
	if got, err = got.Sub(t.InterestDeducted); err != nil {
		return money.Money{}, err
	}
	for _, f := range t.Fees {
		if f.Kind == FeeUpfront || f.Kind == FeeDeducted {
			if got, err = got.Sub(f.Amount); err != nil {
				return money.Money{}, err
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
