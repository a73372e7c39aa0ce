package duediligence

import (
	"slices"
	"strconv"
	"strings"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The funding rules' IDs (RULES.md, Clients, concentration and funding).
const (
	RuleFundingSum            = "funding.sum"
	RuleNoPublicSolicitation  = "funding.no_public_solicitation"
	RuleNoPromisedReturn      = "funding.no_promised_return"
	RuleFundingAllowedSources = "funding.allowed_sources"
	RuleFundingSuitability    = "funding.suitability"
	RuleSuitabilityCurrent    = "funding.suitability_current"
	RuleTeaserPersonalData    = "funding.teaser_personal_data"
)

// FundingFacts is what the funding rules read: the loan's funding as it
// stands or would stand, the investor a step concerns, and the texts
// generated for investors. The service builds it for the step it guards
// (choosing an investor, showing a teaser, a commitment, a disbursement,
// a notice); nil outside their evaluation, where the rules find nothing.
type FundingFacts struct {
	View *FundingView
	// Target is what the funders must add up to: the amount disbursed
	// with the posting (Disbursing) or, before, the loan.
	Target     money.Money
	Disbursing bool
	// Candidate is the investor the step concerns, if any; Chosen whether
	// it is among the project's chosen investors.
	Candidate *Investor
	Chosen    bool
	// ProjectLevel is the project's risk level (1 to 5, projectRisk).
	ProjectLevel int
	// Texts are the generated texts to scan, by path; Personal every
	// personal value of the case, which none may contain.
	Texts    []GeneratedText
	Personal []string
}

// GeneratedText is a text written for an investor, under a path.
type GeneratedText struct {
	Path string
	Text string
}

// fundingGates: the funding rules gate the disbursement (the gate has no
// facts and finds nothing; the posting adds the funding condition itself,
// fundingGate) and are otherwise run by the service on the steps they guard.
var fundingGates = []Stage{StageDisbursed}

const (
	citeIllegalFundraising = "防范和处置非法集资条例 2021 art. 2, art. 19; 刑法 art. 176; SPC interpretation on illegal fund-raising (2022 revision) art. 1 (secondary)"
	citeSmallLoanSources   = "关于小额贷款公司试点的指导意见 (银监发〔2008〕23号) §2 funding sources; 金规〔2024〕26号 (secondary); illegal fund-raising rules: 刑法 art. 176, 防范和处置非法集资条例 art. 2"
)

// fundingRules are the funding rules of RULES.md and two the teaser needs.
var fundingRules = []Rule{
	{ID: RuleFundingSum, Severity: check.Block, Gates: fundingGates, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "where a loan is funded by co-lenders or investors (or the policy requires external funding), the funders add up to the amount disbursed, all tranches, and never exceed the loan",
		DescriptionZH: "贷款由联合出资机构或投资客户出资（或政策要求外部资金）的，各出资方金额合计等于已发放金额（含各笔次），且不超过贷款金额",
		Eval: func(v *View) []check.Result {
			f := v.Funding
			if f == nil || f.View == nil {
				return nil
			}
			fv := f.View
			var out []check.Result
			external := slices.ContainsFunc(fv.Funders, func(x Funder) bool { return x.Kind != FunderOwnFunds })
			if v.Policy.Funding.RequireExternal && !external {
				out = append(out, check.Result{Path: "funders", Key: "funding.sum.external_required"})
			}
			p := check.Params{"total": fv.Total.String(), "target": f.Target.String()}
			switch c := fv.Total.Cmp(f.Target); {
			case c == 0:
			case f.Disbursing:
				out = append(out, check.Result{Path: "funders", Key: "funding.sum.differs", Params: p})
			case c < 0:
				out = append(out, check.Result{Path: "funders", Severity: check.Info, Key: "funding.sum.short", Params: p})
			default:
				out = append(out, check.Result{Path: "funders", Key: "funding.sum.over", Params: check.Params{"total": fv.Total.String(), "approved": f.Target.String()}})
			}
			return out
		}},
	{ID: RuleFundingAllowedSources, Severity: check.Block, Gates: fundingGates, Citation: citeSmallLoanSources,
		CitationZH:    "《关于小额贷款公司试点的指导意见》（银监发〔2008〕23号）第二条（资金来源）；《国家金融监督管理总局关于促进小额贷款公司稳健发展的指导意见》（金规〔2024〕26号）；《中华人民共和国刑法》第一百七十六条；《防范和处置非法集资条例》第二条",
		Description:   "the lender's regime decides which kinds of funder may fund a loan; by default a small-loan company takes no individual investors (its funding sources are restricted, and money from individuals is public deposits)",
		DescriptionZH: "出资方类型以出借人所适用的监管口径为准；小额贷款公司默认不得接受个人投资客户出资（其资金来源受限，向个人吸收资金构成吸收公众存款）",
		Eval: func(v *View) []check.Result {
			f := v.Funding
			if f == nil {
				return nil
			}
			allowed := v.Policy.AllowedSources()
			var out []check.Result
			refuse := func(path string, kind FunderKind) {
				out = append(out, check.Result{Path: path, Key: "funding.allowed_sources", Params: check.Params{"kind": "funder." + string(kind),
					"regime": string(v.Policy.Pricing.Regime)}})
			}
			if f.View != nil {
				for i, x := range f.View.Funders {
					if !slices.Contains(allowed, x.Kind) {
						refuse(fmtPath("funders", i), x.Kind)
					}
				}
			}
			if f.Candidate != nil && !slices.Contains(allowed, investorKind(f.Candidate)) {
				refuse("investor_id", investorKind(f.Candidate))
			}
			return out
		}},
	{ID: RuleNoPublicSolicitation, Severity: check.Block, Gates: fundingGates, Citation: citeIllegalFundraising,
		CitationZH:    "《防范和处置非法集资条例》（2021年）第二条、第十九条；《中华人民共和国刑法》第一百七十六条；《最高人民法院关于审理非法集资刑事案件具体应用法律若干问题的解释》（2022年修正）第一条",
		Description:   "a project is shown only to registered investors the account manager chose for it, never to the public or to unspecified persons, and to no more investors per loan than the policy's cap",
		DescriptionZH: "项目仅向客户经理选定的已登记投资客户推介，不得向社会公众或不特定对象宣传；每笔贷款推介的投资客户人数不超过政策上限",
		Eval: func(v *View) []check.Result {
			f := v.Funding
			if f == nil {
				return nil
			}
			var out []check.Result
			if f.Candidate != nil && !f.Chosen {
				out = append(out, check.Result{Path: "investor_id", Key: "funding.not_chosen"})
			}
			if f.View != nil {
				if n, most := len(f.View.Selections), v.Policy.Funding.maxInvestors(); n > most {
					out = append(out, check.Result{Path: "selections", Key: "funding.too_many_investors",
						Params: check.Params{"n": strconv.Itoa(n), "max": strconv.Itoa(most)}})
				}
			}
			return out
		}},
	{ID: RuleFundingSuitability, Severity: check.Block, Gates: fundingGates,
		Citation:      "关于规范金融机构资产管理业务的指导意见 (银发〔2018〕106号) art. 6; 全国法院民商事审判工作会议纪要 (2019) §§ 72–76 (secondary, by analogy)",
		CitationZH:    "《关于规范金融机构资产管理业务的指导意见》（银发〔2018〕106号）第六条；《全国法院民商事审判工作会议纪要》（2019年）第七十二条至第七十六条（参照）",
		Description:   "an investor is shown, and commits to, only a project whose risk level is within the lender's assessment of the investor",
		DescriptionZH: "仅向风险承受能力评估等级不低于项目风险等级的投资客户推介项目并接受其认购（适当性管理）",
		Eval: func(v *View) []check.Result {
			f := v.Funding
			if f == nil || f.Candidate == nil {
				return nil
			}
			if f.ProjectLevel < 1 || f.ProjectLevel > MaxRiskLevel {
				return []check.Result{{Path: "investor_id", Key: "funding.suitability.unknown"}}
			}
			if f.Candidate.Suitability.Level >= f.ProjectLevel {
				return nil
			}
			return []check.Result{{Path: "investor_id", Key: "funding.suitability", Params: check.Params{
				"level": strconv.Itoa(f.Candidate.Suitability.Level), "project": strconv.Itoa(f.ProjectLevel)}}}
		}},
	{ID: RuleSuitabilityCurrent, Severity: check.Block, Gates: fundingGates,
		Citation:      "证券期货投资者适当性管理办法 (CSRC order No. 130, 2016, amended 2020 and 2022) art. 13 — the lender keeps its assessment of each investor up to date (secondary, by analogy: the lender is not a securities or futures firm; the period is the lender's policy)",
		CitationZH:    "《证券期货投资者适当性管理办法》（中国证券监督管理委员会令第130号，2020年、2022年修正）第十三条（参照：出借人非证券期货经营机构；有效期由出借人政策规定）",
		Description:   "an investor is shown a project, and commits to it, only on a suitability assessment that still stands: one made no longer ago than the policy's validity (12 months by default); an older one is re-assessed first",
		DescriptionZH: "投资客户的适当性评估须在政策规定的有效期内（默认12个月），方可向其推介项目并接受其认购；评估过期的，应当先重新评估",
		Eval: func(v *View) []check.Result {
			f := v.Funding
			if f == nil || f.Candidate == nil {
				return nil
			}
			months := v.Policy.Funding.suitabilityValidMonths()
			on := f.Candidate.Suitability.AssessedOn
			ends := suitabilityExpiry(on, months)
			if !on.IsZero() && BusinessDate(v.Now).Before(ends) {
				return nil
			}
			return []check.Result{{Path: "investor_id", Key: "funding.suitability_current", Params: check.Params{
				"assessed_on": on.String(), "expired_on": ends.String(), "months": strconv.Itoa(months)}}}
		}},
	{ID: RuleNoPromisedReturn, Severity: check.Block, Gates: fundingGates, Citation: "same as funding.no_public_solicitation (the inducement element: 承诺还本付息或者给付回报) (secondary)",
		CitationZH:    "《防范和处置非法集资条例》第二条；《最高人民法院关于审理非法集资刑事案件具体应用法律若干问题的解释》（2022年修正）第一条（利诱性：承诺还本付息或者给付回报）",
		Description:   "no text generated for an investor (teaser, notice) promises repayment of principal or a return",
		DescriptionZH: "向投资客户出具的任何文本（项目推荐书、通知）均不得承诺保本或者给付回报",
		Eval: func(v *View) []check.Result {
			f := v.Funding
			if f == nil {
				return nil
			}
			var out []check.Result
			for _, t := range f.Texts {
				for _, w := range PromiseWords(t.Text) {
					out = append(out, check.Result{Path: t.Path, Key: "funding.no_promised_return", Params: check.Params{"words": w}})
				}
			}
			return out
		}},
	{ID: RuleTeaserPersonalData, Severity: check.Block, Gates: fundingGates,
		Citation:      "个人信息保护法 arts. 6, 23 (verified); 征信业管理条例 art. 20 (secondary)",
		CitationZH:    "《中华人民共和国个人信息保护法》第六条、第二十三条；《征信业管理条例》第二十条",
		Description:   "a teaser or notice for investors holds no personal data of the case: no name, resident ID or credit code, phone, address or employer of any party",
		DescriptionZH: "向投资客户出具的项目推荐书和通知不得含有案件任何当事人的个人信息：姓名、身份证号码或统一社会信用代码、电话、地址、工作单位",
		Eval: func(v *View) []check.Result {
			f := v.Funding
			if f == nil {
				return nil
			}
			var out []check.Result
			for _, t := range f.Texts {
				for _, p := range f.Personal {
					if strings.Contains(t.Text, p) {
						out = append(out, check.Result{Path: t.Path, Key: "funding.teaser_personal_data"})
						break
					}
				}
			}
			return out
		}},
}

// evaluateFunding runs the named funding rules on facts as Evaluate does:
// the policy's disabled rules left out, its severities applied.
func (s *Service) evaluateFunding(facts *FundingFacts, ids ...string) []Unmet {
	c := &Case{}
	v := NewView(c, s.policy, s.clock.Now())
	v.Funding = facts
	out := []Unmet{}
	for _, id := range ids {
		r, ok := s.catalogue.Rule(id)
		if !ok || slices.Contains(s.policy.Rules.Disabled, id) {
			continue
		}
		for _, res := range r.Eval(v) {
			res.Rule, res.Citation = r.ID, r.Citation
			if res.Severity == "" {
				res.Severity = r.Severity
			}
			if o, ok := s.policy.Rules.Severity[r.ID]; ok {
				res.Severity = o
			}
			if res.Message == "" {
				res.Message = s.catalogue.messages.Render(check.EN, res.Key, res.Params)
			}
			out = append(out, res)
		}
	}
	return out
}

// onlyBlocking keeps the blocking results.
func onlyBlocking(us []Unmet) []Unmet {
	return slices.DeleteFunc(us, func(u Unmet) bool { return u.Severity != check.Block })
}

// fundingResult is a blocking result of a funding rule at path.
func (s *Service) fundingResult(rule, path, key string, p check.Params) Unmet {
	u := Unmet{Rule: rule, Severity: check.Block, Path: path, Key: key, Params: p, Message: s.catalogue.messages.Render(check.EN, key, p)}
	if r, ok := s.catalogue.Rule(rule); ok {
		u.Citation = r.Citation
	}
	return u
}

// investorEligible returns what keeps an investor from a project: a kind
// the regime does not allow, a suitability below the project's risk, or
// an assessment older than the policy lets stand.
func (s *Service) investorEligible(c *Case, inv *Investor, path string) []Unmet {
	facts := &FundingFacts{Candidate: inv, Chosen: true, ProjectLevel: s.projectRisk(c, ClassNormal)}
	out := onlyBlocking(s.evaluateFunding(facts, RuleFundingAllowedSources, RuleFundingSuitability, RuleSuitabilityCurrent))
	for i := range out {
		out[i].Path = path
	}
	return out
}

// projectRisk is a project's risk level (项目风险等级), 1 (lowest) to 5,
// from its security and its classification: secured by collateral whose
// eligible value covers the loan, 2; partly covered or guaranteed, 3; on
// credit alone, 4; a loan classified special mention one level up, and
// substandard or worse, 5. A level that cannot be computed is 5, so that
// it is shown only to those who may bear the most.
func (s *Service) projectRisk(c *Case, class Classification) int {
	level := 4
	if cov := s.coverage(c); cov != nil && cov.Ratio.Sign() > 0 {
		if cov.Ratio.Cmp(decimal.One) >= 0 {
			level = 2
		} else {
			level = 3
		}
	} else if len(c.Guarantees) > 0 {
		level = 3
	}
	switch class {
	case "", ClassNormal:
	case ClassSpecialMention:
		level++
	default:
		level = MaxRiskLevel
	}
	return min(level, MaxRiskLevel)
}

// coverage measures the case's collateral against the loan's amount
// today, or nil where it cannot.
func (s *Service) coverage(c *Case) *collateral.Coverage {
	amount := c.LoanTerms().Amount
	if len(c.Collateral) == 0 || amount.Sign() <= 0 {
		return nil
	}
	items := make([]collateral.Item, len(c.Collateral))
	for i := range c.Collateral {
		items[i] = c.Collateral[i].Item
	}
	cov, err := s.policy.Valuation.Cover(items, amount, BusinessDate(s.clock.Now()))
	if err != nil {
		return nil
	}
	return &cov
}

// promiseWords are phrases that promise principal or a return (保本保息,
// 刚性兑付…), which no text for investors may hold. The risk statement
// says the opposite without them.
var promiseWords = []string{
	"保本", "保息", "保收益", "保证本金", "保证收益", "保证回报", "本金安全", "承诺收益", "承诺回报", "承诺本金",
	"刚性兑付", "刚兑", "稳赚", "零风险", "无风险", "包赚", "兜底", "固定回报", "固定收益", "到期还本付息", "预期收益率",
	"guaranteed return", "guaranteed principal", "principal guaranteed", "principal is guaranteed", "capital guaranteed",
	"risk-free", "risk free", "no risk", "fixed return", "guaranteed yield", "promised return",
}

// PromiseWords returns the phrases of text that promise principal or a
// return to an investor (funding.no_promised_return), in the order of the
// list; none for a text that promises nothing.
func PromiseWords(text string) []string {
	lower := strings.ToLower(text)
	var out []string
	for _, w := range promiseWords {
		if strings.Contains(lower, w) {
			out = append(out, w)
		}
	}
	return out
}
