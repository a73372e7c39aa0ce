package duediligence

import (
	"fmt"
	"strings"

	"github.com/jinzhi-dev/jinzhi/collateral"
)

// itemRule registers a rule of the collateral package, run on every item,
// with the package's description, citation and severity.
func itemRule(id string, gates []Stage, check func(v *View, it *CollateralItem) []collateral.Result) Rule {
	def, ok := collateral.RuleByID(id)
	if !ok {
		panic("collateral rule " + id + " is not in the collateral catalogue")
	}
	return Rule{ID: id, Severity: Severity(def.Severity), Description: def.Description, Citation: def.Citation, Gates: gates,
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for i := range v.Case.Collateral {
				// The path is built only for an item with results: most have none.
				if rs := check(v, &v.Case.Collateral[i]); len(rs) > 0 {
					out = append(out, fromCollateral(rs, fmtPath("collateral", i))...)
				}
			}
			return out
		}}
}

// fromCollateral converts the collateral package's results, prefixing their paths.
func fromCollateral(rs []collateral.Result, prefix string) []RuleResult {
	out := make([]RuleResult, 0, len(rs))
	for _, r := range rs {
		path := prefix
		if r.Path != "" {
			if prefix != "" {
				path += "."
			}
			path += r.Path
		}
		out = append(out, RuleResult{Path: path, Message: r.Message, Severity: Severity(r.Severity)})
	}
	return out
}

var (
	beforeSubmission   = []Stage{StageSubmitted}
	beforeDisbursement = []Stage{StageDisbursed}
)

var collateralRules = []Rule{
	itemRule(collateral.RuleNonMortgageable, beforeSubmission, func(v *View, it *CollateralItem) []collateral.Result {
		return collateral.CheckNonMortgageable(it.Item)
	}),
	itemRule(collateral.RuleIllegalBuilding, beforeSubmission, func(v *View, it *CollateralItem) []collateral.Result {
		return collateral.CheckIllegalBuilding(it.Item)
	}),
	itemRule(collateral.RuleBuildingWithLand, beforeSubmission, func(v *View, it *CollateralItem) []collateral.Result {
		return collateral.CheckBuildingWithLand(it.Item)
	}),
	itemRule(collateral.RuleCoOwnerConsent, beforeSubmission, func(v *View, it *CollateralItem) []collateral.Result {
		return collateral.CheckCoOwnerConsent(it.Item)
	}),
	itemRule(collateral.RulePriorEncumbrance, beforeSubmission, func(v *View, it *CollateralItem) []collateral.Result {
		return collateral.CheckPriorEncumbrance(it.Item)
	}),
	itemRule(collateral.RulePriorLease, beforeSubmission, func(v *View, it *CollateralItem) []collateral.Result {
		date := v.Today()
		if it.Registration != nil && !it.Registration.RegisteredOn.IsZero() {
			date = it.Registration.RegisteredOn
		}
		return collateral.CheckPriorLease(it.Item, date)
	}),
	itemRule(collateral.RuleAppraisalStale, beforeSubmission, func(v *View, it *CollateralItem) []collateral.Result {
		return collateral.CheckAppraisalStale(it.Item, v.Today(), v.Policy.Valuation)
	}),
	itemRule(collateral.RuleSoleResidence, beforeSubmission, func(v *View, it *CollateralItem) []collateral.Result {
		return collateral.CheckSoleResidence(it.Item)
	}),
	itemRule(collateral.RulePledgeableRight, beforeSubmission, func(v *View, it *CollateralItem) []collateral.Result {
		return collateral.CheckPledgeableRight(it.Item)
	}),
	itemRule(collateral.RuleUnitNumber, beforeSubmission, func(v *View, it *CollateralItem) []collateral.Result {
		return collateral.CheckUnitNumber(it.Item)
	}),
	itemRule(collateral.RuleRegisterPrevails, beforeSubmission, func(v *View, it *CollateralItem) []collateral.Result {
		return collateral.CheckRegisterPrevails(it.Item, v.Case.registerSearched(it.ID))
	}),
	{ID: RuleParallelClaim, Severity: SeverityWarn, Citation: "Civil Code art. 414; practice",
		Description: "the same collateral (title certificate or unit number) is named in another open or active case",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for i, it := range v.Case.Collateral {
				for _, e := range it.Exposure {
					out = append(out, RuleResult{Path: fmtPath("collateral", i),
						Message: fmt.Sprintf("the same collateral (%s) is named in case %s, stage %s: a parallel or senior claim",
							strings.TrimSpace(e.TitleNumber+" "+e.UnitNumber), e.CaseID, e.Stage)})
				}
			}
			return out
		}},
	{ID: collateral.RuleCoverage, Severity: SeverityBlock, Citation: "practice",
		Description: "Σ eligible value (value in use × advance rate − senior liens) / principal is at least the policy minimum (default 1.0) for a secured loan",
		Eval: func(v *View) []RuleResult {
			if len(v.Case.Collateral) == 0 || v.Case.Coverage == nil {
				return nil
			}
			return fromCollateral(collateral.CheckCoverage(*v.Case.Coverage, v.Policy.Valuation), "collateral")
		}},
	itemRule(collateral.RulePerfection, beforeDisbursement, func(v *View, it *CollateralItem) []collateral.Result {
		return collateral.CheckPerfection(it.Item, it.Registration)
	}),
	itemRule(collateral.RuleRegistrationMatches, beforeDisbursement, func(v *View, it *CollateralItem) []collateral.Result {
		if it.Registration == nil {
			return nil
		}
		return prefixed(collateral.CheckRegistrationMatches(*it.Registration, it.Item, loanOf(v.Case, v.Policy)), "registration")
	}),
	itemRule(collateral.RuleCertificateNumber, beforeDisbursement, func(v *View, it *CollateralItem) []collateral.Result {
		if it.Registration == nil {
			return nil
		}
		return prefixed(collateral.CheckCertificateNumber(*it.Registration), "registration")
	}),
}

// prefixed puts results about a registration under its path.
func prefixed(rs []collateral.Result, prefix string) []collateral.Result {
	for i := range rs {
		rs[i].Path = strings.TrimSuffix(prefix+"."+rs[i].Path, ".")
	}
	return rs
}
