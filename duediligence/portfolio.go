package duediligence

import (
	"context"
	"strconv"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The portfolio (贷款组合): what is overdue as of a day and what falls due in
// the coming days, across every loan the caller may see, computed by the
// store in one indexed query over the installment tables from the
// standing each posting leaves there (RepaymentTx.SaveBook).

// OverdueLoan is one loan with installments overdue as of a day.
type OverdueLoan struct {
	LoanID         string `json:"loan_id"`
	CaseID         string `json:"case_id"`
	ContractNumber string `json:"contract_number"`
	Borrower       string `json:"borrower"`
	// OldestDue is the due date of the oldest installment unpaid on the
	// day, DaysPastDue the days since.
	OldestDue   money.Date `json:"oldest_due"`
	DaysPastDue int        `json:"days_past_due"`
	// Installments is how many are overdue, Overdue what they owe
	// (principal, interest and fees, overdue interest aside) as the loan
	// stands now.
	Installments   int            `json:"installments"`
	Overdue        money.Money    `json:"overdue"`
	Classification Classification `json:"classification"`
	Maturity       money.Date     `json:"maturity"`
}

// Maturity is what one loan owes on one day within the window.
type Maturity struct {
	LoanID         string      `json:"loan_id"`
	CaseID         string      `json:"case_id"`
	ContractNumber string      `json:"contract_number"`
	Borrower       string      `json:"borrower"`
	DueDate        money.Date  `json:"due_date"`
	Installments   int         `json:"installments"`
	Amount         money.Money `json:"amount"`
	// Final marks the loan's maturity (到期) among the installments.
	Final          bool           `json:"final"`
	Classification Classification `json:"classification"`
}

// PortfolioFilter selects a page of the portfolio.
type PortfolioFilter struct {
	// AsOf is the day overdue is judged on; From and To bound the due
	// dates of maturities (both included).
	AsOf, From, To money.Date
	// Member, if set, keeps the loans of the cases the user is a member of.
	Member string
	// After is the cursor of the page: the last row's key of the one
	// before: the oldest due date|loan ID for overdue, the due date|loan ID
	// for maturities.
	After string
	Limit int
}

// PortfolioStore runs the portfolio's queries.
type PortfolioStore interface {
	FindOverdue(ctx context.Context, f PortfolioFilter) ([]OverdueLoan, error)
	FindMaturities(ctx context.Context, f PortfolioFilter) ([]Maturity, error)
	// FindWrittenOff totals the loans written off by f.AsOf and what was
	// recovered on them by then, of f.Member's cases if set.
	FindWrittenOff(ctx context.Context, f PortfolioFilter) (WrittenOffTotal, error)
}

// WrittenOffTotal is what the portfolio wrote off (核销), out of the active
// book, and recovered since.
type WrittenOffTotal struct {
	Loans     int         `json:"loans"`
	Amount    money.Money `json:"amount"`
	Recovered money.Money `json:"recovered"`
}

// PortfolioPage is a page of the portfolio; Next is the cursor of the next
// page, empty on the last.
type PortfolioPage[T any] struct {
	Rows []T    `json:"rows"`
	Next string `json:"next,omitempty"`
	// WrittenOff, on the overdue pages, totals the loans written off by
	// the day: they are no longer in the rows.
	WrittenOff *WrittenOffTotal `json:"written_off,omitempty"`
}

// MaxPortfolioPage bounds a page; DefaultPortfolioPage is a page's size
// when none is asked for.
const (
	MaxPortfolioPage     = 500
	DefaultPortfolioPage = 100
)

func (s *Service) portfolioFilter(actor Actor, after string, limit int) (PortfolioFilter, error) {
	if actor.Role == RoleAdmin || !actor.Role.Valid() {
		return PortfolioFilter{}, Errorf(CodeForbidden, "", "role %q does not read loans", actor.Role)
	}
	if limit == 0 {
		limit = DefaultPortfolioPage
	}
	if limit < 1 || limit > MaxPortfolioPage {
		return PortfolioFilter{}, invalidField(check.NotBetween("limit", strconv.Itoa(limit), "1", strconv.Itoa(MaxPortfolioPage)))
	}
	f := PortfolioFilter{After: after, Limit: limit}
	if !actor.Role.readsAllCases() {
		f.Member = actor.ID
	}
	return f, nil
}

// PortfolioOverdue returns the loans overdue as of a day (zero: today), a
// page at a time, the most days past due first, as the caller may see them.
func (s *Service) PortfolioOverdue(ctx context.Context, actor Actor, asOf money.Date, after string, limit int) (p PortfolioPage[OverdueLoan], err error) {
	defer Wrap(&err, "Service.PortfolioOverdue")
	f, err := s.portfolioFilter(actor, after, limit)
	if err != nil {
		return p, err
	}
	if asOf.IsZero() {
		asOf = BusinessDate(s.clock.Now())
	}
	f.AsOf = asOf
	rows, err := s.store.Portfolio().FindOverdue(ctx, f)
	if err != nil {
		return p, err
	}
	for i := range rows {
		rows[i].DaysPastDue = asOf.DaysSince(rows[i].OldestDue)
		// The stored classification is the last posting's; the floor of the
		// day's days past due may be worse.
		rows[i].Classification = worse(rows[i].Classification, ClassificationFloor(rows[i].DaysPastDue))
	}
	p.Rows = rows
	if len(rows) == f.Limit {
		last := rows[len(rows)-1]
		p.Next = last.OldestDue.String() + "|" + last.LoanID
	}
	w, err := s.store.Portfolio().FindWrittenOff(ctx, f)
	if err != nil {
		return p, err
	}
	p.WrittenOff = &w
	return p, nil
}

// PortfolioMaturities returns what falls due from today to withinDays
// days from now, by day and loan, as the caller may see it.
func (s *Service) PortfolioMaturities(ctx context.Context, actor Actor, withinDays int, after string, limit int) (p PortfolioPage[Maturity], err error) {
	defer Wrap(&err, "Service.PortfolioMaturities")
	f, err := s.portfolioFilter(actor, after, limit)
	if err != nil {
		return p, err
	}
	if withinDays < 0 || withinDays > 3660 {
		return p, invalidField(check.NotBetween("within_days", strconv.Itoa(withinDays), "0", "3660"))
	}
	f.From = BusinessDate(s.clock.Now())
	f.To = f.From.AddDays(withinDays)
	rows, err := s.store.Portfolio().FindMaturities(ctx, f)
	if err != nil {
		return p, err
	}
	p.Rows = rows
	if len(rows) == f.Limit {
		last := rows[len(rows)-1]
		p.Next = last.DueDate.String() + "|" + last.LoanID
	}
	return p, nil
}
