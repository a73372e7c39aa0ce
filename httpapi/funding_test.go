package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/govalues/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// residentID completes 17 digits with their GB 11643 check character.
func residentID(digits17 string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(digits17[i]-'0') * w
	}
	return digits17 + string("10X98765432"[sum%11])
}

// investorBody registers a person investor of suitability level.
func investorBody(name, id string, level int) string {
	return fmt.Sprintf(`{"party":{"kind":"person","name":%q,"id_number":%q,"phone":"13900139000"},
		"identity":{"method":"online_check","checked_on":"2026-03-01","evidence":"NCIIC-%.18s"},
		"risk_disclosure":{"acknowledged_on":"2026-03-01","document":"FXJS-%.18s"},
		"suitability":{"level":%d,"assessed_on":"2026-03-01","basis":"风险测评问卷 72 分"}}`, name, id, id, id, level)
}

// registerInvestor registers an investor as who and returns it.
func registerInvestor(t *testing.T, e *env, who, name, id string, level int) duediligence.Investor {
	t.Helper()
	return decode[duediligence.Investor](t, e.do(t, who, "POST", "/v1/investors", investorBody(name, id, level)).must(t, http.StatusCreated))
}

// personalValues are every personal value of a case as its owner reads it.
func personalValues(c duediligence.Case) []string {
	var out []string
	add := func(p *duediligence.Party) {
		if p == nil {
			return
		}
		for _, v := range []string{p.Name, p.IDNumber, p.Phone, p.Address, p.Employer, p.CreditCode} {
			if v != "" {
				out = append(out, v)
			}
		}
	}
	add(&c.Applicant)
	add(c.Applicant.Spouse)
	add(c.Applicant.LegalRepresentative)
	for i := range c.CoBorrowers {
		add(&c.CoBorrowers[i])
	}
	for i := range c.Guarantees {
		add(&c.Guarantees[i].Guarantor)
	}
	for _, it := range c.Collateral {
		out = append(out, it.Address, it.TitleNumber)
		for _, o := range it.Owners {
			out = append(out, o.Name, o.IDNumber)
		}
	}
	return out
}

func TestWalk_funding(t *testing.T) { walkFunding(t, newEnv(t, withLender)) }

// TestWalk_fundingPostgres is TestWalk_funding on PostgreSQL, where the
// concurrent commitments race on the funding record's row lock.
func TestWalk_fundingPostgres(t *testing.T) {
	walkFunding(t, newEnv(t, withLender, func(cfg *envConfig) { cfg.databaseURL = postgresURL(t) }))
}

// walkFunding registers investors, chooses them for an approved project,
// shows them its teaser, takes twenty concurrent commitments, disburses
// past the funding condition and drafts the notices of a repayment.
func walkFunding(t *testing.T, e *env) {
	w := readyToDisburse(t, e)
	c := w.get(t, am)

	// Investors: an adult with a checked ID, registered once.
	alice := registerInvestor(t, e, am, "钱一", residentID("11010519800101001"), 3)
	bob := registerInvestor(t, e, am, "孙二", residentID("11010519810202002"), 3)
	carol := registerInvestor(t, e, am, "周三", residentID("11010519820303003"), 3)
	timid := registerInvestor(t, e, am, "吴四", residentID("11010519830404004"), 1)
	stranger := registerInvestor(t, e, am2, "郑五", residentID("11010519840505005"), 5)
	e.do(t, am, "POST", "/v1/investors", investorBody("钱一", alice.Party.IDNumber, 3)).must(t, http.StatusConflict)
	minor := e.do(t, am, "POST", "/v1/investors", investorBody("小六", residentID("11010520200101006"), 3))
	assert.Contains(t, fieldsOf(problemOf(t, minor, http.StatusUnprocessableEntity, "invalid")), "party.id_number")
	list := decode[struct{ Investors []duediligence.Investor }](t, e.do(t, am, "GET", "/v1/investors", nil).must(t, http.StatusOK))
	assert.Len(t, list.Investors, 4, "an account manager's own")
	masked := decode[duediligence.Investor](t, e.do(t, auditor, "GET", "/v1/investors/"+alice.ID, nil).must(t, http.StatusOK))
	assert.NotEqual(t, alice.Party.IDNumber, masked.Party.IDNumber, "masked for the auditor")
	e.do(t, am2, "GET", "/v1/investors/"+alice.ID, nil).must(t, http.StatusNotFound)

	// A teaser is shown only to an investor chosen for the project.
	teaser := func(who, id string, status int, hdr ...string) response {
		return e.write(t, who, "POST", w.id, "/teasers", map[string]any{"investor_id": id}, hdr...).must(t, status)
	}
	assert.Equal(t, []string{"funding.no_public_solicitation"}, unmetRules(t, teaser(am, alice.ID, http.StatusConflict)))
	assert.Equal(t, []string{"funding.suitability"}, unmetRules(t, e.write(t, am, "POST", w.id, "/funding/selections", map[string]any{"investor_id": timid.ID})))
	e.write(t, am, "POST", w.id, "/funding/selections", map[string]any{"investor_id": stranger.ID}).must(t, http.StatusUnprocessableEntity) // not am's
	for _, inv := range []duediligence.Investor{alice, bob, carol} {
		e.write(t, am, "POST", w.id, "/funding/selections", map[string]any{"investor_id": inv.ID}).must(t, http.StatusCreated)
	}
	e.write(t, am, "POST", w.id, "/funding/selections", map[string]any{"investor_id": bob.ID}).must(t, http.StatusConflict)

	// The teaser holds none of the case's personal values, in either
	// rendering, and promises nothing.
	html := teaser(am, alice.ID, http.StatusCreated, "Accept", "text/html")
	md := teaser(am, alice.ID, http.StatusCreated, "Accept", "text/markdown")
	doc := decode[duediligence.TeaserDocument](t, teaser(am, alice.ID, http.StatusCreated))
	for _, text := range []string{string(html.body), string(md.body), doc.Markdown, doc.HTML} {
		for _, v := range personalValues(c) {
			assert.NotContains(t, text, v)
		}
		assert.Empty(t, duediligence.PromiseWords(text))
	}
	require.NotEmpty(t, personalValues(c))
	assert.Contains(t, string(html.body), "项目推荐书")
	assert.Contains(t, string(html.body), "450,000.00")
	assert.Contains(t, string(html.body), "钱一", "the investor it was prepared for")
	// Coverage and loan to value print as percentages, as every document's
	// ratios do (the JSON keeps the decimal).
	for _, ratio := range []string{doc.Teaser.Coverage, doc.Teaser.LTV} {
		require.NotEmpty(t, ratio)
		d, err := decimal.Parse(ratio)
		require.NoError(t, err)
		pct := money.Percent(d, money.PercentPlaces, money.PercentPlaces)
		assert.Contains(t, string(html.body), pct)
		assert.Contains(t, string(md.body), pct)
		assert.NotContains(t, string(html.body), ">"+ratio+"<")
	}
	assert.Contains(t, string(md.body), "不构成对本金或收益的任何承诺")
	assert.Equal(t, "residential", string(doc.Teaser.Collateral[0].Kind))
	en := teaser(am, bob.ID, http.StatusCreated, "Accept", "text/markdown", "Accept-Language", "en")
	assert.Contains(t, string(en.body), "neither principal nor any return is promised")
	e.write(t, finance, "POST", w.id, "/teasers", map[string]any{"investor_id": alice.ID}).must(t, http.StatusForbidden)
	e.write(t, am, "POST", w.id, "/teasers", map[string]any{"investor_id": alice.ID}, "Accept", "text/csv").must(t, http.StatusNotAcceptable)

	// Interest, then commitments: twenty at once, 30,000 each, against
	// 450,000: fifteen stand, five are refused, never more than the loan.
	e.do(t, am, "POST", w.base+"/commitments", map[string]any{"investor_id": carol.ID, "amount": "30000.00"}, "Idempotency-Key", "c-early").must(t, http.StatusConflict)
	for _, inv := range []duediligence.Investor{alice, bob, carol} {
		teaser(am, inv.ID, http.StatusCreated)
		e.write(t, am, "POST", w.id, "/funding/interests", map[string]any{"investor_id": inv.ID, "note": "有意认购"}).must(t, http.StatusCreated)
	}
	investors := []duediligence.Investor{alice, bob, carol}
	statuses := make([]int, 20)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			r := e.do(t, am, "POST", w.base+"/commitments", map[string]any{"investor_id": investors[i%3].ID, "amount": "30000.00"},
				"Idempotency-Key", fmt.Sprintf("commit-%d", i))
			statuses[i] = r.status
		})
	}
	wg.Wait()
	counts := map[int]int{}
	for _, s := range statuses {
		counts[s]++
	}
	assert.Equal(t, map[int]int{http.StatusCreated: 15, http.StatusConflict: 5}, counts)
	f := decode[duediligence.FundingView](t, e.do(t, finance, "GET", w.base+"/funding", nil).must(t, http.StatusOK))
	assert.Equal(t, "450000.00", f.Total.String())
	require.Len(t, f.Funders, 15)
	assert.Equal(t, "0.0667", f.Funders[0].Share)

	// A retry answers the first commitment; a withdrawal frees its part,
	// and the disbursement then waits for the funders to add up.
	var first duediligence.Commitment
	for i := range 20 {
		if statuses[i] == http.StatusCreated {
			first = decode[duediligence.Commitment](t, e.do(t, am, "POST", w.base+"/commitments",
				map[string]any{"investor_id": investors[i%3].ID, "amount": "30000.00"}, "Idempotency-Key", fmt.Sprintf("commit-%d", i)).must(t, http.StatusCreated))
			break
		}
	}
	e.write(t, am, "POST", w.id, "/commitments/"+first.ID+"/withdrawal", `{"reason":"投资客户资金安排变化"}`).must(t, http.StatusOK)
	e.write(t, am, "POST", w.id, "/commitments/"+first.ID+"/withdrawal", `{"reason":"再次"}`).must(t, http.StatusConflict)
	post := `{"amount":"450000.00","account":"6222020200112233445"}`
	assert.Equal(t, []string{"funding.sum"}, unmetRules(t, e.do(t, finance, "POST", w.base+"/disbursement", post, "Idempotency-Key", "pay-1")))
	f = decode[duediligence.FundingView](t, e.write(t, am, "PUT", w.id, "/funding", `{"own_funds":"30000.00"}`).must(t, http.StatusOK))
	assert.Equal(t, "450000.00", f.Total.String())
	e.do(t, finance, "POST", w.base+"/disbursement", post, "Idempotency-Key", "pay-2").must(t, http.StatusCreated)
	e.write(t, am, "POST", w.id, "/commitments/"+f.Commitments[1].ID+"/withdrawal", `{"reason":"晚了"}`).must(t, http.StatusConflict)

	// A repayment: a notice for each investor, naming no borrower; its
	// delivery recorded once.
	loan := decode[duediligence.Loan](t, e.do(t, am, "GET", w.base+"/schedule", nil).must(t, http.StatusOK))
	due := loan.Tranches[0].Installments[0]
	e.do(t, finance, "POST", w.base+"/repayments", map[string]any{"amount": due.Payment.String(), "date": "2026-03-02", "payer": "王五",
		"reference": "R-1", "channel": "bank_transfer"}, "Idempotency-Key", "rep-1").must(t, http.StatusCreated)
	notices := decode[struct{ Notices []duediligence.InvestorNotice }](t, e.do(t, am, "GET", w.base+"/investor-notices", nil).must(t, http.StatusOK)).Notices
	require.Len(t, notices, 3, "one per investor")
	for _, n := range notices {
		assert.Equal(t, duediligence.NoticeRepayment, n.Kind)
		assert.Contains(t, n.Text, "收到借款人还款")
		for _, v := range personalValues(c) {
			assert.NotContains(t, n.Text, v)
		}
	}
	d := e.write(t, am, "POST", w.id, "/investor-notices/"+notices[0].ID+"/delivery", `{"method":"sms","delivered_on":"2026-03-02","proof":"SMS-1"}`)
	d.must(t, http.StatusCreated)
	e.write(t, am, "POST", w.id, "/investor-notices/"+notices[0].ID+"/delivery", `{"method":"sms","delivered_on":"2026-03-02","proof":"SMS-1"}`).must(t, http.StatusConflict)
	again := decode[struct{ Notices []duediligence.InvestorNotice }](t, e.do(t, am, "GET", w.base+"/investor-notices", nil).must(t, http.StatusOK)).Notices
	require.NotNil(t, again[0].Delivery)
	assert.Equal(t, "SMS-1", again[0].Delivery.Proof)

	// Investor visits are recorded with the borrower's: only of an
	// investor whose commitment funds the loan.
	e.write(t, am, "POST", w.id, "/visits", map[string]any{"subject": "investor", "subject_id": bob.ID, "method": "phone", "findings": "告知还款情况，投资客户无异议"}).
		must(t, http.StatusCreated)
	e.write(t, am, "POST", w.id, "/visits", map[string]any{"subject": "investor", "subject_id": timid.ID, "method": "phone", "findings": "回访"}).
		must(t, http.StatusUnprocessableEntity)
	e.write(t, am, "POST", w.id, "/visits", map[string]any{"subject": "borrower", "method": "on_site", "findings": "经营正常"}).must(t, http.StatusCreated)
	visits := decode[duediligence.Visits](t, e.do(t, am, "GET", w.base+"/visits", nil).must(t, http.StatusOK))
	require.Len(t, visits.Visits, 2)
	assert.Equal(t, duediligence.VisitInvestor, visits.Visits[0].Subject)

	var trail []string
	for _, ev := range decode[struct{ Events []duediligence.Event }](t, e.do(t, auditor, "GET", w.base+"/events", nil).must(t, http.StatusOK)).Events {
		if strings.HasPrefix(ev.Action, "funding.") {
			trail = append(trail, ev.Action)
		}
	}
	assert.Contains(t, trail, "funding.teaser_shown")
	assert.Contains(t, trail, "funding.notice_delivered")
}

// TestFunding_smallLoanTakesNoIndividualInvestors: under the small-loan
// regime a person investor is neither chosen nor shown the project.
func TestFunding_smallLoanTakesNoIndividualInvestors(t *testing.T) {
	e := newEnv(t, func(cfg *envConfig) {
		cfg.policy = func(p *duediligence.Policy) {
			p.LenderName = lenderName
			p.Pricing.Regime = contracts.RegimeSmallLoan
			assets := money.MustMoney("100000000.00")
			p.Limits.LenderNetAssets = &assets
		}
	})
	w := readyToDisburse(t, e)
	inv := registerInvestor(t, e, am, "钱一", residentID("11010519800101001"), 5)
	assert.Equal(t, []string{"funding.allowed_sources"}, unmetRules(t, e.write(t, am, "POST", w.id, "/funding/selections", map[string]any{"investor_id": inv.ID})))
	got := unmetRules(t, e.write(t, am, "POST", w.id, "/teasers", map[string]any{"investor_id": inv.ID}))
	assert.ElementsMatch(t, []string{"funding.no_public_solicitation", "funding.allowed_sources"}, got)
	p := problemOf(t, e.write(t, am, "POST", w.id, "/teasers", map[string]any{"investor_id": inv.ID}), http.StatusConflict, "gate")
	assert.Contains(t, p.Unmet[1].Message, "个人投资客户")
}

// TestFunding_reassessment: an investor chosen on an assessment that then
// runs out (12 months by default) is shown no teaser and takes no
// commitment (funding.suitability_current, citing its source in Chinese);
// re-assessed below the project's risk it is refused by
// funding.suitability; re-assessed at level 5 it is shown the project.
// Every assessment is kept; another account manager's investor is not
// found, and a risk officer does not assess.
func TestFunding_reassessment(t *testing.T) {
	var cfg *envConfig
	e := newEnv(t, withLender, func(c *envConfig) { cfg = c })
	w := readyToDisburse(t, e)
	body := strings.Replace(investorBody("钱一", residentID("11010519800101001"), 5), `"assessed_on":"2026-03-01"`, `"assessed_on":"2025-03-10"`, 1)
	inv := decode[duediligence.Investor](t, e.do(t, am, "POST", "/v1/investors", body).must(t, http.StatusCreated))
	require.Len(t, inv.Assessments, 1)
	e.write(t, am, "POST", w.id, "/funding/selections", map[string]any{"investor_id": inv.ID}).must(t, http.StatusCreated)
	e.write(t, am, "POST", w.id, "/teasers", map[string]any{"investor_id": inv.ID}).must(t, http.StatusCreated)
	e.write(t, am, "POST", w.id, "/funding/interests", map[string]any{"investor_id": inv.ID}).must(t, http.StatusCreated)

	cfg.now = cfg.now.AddDate(0, 0, 10) // 2026-03-12: the assessment stood to 2026-03-10
	p := problemOf(t, e.write(t, am, "POST", w.id, "/teasers", map[string]any{"investor_id": inv.ID}), http.StatusConflict, "gate")
	require.Len(t, p.Unmet, 1)
	assert.Equal(t, "funding.suitability_current", p.Unmet[0].Rule)
	assert.Contains(t, p.Unmet[0].Message, "已于 2026-03-10 届满")
	assert.Contains(t, p.Unmet[0].Citation, "《证券期货投资者适当性管理办法》")
	commit := e.do(t, am, "POST", w.base+"/commitments", map[string]any{"investor_id": inv.ID, "amount": "100000.00"}, "Idempotency-Key", "cm-1")
	assert.Equal(t, []string{"funding.suitability_current"}, unmetRules(t, commit))

	assess := func(who string, level int, on string) response {
		return e.do(t, who, "POST", "/v1/investors/"+inv.ID+"/assessments",
			fmt.Sprintf(`{"level":%d,"assessed_on":%q,"basis":"风险测评问卷","document":"CP-%d"}`, level, on, level))
	}
	assess(risk, 5, "2026-03-12").must(t, http.StatusForbidden)
	assess(am2, 5, "2026-03-12").must(t, http.StatusNotFound)
	assert.Contains(t, fieldsOf(problemOf(t, assess(am, 5, "2025-03-01"), http.StatusUnprocessableEntity, "invalid")), "assessed_on")
	assert.Contains(t, fieldsOf(problemOf(t, assess(am, 5, "2026-03-13"), http.StatusUnprocessableEntity, "invalid")), "assessed_on", "not in the future")
	assess(am, 1, "2026-03-11").must(t, http.StatusCreated)
	assert.Equal(t, []string{"funding.suitability"}, unmetRules(t, e.write(t, am, "POST", w.id, "/teasers", map[string]any{"investor_id": inv.ID})))

	now := decode[duediligence.Investor](t, assess(am, 5, "2026-03-12").must(t, http.StatusCreated))
	assert.Equal(t, 5, now.Suitability.Level)
	e.write(t, am, "POST", w.id, "/teasers", map[string]any{"investor_id": inv.ID}).must(t, http.StatusCreated)
	e.do(t, am, "POST", w.base+"/commitments", map[string]any{"investor_id": inv.ID, "amount": "100000.00"}, "Idempotency-Key", "cm-2").must(t, http.StatusCreated)
	got := decode[duediligence.Investor](t, e.do(t, dm, "GET", "/v1/investors/"+inv.ID, nil).must(t, http.StatusOK))
	require.Len(t, got.Assessments, 3, "none overwritten")
	assert.Equal(t, []int{5, 1, 5}, []int{got.Assessments[0].Level, got.Assessments[1].Level, got.Assessments[2].Level})
	assert.Equal(t, "2025-03-10", got.Assessments[0].AssessedOn.String())
	assert.Equal(t, "CP-5", got.Suitability.Document)
	assert.Equal(t, e.users[am].ID, got.Suitability.AssessedBy)
}
