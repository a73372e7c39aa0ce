package duediligence

import (
	"fmt"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
	"github.com/jinzhi-dev/jinzhi/money"
)

// namedParty is a party of the case with its JSON path.
type namedParty struct {
	path  string
	party *Party
}

// persons lists the natural persons whose identity the case relies on: the
// applicant, co-borrowers, guarantors, spouses and legal representatives.
func (c *Case) persons() []namedParty {
	var out []namedParty
	var walk func(path string, p *Party)
	walk = func(path string, p *Party) {
		if p == nil {
			return
		}
		if p.Kind == Person {
			out = append(out, namedParty{path, p})
		}
		walk(path+".spouse", p.Spouse)
		walk(path+".legal_representative", p.LegalRepresentative)
	}
	walk("applicant", &c.Applicant)
	for i := range c.CoBorrowers {
		walk(fmtPath("co_borrowers", i), &c.CoBorrowers[i])
	}
	for i := range c.Guarantees {
		walk(fmtPath("guarantees", i)+".guarantor", &c.Guarantees[i].Guarantor)
	}
	return out
}

// organizations lists the organizations among the borrowers and guarantors.
func (c *Case) organizations() []namedParty {
	var out []namedParty
	if c.Applicant.Kind == Organization {
		out = append(out, namedParty{"applicant", &c.Applicant})
	}
	for i := range c.CoBorrowers {
		if c.CoBorrowers[i].Kind == Organization {
			out = append(out, namedParty{fmtPath("co_borrowers", i), &c.CoBorrowers[i]})
		}
	}
	for i := range c.Guarantees {
		if g := &c.Guarantees[i].Guarantor; g.Kind == Organization {
			out = append(out, namedParty{fmtPath("guarantees", i) + ".guarantor", g})
		}
	}
	return out
}

// borrowers lists the applicant and the co-borrowers.
func (c *Case) borrowers() []namedParty {
	out := []namedParty{{"applicant", &c.Applicant}}
	for i := range c.CoBorrowers {
		out = append(out, namedParty{fmtPath("co_borrowers", i), &c.CoBorrowers[i]})
	}
	return out
}

// provinces are the first two digits of GB/T 2260 region codes in use.
var provinces = "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82"

var identityRules = []Rule{
	{ID: "identity.resident_id", Severity: SeverityBlock, Citation: "GB 11643-1999",
		Description: "every natural person the case relies on has a resident ID number (18 characters, MOD 11-2 check)",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for _, np := range v.persons() {
				if np.party.IDNumber == "" {
					out = append(out, RuleResult{Path: np.path + ".id_number", Message: np.party.Name + " has no resident ID number on file"})
				} else if _, err := identity.ParseResidentID(np.party.IDNumber, v.Now.AddDate(1, 0, 0)); err != nil {
					out = append(out, RuleResult{Path: np.path + ".id_number", Message: err.Error()})
				}
			}
			return out
		}},
	{ID: "identity.resident_id_birthdate", Severity: SeverityBlock, Citation: "GB 11643-1999",
		Description: "the birth date in the resident ID is a real date, not in the future",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for _, np := range v.persons() {
				if np.party.IDNumber == "" {
					continue
				}
				if id, err := identity.ParseResidentID(np.party.IDNumber, v.Now); err != nil {
					out = append(out, RuleResult{Path: np.path + ".id_number", Message: err.Error()})
				} else if np.party.BirthDate != "" && np.party.BirthDate != id.BirthDate.Format(dateLayout) {
					out = append(out, RuleResult{Path: np.path + ".birth_date", Message: "the stated birth date differs from the ID number's"})
				}
			}
			return out
		}},
	{ID: "identity.resident_id_region", Severity: SeverityWarn, Citation: "GB/T 2260 (secondary)",
		Description: "the ID number's region code is a known province (codes change over time, so unknown only warns)",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for _, np := range v.persons() {
				if n := np.party.IDNumber; len(n) == 18 && !strings.Contains(provinces, n[:2]) {
					out = append(out, RuleResult{Path: np.path + ".id_number", Message: fmt.Sprintf("region code %s… is not a known province", n[:2])})
				}
			}
			return out
		}},
	{ID: "identity.legacy_id", Severity: SeverityInfo, Citation: "GB 11643-1989 (secondary)",
		Description: "a 15-digit number was upgraded to 18 digits",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for _, np := range v.persons() {
				if np.party.LegacyIDNumber != "" {
					out = append(out, RuleResult{Path: np.path + ".id_number", Message: "upgraded from a 15-digit legacy number: check the card the person holds"})
				}
			}
			return out
		}},
	{ID: "identity.credit_code", Severity: SeverityBlock, Citation: "GB 32100-2015",
		Description: "every organization among the borrowers and guarantors has a valid unified social credit code",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for _, np := range v.organizations() {
				if np.party.CreditCode == "" {
					out = append(out, RuleResult{Path: np.path + ".credit_code", Message: np.party.Name + " has no unified social credit code on file"})
				} else if _, err := identity.ParseCreditCode(np.party.CreditCode); err != nil {
					out = append(out, RuleResult{Path: np.path + ".credit_code", Message: err.Error()})
				}
			}
			return out
		}},
	{ID: "identity.credit_code_structure", Severity: SeverityWarn, Citation: "GB 32100 / GB 11714 (secondary)",
		Description: "the credit code's registration authority, region and inner organization code (GB 11714 check) are well formed",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for _, np := range v.organizations() {
				cc, err := identity.ParseCreditCode(np.party.CreditCode)
				if err != nil {
					continue
				}
				for _, p := range cc.StructureProblems() {
					out = append(out, RuleResult{Path: np.path + ".credit_code", Message: p})
				}
			}
			return out
		}},
	{ID: "borrower.capacity", Severity: SeverityBlock, Citation: "Civil Code arts. 17–18",
		Description: "a natural-person borrower is 18 or older on the application date (16–17 only with own labour income, which a finding must state)",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for _, np := range v.borrowers() {
				age, ok := ageOn(np.party, v.Case.CreatedAt)
				if !ok || age >= v.Policy.Limits.MinBorrowerAge {
					continue
				}
				if age >= 16 && v.Case.hasFinding(TopicQualification, ResultConfirmed) {
					continue
				}
				out = append(out, RuleResult{Path: np.path + ".birth_date", Message: fmt.Sprintf("%s is %d on the application date", np.party.Name, age)})
			}
			return out
		}},
	{ID: "borrower.age_at_maturity", Severity: SeverityWarn, Citation: "practice",
		Description: "the borrower's age at maturity is within the policy maximum (default 65)",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			maturity := v.Now.AddDate(0, v.Case.Request.TermMonths, 0)
			for _, np := range v.borrowers() {
				if age, ok := ageOn(np.party, maturity); ok && age > v.Policy.Limits.MaxAgeAtMaturity {
					out = append(out, RuleResult{Path: np.path + ".birth_date",
						Message: fmt.Sprintf("%s will be %d at maturity, above %d", np.party.Name, age, v.Policy.Limits.MaxAgeAtMaturity)})
				}
			}
			return out
		}},
}

// ageOn returns a person's full years on day t.
func ageOn(p *Party, t time.Time) (int, bool) {
	if p.Kind != Person || p.BirthDate == "" {
		return 0, false
	}
	b, err := money.ParseDate(p.BirthDate)
	if err != nil {
		return 0, false
	}
	d := money.DateOf(t)
	age := d.Year - b.Year
	if d.Month < b.Month || (d.Month == b.Month && d.Day < b.Day) {
		age--
	}
	return age, true
}

// hasFinding reports whether a finding of the topic has the result.
func (c *Case) hasFinding(t Topic, r Result) bool {
	for _, f := range c.Findings {
		if f.Topic == t && f.Result == r {
			return true
		}
	}
	return false
}
