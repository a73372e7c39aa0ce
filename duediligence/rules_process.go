package duediligence

import (
	"slices"
	"strconv"

	"github.com/jinzhi-dev/jinzhi/check"
)

var processRules = []Rule{
	{ID: "process.red_flags", Severity: check.Block, Citation: "practice (the duty to report suspicious materials)",
		CitationZH:  "信贷业务惯例（发现可疑材料及时报告的职责）",
		Description: "no open red flag", DescriptionZH: "没有未处理的可疑情况（红旗）",
		Gates: []Stage{StageInvestigation, StageSubmitted, StageApproved, StageContracting, StageDisbursed},
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for i, f := range v.Case.Flags {
				if f.Status == FlagOpen {
					out = append(out, check.Result{Path: fmtPath("flags", i), Key: "process.red_flags", Params: check.Params{"description": check.Shown(f.Description)}})
				}
			}
			return out
		}},
	{ID: "process.documents_complete", Severity: check.Block, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "every required document received (verified where the policy says so)",
		DescriptionZH: "所有必备资料均已收取（政策要求核验的，均已核验）",
		Gates:         []Stage{StageInvestigation, StageSubmitted},
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for i, d := range v.Case.Documents {
				if !d.Required {
					continue
				}
				ok, want := d.Status == DocumentReceived || d.Status == DocumentVerified, DocumentReceived
				if v.Policy.RequireVerifiedDocuments {
					ok, want = d.Status == DocumentVerified, DocumentVerified
				}
				if !ok {
					out = append(out, check.Result{Path: fmtPath("documents", i), Key: "process.documents_complete", Params: check.Params{
						"label": d.Label, "type": d.Type, "status": "document.status." + string(d.Status), "want": "document.status." + string(want)}})
				}
			}
			return out
		}},
	{ID: "process.site_visit", Severity: check.Warn, Citation: "个人贷款管理暂行办法 2010 art. 15 (secondary)",
		CitationZH:    "《个人贷款管理暂行办法》（2010年）第十五条",
		Description:   "the investigation has at least one on-site visit (实地调查)",
		DescriptionZH: "调查至少包含一次实地调查",
		Eval: func(v *View) []check.Result {
			if !v.Case.hasMethod(MethodSiteVisit) {
				return []check.Result{{Path: "findings", Key: "process.site_visit"}}
			}
			return nil
		}},
	{ID: "process.interview", Severity: check.Warn, Citation: "个人贷款管理暂行办法 2010 art. 17 (secondary)",
		CitationZH:    "《个人贷款管理暂行办法》（2010年）第十七条",
		Description:   "a face-to-face interview with the borrower is recorded (面谈)",
		DescriptionZH: "记录了与借款人的当面面谈",
		Eval: func(v *View) []check.Result {
			if !v.Case.hasMethod(MethodInterview) {
				return []check.Result{{Path: "findings", Key: "process.interview"}}
			}
			return nil
		}},
	{ID: "process.two_investigators", Severity: check.Block, Citation: "practice (双人调查); off unless the policy enables it",
		CitationZH:    "信贷业务惯例（双人调查）；政策未启用时不检查",
		Description:   "two distinct investigators recorded findings",
		DescriptionZH: "由两名不同的调查人记录调查结果（双人调查）",
		Eval: func(v *View) []check.Result {
			// Fewer than two distinct investigators: none without findings,
			// else every finding's is the first's.
			fs := v.Case.Findings
			if len(fs) > 0 && slices.ContainsFunc(fs[1:], func(f Finding) bool { return f.Investigator != fs[0].Investigator }) {
				return nil
			}
			return []check.Result{{Path: "findings", Key: "process.two_investigators", Params: check.Params{"n": strconv.Itoa(min(len(fs), 1))}}}
		}},
}

// hasMethod reports whether a finding used the method.
func (c *Case) hasMethod(m Method) bool {
	return slices.ContainsFunc(c.Findings, func(f Finding) bool { return f.Method == m })
}

// DefaultCatalogue returns every rule of docs/rules.md this library implements
// (all but the post-loan and approval ones, which come with those stages),
// with the library's messages.
func DefaultCatalogue() *Catalogue {
	var all []Rule
	for _, group := range [][]Rule{processRules, {reportRule}, identityRules, creditRules, repaymentRules, pricingRules, collateralRules, guaranteeRules, contractRules, followUpRules, fundingRules, limitRules} {
		all = append(all, group...)
	}
	return NewCatalogue(all...)
}
