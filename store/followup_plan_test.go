package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestFollowUpQueryPlans asks each database how it runs the follow-up's
// reads and the weekly summary's counts: each finds its rows through an
// index (grouping what it found may sort them), never by reading a table
// through.
func TestFollowUpQueryPlans(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testFollowUpQueryPlans(t, openSQLiteTestStore(t)) })
	t.Run("postgres", func(t *testing.T) { testFollowUpQueryPlans(t, openPostgresTestStore(t, testPostgresURL(t))) })
}

func testFollowUpQueryPlans(t *testing.T, st *Store) {
	ctx := t.Context()
	seedBulk(t, st, 3000)
	at := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	var cases []*duediligence.Case
	for range 40 {
		c := testCase(t, "am-1", "借款人")
		require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
		cases = append(cases, c)
	}
	c := cases[0]
	err := st.WithTx(ctx, func(tx duediligence.Tx) error {
		for i := range 400 {
			day := money.MustDate("2026-01-01").AddDays(i % 300)
			owner := fmt.Sprintf("am-%d", i%7)
			if err := tx.FollowUps().CreateVisit(ctx, &duediligence.Visit{ID: fmt.Sprintf("v-%d", i), CaseID: cases[i%len(cases)].ID, Date: day, Visitor: owner,
				Subject: duediligence.VisitBorrower, Method: duediligence.VisitPhone, Findings: "正常", Evidence: []string{}, RecordedBy: owner, RecordedAt: at}, owner); err != nil {
				return err
			}
			if err := tx.FollowUps().CreateConsultation(ctx, &duediligence.Consultation{ID: fmt.Sprintf("k-%d", i), Owner: owner, Date: day,
				Prospect: duediligence.Prospect{Name: "李四"}, Topic: "贷款", Answer: "答复", RecordedAt: at}); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
	analyze(t, st)

	rec := &recorder{}
	st.hook(rec, false)
	check := func(t *testing.T, run func() error) {
		t.Helper()
		queries := rec.record(func() { require.NoError(t, run()) })
		require.NotEmpty(t, queries)
		for _, q := range queries {
			if st.db.Dialect == Postgres {
				checkPostgresPlan(t, st.db, q, sortFound)
			} else {
				checkSQLitePlan(t, st.db, q, sortFound)
			}
		}
	}
	// A week of March: the seeded cases' events are of today.
	monday := time.Date(2026, 3, 2, 0, 0, 0, 0, time.FixedZone("UTC+8", 8*3600))
	from := money.MustDate("2026-03-02")
	for _, owner := range []string{"am-1", ""} {
		t.Run("activity of "+map[string]string{"am-1": "an account manager", "": "the team"}[owner], func(t *testing.T) {
			check(t, func() error {
				_, err := st.FollowUps().FindActivity(ctx, duediligence.ActivityFilter{From: monday, To: monday.AddDate(0, 0, 7),
					FromDate: from, ToDate: from.AddDays(6), Owner: owner})
				return err
			})
		})
	}
	t.Run("the list of an account manager's week", func(t *testing.T) {
		check(t, func() error {
			_, err := st.FollowUps().FindActivityItems(ctx, duediligence.ActivityFilter{From: monday, To: monday.AddDate(0, 0, 7),
				FromDate: from, ToDate: from.AddDays(6), Owner: "am-1"}, duediligence.MaxWeeklyItems+1)
			return err
		})
	})
	t.Run("visits and demands of a case", func(t *testing.T) {
		check(t, func() error { _, err := st.FollowUps().FindVisits(ctx, c.ID); return err })
		check(t, func() error { _, err := st.FollowUps().FindDemands(ctx, c.ID); return err })
	})
	t.Run("a day's consultations", func(t *testing.T) {
		check(t, func() error {
			_, err := st.FollowUps().FindConsultations(ctx, duediligence.ConsultationFilter{Owner: "am-1", From: from, To: from})
			return err
		})
		check(t, func() error {
			_, err := st.FollowUps().FindConsultations(ctx, duediligence.ConsultationFilter{From: from, To: from})
			return err
		})
	})
}
