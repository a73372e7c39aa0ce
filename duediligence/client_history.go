package duediligence

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/jinzhi-dev/jinzhi/money"
)

// ClassificationCause is what set a loan's classification on a day: the
// floor of its days past due (postloan.classification) or a risk
// officer's downgrade below it (postloan.downgrade_only).
type ClassificationCause string

// Classification causes.
const (
	CauseFloor  ClassificationCause = "floor"
	CauseManual ClassificationCause = "manual"
)

// ClassificationPeriod is a stretch of a loan's classification history
// (五级分类变动): the category the loan stood in at each of its sample days
// from From to To — the disbursement, every month-end since, each manual
// downgrade's day and the day the history is read as of (or the day the
// loan was paid off) — consecutive equal samples collapsed into one.
type ClassificationPeriod struct {
	From           money.Date          `json:"from"`
	To             money.Date          `json:"to"`
	Classification Classification      `json:"classification"`
	Cause          ClassificationCause `json:"cause"`
	// Reason and By are the downgrade's, for the cause manual.
	Reason string `json:"reason,omitempty"`
	By     string `json:"by,omitempty"`
}

// Downgrade is a risk officer's downgrade of a loan (loan.classified): on
// which day, from and to which category, by whom and why.
type Downgrade struct {
	Date money.Date     `json:"date"`
	From Classification `json:"from,omitempty"`
	To   Classification `json:"to"`
	By   string         `json:"by"`
	// Reason is the risk officer's, as recorded.
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// MaxHistoryPoints bounds the month-ends one loan's classification history
// samples: the newest 360 (a 30-year loan's term), so a history stays
// bounded however long the loan has run.
const MaxHistoryPoints = 360

// monthEnd is the last day of d's month.
func monthEnd(d money.Date) money.Date {
	return money.Date{Year: d.Year, Month: d.Month, Day: 1}.AddMonths(1).AddDays(-1)
}

// classificationHistory is the classification history of a case's loan
// as of a day, from one replay of its book and the case's trail of
// downgrades (loanBook, FindEvents): no read per month.
func (s *Service) classificationHistory(ctx context.Context, caseID string, asOf money.Date) ([]ClassificationPeriod, []Downgrade, error) {
	lb, err := s.loanBook(ctx, caseID, asOf)
	if err != nil {
		return nil, nil, err
	}
	trail, err := s.store.Events().FindEvents(ctx, caseID, 0, 0)
	if err != nil {
		return nil, nil, err
	}
	downs := downgradesOf(lb.loan, trail)
	return lb.book.history(lb.loan, downs, asOf), downs, nil
}

// downgradesOf reads a loan's downgrades from its case's trail, oldest
// first; a loan whose trail holds none but which carries a downgrade
// (Loan.Manual) has that one.
func downgradesOf(l *Loan, trail []Event) []Downgrade {
	out := []Downgrade{}
	for _, e := range trail {
		if e.Action != "loan.classified" {
			continue
		}
		var d struct {
			Loan   string         `json:"loan"`
			From   Classification `json:"from"`
			To     Classification `json:"to"`
			Reason string         `json:"reason"`
		}
		if json.Unmarshal(e.Data, &d) != nil || (d.Loan != "" && d.Loan != l.ID) || !d.To.Valid() {
			continue
		}
		out = append(out, Downgrade{Date: BusinessDate(e.At), From: d.From, To: d.To, By: e.ActorID, Reason: d.Reason, At: e.At})
	}
	if len(out) == 0 && l.Manual != nil {
		m := l.Manual
		out = append(out, Downgrade{Date: m.Since, To: m.Classification, By: m.By, Reason: m.Reason, At: m.At})
	}
	return out
}

// history samples the replayed book's classification on the loan's
// disbursement, each month-end since (the newest MaxHistoryPoints), each
// downgrade's day and the last day — asOf, or the day the loan was paid
// off — and collapses equal consecutive samples into periods. The replay
// to asOf already holds the day each installment was settled, so the days
// past due on an earlier day need no replay of their own: an installment
// was past due on d if it fell due before d and was not settled by then.
func (b *book) history(l *Loan, downs []Downgrade, asOf money.Date) []ClassificationPeriod {
	if len(l.Tranches) == 0 {
		return []ClassificationPeriod{}
	}
	start := l.Tranches[0].DisbursedOn
	for _, t := range l.Tranches {
		if t.DisbursedOn.Before(start) {
			start = t.DisbursedOn
		}
	}
	end := asOf
	if b.closed() {
		if d := b.closedOn(); !d.IsZero() && d.Before(end) {
			end = d
		}
	}
	if end.Before(start) {
		return []ClassificationPeriod{}
	}
	var days []money.Date
	for m := monthEnd(start); m.Before(end); m = monthEnd(m.AddDays(1)) {
		days = append(days, m)
	}
	if len(days) > MaxHistoryPoints {
		days = days[len(days)-MaxHistoryPoints:]
		start = days[0]
	} else if len(days) == 0 || days[0].After(start) {
		days = append(days, start)
	}
	days = append(days, end)
	for _, d := range downs {
		if !d.Date.Before(start) && !d.Date.After(end) {
			days = append(days, d.Date)
		}
	}
	slices.SortFunc(days, money.Date.Compare)
	days = slices.Compact(days)
	out := []ClassificationPeriod{}
	for _, d := range days {
		p := ClassificationPeriod{From: d, To: d, Classification: ClassificationFloor(b.daysPastDueOn(d)), Cause: CauseFloor}
		// The downgrade in force on d is the latest by then: each is worse
		// than the loan stood when it was made, so the latest is the worst.
		for i := len(downs) - 1; i >= 0; i-- {
			if !downs[i].Date.After(d) {
				if downs[i].To.rank() > p.Classification.rank() {
					p.Classification, p.Cause, p.Reason, p.By = downs[i].To, CauseManual, downs[i].Reason, downs[i].By
				}
				break
			}
		}
		if n := len(out); n > 0 {
			last := &out[n-1]
			if last.Classification == p.Classification && last.Cause == p.Cause && last.Reason == p.Reason && last.By == p.By {
				last.To = d
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// daysPastDueOn is the days past due on d (at the end of d) as the replay
// to a later day saw it: since the oldest installment due before d and not
// settled by d, as book.daysPastDue on d itself.
func (b *book) daysPastDueOn(d money.Date) int {
	for _, r := range b.rows {
		if !r.due.Before(d) {
			break
		}
		switch {
		case !r.settled.IsZero() && !r.settled.After(d):
		case r.settled.IsZero() && r.unpaid() == 0:
		default:
			return d.DaysSince(r.due)
		}
	}
	return 0
}
