package duediligence

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Listing is a case as lists, searches and the ledger (台帐) show it. The
// service computes it from the case — with what it derives on read, such as
// the collateral's eligible value — every time it writes the case, and the
// store keeps it beside the case file, so that neither a list nor the ledger
// reads a case file.
type Listing struct {
	CaseSummary
	// AnnualRate is the requested annual rate.
	AnnualRate money.Rate
	// SubmittedAt is when the case was first submitted, and took its ledger
	// number; zero before.
	SubmittedAt time.Time
	// Decision is the outcome of the latest approval form once decided, and
	// DecidedAt the time of the signature that settled it.
	Decision  Decision
	DecidedAt time.Time
	// Collateral counts the collateral items by kind, kinds in the order in
	// which they first appear.
	Collateral []KindCount
	// EligibleValue is Σ eligible value (可贷价值) and Coverage the coverage
	// ratio (Σ eligible value / principal), as the service valued the
	// collateral when it last wrote the case; nil when there was nothing to
	// value, or the figure could not be computed.
	EligibleValue *money.Money
	Coverage      *decimal.Decimal
	// Guarantees name each guarantor with the kind and amount of the guarantee.
	Guarantees []GuaranteeLine
}

// KindCount is how many collateral items of a kind a case offers.
type KindCount struct {
	Kind  collateral.Kind
	Count int
}

// GuaranteeLine is a guarantee as the ledger lists it.
type GuaranteeLine struct {
	Guarantor string
	Kind      GuaranteeKind
	Amount    money.Money
}

// Listing returns the listing of c. Its figures are those derived on c: call
// it on a case the service has derived (as every command does before it
// writes), not on one as stored.
func (c *Case) Listing() Listing {
	l := Listing{CaseSummary: c.Summary(), AnnualRate: c.Request.AnnualRate}
	if len(c.Approvals) > 0 {
		l.SubmittedAt = c.Approvals[0].SubmittedAt
		// The ledger records the credit decision; later rounds (an
		// extension, a write-off) are the loan's.
		if last := c.currentApproval(); last != nil && last.Outcome != "" {
			// The outcome is settled by the latest signature: a reject or
			// return, or the last approval.
			l.Decision = last.Outcome
			for _, s := range last.Steps {
				if s.Decision != "" && s.At.After(l.DecidedAt) {
					l.DecidedAt = s.At
				}
			}
		}
	}
	for _, it := range c.Collateral {
		i := 0
		for i < len(l.Collateral) && l.Collateral[i].Kind != it.Kind {
			i++
		}
		if i == len(l.Collateral) {
			l.Collateral = append(l.Collateral, KindCount{Kind: it.Kind})
		}
		l.Collateral[i].Count++
	}
	switch {
	case c.Coverage != nil:
		eligible, ratio := c.Coverage.TotalEligible, c.Coverage.Ratio
		l.EligibleValue, l.Coverage = &eligible, &ratio
	case len(c.Collateral) > 0:
		// Without a positive principal there is no coverage, but the items
		// may still be valued.
		l.EligibleValue = sumEligible(c.Collateral)
	}
	for _, g := range c.Guarantees {
		l.Guarantees = append(l.Guarantees, GuaranteeLine{Guarantor: g.Guarantor.Name, Kind: g.Kind, Amount: g.Amount})
	}
	return l
}

// sumEligible adds up the items' eligible values, or returns nil when none
// is valued or the sum overflows.
func sumEligible(items []CollateralItem) *money.Money {
	var sum money.Money
	valued := false
	for _, it := range items {
		if it.Valuation == nil {
			continue
		}
		var err error
		if sum, err = sum.Add(it.Valuation.Eligible); err != nil {
			return nil
		}
		valued = true
	}
	if !valued {
		return nil
	}
	return &sum
}

// FormatLedgerNumber writes the n-th number of year's ledger: "2026-000123".
func FormatLedgerNumber(year, n int) string { return fmt.Sprintf("%04d-%06d", year, n) }

// ParseLedgerNumber reads a number FormatLedgerNumber wrote.
func ParseLedgerNumber(s string) (year, n int, ok bool) {
	if len(s) < 11 || s[4] != '-' {
		return 0, 0, false
	}
	year, err := strconv.Atoi(s[:4])
	if err != nil || year < 1 {
		return 0, 0, false
	}
	n, err = strconv.Atoi(s[5:])
	if err != nil || FormatLedgerNumber(year, n) != s { // refuses signs, spaces, short numbers
		return 0, 0, false
	}
	return year, n, true
}

// Ledger calls fn with each case given a number in year's ledger (台帐), in
// number order, as the actor may see them — account managers see the cases
// they own or co-investigate; resident IDs are always masked. It streams the
// ledger a page at a time; an error from fn stops it and is returned.
func (s *Service) Ledger(ctx context.Context, actor Actor, year int, fn func(Listing) error) (err error) {
	defer Wrap(&err, "Service.Ledger")
	if actor.Role == RoleAdmin || !actor.Role.Valid() {
		return forbidden("cases.read", actor.Role, caseReaders()...)
	}
	if year < 2000 || year > 9999 {
		return &Error{Code: CodeInvalid, Message: "invalid input", Fields: []FieldError{{Field: "year", Message: "must be a year from 2000"}}}
	}
	f := LedgerFilter{Year: year}
	if !actor.Role.readsAllCases() {
		f.Member = actor.ID
	}
	return s.store.Ledger().FindLedger(ctx, f, fn)
}
