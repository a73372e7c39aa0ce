package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestWriteOff walks the write-off (核销) of a 损失 loan over HTTP on both
// backends: refused before the loan is 损失, approved in its own round, the
// balance out of the active book, recoveries recorded after it once per
// reference.
func TestWriteOff(t *testing.T) {
	// The walk runs over a year: tokens that last as long.
	clockedBackends(t, walkWriteOff, func(c *envConfig) {
		c.policy = func(p *duediligence.Policy) { p.LenderName, p.TokenLifetimeDays = lenderName, 3650 }
	})
}

func walkWriteOff(t *testing.T, e *env, at func(money.Date)) {
	w, first := disbursedLoan(t, e)
	due := first.Installments[0].DueDate
	proof := docID(t, w.get(t, am), "id_card")
	body := `{"reason":"借款人下落不明，经诉讼强制执行无可供执行财产，终结本次执行","evidence":["` + proof + `"]}`

	// 100 days late the loan is 次级: not written off.
	at(due.AddDays(100))
	p := problemOf(t, e.write(t, risk, "POST", w.id, "/write-off", body), http.StatusConflict, "gate")
	require.Len(t, p.Unmet, 1)
	assert.Equal(t, "postloan.write_off_loss", p.Unmet[0].Rule)
	assert.Contains(t, p.Unmet[0].Message, "仅损失类贷款可以核销")
	problemOf(t, e.write(t, am, "POST", w.id, "/write-off", `{"reason":"x","evidence":["nope"]}`), http.StatusUnprocessableEntity, "invalid")
	e.write(t, finance, "POST", w.id, "/write-off", body).must(t, http.StatusForbidden)

	// More than 360 days late it is 损失: the account manager asks, the
	// department manager approves, and the case is written off.
	day := due.AddDays(400)
	at(day)
	c := decode[duediligence.Case](t, e.write(t, am, "POST", w.id, "/write-off", body).must(t, http.StatusCreated))
	round := c.Approvals[len(c.Approvals)-1]
	assert.Equal(t, duediligence.ApprovalWriteOff, round.Kind)
	assert.Equal(t, duediligence.StageDisbursed, c.Stage)
	e.write(t, am, "POST", w.id, "/decisions", `{"decision":"approve"}`).must(t, http.StatusForbidden)
	c = decode[duediligence.Case](t, e.write(t, dm, "POST", w.id, "/decisions", `{"decision":"approve","comment":"同意核销"}`).must(t, http.StatusOK))
	assert.Equal(t, duediligence.StageWrittenOff, c.Stage)
	wo := c.Approvals[len(c.Approvals)-1].WriteOff
	require.NotNil(t, wo)
	assert.Equal(t, day, wo.EffectiveOn)
	assert.True(t, wo.Amount.Cmp(first.Principal) > 0, "the principal and the interest and overdue interest unpaid: %s", wo.Amount)

	// The balance leaves the active book: overdue the day before, not on
	// the day; in the written-off total; no maturities.
	before := decode[duediligence.PortfolioPage[duediligence.OverdueLoan]](t, e.do(t, dm, "GET", "/v1/portfolio/overdue?as_of="+day.AddDays(-1).String(), nil).must(t, http.StatusOK))
	require.Len(t, before.Rows, 1)
	now := decode[duediligence.PortfolioPage[duediligence.OverdueLoan]](t, e.do(t, dm, "GET", "/v1/portfolio/overdue", nil).must(t, http.StatusOK))
	assert.Empty(t, now.Rows)
	require.NotNil(t, now.WrittenOff)
	assert.Equal(t, 1, now.WrittenOff.Loans)
	assert.Equal(t, wo.Amount, now.WrittenOff.Amount)
	assert.Equal(t, 0, decode[duediligence.PortfolioPage[duediligence.OverdueLoan]](t, e.do(t, am2, "GET", "/v1/portfolio/overdue", nil).must(t, http.StatusOK)).WrittenOff.Loans,
		"another account manager's total leaves out what they do not see")
	mat := decode[duediligence.PortfolioPage[duediligence.Maturity]](t, e.do(t, dm, "GET", "/v1/portfolio/maturities?within_days=3660", nil).must(t, http.StatusOK))
	assert.Empty(t, mat.Rows)

	// Repayments are over; recoveries are recorded by finance, once per reference.
	e.do(t, finance, "POST", w.base+"/repayments", `{"amount":"1.00","payer":"王五","reference":"ICBC-9","channel":"cash"}`, "Idempotency-Key", "r-9").
		must(t, http.StatusConflict)
	rec := fmt.Sprintf(`{"amount":"20000.00","date":"%s","payer":"破产管理人","reference":"REC-1","channel":"bank_transfer"}`, day)
	e.do(t, am, "POST", w.base+"/recoveries", rec, "Idempotency-Key", "rec-0").must(t, http.StatusForbidden)
	r1 := decode[duediligence.Recovery](t, e.do(t, finance, "POST", w.base+"/recoveries", rec, "Idempotency-Key", "rec-1").must(t, http.StatusCreated))
	r1b := decode[duediligence.Recovery](t, e.do(t, finance, "POST", w.base+"/recoveries", rec, "Idempotency-Key", "rec-1b").must(t, http.StatusCreated))
	assert.Equal(t, r1.ID, r1b.ID, "a retry with another key is the same recovery")
	e.do(t, finance, "POST", w.base+"/recoveries", `{"amount":"5.00","payer":"x","reference":"REC-1","channel":"cash"}`, "Idempotency-Key", "rec-1c").
		must(t, http.StatusUnprocessableEntity)
	e.do(t, finance, "POST", w.base+"/recoveries", fmt.Sprintf(`{"amount":"5.00","date":"%s","payer":"x","reference":"REC-2","channel":"cash"}`, day.AddDays(-1)),
		"Idempotency-Key", "rec-2").must(t, http.StatusUnprocessableEntity)
	st := decode[duediligence.LoanStatus](t, e.do(t, auditor, "GET", w.base+"/loan", nil).must(t, http.StatusOK))
	require.NotNil(t, st.WrittenOff)
	assert.Equal(t, "20000.00", st.WrittenOff.Recovered.String())
	assert.Len(t, st.WrittenOff.Recoveries, 1)
	now = decode[duediligence.PortfolioPage[duediligence.OverdueLoan]](t, e.do(t, dm, "GET", "/v1/portfolio/overdue", nil).must(t, http.StatusOK))
	assert.Equal(t, "20000.00", now.WrittenOff.Recovered.String())
}
