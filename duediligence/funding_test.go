package duediligence_test

import (
	"testing"

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

// TestPromiseWords: every phrase of a promise is found, and the risk
// statement the teaser prints holds none.
func TestPromiseWords(t *testing.T) {
	assert.Equal(t, []string{"保本", "刚性兑付"}, dd.PromiseWords("承诺保本，刚性兑付"))
	assert.Equal(t, []string{"guaranteed return", "risk-free"}, dd.PromiseWords("A Guaranteed Return, risk-free"))
	assert.Empty(t, dd.PromiseWords("本推荐书仅介绍借款项目的基本情况，不构成对本金或收益的任何承诺。"))
}
