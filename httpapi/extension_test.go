package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestExtension walks an extension (展期) over HTTP on both backends: one
// beyond 贷款通则 art. 12 refused with the rule's citation, one within it
// approved in its own round, the schedule recomputed and the maturity moved.
func TestExtension(t *testing.T) { clockedBackends(t, walkExtension, withLender) }

func walkExtension(t *testing.T, e *env, at func(money.Date)) {
	w, first := disbursedLoan(t, e)
	n := len(first.Installments)
	require.Equal(t, 36, n)
	at(first.Installments[0].DueDate.AddDays(-1))

	// 36 months is a medium-term loan: at most 18 months of extension.
	p := problemOf(t, e.write(t, am, "POST", w.id, "/extensions", `{"months":19,"reason":"经营周转困难"}`), http.StatusConflict, "gate")
	require.Len(t, p.Unmet, 1)
	assert.Equal(t, "postloan.extension_limit", p.Unmet[0].Rule)
	assert.Contains(t, p.Unmet[0].Citation, "《贷款通则》（1996年）第十二条", "cited in Chinese by default")
	assert.Contains(t, p.Unmet[0].Message, "累计 18 个月", "in Chinese by default")
	problemOf(t, e.write(t, am, "POST", w.id, "/extensions", `{"months":0,"reason":""}`), http.StatusUnprocessableEntity, "invalid")
	e.write(t, dm, "POST", w.id, "/extensions", `{"months":6,"reason":"x"}`).must(t, http.StatusForbidden)
	e.do(t, am, "POST", w.base+"/extensions", `{"months":6,"reason":"x"}`).must(t, http.StatusPreconditionRequired)

	c := decode[duediligence.Case](t, e.write(t, am, "POST", w.id, "/extensions", `{"months":12,"reason":"经营周转困难，申请展期一年"}`).
		must(t, http.StatusCreated))
	round := c.Approvals[len(c.Approvals)-1]
	assert.Equal(t, duediligence.ApprovalExtension, round.Kind)
	require.NotNil(t, round.Extension)
	assert.Equal(t, first.Maturity.AddMonths(12), round.Extension.NewMaturity)
	e.write(t, am, "POST", w.id, "/extensions/consents", `{"guarantee_id":"nope","document_id":"nope"}`).must(t, http.StatusUnprocessableEntity)

	// The department manager approves the round: the loan is extended.
	c = decode[duediligence.Case](t, e.write(t, dm, "POST", w.id, "/decisions", `{"decision":"approve","comment":"同意展期"}`).must(t, http.StatusOK))
	assert.Equal(t, duediligence.StageDisbursed, c.Stage)
	assert.Equal(t, duediligence.DecisionApprove, c.Approvals[len(c.Approvals)-1].Outcome)
	st := decode[duediligence.LoanStatus](t, e.do(t, am, "GET", w.base+"/loan", nil).must(t, http.StatusOK))
	assert.Len(t, st.Installments, n+12)
	assert.Equal(t, first.Maturity.AddMonths(12), st.Maturity)
	assert.Equal(t, first.Principal, st.Principal)
	ds := decode[duediligence.Deadlines](t, e.do(t, am, "GET", w.base+"/deadlines", nil).must(t, http.StatusOK))
	assert.Equal(t, st.Maturity, ds.DebtDue, "the limitation period runs from the new last due date")
	mat := decode[duediligence.PortfolioPage[duediligence.Maturity]](t, e.do(t, dm, "GET", "/v1/portfolio/maturities?within_days=40", nil).must(t, http.StatusOK))
	require.NotEmpty(t, mat.Rows)
	assert.Equal(t, st.Installments[0].DueDate, mat.Rows[0].DueDate)

	// Six more months would take the extensions to 18: within the limit;
	// a seventh past it.
	p = problemOf(t, e.write(t, am, "POST", w.id, "/extensions", `{"months":7,"reason":"再次展期"}`), http.StatusConflict, "gate")
	assert.Contains(t, p.Unmet[0].Message, "已展期 12 个月")
}

// thirdPartyMachine is a machine a third party (赵六) pledges for the
// borrower's debt: a third-party security provider, who consents to an
// extension as a guarantor does.
const thirdPartyMachine = `{"kind":"equipment","arrangement":"pledge","description":"赵六的数控机床一台","co_ownership":"sole","owners":[{"name":"赵六","id_number":"110105198002020021","relation":"third_party"}],"status":{},"occupancy":{},"perfection":{},"appraisals":[{"appraiser":"某评估公司","method":"market","value":"100000.00","date":"2026-02-01"}]}`

// disbursedThirdPartyLoan is a disbursed loan secured by the borrower's
// flat and by thirdPartyMachine, whose pledge was delivered.
func disbursedThirdPartyLoan(t *testing.T, e *env) *walk {
	t.Helper()
	w := readyToDisburseWith(t, e, []string{thirdPartyMachine}, func(w *walk, ids []string) {
		doc := w.get(t, am).Documents[0].ID
		w.write(t, finance, "POST", "/perfections", map[string]any{"item_id": ids[0], "act": "delivery", "on": "2026-03-02", "document": doc}, http.StatusCreated)
	})
	disburse(t, e, w)
	return w
}

// TestExtension_thirdPartySecurity: the loan is secured by the borrower's
// own flat and by a third party's pledged machine. The extension is not
// approved until the third party consents in writing (SPC interpretation
// on security art. 20, Civil Code art. 695); the flat needs no consent.
func TestExtension_thirdPartySecurity(t *testing.T) {
	backends(t, func(t *testing.T, e *env) {
		w := disbursedThirdPartyLoan(t, e)
		c := w.get(t, am)
		require.Len(t, c.Collateral, 2)
		flat, machine, doc := c.Collateral[0].ID, c.Collateral[1].ID, c.Documents[0].ID

		// A consent names a guarantee or an item, not both; the borrower's
		// flat is nobody's to consent to.
		p := problemOf(t, e.write(t, am, "POST", w.id, "/extensions",
			`{"months":6,"reason":"经营周转困难","consents":[{"guarantee_id":"g","collateral_id":"`+machine+`","document_id":"`+doc+`"},{"collateral_id":"`+flat+`","document_id":"`+doc+`"}]}`),
			http.StatusUnprocessableEntity, "invalid")
		var fields []string
		for _, f := range p.Errors {
			fields = append(fields, f.Field)
		}
		assert.Equal(t, []string{"consents[0].collateral_id", "consents[1].collateral_id"}, fields)
		assert.Contains(t, p.Errors[1].Message, "借款人本人所有")

		e.write(t, am, "POST", w.id, "/extensions", `{"months":6,"reason":"经营周转困难"}`).must(t, http.StatusCreated)
		p = problemOf(t, e.write(t, dm, "POST", w.id, "/decisions", `{"decision":"approve","comment":"同意展期"}`), http.StatusConflict, "gate")
		require.Len(t, p.Unmet, 1, "only the third party's machine: %+v", p.Unmet)
		assert.Equal(t, "postloan.extension_guarantor_consent", p.Unmet[0].Rule)
		assert.Equal(t, "collateral[1]", p.Unmet[0].Path)
		assert.Contains(t, p.Unmet[0].Message, "赵六")
		assert.Contains(t, p.Unmet[0].Citation, "有关担保制度的解释》第二十条")

		c = decode[duediligence.Case](t, e.write(t, am, "POST", w.id, "/extensions/consents",
			`{"collateral_id":"`+machine+`","document_id":"`+doc+`"}`).must(t, http.StatusOK))
		x := c.Approvals[len(c.Approvals)-1].Extension
		require.Len(t, x.Consents, 1)
		assert.Equal(t, machine, x.Consents[0].CollateralID)
		c = decode[duediligence.Case](t, e.write(t, dm, "POST", w.id, "/decisions", `{"decision":"approve","comment":"同意展期"}`).must(t, http.StatusOK))
		assert.Equal(t, duediligence.DecisionApprove, c.Approvals[len(c.Approvals)-1].Outcome)
		st := decode[duediligence.LoanStatus](t, e.do(t, am, "GET", w.base+"/loan", nil).must(t, http.StatusOK))
		assert.Equal(t, x.NewMaturity, st.Maturity)
	}, withLender)
}

// TestExtension_investorNotices follows an extension of a loan investors
// fund to their notices: two investors commit the whole loan, it is
// disbursed, the borrower asks for twelve more months — which tells the
// investors nothing while the round is under way — and once the
// department manager approves the round each investor has one notice of
// the extension, in Chinese, with the new maturity and no personal value
// of the case.
func TestExtension_investorNotices(t *testing.T) { testExtensionNotices(t) }

// TestExtension_investorNoticesPostgres is TestExtension_investorNotices
// on PostgreSQL.
func TestExtension_investorNoticesPostgres(t *testing.T) {
	url := postgresURL(t)
	testExtensionNotices(t, func(cfg *envConfig) { cfg.databaseURL = url })
}

func testExtensionNotices(t *testing.T, adjust ...func(*envConfig)) {
	var cfg *envConfig
	e := newEnv(t, append([]func(*envConfig){withLender, func(c *envConfig) { cfg = c }}, adjust...)...)
	w := readyToDisburse(t, e)
	c := w.get(t, am)
	investors := []duediligence.Investor{
		registerInvestor(t, e, am, "钱一", residentID("11010519800101001"), 5),
		registerInvestor(t, e, am, "孙二", residentID("11010519810202002"), 5),
	}
	for i, inv := range investors {
		e.write(t, am, "POST", w.id, "/funding/selections", map[string]any{"investor_id": inv.ID}).must(t, http.StatusCreated)
		e.write(t, am, "POST", w.id, "/teasers", map[string]any{"investor_id": inv.ID}).must(t, http.StatusCreated)
		e.write(t, am, "POST", w.id, "/funding/interests", map[string]any{"investor_id": inv.ID}).must(t, http.StatusCreated)
		e.do(t, am, "POST", w.base+"/commitments", map[string]any{"investor_id": inv.ID, "amount": []string{"300000.00", "150000.00"}[i]},
			"Idempotency-Key", "cm-"+inv.ID).must(t, http.StatusCreated)
	}
	e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"450000.00","account":"6222020200112233445"}`, "Idempotency-Key", "pay-1").
		must(t, http.StatusCreated)
	first := decode[duediligence.LoanStatus](t, e.do(t, am, "GET", w.base+"/loan", nil).must(t, http.StatusOK))
	asked := first.Installments[0].DueDate.AddDays(-1)
	cfg.now = time.Date(asked.Year, asked.Month, asked.Day, 4, 0, 0, 0, time.UTC)

	notices := func() []duediligence.InvestorNotice {
		t.Helper()
		return decode[struct{ Notices []duediligence.InvestorNotice }](t, e.do(t, am, "GET", w.base+"/investor-notices", nil).must(t, http.StatusOK)).Notices
	}
	extensions := func(ns []duediligence.InvestorNotice) (out []duediligence.InvestorNotice) {
		for _, n := range ns {
			if n.Kind == duediligence.NoticeExtension {
				out = append(out, n)
			}
		}
		return out
	}
	asking := decode[duediligence.Case](t, e.write(t, am, "POST", w.id, "/extensions", `{"months":12,"reason":"经营周转困难，申请展期一年"}`).
		must(t, http.StatusCreated))
	round := asking.Approvals[len(asking.Approvals)-1]
	require.NotNil(t, round.Extension)
	maturity := round.Extension.NewMaturity
	assert.Equal(t, first.Maturity.AddMonths(12), maturity)
	assert.Empty(t, extensions(notices()), "a request under way tells the investors nothing")

	e.write(t, dm, "POST", w.id, "/decisions", `{"decision":"approve","comment":"同意展期"}`).must(t, http.StatusOK)
	st := decode[duediligence.LoanStatus](t, e.do(t, am, "GET", w.base+"/loan", nil).must(t, http.StatusOK))
	require.Equal(t, maturity, st.Maturity, "the loan is extended")
	got := extensions(notices())
	require.Len(t, got, len(investors), "one extension notice per investor")
	for i, inv := range investors {
		n := got[i]
		assert.Equal(t, inv.ID, n.InvestorID)
		assert.Equal(t, asked, n.Date, "the day the round was approved")
		assert.Contains(t, n.Text, inv.Party.Name+"：")
		assert.Contains(t, n.Text, "展期后到期日为 "+maturity.String(), "the new maturity, in Chinese")
		assert.Contains(t, n.Text, "2026-000001-JK")
		for _, v := range personalValues(c) {
			assert.NotContains(t, n.Text, v)
		}
	}
	en := decode[struct{ Notices []duediligence.InvestorNotice }](t, e.do(t, am, "GET", w.base+"/investor-notices", nil, "Accept-Language", "en").
		must(t, http.StatusOK)).Notices
	require.Len(t, extensions(en), len(investors))
	assert.Contains(t, extensions(en)[0].Text, "now matures on "+maturity.String())
	assert.Equal(t, got[0].ID, extensions(en)[0].ID, "one notice in either language")
}
