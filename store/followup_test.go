package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// testFollowUp stores visits, demands and consultations, reads them back,
// and counts a week's activity per account manager in the database.
func testFollowUp(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	c1 := testCase(t, "am-1", "借款人甲")
	c2 := testCase(t, "am-2", "借款人乙")
	require.NoError(t, st.createCase(ctx, c1, testEvent(c1.ID, "case.created")))
	require.NoError(t, st.createCase(ctx, c2, testEvent(c2.ID, "case.created")))

	at := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	visit := func(id, caseID, owner, on string) *duediligence.Visit {
		return &duediligence.Visit{ID: id, CaseID: caseID, Date: money.MustDate(on), Visitor: owner, Subject: duediligence.VisitBorrower,
			Method: duediligence.VisitOnSite, Findings: "经营正常", Evidence: []string{}, RecordedBy: owner, RecordedAt: at}
	}
	v1 := visit("v-1", c1.ID, "am-1", "2026-11-30")
	v1.NextVisit, v1.Opinion, v1.Evidence = money.MustDate("2027-02-28"), "建议列入关注", []string{"doc-1"}
	demand := &duediligence.Demand{ID: "d-1", CaseID: c1.ID, To: duediligence.DemandGuarantor, GuaranteeID: "g-1", Method: duediligence.DemandPost,
		DeliveredOn: money.MustDate("2026-12-01"), Proof: "doc-2", RecordedBy: "am-1", RecordedAt: at}
	consult := func(id, owner, on, caseID string) *duediligence.Consultation {
		return &duediligence.Consultation{ID: id, Owner: owner, Date: money.MustDate(on), Prospect: duediligence.Prospect{Name: "李四", Phone: "13800138000"},
			Topic: "经营贷款", Answer: "介绍产品", CaseID: caseID, RecordedAt: at}
	}
	err := st.WithTx(ctx, func(tx duediligence.Tx) error {
		f := tx.FollowUps()
		for _, v := range []*duediligence.Visit{v1, visit("v-2", c1.ID, "am-1", "2026-12-06"), visit("v-3", c2.ID, "am-2", "2026-12-07"),
			visit("v-4", c1.ID, "am-1", "2026-12-08")} {
			owner := c1.Owner
			if v.CaseID == c2.ID {
				owner = c2.Owner
			}
			if err := f.CreateVisit(ctx, v, owner); err != nil {
				return err
			}
		}
		if err := f.CreateDemand(ctx, demand); err != nil {
			return err
		}
		for _, c := range []*duediligence.Consultation{consult("k-1", "am-1", "2026-12-01", c1.ID), consult("k-2", "am-1", "2026-12-01", ""),
			consult("k-3", "am-2", "2026-12-03", ""), consult("k-4", "am-1", "2026-11-29", "")} {
			if err := f.CreateConsultation(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)

	vs, err := st.FollowUps().FindVisits(ctx, c1.ID)
	require.NoError(t, err)
	require.Len(t, vs, 3)
	assert.Equal(t, *v1, vs[0], "a visit reads back whole")
	assert.Equal(t, []string{"2026-11-30", "2026-12-06", "2026-12-08"}, []string{vs[0].Date.String(), vs[1].Date.String(), vs[2].Date.String()})
	assert.True(t, vs[1].NextVisit.IsZero())
	ds, err := st.FollowUps().FindDemands(ctx, c1.ID)
	require.NoError(t, err)
	assert.Equal(t, []duediligence.Demand{*demand}, ds)
	none, err := st.FollowUps().FindDemands(ctx, c2.ID)
	require.NoError(t, err)
	assert.Empty(t, none)
	ks, err := st.FollowUps().FindConsultations(ctx, duediligence.ConsultationFilter{Owner: "am-1", From: money.MustDate("2026-12-01"), To: money.MustDate("2026-12-01")})
	require.NoError(t, err)
	require.Len(t, ks, 2)
	assert.Equal(t, *consult("k-1", "am-1", "2026-12-01", c1.ID), ks[0])

	// Events of the week 2026-W49 (30 November to 6 December, UTC+8), one
	// on each side of its bounds.
	zone := time.FixedZone("UTC+8", 8*3600)
	ev := func(caseID, action, data string, when time.Time) {
		t.Helper()
		e := testEvent(caseID, action)
		e.CaseID, e.At, e.Data = caseID, when, []byte(data)
		require.NoError(t, st.appendEvent(ctx, e))
	}
	monday := time.Date(2026, 11, 30, 0, 0, 0, 0, zone)
	ev(c1.ID, "case.transitioned", `{"from":"investigation","to":"submitted"}`, monday)
	ev(c1.ID, "case.transitioned", `{"from":"investigation","to":"submitted"}`, monday.Add(-time.Nanosecond))
	ev(c1.ID, "case.decided", `{"decision":"approve","to":"approved"}`, monday.Add(time.Hour))
	ev(c1.ID, "case.decided", `{"decision":"approve"}`, monday.Add(2*time.Hour))
	ev(c1.ID, "repayment.recorded", `{"amount":"1000.00"}`, monday.Add(48*time.Hour))
	ev(c1.ID, "repayment.recorded", `{"amount":"1000.00"}`, monday.Add(7*24*time.Hour))
	ev(c1.ID, "demand.recorded", `{"to":"guarantor"}`, monday.Add(72*time.Hour))
	ev(c2.ID, "loan.disbursed", `{"amount":"1.00","to":"disbursed"}`, monday.Add(7*24*time.Hour-time.Nanosecond))
	ev(c2.ID, "finding.added", `{}`, monday.Add(time.Hour))

	from := money.MustDate("2026-11-30")
	f := duediligence.ActivityFilter{From: monday, To: monday.AddDate(0, 0, 7), FromDate: from, ToDate: from.AddDays(6)}
	rows, err := st.FollowUps().FindActivity(ctx, f)
	require.NoError(t, err)
	byOwner := map[string]duediligence.Activity{}
	for _, r := range rows {
		byOwner[r.Owner] = r
	}
	assert.Equal(t, duediligence.Activity{Owner: "am-1", StageChanges: 2, Submissions: 1, Decisions: 2, Repayments: 1, Demands: 1,
		Visits: 2, Consultations: 2, Applications: 1}, byOwner["am-1"])
	assert.Equal(t, duediligence.Activity{Owner: "am-2", StageChanges: 1, Disbursements: 1, Consultations: 1}, byOwner["am-2"],
		"the visit of Monday 7 December is the next week's")
	f.Owner = "am-2"
	rows, err = st.FollowUps().FindActivity(ctx, f)
	require.NoError(t, err)
	assert.Equal(t, []duediligence.Activity{byOwner["am-2"]}, rows)

	// The weekly summary's list of what am-1's counts count, by day; the
	// move to submitted names its stage.
	f.Owner = "am-1"
	items, err := st.FollowUps().FindActivityItems(ctx, f, 100)
	require.NoError(t, err)
	var got []string
	for _, it := range items {
		got = append(got, it.On.String()+" "+it.Kind+" "+string(it.Stage)+" "+it.Subject)
	}
	assert.Equal(t, []string{
		"2026-11-30 case.transitioned submitted 借款人甲",
		"2026-11-30 case.decided  借款人甲",
		"2026-11-30 case.decided  借款人甲",
		"2026-11-30 visit  借款人甲",
		"2026-12-01 consultation  李四",
		"2026-12-01 consultation  李四",
		"2026-12-02 repayment.recorded  借款人甲",
		"2026-12-03 demand.recorded  借款人甲",
		"2026-12-06 visit  借款人甲",
	}, got)
	assert.Equal(t, c1.ID, items[0].CaseID)
	short, err := st.FollowUps().FindActivityItems(ctx, f, 3)
	require.NoError(t, err)
	assert.Equal(t, items[:3], short, "a limit keeps the oldest")
	f.Owner = ""
	_, err = st.FollowUps().FindActivityItems(ctx, f, 3)
	assert.Equal(t, duediligence.CodeInvalid, duediligence.ErrorCode(err), "the list is one account manager's")
}
