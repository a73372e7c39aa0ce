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

	// The next visit is due on the day planned (within the 90 days of a
	// normal loan); a day later postloan.visit_due warns.
	vs := decode[duediligence.Visits](t, e.do(t, finance, "GET", w.base+"/visits?as_of=2026-04-15", nil).must(t, http.StatusOK))
	require.Len(t, vs.Visits, 1)
	assert.Equal(t, "2026-04-15", vs.Due.String())
	assert.Equal(t, duediligence.ClassNormal, vs.Classification)
	assert.Empty(t, vs.Checks)
	vs = decode[duediligence.Visits](t, e.do(t, am, "GET", w.base+"/visits?as_of=2026-04-17", nil).must(t, http.StatusOK))
	require.Len(t, vs.Checks, 1)
	assert.Equal(t, "postloan.visit_due", vs.Checks[0].Rule)
	assert.Equal(t, check.Warn, vs.Checks[0].Severity)
	assert.Equal(t, "2", vs.Checks[0].Params["days"])
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
	e.do(t, am2, "GET", w.base+"/deadlines", nil).must(t, http.StatusNotFound)

	// Both are in the case's audit trail.
	var actions []string
	for _, ev := range decode[struct{ Events []duediligence.Event }](t, e.do(t, auditor, "GET", w.base+"/events", nil).must(t, http.StatusOK)).Events {
		actions = append(actions, ev.Action)
	}
	assert.Contains(t, actions, "visit.recorded")
	assert.Contains(t, actions, "demand.recorded")
}
