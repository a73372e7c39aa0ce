package duediligence

import (
	"context"
	"slices"
	"strings"

	"github.com/jinzhi-dev/jinzhi/money"
)

// OverdueChange is a loan whose standing changed over a week: it fell
// overdue, was cured (paid up, closed or not), or moved classification.
type OverdueChange struct {
	CaseID         string `json:"case_id"`
	ContractNumber string `json:"contract_number"`
	Borrower       string `json:"borrower"`
	Owner          string `json:"owner"`
	// Change is became_overdue, cured or reclassified (one per loan, in
	// that order of precedence; From and To show the classification).
	Change string         `json:"change"`
	From   Classification `json:"from"`
	To     Classification `json:"to"`
	// DaysPastDue are the loan's at the week's end.
	DaysPastDue int `json:"days_past_due"`
}

// The changes of OverdueChange.
const (
	ChangeBecameOverdue = "became_overdue" // 新增逾期
	ChangeCured         = "cured"          // 逾期已结清
	ChangeReclassified  = "reclassified"   // 五级分类变动
)

// overdueChanges compares each loan of the owner's (every account
// manager's when owner is empty) as of the day before the week and as of
// its last day (today, for the current week): a replay of each, since
// falling overdue is the passing of a due date, not a posting.
func (s *Service) overdueChanges(ctx context.Context, owner string, from, to money.Date) ([]OverdueChange, error) {
	if today := BusinessDate(s.clock.Now()); to.After(today) {
		to = today
	}
	out := []OverdueChange{}
	if to.Before(from) {
		return out, nil
	}
	for _, stage := range []Stage{StageDisbursed, StageClosed, StageWrittenOff} {
		for after := ""; ; {
			page, err := s.store.Cases().FindCases(ctx, CaseFilter{Stage: stage, Owner: owner, Limit: 200, After: after})
			if err != nil {
				return nil, err
			}
			for _, cs := range page.Cases {
				ch, ok, err := s.overdueChange(ctx, cs, from.AddDays(-1), to)
				if err != nil {
					return nil, err
				}
				if ok {
					out = append(out, ch)
				}
			}
			if after = page.Next; after == "" {
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b OverdueChange) int { return strings.Compare(a.ContractNumber, b.ContractNumber) })
	return out, nil
}

// overdueChange is the change of one loan from day a to day b, if any.
func (s *Service) overdueChange(ctx context.Context, cs CaseSummary, a, b money.Date) (OverdueChange, bool, error) {
	start, err := s.loanBook(ctx, cs.ID, a)
	if ErrorCode(err) == CodeNotFound {
		return OverdueChange{}, false, nil
	}
	if err != nil {
		return OverdueChange{}, false, err
	}
	end, err := s.loanBook(ctx, cs.ID, b)
	if err != nil {
		return OverdueChange{}, false, err
	}
	l := end.loan
	if !l.WrittenOffOn.IsZero() && l.WrittenOffOn.Before(a) {
		return OverdueChange{}, false, nil // out of the book before the week
	}
	d0, d1 := start.book.daysPastDue(a), end.book.daysPastDue(b)
	c0, c1 := start.book.classification(a), end.book.classification(b)
	ch := OverdueChange{CaseID: cs.ID, ContractNumber: l.ContractNumber, Borrower: l.Borrower, Owner: cs.Owner, From: c0, To: c1, DaysPastDue: d1}
	switch {
	case d0 == 0 && d1 > 0:
		ch.Change = ChangeBecameOverdue
	case d0 > 0 && d1 == 0:
		ch.Change = ChangeCured
	case c0 != c1:
		ch.Change = ChangeReclassified
	default:
		return OverdueChange{}, false, nil
	}
	return ch, true, nil
}
