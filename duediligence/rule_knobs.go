package duediligence

import "strings"

// PolicyKnobs lists the policy fields (as JSON paths of the policy file)
// that set the limits the rule id checks against. Every rule also answers
// to rules.severity.<id> and rules.disabled, which are not listed. The
// rules reference (docs/rules.md) prints them.
func PolicyKnobs(id string) []string {
	if k, ok := policyKnobs[id]; ok {
		return k
	}
	if strings.HasPrefix(id, "pricing.") {
		return []string{"pricing"}
	}
	return nil
}

var policyKnobs = map[string][]string{
	"borrower.capacity":           {"limits.min_borrower_age"},
	"borrower.age_at_maturity":    {"limits.max_age_at_maturity"},
	"repayment.dsr":               {"limits.max_dsr"},
	"repayment.dscr":              {"limits.min_dscr"},
	"repayment.leverage":          {"limits.max_leverage"},
	"term.max":                    {"limits.max_term_months"},
	"payment.entrusted":           {"limits.entrusted_payment"},
	"limit.single_borrower":       {"limits.lender_net_assets", "limits.single_borrower_share"},
	"lender.onlending":            {"lender_funds_on_lent"},
	"limit.related_parties":       {"limits.lender_net_assets", "limits.related_parties_share", "limits.related_parties_limit"},
	"guarantee.period":            {"limits.guarantee_alert_days"},
	"collateral.appraisal_stale":  {"valuation.appraisal_validity_days"},
	"collateral.coverage":         {"valuation.advance_rates", "valuation.min_coverage", "valuation.use_lower_of_two_newest"},
	"process.documents_complete":  {"documents"},
	"pricing.apr_disclosure":      {"pricing", "funding_cost"},
	"pricing.custom_cap":          {"pricing.custom_cap"},
	"pricing.private_lending_cap": {"pricing.regime"},
	"pricing.microlender_cost":    {"pricing.regime"},
	RuleVisitDue:                  {"follow_up.visit_interval_days"},
	RuleGuaranteeDeadline:         {"limits.guarantee_alert_days"},
	RuleLimitationPeriod:          {"follow_up.limitation_alert_days"},
	RuleGuarantorLimitation:       {"follow_up.limitation_alert_days"},

	// Investors and funders (funding_rules.go).
	RuleFundingSum:            {"funding.require_external"},
	RuleFundingAllowedSources: {"funding.allowed_sources", "pricing.regime"},
	RuleNoPublicSolicitation:  {"funding.max_investors"},
	RuleSuitabilityCurrent:    {"funding.suitability_valid_months"},
}
