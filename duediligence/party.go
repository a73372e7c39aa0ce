package duediligence

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
	"github.com/jinzhi-dev/jinzhi/money"
)

// PartyKind tells a natural person from an organization.
type PartyKind string

// Party kinds.
const (
	Person       PartyKind = "person"       // 自然人
	Organization PartyKind = "organization" // 法人或非法人组织
)

// MaritalStatus of a natural person (婚姻状况).
type MaritalStatus string

// Marital statuses.
const (
	Single   MaritalStatus = "single"
	Married  MaritalStatus = "married"
	Divorced MaritalStatus = "divorced"
	Widowed  MaritalStatus = "widowed"
)

// Party is a borrower, co-borrower, spouse, legal representative or guarantor
// (当事人): a natural person or an organization. Details that arrive later in
// the investigation may be empty; their absence is a rule result, never a
// reason to refuse the application.
type Party struct {
	Kind PartyKind `json:"kind"`
	Name string    `json:"name"`

	// Person.

	// IDNumber is the resident identity card number (居民身份证号码), 18
	// characters with a valid check character; a legacy 15-digit number is
	// upgraded when recorded.
	IDNumber string `json:"id_number,omitempty"`
	// LegacyIDNumber is the 15-digit number IDNumber was upgraded from, if any.
	LegacyIDNumber string `json:"legacy_id_number,omitempty"`
	// BirthDate (YYYY-MM-DD) and Sex are derived from IDNumber.
	BirthDate     string        `json:"birth_date,omitempty"`
	Sex           string        `json:"sex,omitempty"`
	Phone         string        `json:"phone,omitempty"`
	Address       string        `json:"address,omitempty"`
	MaritalStatus MaritalStatus `json:"marital_status,omitempty"`
	Spouse        *Party        `json:"spouse,omitempty"`
	Occupation    string        `json:"occupation,omitempty"`
	Employer      string        `json:"employer,omitempty"`
	MonthlyIncome *money.Money  `json:"monthly_income,omitempty"`
	// Household are the main members of the person's household (家庭主要成员).
	Household []HouseholdMember `json:"household,omitempty"`
	// Assets and Liabilities are the household's (家庭资产、负债): property,
	// vehicles, deposits, investments; loans and other debts. The report
	// computes the asset-liability ratio from them.
	Assets      []Holding `json:"assets,omitempty"`
	Liabilities []Holding `json:"liabilities,omitempty"`

	// Organization.

	// CreditCode is the unified social credit code (统一社会信用代码).
	CreditCode          string `json:"credit_code,omitempty"`
	LegalRepresentative *Party `json:"legal_representative,omitempty"`
	// ActualController is the organization's actual controller or
	// controlling shareholder (实际控制人或控股股东), a person or an
	// organization: with the legal representative and a spouse, what makes
	// parties related for the concentration limits (limit.related_parties).
	ActualController  *Party       `json:"actual_controller,omitempty"`
	RegisteredCapital *money.Money `json:"registered_capital,omitempty"`
	FoundingDate      string       `json:"founding_date,omitempty"`
	Industry          string       `json:"industry,omitempty"`
	// Statements are the last years' financial statements, newest first.
	Statements []FinancialStatement `json:"statements,omitempty"`

	// Both.

	// MonthlyDebtPayments is the existing monthly debt service from the credit report.
	MonthlyDebtPayments *money.Money `json:"monthly_debt_payments,omitempty"`
	// Credit summarizes the credit report (征信报告).
	Credit *CreditSummary `json:"credit,omitempty"`
	// DishonestDebtor: on the dishonest judgment-debtor list (失信被执行人).
	DishonestDebtor bool `json:"dishonest_debtor,omitempty"`
	// PendingLitigation: a defendant in pending litigation.
	PendingLitigation bool `json:"pending_litigation,omitempty"`
}

// HouseholdMember is a member of a borrower's household (家庭成员).
type HouseholdMember struct {
	// Relation to the borrower: 配偶, 子女, 父母, … as the account manager writes it.
	Relation      string       `json:"relation"`
	Name          string       `json:"name"`
	Occupation    string       `json:"occupation,omitempty"`
	MonthlyIncome *money.Money `json:"monthly_income,omitempty"`
}

// Holding is one asset or liability of a household (家庭资产或负债): what
// it is ("住房", "存款", "房贷") and its amount.
type Holding struct {
	Kind   string      `json:"kind"`
	Amount money.Money `json:"amount"`
}

// CreditSummary is what the credit report (征信报告) says of a party.
type CreditSummary struct {
	CurrentOverdue    *money.Money `json:"current_overdue,omitempty"`
	MaxOverdueDays24M int          `json:"max_overdue_days_24m,omitempty"`
	OutstandingDebt   *money.Money `json:"outstanding_debt,omitempty"`
	GuaranteesGiven   *money.Money `json:"guarantees_given,omitempty"`
	ReportDate        string       `json:"report_date,omitempty"`
}

// The limits of a party's text fields, in characters, and of its lists.
const (
	maxName       = 200
	maxPhone      = 32
	maxAddress    = 500
	maxShortText  = 200 // occupation, employer, industry
	maxStatements = 10
	maxHousehold  = 20 // household members, assets, liabilities
)

// maritalStatuses are the marital statuses' names.
var maritalStatuses = []string{string(Single), string(Married), string(Divorced), string(Widowed)}

// validate checks p and its related parties and normalizes their identity
// numbers: it derives birth date and sex from a resident ID, upgrades a
// legacy 15-digit number and upper-cases a credit code. Every problem is
// recorded under path.
func (p *Party) validate(path string, now time.Time, probs *check.Problems) {
	if p == nil {
		return
	}
	p.Name = strings.TrimSpace(p.Name)
	probs.OneOf(path+".kind", string(p.Kind), string(Person), string(Organization))
	probs.RequiredText(path+".name", p.Name, maxName)
	probs.Text(path+".phone", p.Phone, maxPhone)
	probs.Text(path+".address", p.Address, maxAddress)
	probs.OptionalOneOf(path+".marital_status", string(p.MaritalStatus), maritalStatuses...)
	probs.Text(path+".occupation", p.Occupation, maxShortText)
	probs.Text(path+".employer", p.Employer, maxShortText)
	probs.Text(path+".industry", p.Industry, maxShortText)
	probs.OptionalOneOf(path+".sex", p.Sex, string(identity.Male), string(identity.Female))
	if p.FoundingDate != "" {
		if _, err := time.Parse(dateLayout, p.FoundingDate); err != nil {
			probs.Add(check.NotDate(path+".founding_date", p.FoundingDate))
		}
	}
	switch p.Kind {
	case Person:
		if p.CreditCode != "" {
			probs.Add(fieldError(path+".credit_code", check.ErrInconsistent, "party.credit_code_for_person", nil))
		}
		if p.LegalRepresentative != nil {
			probs.Add(fieldError(path+".legal_representative", check.ErrInconsistent, "party.legal_representative_for_person", nil))
		}
		if p.ActualController != nil {
			probs.Add(fieldError(path+".actual_controller", check.ErrInconsistent, "party.actual_controller_for_person", nil))
		}
		p.validateResidentID(path, now, probs)
		if p.Spouse != nil {
			if p.MaritalStatus != Married {
				probs.Add(fieldError(path+".spouse", check.ErrInconsistent, "party.spouse_not_married", nil))
			}
			if p.Spouse.Kind != Person {
				probs.Add(fieldError(path+".spouse.kind", check.ErrInconsistent, "party.must_be_person", nil))
			}
			p.Spouse.validate(path+".spouse", now, probs)
		}
	case Organization:
		if p.IDNumber != "" {
			probs.Add(fieldError(path+".id_number", check.ErrInconsistent, "party.id_number_for_organization", nil))
		}
		if p.Spouse != nil {
			probs.Add(fieldError(path+".spouse", check.ErrInconsistent, "party.spouse_for_organization", nil))
		}
		if p.CreditCode != "" {
			cc, err := identity.ParseCreditCode(p.CreditCode)
			if err != nil {
				probs.Add(identityFieldError(path+".credit_code", p.CreditCode, err))
			} else {
				p.CreditCode = cc.Code
			}
		}
		if p.LegalRepresentative != nil {
			if p.LegalRepresentative.Kind != Person {
				probs.Add(fieldError(path+".legal_representative.kind", check.ErrInconsistent, "party.must_be_person", nil))
			}
			p.LegalRepresentative.validate(path+".legal_representative", now, probs)
		}
		if p.ActualController != nil {
			p.ActualController.validate(path+".actual_controller", now, probs)
		}
	}
	checkMoney(probs, path+".monthly_income", p.MonthlyIncome)
	checkMoney(probs, path+".monthly_debt_payments", p.MonthlyDebtPayments)
	checkMoney(probs, path+".registered_capital", p.RegisteredCapital)
	if c := p.Credit; c != nil {
		checkMoney(probs, path+".credit.current_overdue", c.CurrentOverdue)
		checkMoney(probs, path+".credit.outstanding_debt", c.OutstandingDebt)
		checkMoney(probs, path+".credit.guarantees_given", c.GuaranteesGiven)
		if c.MaxOverdueDays24M < 0 {
			probs.Add(check.Negative(path+".credit.max_overdue_days_24m", strconv.Itoa(c.MaxOverdueDays24M)))
		}
		if c.ReportDate != "" {
			if _, err := time.Parse(dateLayout, c.ReportDate); err != nil {
				probs.Add(check.NotDate(path+".credit.report_date", c.ReportDate))
			}
		}
	}
	if len(p.Household) > maxHousehold {
		probs.Add(check.TooMany(path+".household", maxHousehold))
	} else {
		for i := range p.Household {
			m := &p.Household[i]
			mp := fmtPath(path+".household", i)
			probs.RequiredText(mp+".relation", m.Relation, maxShortText)
			probs.RequiredText(mp+".name", m.Name, maxName)
			probs.Text(mp+".occupation", m.Occupation, maxShortText)
			checkMoney(probs, mp+".monthly_income", m.MonthlyIncome)
		}
	}
	for _, list := range []struct {
		name string
		hs   []Holding
	}{{"assets", p.Assets}, {"liabilities", p.Liabilities}} {
		if len(list.hs) > maxHousehold {
			probs.Add(check.TooMany(path+"."+list.name, maxHousehold))
			continue
		}
		for i := range list.hs {
			hp := fmtPath(path+"."+list.name, i)
			probs.RequiredText(hp+".kind", list.hs[i].Kind, maxShortText)
			checkMoney(probs, hp+".amount", &list.hs[i].Amount)
		}
	}
	if len(p.Statements) > maxStatements {
		probs.Add(check.TooMany(path+".statements", maxStatements))
	} else {
		for i := range p.Statements {
			p.Statements[i].validate(fmtPath(path+".statements", i), probs)
		}
	}
}

// validateResidentID checks a person's resident ID and what derives from it.
func (p *Party) validateResidentID(path string, now time.Time, probs *check.Problems) {
	if p.IDNumber == "" {
		if p.BirthDate != "" {
			if _, err := time.Parse(dateLayout, p.BirthDate); err != nil {
				probs.Add(check.NotDate(path+".birth_date", p.BirthDate))
			}
		}
		if p.LegacyIDNumber != "" {
			probs.Add(check.Required(path + ".id_number"))
		}
		return
	}
	id, err := identity.ParseResidentID(p.IDNumber, now)
	if err != nil {
		probs.Add(identityFieldError(path+".id_number", p.IDNumber, err))
		return
	}
	stated := p.BirthDate
	if id.Upgraded {
		p.LegacyIDNumber = strings.TrimSpace(p.IDNumber)
	} else if p.LegacyIDNumber != "" {
		// A legacy number given with the new one must be the one it was upgraded from.
		if up, err := identity.UpgradeLegacyID(p.LegacyIDNumber); err != nil || up != id.Number {
			fe := fieldError(path+".legacy_id_number", check.ErrInconsistent, "party.legacy_mismatch", nil)
			fe.Value = identity.MaskResidentID(p.LegacyIDNumber)
			probs.Add(fe)
		}
	}
	p.IDNumber = id.Number
	p.BirthDate = id.BirthDate.Format(dateLayout)
	p.Sex = string(id.Sex)
	if stated != "" && stated != p.BirthDate {
		probs.Add(fieldError(path+".birth_date", check.ErrInconsistent, "party.birth_date_differs", check.Params{"stated": check.Shown(stated), "derived": p.BirthDate}))
	}
}

// identityFieldError is the field error of an identity number that does not
// parse, its value masked: it may be a person's ID.
func identityFieldError(path, value string, err error) FieldError {
	params, reason := identityProblem(err)
	fe := fieldError(path, reason, "party.identity_number", params)
	fe.Value = maskedNumber(value)
	return fe
}

// identityProblem turns an error of the identity package into the
// parameters of a message — the kind of number, the problem and identity's
// own words for it — and the reason of a field error.
func identityProblem(err error) (check.Params, error) {
	reason, problem := check.ErrFormat, "identity.problem.other"
	switch {
	case errors.Is(err, identity.ErrChecksum):
		reason, problem = check.ErrChecksum, "identity.problem.checksum"
	case errors.Is(err, identity.ErrLength):
		problem = "identity.problem.length"
	case errors.Is(err, identity.ErrCharacter):
		problem = "identity.problem.character"
	case errors.Is(err, identity.ErrFutureBirthDate):
		reason, problem = check.ErrRange, "identity.problem.future_birth"
	case errors.Is(err, identity.ErrBirthDate):
		problem = "identity.problem.birth_date"
	}
	msg, kind := err.Error(), "identity.kind.resident_id"
	for _, k := range []struct{ prefix, kind string }{
		{"invalid legacy resident ID: ", "identity.kind.legacy_resident_id"},
		{"invalid resident ID: ", "identity.kind.resident_id"},
		{"invalid credit code: ", "identity.kind.credit_code"},
	} {
		if rest, ok := strings.CutPrefix(msg, k.prefix); ok {
			msg, kind = rest, k.kind
			break
		}
	}
	zh := identity.DetailZH(err)
	if zh == "" {
		zh = msg
	}
	return check.Params{"kind": kind, "problem": problem, "detail": msg, "detail_zh": zh}, reason
}

// maskedNumber shows an identity number as a field error may repeat it: a
// resident ID masked, anything else not at all.
func maskedNumber(n string) string {
	if len(n) == 18 {
		return identity.MaskResidentID(n)
	}
	return "***"
}

// checkMoney refuses a negative amount.
func checkMoney(probs *check.Problems, path string, m *money.Money) {
	if m != nil && m.Sign() < 0 {
		probs.Add(check.Negative(path, m.String()))
	}
}

// masked returns a copy of p with every resident ID number masked.
func (p *Party) masked() *Party {
	if p == nil {
		return nil
	}
	c := *p
	if c.IDNumber != "" {
		c.IDNumber = identity.MaskResidentID(c.IDNumber)
	}
	if c.LegacyIDNumber != "" {
		c.LegacyIDNumber = identity.MaskResidentID(c.LegacyIDNumber)
	}
	c.Spouse = p.Spouse.masked()
	c.LegalRepresentative = p.LegalRepresentative.masked()
	c.ActualController = p.ActualController.masked()
	return &c
}

// Identifier returns the party's resident ID or credit code, whichever applies.
func (p Party) Identifier() string {
	if p.Kind == Organization {
		return p.CreditCode
	}
	return p.IDNumber
}

func (p Party) String() string { return fmt.Sprintf("%s (%s)", p.Name, p.Kind) }
