package duediligence

import (
	"slices"
	"strconv"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
	"github.com/jinzhi-dev/jinzhi/money"
)

// namedParty is a party of the case with its JSON path.
type namedParty struct {
	path  string
	party *Party
}

// persons lists the natural persons whose identity the case relies on: the
// applicant, co-borrowers, guarantors, spouses, legal representatives and
// actual controllers.
func (c *Case) persons() []namedParty {
	out := make([]namedParty, 0, 2+len(c.CoBorrowers)+len(c.Guarantees))
	var walk func(path string, p *Party)
	walk = func(path string, p *Party) {
		if p == nil {
			return
		}
		if p.Kind == Person {
			out = append(out, namedParty{path, p})
		}
		// The paths are built only for a party that is there.
		if p.Spouse != nil {
			walk(path+".spouse", p.Spouse)
		}
		if p.LegalRepresentative != nil {
			walk(path+".legal_representative", p.LegalRepresentative)
		}
		if p.ActualController != nil {
			walk(path+".actual_controller", p.ActualController)
		}
	}
	walk("applicant", &c.Applicant)
	for i := range c.CoBorrowers {
		walk(fmtPath("co_borrowers", i), &c.CoBorrowers[i])
	}
	for i := range c.Guarantees {
		walk(guarantorPath(i), &c.Guarantees[i].Guarantor)
	}
	return out
}

// guarantorPath returns "guarantees[i].guarantor" in one allocation.
func guarantorPath(i int) string {
	if i < sharedPaths {
		return guarantorPaths()[i]
	}
	return "guarantees[" + strconv.Itoa(i) + "].guarantor"
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
			out = append(out, namedParty{guarantorPath(i), g})
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

// invalidNumber is the result of an identity number that does not parse.
func invalidNumber(path string, err error) check.Result {
	p, _ := identityProblem(err)
	return check.Result{Path: path, Key: "identity.invalid_number", Params: p}
}

var identityRules = []Rule{
	{ID: "identity.resident_id", Severity: check.Block, Citation: "GB 11643-1999",
		CitationZH:    "《公民身份号码》（GB 11643-1999）",
		Description:   "every natural person the case relies on has a resident ID number (18 characters, MOD 11-2 check)",
		DescriptionZH: "案件涉及的每一位自然人均登记了居民身份证号码（18 位，ISO 7064 MOD 11-2 校验）",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			later := v.Now.AddDate(1, 0, 0)
			for _, np := range v.persons() {
				if np.party.IDNumber == "" {
					out = append(out, check.Result{Path: np.path + ".id_number", Key: "identity.resident_id.missing", Params: check.Params{"name": np.party.Name}})
				} else if _, err := v.residentID(np.party.IDNumber, later); err != nil {
					out = append(out, invalidNumber(np.path+".id_number", err))
				}
			}
			return out
		}},
	{ID: "identity.resident_id_birthdate", Severity: check.Block, Citation: "GB 11643-1999",
		CitationZH:    "《公民身份号码》（GB 11643-1999）",
		Description:   "the birth date in the resident ID is a real date, not in the future",
		DescriptionZH: "身份证号码中的出生日期真实存在且不晚于今天，并与填写的出生日期一致",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for _, np := range v.persons() {
				if np.party.IDNumber == "" {
					continue
				}
				if id, err := v.residentID(np.party.IDNumber, v.Now); err != nil {
					out = append(out, invalidNumber(np.path+".id_number", err))
				} else if np.party.BirthDate != "" && !isDay(np.party.BirthDate, id.BirthDate) {
					out = append(out, check.Result{Path: np.path + ".birth_date", Key: "identity.resident_id_birthdate.differs"})
				}
			}
			return out
		}},
	{ID: "identity.resident_id_region", Severity: check.Warn, Citation: "GB/T 2260 (secondary)",
		CitationZH:    "《中华人民共和国行政区划代码》（GB/T 2260）",
		Description:   "the ID number's region code (characters 1–6) is a known county of GB/T 2260, current or historical (codes change over time, so unknown only warns)",
		DescriptionZH: "身份证号码前 6 位地区码为 GB/T 2260 中已知的县级行政区划代码（含历史代码；代码随时间调整，未知时仅警示）",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for _, np := range v.persons() {
				n := np.party.IDNumber
				if len(n) != 18 {
					continue // not a resident ID: identity.resident_id's
				}
				// An ID keeps the code of the county where its holder was
				// first registered, so historical codes count as known.
				if !identity.KnownRegion(n) {
					out = append(out, check.Result{Path: np.path + ".id_number", Key: "identity.resident_id_region",
						Params: check.Params{"code": n[:6]}})
				}
			}
			return out
		}},
	{ID: "identity.legacy_id", Severity: check.Info, Citation: "GB 11643-1989 (secondary)",
		CitationZH:    "《社会保障号码》（GB 11643-1989）",
		Description:   "a 15-digit number was upgraded to 18 digits",
		DescriptionZH: "15 位旧身份证号码已升位为 18 位",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for _, np := range v.persons() {
				if np.party.LegacyIDNumber != "" {
					out = append(out, check.Result{Path: np.path + ".id_number", Key: "identity.legacy_id"})
				}
			}
			return out
		}},
	{ID: "identity.credit_code", Severity: check.Block, Citation: "GB 32100-2015",
		CitationZH:    "《法人和其他组织统一社会信用代码编码规则》（GB 32100-2015）",
		Description:   "every organization among the borrowers and guarantors has a valid unified social credit code",
		DescriptionZH: "借款人和保证人中的每一个组织均登记了有效的统一社会信用代码",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for _, np := range v.organizations() {
				if np.party.CreditCode == "" {
					out = append(out, check.Result{Path: np.path + ".credit_code", Key: "identity.credit_code.missing", Params: check.Params{"name": np.party.Name}})
				} else if _, err := identity.ParseCreditCode(np.party.CreditCode); err != nil {
					out = append(out, invalidNumber(np.path+".credit_code", err))
				}
			}
			return out
		}},
	{ID: "identity.credit_code_structure", Severity: check.Warn, Citation: "GB 32100 / GB 11714 (secondary)",
		CitationZH:    "《法人和其他组织统一社会信用代码编码规则》（GB 32100-2015）；《全国组织机构代码编制规则》（GB 11714）",
		Description:   "the credit code's registration authority, region and inner organization code (GB 11714 check) are well formed",
		DescriptionZH: "统一社会信用代码的登记管理部门码、行政区划码及其中的组织机构代码（GB 11714 校验）结构正确",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for _, np := range v.organizations() {
				cc, err := identity.ParseCreditCode(np.party.CreditCode)
				if err != nil {
					continue
				}
				for _, p := range cc.StructureProblems() {
					out = append(out, check.Result{Path: np.path + ".credit_code", Key: "identity.credit_code_structure", Params: check.Params{"detail": p}})
				}
			}
			return out
		}},
	{ID: "borrower.capacity", Severity: check.Block, Citation: "Civil Code arts. 17–18",
		CitationZH:    "《中华人民共和国民法典》第十七条、第十八条",
		Description:   "a natural-person borrower is 18 or older on the application date (16–17 only with own labour income, which a finding must state)",
		DescriptionZH: "自然人借款人在申请日年满 18 周岁（16 至 17 周岁的，须有调查记录证明以自己的劳动收入为主要生活来源）",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for _, np := range v.borrowers() {
				if np.party.Kind != Person {
					continue
				}
				age, ok := ageOn(np.party, v.Case.CreatedAt)
				if !ok {
					out = append(out, notComputed(np.path+".birth_date", "borrower.no_birth_date", check.Params{"name": np.party.Name})...)
					continue
				}
				if age >= v.Policy.Limits.MinBorrowerAge {
					continue
				}
				if age >= 16 && v.Case.hasFinding(TopicQualification, ResultConfirmed) {
					continue
				}
				out = append(out, check.Result{Path: np.path + ".birth_date", Key: "borrower.capacity", Params: check.Params{"name": np.party.Name, "age": strconv.Itoa(age)}})
			}
			return out
		}},
	{ID: "borrower.age_at_maturity", Severity: check.Warn, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "the borrower's age at maturity is within the policy maximum (default 65)",
		DescriptionZH: "借款人到期时的年龄不超过政策上限（默认 65 周岁）",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			maturity := v.Now.AddDate(0, v.Case.Request.TermMonths, 0)
			max := v.Policy.Limits.MaxAgeAtMaturity
			for _, np := range v.borrowers() {
				if np.party.Kind != Person {
					continue
				}
				age, ok := ageOn(np.party, maturity)
				if !ok {
					out = append(out, notComputed(np.path+".birth_date", "borrower.no_birth_date", check.Params{"name": np.party.Name})...)
					continue
				}
				if age > max {
					out = append(out, check.Result{Path: np.path + ".birth_date", Key: "borrower.age_at_maturity",
						Params: check.Params{"name": np.party.Name, "age": strconv.Itoa(age), "max": strconv.Itoa(max)}})
				}
			}
			return out
		}},
}

// parsedID is a resident ID number parsed once per view, against a day no
// birth date is after: what depends on the day of the check is decided by
// residentID.
type parsedID struct {
	number string
	id     identity.ResidentID
	ok     bool
}

// residentID is identity.ParseResidentID(n, now), the number parsed once
// per view for the rules that each read every person's: the parse against
// the last day decides all but the future birth date, which is compared
// with now's day here as ParseResidentID compares it. A number it refuses
// is parsed again against now, for ParseResidentID's own error.
func (v *View) residentID(n string, now time.Time) (identity.ResidentID, error) {
	i := slices.IndexFunc(v.residentIDs, func(p parsedID) bool { return p.number == n })
	if i < 0 {
		if v.residentIDs == nil {
			v.residentIDs = make([]parsedID, 0, len(v.persons()))
		}
		id, err := identity.ParseResidentID(n, anyDay)
		v.residentIDs = append(v.residentIDs, parsedID{n, id, err == nil})
		i = len(v.residentIDs) - 1
	}
	p := v.residentIDs[i]
	if p.ok {
		ny, nm, nd := now.Date()
		by, bm, bd := p.id.BirthDate.Date()
		if by < ny || by == ny && (bm < nm || bm == nm && bd <= nd) {
			return p.id, nil
		}
	}
	return identity.ParseResidentID(n, now)
}

// anyDay is a day no birth date is after.
var anyDay = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// isDay reports whether s is t's date as dateLayout writes it
// ("1991-01-01"), for a year of four digits, without formatting t.
func isDay(s string, t time.Time) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	num := func(s string) int {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return -1
			}
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	y, m, d := t.Date()
	return y >= 1000 && num(s[:4]) == y && num(s[5:7]) == int(m) && num(s[8:]) == d
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
