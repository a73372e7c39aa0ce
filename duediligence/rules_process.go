package duediligence

import (
	"fmt"
	"slices"
)

var processRules = []Rule{
	{ID: "process.red_flags", Severity: SeverityBlock, Citation: "practice (the duty to report suspicious materials)",
		Description: "no open red flag", Gates: []Stage{StageInvestigation, StageSubmitted, StageApproved, StageContracting, StageDisbursed},
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for i, f := range v.Case.Flags {
				if f.Status == FlagOpen {
					out = append(out, RuleResult{Path: fmtPath("flags", i), Message: "open red flag awaits a department manager: " + f.Description})
				}
			}
			return out
		}},
	{ID: "process.documents_complete", Severity: SeverityBlock, Citation: "practice",
		Description: "every required document received (verified where the policy says so)", Gates: []Stage{StageInvestigation, StageSubmitted},
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for i, d := range v.Case.Documents {
				if !d.Required {
					continue
				}
				ok, want := d.Status == DocumentReceived || d.Status == DocumentVerified, "received"
				if v.Policy.RequireVerifiedDocuments {
					ok, want = d.Status == DocumentVerified, "verified"
				}
				if !ok {
					out = append(out, RuleResult{Path: fmtPath("documents", i), Message: fmt.Sprintf("%s (%s) is %s, must be %s", d.Label, d.Type, d.Status, want)})
				}
			}
			return out
		}},
	{ID: "process.site_visit", Severity: SeverityWarn, Citation: "个人贷款管理暂行办法 2010 art. 15 (secondary)",
		Description: "the investigation has at least one on-site visit (实地调查)",
		Eval: func(v *View) []RuleResult {
			if !v.Case.hasMethod(MethodSiteVisit) {
				return []RuleResult{{Path: "findings", Message: "no on-site visit recorded (实地调查)"}}
			}
			return nil
		}},
	{ID: "process.interview", Severity: SeverityWarn, Citation: "个人贷款管理暂行办法 2010 art. 17 (secondary)",
		Description: "a face-to-face interview with the borrower is recorded (面谈)",
		Eval: func(v *View) []RuleResult {
			if !v.Case.hasMethod(MethodInterview) {
				return []RuleResult{{Path: "findings", Message: "no face-to-face interview with the borrower recorded (面谈)"}}
			}
			return nil
		}},
	{ID: "process.two_investigators", Severity: SeverityBlock, Citation: "practice (双人调查); off unless the policy enables it",
		Description: "two distinct investigators recorded findings",
		Eval: func(v *View) []RuleResult {
			who := map[string]bool{}
			for _, f := range v.Case.Findings {
				who[f.Investigator] = true
			}
			if len(who) < 2 {
				return []RuleResult{{Path: "findings", Message: fmt.Sprintf("two investigators are required (双人调查); findings name %d", len(who))}}
			}
			return nil
		}},
}

// hasMethod reports whether a finding used the method.
func (c *Case) hasMethod(m Method) bool {
	return slices.ContainsFunc(c.Findings, func(f Finding) bool { return f.Method == m })
}

// DefaultCatalogue returns every rule of RULES.md this library implements
// (all but the post-loan and approval ones, which come with those stages).
func DefaultCatalogue() *Catalogue {
	var all []Rule
	for _, group := range [][]Rule{processRules, {reportRule}, identityRules, creditRules, repaymentRules, pricingRules, collateralRules, guaranteeRules} {
		all = append(all, group...)
	}
	return NewCatalogue(all...)
}
