package collateral

import (
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/money"
)

// Severity is how strongly a Result weighs on a gate: block stops it, warn
// must be acknowledged with a justification, info is shown.
type Severity string

// The severities.
const (
	SeverityBlock Severity = "block"
	SeverityWarn  Severity = "warn"
	SeverityInfo  Severity = "info"
)

// Result is one finding of a rule about an item, a registration or the
// collateral as a whole. Path is the JSON path of the field concerned,
// relative to the item or registration ("encumbrances[0]"); empty when it
// concerns the whole. The rule engine prefixes it and may change Severity
// by policy.
type Result struct {
	RuleID   string   `json:"rule_id"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Citation string   `json:"citation"`
	Path     string   `json:"path,omitempty"`
}

// Rule describes one rule of the catalogue: its stable ID, default
// severity, what it checks and its legal source as RULES.md states it.
type Rule struct {
	ID          string   `json:"id"`
	Severity    Severity `json:"severity"`
	Description string   `json:"description"`
	Citation    string   `json:"citation"`
}

// The rule IDs.
const (
	RuleNonMortgageable     = "collateral.non_mortgageable"
	RuleIllegalBuilding     = "collateral.illegal_building"
	RuleBuildingWithLand    = "collateral.building_with_land"
	RuleCoOwnerConsent      = "collateral.coowner_consent"
	RulePriorEncumbrance    = "collateral.prior_encumbrance"
	RulePriorLease          = "collateral.prior_lease"
	RuleAppraisalStale      = "collateral.appraisal_stale"
	RuleCoverage            = "collateral.coverage"
	RuleSoleResidence       = "collateral.sole_residence"
	RulePerfection          = "collateral.perfection"
	RulePledgeableRight     = "collateral.pledgeable_right"
	RuleRegistrationMatches = "registration.matches"
	RuleCertificateNumber   = "registration.certificate_number"
	RuleUnitNumber          = "registration.unit_number"
	RuleRegisterPrevails    = "registration.register_prevails"
	ruleCount               = 15
)

// catalogue holds the rules in RULES.md order; citations are RULES.md's
// source column, word for word.
var catalogue = [ruleCount]Rule{
	{RuleNonMortgageable, SeverityBlock, "land ownership; homestead / private-plot / private-hill collective land use rights; public-welfare facilities of non-profit schools, kindergartens, hospitals and the like; property of unclear or disputed ownership; property sealed, seized or under supervision",
		"Civil Code art. 399 (verified); 担保制度解释 art. 6 (verified)"},
	{RuleIllegalBuilding, SeverityBlock, "a mortgage of an illegal building is void",
		"担保制度解释 art. 49 (verified)"},
	{RuleBuildingWithLand, SeverityWarn, "a building and its land use right are mortgaged together",
		"Civil Code arts. 397–398 (verified)"},
	{RuleCoOwnerConsent, SeverityBlock, "co-owned property (including a spouse's share of marital property) needs every joint owner's consent, or two thirds of the shares for shares-based co-ownership",
		"Civil Code art. 301 (verified)"},
	{RulePriorEncumbrance, SeverityWarn, "prior registered liens rank first; eligible value is reduced by senior liens",
		"Civil Code art. 414 (verified)"},
	{RulePriorLease, SeverityWarn, "a lease made and handed over before the mortgage survives it",
		"Civil Code art. 405 (verified)"},
	{RuleAppraisalStale, SeverityWarn, "newest appraisal older than the policy validity (default 180 days)",
		"practice"},
	{RuleCoverage, SeverityBlock, "Σ eligible value (appraised × advance rate − senior liens) / principal < policy minimum (default 1.0) for a secured loan",
		"practice"},
	{RuleSoleResidence, SeverityWarn, "the debtor's sole residence is hard to enforce",
		"practice"},
	{RulePerfection, SeverityBlock, "before disbursement: real estate, land use rights and buildings under construction registered; movables registered (warn); pledges delivered or registered by kind",
		"Civil Code (verified)"},
	{RulePledgeableRight, SeverityWarn, "a pledged right must be of a kind art. 440 lists",
		"Civil Code art. 440 (verified)"},
	{RuleRegistrationMatches, SeverityBlock, "mortgagee is the lender; mortgagor is the collateral owner; secured amount ≥ principal (or the maximum amount for a maximum-amount mortgage); term covers maturity",
		"不动产登记暂行条例 arts. 14, 21 (verified); register field spec (secondary)"},
	{RuleCertificateNumber, SeverityWarn, "the registration certificate number has the form 皖(2019)长丰县不动产证明第0010484号",
		"secondary"},
	{RuleUnitNumber, SeverityWarn, "不动产单元号: 28 chars = 6-digit county + 3 + 3 + 2 letters + 5 digits + one of F L Q W + 8 digits",
		"secondary"},
	{RuleRegisterPrevails, SeverityInfo, "the register governs over the paper certificate: record a register search (查档) finding",
		"Civil Code arts. 216–217 (verified)"},
}

// Rules returns the Collateral and Registration rules of the catalogue.
func Rules() []Rule { return append([]Rule(nil), catalogue[:]...) }

// RuleByID returns the rule with the given ID.
func RuleByID(id string) (Rule, bool) {
	for _, r := range catalogue {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// result builds a Result of rule id at its default severity.
func result(id, path, msg string) Result {
	r, _ := RuleByID(id)
	return Result{RuleID: id, Severity: r.Severity, Message: msg, Citation: r.Citation, Path: path}
}

// Loan is what the rules need to know of the loan the collateral secures.
type Loan struct {
	// Lender is the lender's name as it must appear as mortgagee.
	Lender string
	// Principal is the loan principal.
	Principal money.Money
	// Maturity is the final due date.
	Maturity money.Date
}

// sameName compares two names as a registry writes them: ignoring spaces
// and the width of brackets. It compares rune by rune without building the
// normalized strings, since the rules call it for every owner of every item.
func sameName(a, b string) bool {
	if a == b {
		return true
	}
	next := func(s string) (rune, string) {
		for s != "" {
			r, n := utf8.DecodeRuneInString(s)
			s = s[n:]
			switch r {
			case ' ', '\u3000', '\t', '\n', '\r':
				continue
			case '（':
				return '(', s
			case '）':
				return ')', s
			}
			return r, s
		}
		return -1, ""
	}
	for {
		var ra, rb rune
		ra, a = next(a)
		rb, b = next(b)
		if ra != rb {
			return false
		}
		if ra == -1 {
			return true
		}
	}
}
