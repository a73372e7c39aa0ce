package duediligence

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jinzhi-dev/jinzhi/money"
)

// ActivityFilter selects a period's activity for FindActivity.
type ActivityFilter struct {
	// From and To bound the period's instants: From included, To not.
	From, To time.Time
	// FromDate and ToDate are the same period's business days, both
	// included, for the records kept by date (visits, consultations).
	FromDate, ToDate money.Date
	// Owner keeps one account manager's; empty for every one.
	Owner string
}

// Activity counts one account manager's work over a period: the events of
// the cases they own, and the visits and consultations they made.
type Activity struct {
	Owner     string `json:"owner"`
	OwnerName string `json:"owner_name"`
	// CasesCreated counts case.created; StageChanges every event that moved
	// a case (transitions, decisions, drafting, the first disbursement);
	// Submissions the transitions to submitted; Decisions the approval
	// steps signed; Signatures the contract signatures recorded.
	CasesCreated  int `json:"cases_created"`
	StageChanges  int `json:"stage_changes"`
	Submissions   int `json:"submissions"`
	Decisions     int `json:"decisions"`
	Signatures    int `json:"signatures"`
	Disbursements int `json:"disbursements"`
	// Repayments counts repayment.recorded, RepaymentsReversed
	// repayment.reversed (the repayments' postings name them so).
	Repayments         int `json:"repayments"`
	RepaymentsReversed int `json:"repayments_reversed"`
	Demands            int `json:"demands"`
	Visits             int `json:"visits"`
	Consultations      int `json:"consultations"`
	// Applications counts the consultations that became a case.
	Applications int `json:"applications"`
	// BecameOverdue, Cured and Reclassified count the week's overdue
	// changes of the owner's loans (WeeklySummary.OverdueChanges).
	BecameOverdue int `json:"became_overdue"`
	Cured         int `json:"cured"`
	Reclassified  int `json:"reclassified"`
}

// Add adds o's counts to a.
func (a *Activity) Add(o Activity) {
	a.CasesCreated += o.CasesCreated
	a.StageChanges += o.StageChanges
	a.Submissions += o.Submissions
	a.Decisions += o.Decisions
	a.Signatures += o.Signatures
	a.Disbursements += o.Disbursements
	a.Repayments += o.Repayments
	a.RepaymentsReversed += o.RepaymentsReversed
	a.Demands += o.Demands
	a.Visits += o.Visits
	a.Consultations += o.Consultations
	a.Applications += o.Applications
	a.BecameOverdue += o.BecameOverdue
	a.Cured += o.Cured
	a.Reclassified += o.Reclassified
}

// Week is an ISO week (2026-W49): Monday to Sunday in the lender's time
// zone.
type Week struct {
	Year, Number int
}

// ParseWeek reads an ISO week, 2026-W49.
func ParseWeek(s string) (Week, error) {
	bad := fmt.Errorf("week %q: want YYYY-Www, such as 2026-W49", s)
	if len(s) != 8 || s[4] != '-' || s[5] != 'W' {
		return Week{}, bad
	}
	digits := func(t string) (int, bool) {
		n := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return 0, false
			}
			n = n*10 + int(t[i]-'0')
		}
		return n, true
	}
	y, ok1 := digits(s[:4])
	n, ok2 := digits(s[6:])
	if !ok1 || !ok2 || y < 1 || n < 1 {
		return Week{}, bad
	}
	w := Week{y, n}
	if WeekOf(w.Monday()) != w {
		return Week{}, fmt.Errorf("week %q: %d has no week %d", s, y, n)
	}
	return w, nil
}

// WeekOf is the ISO week of a day.
func WeekOf(d money.Date) Week {
	y, n := d.Time().ISOWeek()
	return Week{y, n}
}

// String writes the week as 2026-W49.
func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Number) }

// Monday is the week's first day.
func (w Week) Monday() money.Date {
	// 4 January is always in week 1.
	jan4 := money.Date{Year: w.Year, Month: time.January, Day: 4}
	wd := int(jan4.Time().Weekday()+6) % 7 // Monday 0
	return jan4.AddDays(-wd + 7*(w.Number-1))
}

// Days are the week's first and last days.
func (w Week) Days() (money.Date, money.Date) {
	m := w.Monday()
	return m, m.AddDays(6)
}

// WeeklySummary is an account manager's week (周报), or the team's roll-up
// with a row per account manager and the total.
type WeeklySummary struct {
	Week string     `json:"week"`
	From money.Date `json:"from"`
	To   money.Date `json:"to"`
	// Owner is the account manager summarised; empty for the team.
	Owner string     `json:"owner,omitempty"`
	Rows  []Activity `json:"rows"`
	Total Activity   `json:"total"`
	// OverdueChanges are the loans that fell overdue, were cured or moved
	// classification over the week.
	OverdueChanges []OverdueChange `json:"overdue_changes"`
	// Items list, for one account manager's summary, what the counts
	// count, oldest first: at most MaxWeeklyItems, and ItemsTruncated says
	// when the week had more.
	Items          []ActivityItem `json:"items,omitempty"`
	ItemsTruncated bool           `json:"items_truncated,omitempty"`
}

// ActivityItem is one thing of a week's activity, as the weekly summary
// lists it under its counts (周报明细).
type ActivityItem struct {
	On money.Date `json:"on"`
	// Kind is the audit event's action (case.created, case.transitioned,
	// case.decided, contract.signed, loan.disbursed, repayment.recorded,
	// repayment.reversed, demand.recorded, …), visit or consultation.
	Kind string `json:"kind"`
	// Stage is the stage a case.transitioned moved the case to.
	Stage        Stage  `json:"stage,omitempty"`
	CaseID       string `json:"case_id,omitempty"`
	LedgerNumber string `json:"ledger_number,omitempty"`
	// Subject is the case's applicant, the one visited, or the prospect
	// consulted.
	Subject string `json:"subject"`
}

// MaxWeeklyItems bounds the items of a weekly summary.
const MaxWeeklyItems = 500

// WeeklySummary counts a week's activity of an account manager (an
// account manager's own by default), or the team's when owner is empty and
// the actor is a manager; the zero week is the current one. It is computed
// in the database from the audit trail and the follow-up tables.
func (s *Service) WeeklySummary(ctx context.Context, actor Actor, owner string, week Week) (out WeeklySummary, err error) {
	defer Wrap(&err, "Service.WeeklySummary")
	if week == (Week{}) {
		week = WeekOf(BusinessDate(s.clock.Now()))
	}
	if owner, err = ownerFor(actor, owner); err != nil {
		return WeeklySummary{}, err
	}
	from, to := week.Days()
	start := time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, lenderZone)
	rows, err := s.store.FollowUps().FindActivity(ctx, ActivityFilter{From: start, To: start.AddDate(0, 0, 7), FromDate: from, ToDate: to, Owner: owner})
	if err != nil {
		return WeeklySummary{}, err
	}
	users, err := s.store.Users().FindUsers(ctx)
	if err != nil {
		return WeeklySummary{}, err
	}
	names := make(map[string]string, len(users))
	for _, u := range users {
		names[u.ID] = u.Name
		// The roll-up has a row for every account manager, idle or not.
		if owner == "" && u.Role == RoleAccountManager && !slices.ContainsFunc(rows, func(a Activity) bool { return a.Owner == u.ID }) {
			rows = append(rows, Activity{Owner: u.ID})
		}
	}
	if owner != "" && !slices.ContainsFunc(rows, func(a Activity) bool { return a.Owner == owner }) {
		rows = append(rows, Activity{Owner: owner})
	}
	changes, err := s.overdueChanges(ctx, owner, from, to)
	if err != nil {
		return WeeklySummary{}, err
	}
	for _, ch := range changes {
		i := slices.IndexFunc(rows, func(a Activity) bool { return a.Owner == ch.Owner })
		if i < 0 {
			rows, i = append(rows, Activity{Owner: ch.Owner}), len(rows)
		}
		switch ch.Change {
		case ChangeBecameOverdue:
			rows[i].BecameOverdue++
		case ChangeCured:
			rows[i].Cured++
		case ChangeReclassified:
			rows[i].Reclassified++
		}
	}
	out = WeeklySummary{Week: week.String(), From: from, To: to, Owner: owner, Rows: rows, Total: Activity{OwnerName: "合计"}, OverdueChanges: changes}
	if owner != "" {
		items, err := s.store.FollowUps().FindActivityItems(ctx, ActivityFilter{From: start, To: start.AddDate(0, 0, 7), FromDate: from, ToDate: to, Owner: owner}, MaxWeeklyItems+1)
		if err != nil {
			return WeeklySummary{}, err
		}
		if len(items) > MaxWeeklyItems {
			items, out.ItemsTruncated = items[:MaxWeeklyItems], true
		}
		out.Items = items
	}
	for i := range out.Rows {
		out.Rows[i].OwnerName = names[out.Rows[i].Owner]
		out.Total.Add(out.Rows[i])
	}
	slices.SortFunc(out.Rows, func(a, b Activity) int {
		if a.OwnerName != b.OwnerName {
			if a.OwnerName < b.OwnerName {
				return -1
			}
			return 1
		}
		if a.Owner < b.Owner {
			return -1
		}
		return 1
	})
	if out.Rows == nil {
		out.Rows = []Activity{}
	}
	return out, nil
}
