package duediligence_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/contracts"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestFundingRules fires each funding rule on facts made for it, with its
// citation and path, and keeps it quiet on a near miss.
func TestFundingRules(t *testing.T) {
	person := &dd.Investor{ID: "inv-1", Party: dd.Party{Kind: dd.Person, Name: "钱一"}, Suitability: dd.Suitability{Level: 3}}
	org := &dd.Investor{ID: "inv-2", Party: dd.Party{Kind: dd.Organization, Name: "某投资有限公司"}, Suitability: dd.Suitability{Level: 3}}
	funded := func(total string, kinds ...dd.FunderKind) *dd.FundingView {
		v := &dd.FundingView{Total: money.MustMoney(total)}
		for _, k := range kinds {
			v.Funders = append(v.Funders, dd.Funder{Kind: k})
		}
		return v
	}
	smallLoan := func(p *dd.Policy) { p.Pricing.Regime = contracts.RegimeSmallLoan }
	tests := []struct {
		rule       string
		policy     func(*dd.Policy)
		fire, pass *dd.FundingFacts
		path       string
	}{
		{rule: dd.RuleFundingSum, path: "funders",
			fire: &dd.FundingFacts{View: funded("420000.00", dd.FunderOrganization), Target: money.MustMoney("450000.00"), Disbursing: true},
			pass: &dd.FundingFacts{View: funded("450000.00", dd.FunderOrganization), Target: money.MustMoney("450000.00"), Disbursing: true}},
		{rule: dd.RuleFundingAllowedSources, policy: smallLoan, path: "investor_id",
			fire: &dd.FundingFacts{Candidate: person}, pass: &dd.FundingFacts{Candidate: org}},
		{rule: dd.RuleNoPublicSolicitation, path: "investor_id",
			fire: &dd.FundingFacts{Candidate: person, Chosen: false}, pass: &dd.FundingFacts{Candidate: person, Chosen: true}},
		{rule: dd.RuleFundingSuitability, path: "investor_id",
			fire: &dd.FundingFacts{Candidate: person, ProjectLevel: 4}, pass: &dd.FundingFacts{Candidate: person, ProjectLevel: 3}},
		{rule: dd.RuleSuitabilityCurrent, path: "investor_id",
			fire: &dd.FundingFacts{Candidate: assessedOn(person, "2025-11-27")}, pass: &dd.FundingFacts{Candidate: assessedOn(person, "2025-11-28")}},
		{rule: dd.RuleSuitabilityCurrent, policy: func(p *dd.Policy) { p.Funding.SuitabilityValidMonths = 6 }, path: "investor_id",
			fire: &dd.FundingFacts{Candidate: assessedOn(person, "2026-05-27")}, pass: &dd.FundingFacts{Candidate: assessedOn(person, "2026-06-01")}},
		{rule: dd.RuleNoPromisedReturn, path: "teaser",
			fire: &dd.FundingFacts{Texts: []dd.GeneratedText{{Path: "teaser", Text: "本项目保本保息，年化收益 8%"}}},
			pass: &dd.FundingFacts{Texts: []dd.GeneratedText{{Path: "teaser", Text: "不构成对本金或收益的任何承诺"}}}},
		{rule: dd.RuleTeaserPersonalData, path: "teaser",
			fire: &dd.FundingFacts{Texts: []dd.GeneratedText{{Path: "teaser", Text: "借款人王五经营建材"}}, Personal: []string{"王五", "13800138000"}},
			pass: &dd.FundingFacts{Texts: []dd.GeneratedText{{Path: "teaser", Text: "借款人经营建材"}}, Personal: []string{"王五", "13800138000"}}},
	}
	cat := dd.DefaultCatalogue()
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			r, ok := cat.Rule(tt.rule)
			require.True(t, ok)
			assert.NotEmpty(t, r.Citation)
			p := dd.DefaultPolicy()
			if tt.policy != nil {
				tt.policy(p)
			}
			eval := func(f *dd.FundingFacts) []dd.Unmet {
				v := dd.NewView(&dd.Case{}, p, now)
				v.Funding = f
				return r.Eval(v)
			}
			got := eval(tt.fire)
			require.NotEmpty(t, got, "the firing facts raise nothing")
			assert.Equal(t, tt.path, got[0].Path)
			assert.NotEmpty(t, dd.Messages().RenderResult(dd.Unmet{Key: got[0].Key, Params: got[0].Params}, "zh"))
			assert.Empty(t, eval(tt.pass), "the passing facts raise a result")
			assert.Empty(t, eval(nil), "no facts, nothing to say")
		})
	}
}

// assessedOn is inv assessed on the day.
func assessedOn(inv *dd.Investor, day string) *dd.Investor {
	c := *inv
	c.Suitability.AssessedOn = money.MustDate(day)
	return &c
}

// TestPromiseWords: every phrase of a promise is found, and the risk
// statement the teaser prints holds none.
func TestPromiseWords(t *testing.T) {
	assert.Equal(t, []string{"保本", "刚性兑付"}, dd.PromiseWords("承诺保本，刚性兑付"))
	assert.Equal(t, []string{"guaranteed return", "risk-free"}, dd.PromiseWords("A Guaranteed Return, risk-free"))
	assert.Empty(t, dd.PromiseWords("本推荐书仅介绍借款项目的基本情况，不构成对本金或收益的任何承诺。"))
}

// fundedLoan takes a case to the disbursement gate, has an organization
// investor commit to all of it and disburses: the investor funds the loan.
func fundedLoan(t *testing.T, adjust func(*dd.Policy)) (*loanFixture, *dd.Investor) {
	t.Helper()
	p := dd.DefaultPolicy()
	if adjust != nil {
		adjust(p)
	}
	now := today
	f := newFixtureClock(t, p, func() time.Time { return now })
	ctx := context.Background()
	c := signAll(t, f, contracting(t, f, p))
	c, err := f.svc.MeetCondition(ctx, f.fin, c.ID, c.Version, dd.ConditionInput{Index: 0, Evidence: "已核验"})
	require.NoError(t, err)
	_, _, err = f.svc.RecordFee(ctx, f.fin, c.ID, c.Version, dd.FeeInput{Name: "服务费", Amount: money.MustMoney("5000.00"), Payer: "张三"})
	require.NoError(t, err)
	var in dd.InvestorInput
	in.Party = dd.Party{Kind: dd.Organization, Name: "某某投资有限公司", CreditCode: withCheck("91110105MA00000AB")}
	in.Identity = dd.IdentityCheck{Method: dd.IdentityOnline, CheckedOn: money.MustDate("2026-11-01"), Evidence: "GSXT-1"}
	in.Disclosure = dd.RiskDisclosure{AcknowledgedOn: money.MustDate("2026-11-01"), Document: "FXJS-1"}
	in.Suitability.Level, in.Suitability.AssessedOn, in.Suitability.Basis = 5, money.MustDate("2026-11-01"), "机构投资者"
	inv, err := f.svc.RegisterInvestor(ctx, f.am, in)
	require.NoError(t, err)
	c, err = f.svc.FindCaseByID(ctx, f.am, c.ID)
	require.NoError(t, err)
	_, err = f.svc.ChooseInvestor(ctx, f.am, c.ID, c.Version, dd.SelectionInput{InvestorID: inv.ID})
	require.NoError(t, err)
	_, err = f.svc.ShowTeaser(ctx, f.am, c.ID, c.Version, dd.TeaserInput{InvestorID: inv.ID})
	require.NoError(t, err)
	_, err = f.svc.RecordInterest(ctx, f.am, c.ID, c.Version, dd.InterestInput{InvestorID: inv.ID})
	require.NoError(t, err)
	_, err = f.svc.Commit(ctx, f.am, c.ID, dd.CommitmentInput{InvestorID: inv.ID, Amount: money.MustMoney("500000.00"), IdempotencyKey: "cm-1"})
	require.NoError(t, err)
	l, _, err := f.svc.Disburse(ctx, f.fin, c.ID, dd.DisbursementInput{Amount: money.MustMoney("500000.00"), Account: "6222020200112233445",
		Entrusted: &dd.EntrustedPayment{Payee: "某供应商", Account: "1", Evidence: c.Documents[0].ID}, IdempotencyKey: "d-1"})
	require.NoError(t, err)
	return &loanFixture{fixture: f, c: c, loan: l, now: &now}, inv
}

// TestInvestorNotices_overdueClassificationCollection: a loan its investor
// funds falls overdue; the investor's notices tell the overdue, the
// classification it falls to and the collection notice delivered to the
// borrower, each once, naming nobody of the case.
func TestInvestorNotices_overdueClassificationCollection(t *testing.T) {
	lf, inv := fundedLoan(t, nil)
	ctx := context.Background()
	notices, err := lf.svc.InvestorNotices(ctx, lf.am, lf.c.ID, "zh")
	require.NoError(t, err)
	assert.Empty(t, notices, "nothing has happened yet")

	lf.at(lf.inst(0).DueDate.AddDays(40))
	c, err := lf.svc.FindCaseByID(ctx, lf.am, lf.c.ID)
	require.NoError(t, err)
	_, err = lf.svc.RecordDemand(ctx, lf.am, c.ID, c.Version, dd.DemandInput{To: dd.DemandBorrower, Method: dd.DemandInPerson,
		DeliveredOn: lf.inst(0).DueDate.AddDays(35), Proof: c.Documents[0].ID})
	require.NoError(t, err)
	notices, err = lf.svc.InvestorNotices(ctx, lf.am, lf.c.ID, "zh")
	require.NoError(t, err)
	var kinds []dd.NoticeKind
	for _, n := range notices {
		kinds = append(kinds, n.Kind)
		assert.Equal(t, inv.ID, n.InvestorID)
		assert.NotContains(t, n.Text, c.Applicant.Name)
		assert.NotContains(t, n.Text, c.Applicant.IDNumber)
	}
	assert.ElementsMatch(t, []dd.NoticeKind{dd.NoticeOverdue, dd.NoticeCollection, dd.NoticeClassification}, kinds)
	for _, n := range notices {
		if n.Kind == dd.NoticeClassification {
			assert.Contains(t, n.Text, "关注")
		}
	}
	again, err := lf.svc.InvestorNotices(ctx, lf.am, lf.c.ID, "en")
	require.NoError(t, err)
	require.Len(t, again, len(notices))
	assert.Equal(t, notices[0].ID, again[0].ID, "a notice keeps its ID")
	assert.Contains(t, again[0].Text, "Dear 某某投资有限公司")
}

// TestFunding_requireExternal: where the policy requires external funding,
// a loan on own funds alone is not disbursed.
func TestFunding_requireExternal(t *testing.T) {
	p := dd.DefaultPolicy()
	p.Funding.RequireExternal = true
	f := newFixture(t, p)
	ctx := context.Background()
	c := signAll(t, f, contracting(t, f, p))
	c, err := f.svc.MeetCondition(ctx, f.fin, c.ID, c.Version, dd.ConditionInput{Index: 0, Evidence: "已核验"})
	require.NoError(t, err)
	_, _, err = f.svc.RecordFee(ctx, f.fin, c.ID, c.Version, dd.FeeInput{Name: "服务费", Amount: money.MustMoney("5000.00"), Payer: "张三"})
	require.NoError(t, err)
	_, err = f.svc.SetFunders(ctx, f.am, c.ID, 0, dd.FundersInput{OwnFunds: money.MustMoney("500000.00")})
	require.NoError(t, err)
	_, _, err = f.svc.Disburse(ctx, f.fin, c.ID, dd.DisbursementInput{Amount: money.MustMoney("500000.00"), Account: "6222020200112233445",
		Entrusted: &dd.EntrustedPayment{Payee: "某供应商", Account: "1", Evidence: c.Documents[0].ID}, IdempotencyKey: "d-1"})
	e := asError(t, err, dd.CodeGate)
	assert.Equal(t, []string{"funding.sum funders"}, rules(e))
	assert.Contains(t, dd.Messages().RenderResult(e.Unmet[0], "zh"), "政策要求外部资金")
}

// TestAssessInvestor: an organization investor assessed 13 months ago may
// not be chosen for a project (funding.suitability_current, with its
// citation); re-assessed below the project's risk it is refused by
// funding.suitability; re-assessed at level 5 it is chosen. Every
// assessment is kept, the registration's first; a re-assessment dated
// before the current one, another account manager's and a risk officer's
// are refused.
func TestAssessInvestor(t *testing.T) {
	p := dd.DefaultPolicy()
	f := newFixtureClock(t, p, func() time.Time { return today })
	ctx := context.Background()
	c := contracting(t, f, p)
	var in dd.InvestorInput
	in.Party = dd.Party{Kind: dd.Organization, Name: "某某投资有限公司", CreditCode: withCheck("91110105MA00000AB")}
	in.Identity = dd.IdentityCheck{Method: dd.IdentityOnline, CheckedOn: money.MustDate("2025-10-20"), Evidence: "GSXT-1"}
	in.Disclosure = dd.RiskDisclosure{AcknowledgedOn: money.MustDate("2025-10-20"), Document: "FXJS-1"}
	in.Suitability.Level, in.Suitability.AssessedOn, in.Suitability.Basis = 5, money.MustDate("2025-10-20"), "机构投资者"
	inv, err := f.svc.RegisterInvestor(ctx, f.am, in)
	require.NoError(t, err)
	require.Len(t, inv.Assessments, 1)

	choose := func() error {
		c, err := f.svc.FindCaseByID(ctx, f.am, c.ID)
		require.NoError(t, err)
		_, err = f.svc.ChooseInvestor(ctx, f.am, c.ID, c.Version, dd.SelectionInput{InvestorID: inv.ID})
		return err
	}
	unmetOf := func(err error) dd.Unmet {
		t.Helper()
		var de *dd.Error
		require.ErrorAs(t, err, &de)
		require.Equal(t, dd.CodeGate, de.Code, "%v", err)
		require.Len(t, de.Unmet, 1)
		return de.Unmet[0]
	}
	u := unmetOf(choose())
	assert.Equal(t, dd.RuleSuitabilityCurrent, u.Rule)
	assert.Contains(t, u.Citation, "art. 13")
	assert.Contains(t, dd.CitationIn(u, "zh"), "《证券期货投资者适当性管理办法》")
	assert.Contains(t, dd.Messages().RenderResult(u, "zh"), "2026-10-20 届满")

	assess := func(who dd.Actor, level int, on string) (*dd.Investor, error) {
		return f.svc.AssessInvestor(ctx, who, inv.ID, dd.AssessmentInput{Level: level, AssessedOn: money.MustDate(on), Basis: "风险测评问卷", Document: "CP-" + on})
	}
	_, err = assess(f.am, 5, "2025-10-19")
	assert.Equal(t, dd.CodeInvalid, dd.ErrorCode(err), "before the current assessment")
	_, err = assess(f.am2, 5, "2026-11-20")
	assert.Equal(t, dd.CodeNotFound, dd.ErrorCode(err), "another account manager's investor")
	_, err = assess(f.aud, 5, "2026-11-20")
	assert.Equal(t, dd.CodeForbidden, dd.ErrorCode(err))
	_, err = f.svc.AssessInvestor(ctx, f.am, inv.ID, dd.AssessmentInput{Level: 6})
	var de *dd.Error
	require.ErrorAs(t, err, &de)
	assert.Len(t, de.Fields, 4, "level, assessed_on, basis and document")

	low, err := assess(f.am, 1, "2026-11-20")
	require.NoError(t, err)
	assert.Equal(t, 1, low.Suitability.Level)
	assert.Equal(t, dd.RuleFundingSuitability, unmetOf(choose()).Rule, "re-assessed, but below the project's risk")

	high, err := assess(f.am, 5, "2026-11-26")
	require.NoError(t, err)
	require.NoError(t, choose())
	got, err := f.svc.Investor(ctx, f.dm, inv.ID)
	require.NoError(t, err)
	assert.Equal(t, high.Suitability, got.Suitability)
	require.Len(t, got.Assessments, 3)
	assert.Equal(t, money.MustDate("2025-10-20"), got.Assessments[0].AssessedOn, "the registration's assessment is kept")
	assert.Equal(t, 1, got.Assessments[1].Level)
	assert.Equal(t, "CP-2026-11-26", got.Assessments[2].Document)
	assert.Equal(t, f.am.ID, got.Assessments[2].AssessedBy)
}

// TestLoadPolicy_SuitabilityValidity reads how long an assessment stands
// from the policy and refuses a value that cannot work.
func TestLoadPolicy_SuitabilityValidity(t *testing.T) {
	p, err := dd.LoadPolicy([]byte(`{"funding":{"suitability_valid_months":24}}`))
	require.NoError(t, err)
	assert.Equal(t, 24, p.Funding.SuitabilityValidMonths)
	for _, bad := range []string{`{"funding":{"suitability_valid_months":-1}}`, `{"funding":{"suitability_valid_months":121}}`} {
		_, err := dd.LoadPolicy([]byte(bad))
		assert.Error(t, err, bad)
	}
}
