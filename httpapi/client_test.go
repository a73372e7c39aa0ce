package httpapi_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestClientFile follows a borrower to its client file: after
// disbursement it shows the borrower's roles (borrower, and owner of the
// mortgaged flat), the case, and the loan outstanding; a department
// manager's read is on the case's record; another account manager does not
// learn the client exists; finance may not look a person up by resident ID.
func TestClientFile(t *testing.T) { testClientFile(t, newEnv(t, withLender)) }

// TestClientFilePostgres is TestClientFile on PostgreSQL.
func TestClientFilePostgres(t *testing.T) {
	testClientFile(t, newEnv(t, withLender, func(cfg *envConfig) { cfg.databaseURL = postgresURL(t) }))
}

func testClientFile(t *testing.T, e *env) {
	w := readyToDisburse(t, e)
	e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"450000.00","account":"6222020200112233445"}`, "Idempotency-Key", "pay-1").must(t, http.StatusCreated)
	const key = "360426199101010071" // the borrower of goodBody, owner of borrowerHouse

	cl := decode[duediligence.Client](t, e.do(t, dm, "GET", "/v1/clients/"+key, nil).must(t, http.StatusOK))
	assert.Equal(t, key, cl.Key)
	assert.Equal(t, duediligence.Person, cl.Kind)
	assert.Equal(t, "王五", cl.Name)
	assert.Equal(t, []duediligence.ClientRole{duediligence.ClientBorrower, duediligence.ClientMortgagor}, cl.Roles)
	require.NotEmpty(t, cl.Cases)
	assert.Equal(t, duediligence.StageDisbursed, cl.Cases[0].Stage)
	assert.Equal(t, "2026-000001", cl.Cases[0].LedgerNumber)
	require.Len(t, cl.Loans, 1)
	assert.Equal(t, "2026-000001-JK", cl.Loans[0].ContractNumber)
	assert.Equal(t, "450000.00", cl.Loans[0].Outstanding.String(), "nothing repaid yet")
	assert.Equal(t, "450000.00", cl.Outstanding.String())

	evs := decode[struct{ Events []duediligence.Event }](t, e.do(t, auditor, "GET", w.base+"/events", nil).must(t, http.StatusOK)).Events
	var viewed int
	for _, ev := range evs {
		if ev.Action == "client.viewed" {
			viewed++
			assert.Equal(t, e.users[dm].ID, ev.ActorID)
		}
	}
	assert.Equal(t, 1, viewed, "the department manager's read of the client file is on the case's record")

	// Lower case is the same key; the owner reads it unrecorded.
	mine := decode[duediligence.Client](t, e.do(t, am, "GET", "/v1/clients/360426199101010071", nil).must(t, http.StatusOK))
	assert.Equal(t, cl.Cases, mine.Cases)
	problemOf(t, e.do(t, am2, "GET", "/v1/clients/"+key, nil), http.StatusNotFound, "not_found")
	p := problemOf(t, e.do(t, finance, "GET", "/v1/clients/"+key, nil), http.StatusForbidden, "forbidden")
	assert.Contains(t, p.Detail, "身份证号码")
	problemOf(t, e.do(t, dm, "GET", "/v1/clients/110105198001010016", nil), http.StatusNotFound, "not_found")
	problemOf(t, e.do(t, dm, "GET", "/v1/clients/36042619910101007", nil), http.StatusNotFound, "not_found")
}

// TestClientAcrossCases follows 王五, borrower of a disbursed loan, into a
// second application as the applicant's spouse and guarantor: his client
// file shows him as borrower in one case and guarantor in the other; the
// new application's history shows his loan at once; a search by his name
// lists him with his resident ID masked; and the loan he owes, with the
// new request, breaks the lender's related-party limit, which this
// lender's policy makes blocking.
func TestClientAcrossCases(t *testing.T) { testClientAcrossCases(t, newEnv(t, withRelatedLimit)) }

// TestClientAcrossCasesPostgres is TestClientAcrossCases on PostgreSQL.
func TestClientAcrossCasesPostgres(t *testing.T) {
	testClientAcrossCases(t, newEnv(t, withRelatedLimit, func(cfg *envConfig) { cfg.databaseURL = postgresURL(t) }))
}

// withRelatedLimit is withLender with a related-party limit of 800,000
// that blocks.
func withRelatedLimit(cfg *envConfig) {
	cfg.policy = func(p *duediligence.Policy) {
		p.LenderName = lenderName
		p.Limits.RelatedPartiesLimit = ptrTo(money.MustMoney("800000.00"))
		p.Rules.Severity = map[string]check.Severity{"limit.related_parties": check.Block}
	}
}

func ptrTo[T any](v T) *T { return &v }

func testClientAcrossCases(t *testing.T, e *env) {
	a := readyToDisburse(t, e)
	e.do(t, finance, "POST", a.base+"/disbursement", `{"amount":"450000.00","account":"6222020200112233445"}`, "Idempotency-Key", "pay-1").must(t, http.StatusCreated)
	const wang = "360426199101010071"

	b := e.newWalk(t, `{"applicant":{"kind":"person","name":"赵六","id_number":"110105198001010016","phone":"13900139000","marital_status":"married",
		"spouse":{"kind":"person","name":"王五","id_number":"`+wang+`"},"monthly_income":"50000.00"},
		"request":{"amount":"500000.00","term_months":36,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.0850","repayment_source":"经营收入"}}`)
	b.write(t, am, "POST", "/guarantees", `{"guarantor":{"kind":"person","name":"王五","id_number":"`+wang+`"},"guarantor_kind":"person","kind":"joint_and_several","amount":"300000.00","period":{"months":36},"relation":"none","net_worth":"2000000.00"}`, http.StatusCreated)

	// The new application shows the applicant's history at once.
	h := decode[duediligence.CaseHistory](t, e.do(t, am, "GET", b.base+"/history", nil).must(t, http.StatusOK))
	require.Len(t, h.Parties, 1, "赵六 is new; 王五 is known")
	assert.Equal(t, "guarantees[0].guarantor", h.Parties[0].Path)
	assert.Equal(t, "450000.00", h.Parties[0].Outstanding.String())
	assert.Equal(t, duediligence.ClassNormal, h.Parties[0].WorstClassification)
	require.NotEmpty(t, h.Parties[0].Cases)
	assert.Equal(t, a.id, h.Parties[0].Cases[0].CaseID)
	require.Len(t, h.Group, 1)
	assert.Equal(t, duediligence.RelatedSpouse, h.Group[0].Via)
	assert.Equal(t, "450000.00", h.GroupOutstanding.String())
	assert.True(t, h.BorrowerOutstanding.IsZero(), "赵六 owes nothing himself")
	assert.NotContains(t, e.do(t, am, "GET", b.base+"/history", nil).body, wang, "the history names other cases, not people")

	// Borrower in one case, guarantor in the other: both.
	cl := decode[duediligence.Client](t, e.do(t, dm, "GET", "/v1/clients/"+wang, nil).must(t, http.StatusOK))
	assert.Equal(t, []duediligence.ClientRole{duediligence.ClientBorrower, duediligence.ClientGuarantor, duediligence.ClientMortgagor}, cl.Roles)
	require.Len(t, cl.Guarantees, 1)
	assert.Equal(t, b.id, cl.Guarantees[0].CaseID)
	assert.Equal(t, "赵六", cl.Guarantees[0].Applicant)
	assert.Equal(t, "300000.00", cl.GuaranteesGiven.String())
	require.Len(t, cl.Loans, 1)
	assert.Equal(t, duediligence.ClassNormal, cl.Loans[0].Classification)
	assert.Equal(t, "450000.00", cl.Outstanding.String())
	assert.NotNil(t, cl.Visits)
	assert.NotNil(t, cl.Investments)

	// A search by resident ID finds him; by name, masked, for every role.
	byID := decode[duediligence.ClientPage](t, e.do(t, dm, "GET", "/v1/clients?q="+wang, nil).must(t, http.StatusOK))
	require.Len(t, byID.Clients, 1)
	assert.Equal(t, wang, byID.Clients[0].Key)
	assert.Equal(t, 2, byID.Clients[0].Cases)
	for _, who := range []string{dm, finance} {
		r := e.do(t, who, "GET", "/v1/clients?q="+url.QueryEscape("王五"), nil).must(t, http.StatusOK)
		assert.NotContains(t, r.body, wang, "a name never yields a whole resident ID")
		byName := decode[duediligence.ClientPage](t, r)
		assert.True(t, byName.ByName)
		require.Len(t, byName.Clients, 1)
		assert.Equal(t, "360426********0071", byName.Clients[0].Key)
		assert.Equal(t, []duediligence.ClientRole{duediligence.ClientBorrower, duediligence.ClientGuarantor, duediligence.ClientMortgagor}, byName.Clients[0].Roles)
	}
	problemOf(t, e.do(t, finance, "GET", "/v1/clients?q="+wang, nil), http.StatusForbidden, "forbidden")
	p := problemOf(t, e.do(t, dm, "GET", "/v1/clients?q="+url.QueryEscape("王"), nil), http.StatusUnprocessableEntity, "invalid")
	assert.Contains(t, p.Errors[0].Message, "两个字")
	none := decode[duediligence.ClientPage](t, e.do(t, am2, "GET", "/v1/clients?q="+url.QueryEscape("王五"), nil).must(t, http.StatusOK))
	assert.Empty(t, none.Clients, "another account manager finds no one in cases not theirs")

	// 450,000 owed by the spouse + 500,000 asked > 800,000: blocked.
	b.readyToSubmit(t)
	gate := problemOf(t, b.e.do(t, am, "POST", b.base+"/transitions", `{"to":"submitted"}`, "If-Match", b.etag), http.StatusConflict, "gate")
	var hit *duediligence.Unmet
	for i, u := range gate.Unmet {
		if u.Rule == "limit.related_parties" {
			hit = &gate.Unmet[i]
		}
	}
	require.NotNil(t, hit, "unmet: %v", gate.Unmet)
	assert.Equal(t, check.Block, hit.Severity)
	assert.Contains(t, hit.Message, "950000.00")
}

// TestClientFile_classificationHistory follows the borrower's loan as days
// pass without a repayment: the client file shows its classification over
// time — 正常 on the disbursement, 关注 from the first month-end past the
// first due date, 次级 once more than 90 days past due — and then the risk
// officer's downgrade to 可疑, with its reason, who made it and the day.
func TestClientFile_classificationHistory(t *testing.T) { testClassificationHistory(t) }

// TestClientFile_classificationHistoryPostgres is
// TestClientFile_classificationHistory on PostgreSQL.
func TestClientFile_classificationHistoryPostgres(t *testing.T) {
	url := postgresURL(t)
	testClassificationHistory(t, func(cfg *envConfig) { cfg.databaseURL = url })
}

func testClassificationHistory(t *testing.T, adjust ...func(*envConfig)) {
	var cfg *envConfig
	e := newEnv(t, append([]func(*envConfig){withLender, func(c *envConfig) { cfg = c }}, adjust...)...)
	w := readyToDisburse(t, e)
	e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"450000.00","account":"6222020200112233445"}`, "Idempotency-Key", "pay-1").must(t, http.StatusCreated)
	const key = "360426199101010071"
	disbursed := duediligence.BusinessDate(cfg.now)
	st := decode[duediligence.LoanStatus](t, e.do(t, am, "GET", w.base+"/loan", nil).must(t, http.StatusOK))
	due := st.Installments[0].DueDate

	history := func() duediligence.ClientLoan {
		t.Helper()
		cl := decode[duediligence.Client](t, e.do(t, dm, "GET", "/v1/clients/"+key, nil).must(t, http.StatusOK))
		require.Len(t, cl.Loans, 1)
		return cl.Loans[0]
	}
	classes := func(ps []duediligence.ClassificationPeriod) (out []duediligence.Classification) {
		for _, p := range ps {
			out = append(out, p.Classification)
		}
		return out
	}
	l := history()
	require.Len(t, l.History, 1, "on the day of disbursement")
	assert.Equal(t, duediligence.ClassificationPeriod{From: disbursed, To: disbursed, Classification: duediligence.ClassNormal, Cause: duediligence.CauseFloor}, l.History[0])
	assert.Empty(t, l.Downgrades)

	today := due.AddDays(100)
	require.Less(t, int(today.Month), 12, "the test moves to the next month")
	cfg.now = time.Date(today.Year, today.Month, today.Day, 4, 0, 0, 0, time.UTC)
	for _, who := range []string{dm, risk} { // the tokens lasted 90 days
		_, token, err := e.svc.RotateToken(context.Background(), duediligence.SystemActor, e.users[who].ID)
		require.NoError(t, err)
		e.tokens[who] = token
	}
	l = history()
	assert.Equal(t, []duediligence.Classification{duediligence.ClassNormal, duediligence.ClassSpecialMention, duediligence.ClassSubstandard}, classes(l.History))
	assert.Equal(t, disbursed, l.History[0].From)
	assert.Equal(t, today, l.History[2].To)
	for i := 1; i < len(l.History); i++ {
		assert.True(t, l.History[i].From.After(l.History[i-1].To), "period %d follows the one before", i)
		assert.Equal(t, duediligence.CauseFloor, l.History[i].Cause)
	}
	assert.False(t, l.History[1].From.After(due.AddDays(31)), "关注 from the first month-end past due")
	assert.True(t, l.History[1].To.Before(due.AddDays(91)), "关注 while at most 90 days past due")

	// Past the next month-end, the risk officer downgrades: 次级 stood at
	// that month-end, 可疑 from the downgrade's day.
	today = money.Date{Year: today.Year, Month: today.Month + 1, Day: 5}
	cfg.now = time.Date(today.Year, today.Month, today.Day, 4, 0, 0, 0, time.UTC)
	e.do(t, risk, "POST", w.base+"/loan/classification", `{"classification":"doubtful","reason":"借款人涉诉，经营停滞"}`, "Idempotency-Key", "c-1").must(t, http.StatusOK)
	l = history()
	assert.Equal(t, []duediligence.Classification{duediligence.ClassNormal, duediligence.ClassSpecialMention, duediligence.ClassSubstandard, duediligence.ClassDoubtful},
		classes(l.History))
	last := l.History[len(l.History)-1]
	assert.Equal(t, duediligence.CauseManual, last.Cause)
	assert.Equal(t, "借款人涉诉，经营停滞", last.Reason)
	assert.Equal(t, e.users[risk].ID, last.By)
	assert.Equal(t, today, last.From)
	require.Len(t, l.Downgrades, 1)
	assert.Equal(t, duediligence.Downgrade{Date: today, From: duediligence.ClassSubstandard, To: duediligence.ClassDoubtful, By: e.users[risk].ID,
		Reason: "借款人涉诉，经营停滞", At: l.Downgrades[0].At}, l.Downgrades[0])
	assert.Equal(t, duediligence.ClassDoubtful, l.Classification)
}
