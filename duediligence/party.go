package duediligence

import (
	"fmt"
	"strings"
	"time"

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
	Kind PartyKind `json:"kind" validate:"required,oneof=person organization"`
	Name string    `json:"name" validate:"required,max=200"`

	// Person.

	// IDNumber is the resident identity card number (居民身份证号码), 18
	// characters; a legacy 15-digit number is upgraded when recorded.
	IDNumber string `json:"id_number,omitempty" validate:"omitempty,max=32"`
	// LegacyIDNumber is the 15-digit number IDNumber was upgraded from, if any.
	LegacyIDNumber string `json:"legacy_id_number,omitempty"`
	// BirthDate (YYYY-MM-DD) and Sex are derived from IDNumber.
	BirthDate     string        `json:"birth_date,omitempty"`
	Sex           string        `json:"sex,omitempty"`
	Phone         string        `json:"phone,omitempty" validate:"omitempty,max=32"`
	Address       string        `json:"address,omitempty" validate:"omitempty,max=500"`
	MaritalStatus MaritalStatus `json:"marital_status,omitempty" validate:"omitempty,oneof=single married divorced widowed"`
	Spouse        *Party        `json:"spouse,omitempty"`
	Occupation    string        `json:"occupation,omitempty" validate:"omitempty,max=200"`
	Employer      string        `json:"employer,omitempty" validate:"omitempty,max=200"`
	MonthlyIncome *money.Money  `json:"monthly_income,omitempty"`

	// Organization.

	// CreditCode is the unified social credit code (统一社会信用代码).
	CreditCode          string       `json:"credit_code,omitempty" validate:"omitempty,max=32"`
	LegalRepresentative *Party       `json:"legal_representative,omitempty"`
	RegisteredCapital   *money.Money `json:"registered_capital,omitempty"`
	FoundingDate        string       `json:"founding_date,omitempty" validate:"omitempty,datetime=2006-01-02"`
	Industry            string       `json:"industry,omitempty" validate:"omitempty,max=200"`
	// Statements are the last years' financial statements, newest first.
	Statements []FinancialStatement `json:"statements,omitempty" validate:"omitempty,max=10,dive"`

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

// CreditSummary is what the credit report (征信报告) says of a party.
type CreditSummary struct {
	CurrentOverdue    *money.Money `json:"current_overdue,omitempty"`
	MaxOverdueDays24M int          `json:"max_overdue_days_24m,omitempty" validate:"gte=0"`
	OutstandingDebt   *money.Money `json:"outstanding_debt,omitempty"`
	GuaranteesGiven   *money.Money `json:"guarantees_given,omitempty"`
	ReportDate        string       `json:"report_date,omitempty" validate:"omitempty,datetime=2006-01-02"`
}

// normalize checks the identity numbers of p and its related parties, derives
// birth date and sex from a resident ID, upgrades a legacy 15-digit number,
// and records every problem under path.
func (p *Party) normalize(path string, now time.Time, probs *Problems) {
	if p == nil {
		return
	}
	p.Name = strings.TrimSpace(p.Name)
	switch p.Kind {
	case Person:
		if p.CreditCode != "" {
			probs.Add(path+".credit_code", "a person has no credit code; use id_number")
		}
		if p.LegalRepresentative != nil {
			probs.Add(path+".legal_representative", "a person has no legal representative")
		}
		if p.IDNumber != "" {
			id, err := identity.ParseResidentID(p.IDNumber, now)
			if err != nil {
				probs.Add(path+".id_number", "%v", err)
			} else {
				stated := p.BirthDate
				if id.Upgraded {
					p.LegacyIDNumber = strings.TrimSpace(p.IDNumber)
				}
				p.IDNumber = id.Number
				p.BirthDate = id.BirthDate.Format(dateLayout)
				p.Sex = string(id.Sex)
				if stated != "" && stated != p.BirthDate {
					probs.Add(path+".birth_date", "is %s but the ID number says %s", stated, p.BirthDate)
				}
			}
		} else {
			if p.BirthDate != "" {
				if _, err := time.Parse(dateLayout, p.BirthDate); err != nil {
					probs.Add(path+".birth_date", "must be a date YYYY-MM-DD")
				}
			}
		}
		if p.Spouse != nil {
			if p.MaritalStatus != Married {
				probs.Add(path+".spouse", "only a married person has a spouse")
			}
			if p.Spouse.Kind != Person {
				probs.Add(path+".spouse.kind", "must be person")
			}
			p.Spouse.normalize(path+".spouse", now, probs)
		}
	case Organization:
		if p.IDNumber != "" {
			probs.Add(path+".id_number", "an organization has no resident ID; use credit_code")
		}
		if p.Spouse != nil {
			probs.Add(path+".spouse", "an organization has no spouse")
		}
		if p.CreditCode != "" {
			cc, err := identity.ParseCreditCode(p.CreditCode)
			if err != nil {
				probs.Add(path+".credit_code", "%v", err)
			} else {
				p.CreditCode = cc.Code
			}
		}
		if p.LegalRepresentative != nil {
			if p.LegalRepresentative.Kind != Person {
				probs.Add(path+".legal_representative.kind", "must be person")
			}
			p.LegalRepresentative.normalize(path+".legal_representative", now, probs)
		}
	}
	checkMoney(probs, path+".monthly_income", p.MonthlyIncome)
	checkMoney(probs, path+".monthly_debt_payments", p.MonthlyDebtPayments)
	checkMoney(probs, path+".registered_capital", p.RegisteredCapital)
	if p.Credit != nil {
		checkMoney(probs, path+".credit.current_overdue", p.Credit.CurrentOverdue)
		checkMoney(probs, path+".credit.outstanding_debt", p.Credit.OutstandingDebt)
		checkMoney(probs, path+".credit.guarantees_given", p.Credit.GuaranteesGiven)
	}
}

// checkMoney refuses a negative amount.
func checkMoney(probs *Problems, path string, m *money.Money) {
	if m != nil && m.Sign() < 0 {
		probs.Add(path, "must not be negative")
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
