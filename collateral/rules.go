package collateral

import (
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The rule IDs of the checks of this package, as the rule catalogue
// (duediligence.DefaultCatalogue) registers them with their severities,
// descriptions and citations.
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
)

// result builds a result of rule at path from a message key of this
// package, its message rendered in English. Its Severity is left to the
// rule's default and its Citation to the catalogue.
func result(rule, path, key string, p check.Params) check.Result {
	return check.Result{Rule: rule, Path: path, Key: key, Params: p, Message: messages.Render(check.EN, key, p)}
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
