package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestFollowUp walks the follow-up of a disbursed loan over the API:
// visits, the visit-due check as days pass, demands and the deadlines.
func TestFollowUp(t *testing.T) { followUpWalk(t, newEnv(t, withLender)) }

// TestFollowUpPostgres is TestFollowUp on PostgreSQL.
func TestFollowUpPostgres(t *testing.T) {
	followUpWalk(t, newEnv(t, withLender, func(cfg *envConfig) { cfg.databaseURL = postgresURL(t) }))
}

func followUpWalk(t *testing.T, e *env) {
	w := readyToDisburse(t, e)
	c := w.get(t, am)
	item := c.Collateral[0].ID
	proof := docID(t, c, "id_card")
	visit := `{"subject":"collateral_site","subject_id":"` + item + `","method":"on_site","findings":"抵押房产自住，状况良好","actions":"下季度电话回访","next_visit":"2026-04-15"}`

	// Before disbursement there is nothing to follow up.
	e.write(t, am, "POST", w.id, "/visits", visit).must(t, http.StatusConflict)
	e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"450000.00","account":"6222020200112233445"}`, "Idempotency-Key", "pay-1").must(t, http.StatusCreated)

	// Validation names every field at fault.
	p := problemOf(t, e.write(t, am, "POST", w.id, "/visits", `{"subject":"guarantor","method":"fax","findings":"","date":"2026-03-02","next_visit":"2026-03-02"}`),
		http.StatusUnprocessableEntity, "invalid")
	assert.ElementsMatch(t, []string{"subject_id", "method", "findings", "next_visit"}, fieldsOf(p))
	p = problemOf(t, e.write(t, am, "POST", w.id, "/visits", `{"subject":"collateral_site","subject_id":"nope","method":"phone","findings":"x"}`),
		http.StatusUnprocessableEntity, "invalid")
	assert.Equal(t, []string{"subject_id"}, fieldsOf(p))
	p = problemOf(t, e.write(t, am, "POST", w.id, "/visits", `{"subject":"borrower","method":"phone","findings":"销售下滑","opinion":"建议列入关注类","evidence":["nope"]}`),
		http.StatusUnprocessableEntity, "invalid")
	assert.Equal(t, []string{"evidence[0]"}, fieldsOf(p), "a written opinion's evidence is a document of the case")
	e.write(t, am2, "POST", w.id, "/visits", visit).must(t, http.StatusNotFound)
	e.write(t, finance, "POST", w.id, "/visits", visit).must(t, http.StatusForbidden)

	// A visit is a write to the case: If-Match names its version, which
	// the visit, kept beside the case file, leaves as it is.
	e.do(t, am, "POST", w.base+"/visits", visit).must(t, http.StatusPreconditionRequired)
	e.do(t, am, "POST", w.base+"/visits", visit, "If-Match", `"1"`).must(t, http.StatusPreconditionFailed)
	tag := e.etag(t, w.id)
	r := e.write(t, am, "POST", w.id, "/visits", visit).must(t, http.StatusCreated)
	assert.Equal(t, tag, r.header.Get("ETag"))
	assert.Equal(t, tag, e.etag(t, w.id))
	v := decode[duediligence.Visit](t, r)
	assert.Equal(t, "2026-03-02", v.Date.String(), "the date defaults to today")
	assert.Equal(t, e.users[am].ID, v.Visitor)

	// While nothing is due the loan is 正常: the next visit is due on the
	// day planned (within the 90 days of a normal loan).
	vs := decode[duediligence.Visits](t, e.do(t, finance, "GET", w.base+"/visits?as_of=2026-04-01", nil).must(t, http.StatusOK))
	require.Len(t, vs.Visits, 1)
	assert.Equal(t, "2026-04-15", vs.Due.String())
	assert.Equal(t, duediligence.ClassNormal, vs.Classification)
	assert.Empty(t, vs.Checks)
	// The first installment (due 2026-04-02) unpaid, the loan is 关注 as of
	// 2026-04-17, visited every 30 days: the visit was due on 2026-04-01,
	// and postloan.visit_due warns.
	vs = decode[duediligence.Visits](t, e.do(t, am, "GET", w.base+"/visits?as_of=2026-04-17", nil).must(t, http.StatusOK))
	assert.Equal(t, duediligence.ClassSpecialMention, vs.Classification)
	assert.Equal(t, "2026-04-01", vs.Due.String())
	require.Len(t, vs.Checks, 1)
	assert.Equal(t, "postloan.visit_due", vs.Checks[0].Rule)
	assert.Equal(t, check.Warn, vs.Checks[0].Severity)
	assert.Equal(t, "16", vs.Checks[0].Params["days"])
	e.do(t, am, "GET", w.base+"/visits?as_of=someday", nil).must(t, http.StatusUnprocessableEntity)

	// The collection log: a demand needs a proof among the case's documents.
	p = problemOf(t, e.write(t, am, "POST", w.id, "/demands", `{"to":"guarantor","method":"post","delivered_on":"2026-03-02","proof":"nope"}`),
		http.StatusUnprocessableEntity, "invalid")
	assert.Equal(t, []string{"guarantee_id"}, fieldsOf(p))
	p = problemOf(t, e.write(t, am, "POST", w.id, "/demands", `{"to":"borrower","method":"post","delivered_on":"2026-03-02","proof":"nope"}`),
		http.StatusUnprocessableEntity, "invalid")
	assert.Equal(t, []string{"proof"}, fieldsOf(p))
	e.write(t, am, "POST", w.id, "/demands", `{"to":"borrower","method":"post","delivered_on":"2026-03-03","proof":"`+proof+`"}`).must(t, http.StatusUnprocessableEntity)
	d := decode[duediligence.Demand](t, e.write(t, dm, "POST", w.id, "/demands", `{"to":"borrower","method":"in_person","delivered_on":"2026-03-02","proof":"`+proof+`"}`).must(t, http.StatusCreated))

	// The limitation period runs three years from the last due date
	// (2029-03-02); a demand before it does not move it.
	dl := decode[duediligence.Deadlines](t, e.do(t, auditor, "GET", w.base+"/deadlines?as_of=2032-01-01", nil).must(t, http.StatusOK))
	assert.Equal(t, "2029-03-02", dl.DebtDue.String())
	require.Len(t, dl.Deadlines, 1)
	assert.Equal(t, "2032-03-02", dl.Deadlines[0].Ends.String())
	assert.Equal(t, duediligence.DeadlineAlert, dl.Deadlines[0].Status)
	assert.Equal(t, []duediligence.Demand{d}, dl.Demands)
	require.Len(t, dl.Checks, 1)
	assert.Equal(t, "postloan.limitation_period", dl.Checks[0].Rule)
	assert.Equal(t, check.Warn, dl.Checks[0].Severity)
	assert.Contains(t, dl.Deadlines[0].Basis, "2029-03-02", "the basis is in Chinese by default: %s", dl.Deadlines[0].Basis)
	dl = decode[duediligence.Deadlines](t, e.do(t, am, "GET", w.base+"/deadlines?as_of=2032-03-03", nil).must(t, http.StatusOK))
	assert.Equal(t, duediligence.DeadlineExpired, dl.Deadlines[0].Status)
	require.Len(t, dl.Checks, 1)
	assert.Equal(t, check.Block, dl.Checks[0].Severity)
	en := decode[duediligence.Deadlines](t, e.do(t, am, "GET", w.base+"/deadlines?as_of=2032-03-03&lang=en", nil).must(t, http.StatusOK))
	assert.Contains(t, en.Deadlines[0].Basis, "three years from the last instalment's due date")
	e.do(t, am2, "GET", w.base+"/deadlines", nil).must(t, http.StatusNotFound)

	// The week's summary counts the walk from the audit trail: intake to
	// disbursed (investigation, submitted, approved, contracting, disbursed),
	// one submission, one decision, the four signatures, the disbursement, the
	// visit and the demand.
	wk := decode[duediligence.WeeklySummary](t, e.do(t, am, "GET", "/v1/reports/weekly?week=2026-W10", nil).must(t, http.StatusOK))
	require.Len(t, wk.Rows, 1)
	assert.Equal(t, duediligence.Activity{Owner: e.users[am].ID, OwnerName: "user account_manager", CasesCreated: 1, StageChanges: 5, Submissions: 1,
		Decisions: 1, Signatures: 4, Disbursements: 1, Demands: 1, Visits: 1}, wk.Rows[0])

	// A written opinion (书面意见) on a loan under watch, with its evidence.
	op := decode[duediligence.Visit](t, e.write(t, am, "POST", w.id, "/visits",
		`{"subject":"borrower","method":"video","findings":"销售下滑三成","opinion":"建议列入关注类，按月回访","evidence":["`+proof+`"]}`).must(t, http.StatusCreated))
	assert.Equal(t, []string{proof}, op.Evidence)
	vs = decode[duediligence.Visits](t, e.do(t, dm, "GET", w.base+"/visits", nil).must(t, http.StatusOK))
	require.Len(t, vs.Visits, 2)
	assert.Equal(t, "建议列入关注类，按月回访", vs.Visits[1].Opinion)

	// Both are in the case's audit trail.
	var actions []string
	for _, ev := range decode[struct{ Events []duediligence.Event }](t, e.do(t, auditor, "GET", w.base+"/events", nil).must(t, http.StatusOK)).Events {
		actions = append(actions, ev.Action)
	}
	assert.Contains(t, actions, "visit.recorded")
	assert.Contains(t, actions, "demand.recorded")
}

// TestConsultationsAndSummaries records consultations and follow-up over
// the API and reads the daily and weekly summaries an account manager
// hands in and the department manager's roll-up, on SQLite and PostgreSQL.
func TestConsultationsAndSummaries(t *testing.T) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			adjust := []func(*envConfig){withLender}
			if name == "postgres" {
				adjust = append(adjust, func(cfg *envConfig) { cfg.databaseURL = postgresURL(t) })
			}
			summaries(t, newEnv(t, adjust...))
		})
	}
}

func summaries(t *testing.T, e *env) {
	// The week of 2 March 2026 is 2026-W10 (2 to 8 March).
	c := e.createCase(t, personBody)
	consult := `{"prospect":{"name":"李四","phone":"13800138000"},"topic":"经营贷款","answer":"介绍产品与所需资料","follow_up":"下周带资料面谈"}`
	k := decode[duediligence.Consultation](t, e.do(t, am, "POST", "/v1/consultations", consult).must(t, http.StatusCreated))
	assert.Equal(t, "13800138000", k.Prospect.Phone, "whoever records it sees the phone whole")
	assert.Equal(t, "2026-03-02", k.Date.String())
	e.do(t, am, "POST", "/v1/consultations", `{"prospect":{"name":"张三"},"topic":"申请","answer":"已受理","case_id":"`+c.ID+`"}`).must(t, http.StatusCreated)
	e.do(t, am2, "POST", "/v1/consultations", `{"date":"2026-03-01","prospect":{"name":"王五"},"topic":"咨询","answer":"已答复"}`).must(t, http.StatusCreated)
	p := problemOf(t, e.do(t, am2, "POST", "/v1/consultations", `{"date":"2026-03-09","prospect":{"name":""},"topic":"","answer":"x","case_id":"`+c.ID+`"}`),
		http.StatusUnprocessableEntity, "invalid")
	assert.ElementsMatch(t, []string{"date", "prospect.name", "topic"}, fieldsOf(p))
	p = problemOf(t, e.do(t, am2, "POST", "/v1/consultations", `{"prospect":{"name":"某"},"topic":"申请","answer":"x","case_id":"`+c.ID+`"}`),
		http.StatusUnprocessableEntity, "invalid")
	assert.Equal(t, []string{"case_id"}, fieldsOf(p), "another's case is none of theirs")

	list := decode[struct{ Consultations []duediligence.Consultation }](t, e.do(t, am, "GET", "/v1/consultations", nil).must(t, http.StatusOK)).Consultations
	require.Len(t, list, 2, "an account manager lists their own")
	assert.Equal(t, "138****8000", list[0].Prospect.Phone, "lists mask the phone")
	all := decode[struct{ Consultations []duediligence.Consultation }](t, e.do(t, dm, "GET", "/v1/consultations?from=2026-03-01&to=2026-03-01", nil).must(t, http.StatusOK)).Consultations
	require.Len(t, all, 1)
	assert.Equal(t, "王五", all[0].Prospect.Name)
	e.do(t, am, "GET", "/v1/consultations?owner="+e.users[am2].ID, nil).must(t, http.StatusForbidden)

	day := decode[duediligence.DailySummary](t, e.do(t, am, "GET", "/v1/reports/daily?date=2026-03-02", nil).must(t, http.StatusOK))
	assert.Equal(t, 2, day.Consultations)
	assert.Equal(t, 1, day.Applications)
	require.Len(t, day.Rows, 1)
	assert.Equal(t, "user account_manager", day.Rows[0].OwnerName)
	team := decode[duediligence.DailySummary](t, e.do(t, dm, "GET", "/v1/reports/daily?date=2026-03-01", nil).must(t, http.StatusOK))
	assert.Equal(t, 1, team.Consultations)
	assert.Equal(t, e.users[am2].ID, team.Rows[0].Owner)

	// The weekly summary: the case created and its consultation this week.
	week := decode[duediligence.WeeklySummary](t, e.do(t, am, "GET", "/v1/reports/weekly?week=2026-W10", nil).must(t, http.StatusOK))
	assert.Equal(t, "2026-03-02", week.From.String())
	assert.Equal(t, "2026-03-08", week.To.String())
	require.Len(t, week.Rows, 1)
	mine := week.Rows[0]
	assert.Equal(t, e.users[am].ID, mine.Owner)
	assert.Equal(t, 1, mine.CasesCreated)
	assert.Equal(t, 2, mine.Consultations)
	assert.Equal(t, 1, mine.Applications)
	// Under the counts, the list of what they count, by day.
	kinds := map[string]int{}
	for _, it := range week.Items {
		kinds[it.Kind]++
	}
	assert.Equal(t, map[string]int{"case.created": 1, "consultation": 2}, kinds)
	assert.False(t, week.ItemsTruncated)
	assert.Equal(t, mine, decode[duediligence.WeeklySummary](t, e.do(t, am, "GET", "/v1/reports/weekly", nil).must(t, http.StatusOK)).Rows[0],
		"the current week by default")
	e.do(t, am, "GET", "/v1/reports/weekly?week=2026-W10&owner="+e.users[am2].ID, nil).must(t, http.StatusForbidden)
	e.do(t, am, "GET", "/v1/reports/weekly?week=2026-W60", nil).must(t, http.StatusUnprocessableEntity)
	empty := decode[duediligence.WeeklySummary](t, e.do(t, am, "GET", "/v1/reports/weekly?week=2026-W11", nil).must(t, http.StatusOK))
	assert.Equal(t, duediligence.Activity{Owner: e.users[am].ID, OwnerName: "user account_manager"}, empty.Rows[0], "a week without work counts nothing")

	// The department manager's roll-up: a row per account manager and the
	// total. 1 March was the week before.
	e.do(t, am2, "POST", "/v1/consultations", `{"prospect":{"name":"赵六"},"topic":"咨询","answer":"已答复"}`).must(t, http.StatusCreated)
	roll := decode[duediligence.WeeklySummary](t, e.do(t, dm, "GET", "/v1/reports/weekly?week=2026-W10", nil).must(t, http.StatusOK))
	assert.Empty(t, roll.Owner)
	require.Len(t, roll.Rows, 2)
	assert.Equal(t, 3, roll.Total.Consultations)
	assert.Equal(t, 1, roll.Total.CasesCreated)
	idle := decode[duediligence.WeeklySummary](t, e.do(t, dm, "GET", "/v1/reports/weekly?week=2026-W11", nil).must(t, http.StatusOK))
	assert.Len(t, idle.Rows, 2, "the roll-up lists every account manager, idle ones too")
	assert.Equal(t, duediligence.Activity{OwnerName: "合计"}, idle.Total)
	page := e.do(t, dm, "GET", "/v1/reports/weekly?week=2026-W10", nil, "Accept", "text/html").must(t, http.StatusOK)
	html := string(page.body)
	for _, want := range []string{"部门工作周报汇总", "2026-W10", "2026年3月2日至2026年3月8日", "合计", "user account_manager", "咨询<br>转申请", "@page { size: A4"} {
		assert.Contains(t, html, want)
	}
	one := string(e.do(t, am, "GET", "/v1/reports/weekly?week=2026-W10", nil, "Accept", "text/html").must(t, http.StatusOK).body)
	assert.Contains(t, one, "客户经理工作周报")
	assert.NotContains(t, one, "合计")
	assert.NotContains(t, html, "本周明细", "the roll-up counts, it does not list")
	// One account manager's week reads down a list of counts, then lists
	// what they count.
	assert.Contains(t, one, "本周明细")
	assert.Contains(t, one, "<td>咨询登记</td>")
	assert.Contains(t, one, `<tr><td>新建案件</td><td class="num">1</td>`)
	assert.Contains(t, one, "咨询转申请")
	e.do(t, am, "GET", "/v1/reports/weekly", nil, "Accept", "text/csv").must(t, http.StatusNotAcceptable)
}
