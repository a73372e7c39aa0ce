package httpapi_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

func TestWalk_repayments(t *testing.T) { clockedBackends(t, walkRepayments, withLender) }

// walkRepayments disburses the walk's loan and repays it: late, retried,
// reversed, downgraded, then in full early, which closes the case.
func walkRepayments(t *testing.T, e *env, at func(money.Date)) {
	w, first := disbursedLoan(t, e)
	require.NotEmpty(t, first.Installments)
	due := first.Installments[0].DueDate
	assert.Equal(t, duediligence.ClassNormal, first.Classification)
	// Only the repayment that clears the schedule closes the case: not finance by hand.
	byHand := problemOf(t, e.write(t, finance, "POST", w.id, "/transitions", `{"to":"closed"}`), http.StatusConflict, "gate")
	require.Len(t, byHand.Unmet, 1)
	assert.Equal(t, "loan.paid_off", byHand.Unmet[0].Rule)
	assert.Contains(t, byHand.Unmet[0].Message, "尚未结清")

	// As of any day: 100 days after the first due date, 次级.
	late := decode[duediligence.LoanStatus](t, e.do(t, am, "GET", w.base+"/loan?as_of="+due.AddDays(100).String(), nil).must(t, http.StatusOK))
	assert.Equal(t, 100, late.DaysPastDue)
	assert.Equal(t, duediligence.ClassSubstandard, late.Classification)
	assert.Equal(t, "次级", late.ClassZH)
	assert.Equal(t, "overdue", late.Installments[0].Status)
	assert.True(t, late.Penalty.Sign() > 0)
	e.do(t, am, "GET", w.base+"/loan?as_of=2026-13-01", nil).must(t, http.StatusUnprocessableEntity)

	// Ten days late, finance records a repayment; a retry with another key
	// answers it; the reference with another body is refused.
	d := due.AddDays(10)
	at(d)
	body := fmt.Sprintf(`{"amount":"%s","date":"%s","payer":"王五","reference":"ICBC-0001","channel":"bank_transfer"}`, first.Installments[0].Principal, d)
	e.do(t, am, "POST", w.base+"/repayments", body, "Idempotency-Key", "r-0").must(t, http.StatusForbidden)
	r1 := decode[duediligence.Repayment](t, e.do(t, finance, "POST", w.base+"/repayments", body, "Idempotency-Key", "r-1").must(t, http.StatusCreated))
	require.NotNil(t, r1.Result)
	assert.Equal(t, duediligence.ComponentPenalty, r1.Result.Lines[0].Component)
	r1b := decode[duediligence.Repayment](t, e.do(t, finance, "POST", w.base+"/repayments", body, "Idempotency-Key", "r-1b").must(t, http.StatusCreated))
	assert.Equal(t, r1.ID, r1b.ID)
	e.do(t, finance, "POST", w.base+"/repayments", `{"amount":"1.00","payer":"王五","reference":"ICBC-0001","channel":"cash"}`, "Idempotency-Key", "r-1c").
		must(t, http.StatusUnprocessableEntity)
	e.do(t, finance, "POST", w.base+"/repayments", body).must(t, http.StatusPreconditionRequired)

	// Eight concurrent retries of one repayment, each with its own key, count once.
	retry := fmt.Sprintf(`{"amount":"100.00","date":"%s","payer":"王五","reference":"ICBC-0002","channel":"bank_transfer"}`, d)
	ids := make([]string, 8)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			r := e.do(t, finance, "POST", w.base+"/repayments", retry, "Idempotency-Key", fmt.Sprintf("retry-%d", i))
			if r.status == http.StatusCreated {
				ids[i] = decode[duediligence.Repayment](t, r).ID
			}
		})
	}
	wg.Wait()
	for i := range ids {
		assert.Equal(t, ids[0], ids[i], "retry %d", i)
	}
	list := decode[struct{ Repayments []duediligence.Repayment }](t, e.do(t, auditor, "GET", w.base+"/repayments", nil).must(t, http.StatusOK))
	assert.Len(t, list.Repayments, 2)

	// Reversal with a reason; the other repayment is allocated again.
	e.do(t, finance, "POST", w.base+"/repayments/"+r1.ID+"/reversal", `{"reason":""}`, "Idempotency-Key", "rv-0").must(t, http.StatusUnprocessableEntity)
	rv := decode[duediligence.Repayment](t, e.do(t, finance, "POST", w.base+"/repayments/"+r1.ID+"/reversal", `{"reason":"银行退票"}`,
		"Idempotency-Key", "rv-1").must(t, http.StatusOK))
	require.NotNil(t, rv.Reversed)
	st := decode[duediligence.LoanStatus](t, e.do(t, am, "GET", w.base+"/loan", nil).must(t, http.StatusOK))
	var paid money.Money
	for _, is := range st.Installments {
		paid, _ = paid.Add(is.PaidPenalty)
		paid, _ = paid.Add(is.PaidInterest)
		paid, _ = paid.Add(is.PaidPrincipal)
	}
	assert.Equal(t, "100.00", paid.String(), "only the live repayment is allocated")

	// A risk officer downgrades, never above the floor.
	e.do(t, risk, "POST", w.base+"/loan/classification", `{"classification":"normal","reason":"x"}`, "Idempotency-Key", "c-0").must(t, http.StatusUnprocessableEntity)
	cl := decode[duediligence.LoanStatus](t, e.do(t, risk, "POST", w.base+"/loan/classification", `{"classification":"substandard","reason":"经营恶化"}`,
		"Idempotency-Key", "c-1").must(t, http.StatusOK))
	assert.Equal(t, duediligence.ClassSubstandard, cl.Classification)
	assert.Equal(t, duediligence.ClassSpecialMention, cl.Floor)

	// The portfolio: the loan is overdue 100 days after its first due date,
	// for those who see the case; its next installment falls due within 60 days.
	q := "/v1/portfolio/overdue?as_of=" + due.AddDays(100).String()
	for _, who := range []string{am, dm, finance, auditor} {
		p := decode[duediligence.PortfolioPage[duediligence.OverdueLoan]](t, e.do(t, who, "GET", q, nil).must(t, http.StatusOK))
		require.Len(t, p.Rows, 1, who)
		assert.Equal(t, w.id, p.Rows[0].CaseID)
		assert.Equal(t, 100, p.Rows[0].DaysPastDue)
		assert.Equal(t, duediligence.ClassSubstandard, p.Rows[0].Classification, "at least the floor of 100 days")
	}
	assert.Empty(t, decode[duediligence.PortfolioPage[duediligence.OverdueLoan]](t, e.do(t, am2, "GET", q, nil).must(t, http.StatusOK)).Rows)
	csv := e.do(t, dm, "GET", q, nil, "Accept", "text/csv").must(t, http.StatusOK)
	lines := strings.Split(strings.TrimSpace(string(csv.body)), "\n")
	require.Len(t, lines, 2)
	assert.Equal(t, "\uFEFF合同编号,借款人,最早逾期应还日,逾期天数,逾期期数,逾期金额,五级分类,到期日", lines[0])
	assert.Contains(t, lines[1], ",100,")
	xlsx := e.do(t, dm, "GET", q, nil, "Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").must(t, http.StatusOK)
	assert.True(t, bytes.HasPrefix(xlsx.body, []byte("PK")))
	mat := decode[duediligence.PortfolioPage[duediligence.Maturity]](t, e.do(t, dm, "GET", "/v1/portfolio/maturities?within_days=60", nil).must(t, http.StatusOK))
	require.NotEmpty(t, mat.Rows)
	assert.Equal(t, w.id, mat.Rows[0].CaseID)
	e.do(t, dm, "GET", "/v1/portfolio/maturities?within_days=-1", nil).must(t, http.StatusUnprocessableEntity)

	// The collection notice as of 100 days late: the amounts in figures and 大写.
	notice := e.do(t, am, "GET", w.base+"/collection-notice?as_of="+due.AddDays(100).String(), nil).must(t, http.StatusOK)
	page := string(notice.body)
	assert.Contains(t, page, "催收通知书")
	assert.Contains(t, page, "已逾期 100 天")
	overdue := decode[duediligence.LoanStatus](t, e.do(t, am, "GET", w.base+"/loan?as_of="+due.AddDays(100).String(), nil).must(t, http.StatusOK)).Overdue
	assert.Contains(t, page, "人民币"+overdue.Capitals())
	assert.Contains(t, page, lenderName)
	// Its prose writes dates as a Chinese letter does, and its receipt
	// records how it was delivered: the delivery restarts the limitation
	// period (Civil Code art. 195).
	asOf := due.AddDays(100)
	assert.Contains(t, page, fmt.Sprintf("截至%d年%d月%d日", asOf.Year, asOf.Month, asOf.Day))
	assert.Contains(t, page, "联系地址及电话：＿", "no contact in the policy: a line to fill in")
	for _, field := range []string{"送达回执", "送达方式", "受送达人", "签收人（签字）", "签收日期"} {
		assert.Contains(t, page, field)
	}

	// The payoff repays the loan in full and closes the case.
	full := fmt.Sprintf(`{"amount":"%s","date":"%s","payer":"王五","reference":"ICBC-0003","channel":"bank_transfer","kind":"early_full"}`, cl.Payoff, d)
	r3 := decode[duediligence.Repayment](t, e.do(t, finance, "POST", w.base+"/repayments", full, "Idempotency-Key", "r-3").must(t, http.StatusCreated))
	assert.True(t, r3.Result.Credit.IsZero())
	assert.Equal(t, duediligence.StageClosed, w.get(t, am).Stage)
	st = decode[duediligence.LoanStatus](t, e.do(t, am, "GET", w.base+"/loan", nil).must(t, http.StatusOK))
	assert.True(t, st.Closed)
	e.do(t, finance, "POST", w.base+"/repayments", `{"amount":"1.00","payer":"王五","reference":"ICBC-0004","channel":"cash"}`, "Idempotency-Key", "r-4").
		must(t, http.StatusConflict)
}
