package duediligence

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Investor is a registered investor (投资客户): a person or organization
// the lender knows as a client, its identity checked as a borrower's is,
// that acknowledged the lender's risk disclosure and whose capacity to
// bear risk the lender assessed. Only a registered investor is ever shown
// a project (funding.no_public_solicitation).
type Investor struct {
	ID string `json:"id"`
	// Party is the investor as a borrower would be recorded: a person with
	// a resident ID (birth date and sex derived from it) or an
	// organization with its credit code and legal representative.
	Party Party `json:"party"`
	// Identity is how the lender checked who the investor is.
	Identity IdentityCheck `json:"identity"`
	// Disclosure is the risk disclosure the investor acknowledged.
	Disclosure RiskDisclosure `json:"risk_disclosure"`
	// Suitability is the lender's assessment of the risk it may bear: the
	// current one, the newest of Assessments, which the teasers and
	// commitments read (funding.suitability, funding.suitability_current).
	Suitability Suitability `json:"suitability"`
	// Assessments are every assessment made of it (适当性评估记录), oldest
	// first: the one it was registered with, then each re-assessment
	// (POST /v1/investors/{id}/assessments). None is ever overwritten.
	Assessments []Suitability `json:"assessments"`
	// RegisteredBy is the account manager who registered it, its
	// relationship manager.
	RegisteredBy string    `json:"registered_by"`
	RegisteredAt time.Time `json:"registered_at"`
}

// IdentityCheck is how an investor's identity was verified (身份核验).
type IdentityCheck struct {
	Method IdentityMethod `json:"method"`
	// CheckedOn is the day of the check; it may not be in the future.
	CheckedOn money.Date `json:"checked_on"`
	// Evidence names the record kept of it (the check's result number,
	// the copy of the card).
	Evidence string `json:"evidence"`
}

// IdentityMethod is how an identity was verified.
type IdentityMethod string

// Identity methods.
const (
	IdentityOnline   IdentityMethod = "online_check" // 公民身份信息联网核查 / 企业信用信息公示系统
	IdentityInPerson IdentityMethod = "in_person"    // 当面核验原件
)

var identityMethods = []string{string(IdentityOnline), string(IdentityInPerson)}

// RiskDisclosure is the investor's acknowledgement of the lender's risk
// disclosure (风险揭示书): when, and the signed document.
type RiskDisclosure struct {
	AcknowledgedOn money.Date `json:"acknowledged_on"`
	// Document names the signed disclosure (its number or file reference).
	Document string `json:"document"`
}

// Suitability is the lender's assessment of an investor (适当性评估): the
// highest project risk level it may bear, when and on what basis.
type Suitability struct {
	// Level is the highest project risk level (1 to 5) the investor may
	// be shown: 1 conservative (保守型) to 5 aggressive (激进型).
	Level      int        `json:"level"`
	AssessedOn money.Date `json:"assessed_on"`
	AssessedBy string     `json:"assessed_by"`
	// Basis is what the assessment rests on (the questionnaire, its score).
	Basis string `json:"basis"`
	// Document names the evidence kept of a re-assessment (the signed
	// questionnaire's number or file reference).
	Document string `json:"document,omitempty"`
	// AssessedAt is when a re-assessment was recorded.
	AssessedAt time.Time `json:"assessed_at,omitzero"`
}

// AssessmentInput is a re-assessment of an investor's suitability
// (适当性重新评估): its result, the day, what it rests on and the signed
// evidence.
type AssessmentInput struct {
	Level      int        `json:"level"`
	AssessedOn money.Date `json:"assessed_on"`
	Basis      string     `json:"basis"`
	Document   string     `json:"document"`
}

func (in *AssessmentInput) validate(today money.Date, p *check.Problems) {
	if l := in.Level; l < 1 || l > MaxRiskLevel {
		p.Add(check.NotBetween("level", itoa(l), "1", itoa(MaxRiskLevel)))
	}
	pastDate(p, "assessed_on", in.AssessedOn, today)
	p.RequiredText("basis", in.Basis, maxText)
	p.RequiredText("document", in.Document, maxID)
}

// DefaultSuitabilityValidMonths is how long a suitability assessment
// stands by default (FundingPolicy.SuitabilityValidMonths).
const DefaultSuitabilityValidMonths = 12

// suitabilityExpiry is the first day an assessment made on the day on no
// longer stands: months after it.
func suitabilityExpiry(on money.Date, months int) money.Date { return on.AddMonths(months) }

// InvestorInput registers an investor.
type InvestorInput struct {
	Party       Party          `json:"party"`
	Identity    IdentityCheck  `json:"identity"`
	Disclosure  RiskDisclosure `json:"risk_disclosure"`
	Suitability struct {
		Level      int        `json:"level"`
		AssessedOn money.Date `json:"assessed_on"`
		Basis      string     `json:"basis"`
	} `json:"suitability"`
}

// MaxRiskLevel is the highest risk level of a project and of an investor.
const MaxRiskLevel = 5

func (in *InvestorInput) validate(now time.Time, p *check.Problems) {
	in.Party.validate("party", now, p)
	today := BusinessDate(now)
	switch in.Party.Kind {
	case Person:
		if in.Party.IDNumber == "" {
			p.Add(check.Required("party.id_number"))
		} else if id, err := identity.ParseResidentID(in.Party.IDNumber, now); err == nil {
			// The capacity a borrower needs (borrower.capacity) is the
			// investor's too: a minor cannot contract to fund a loan.
			if age := id.AgeOn(now); age < 18 {
				fe := fieldError("party.id_number", check.ErrRange, "investor.minor", check.Params{"age": itoa(age)})
				fe.Value = identity.MaskResidentID(in.Party.IDNumber)
				p.Add(fe)
			}
		}
	case Organization:
		if in.Party.CreditCode == "" {
			p.Add(check.Required("party.credit_code"))
		}
	}
	p.OneOf("identity.method", string(in.Identity.Method), identityMethods...)
	pastDate(p, "identity.checked_on", in.Identity.CheckedOn, today)
	p.RequiredText("identity.evidence", in.Identity.Evidence, maxID)
	pastDate(p, "risk_disclosure.acknowledged_on", in.Disclosure.AcknowledgedOn, today)
	p.RequiredText("risk_disclosure.document", in.Disclosure.Document, maxID)
	if l := in.Suitability.Level; l < 1 || l > MaxRiskLevel {
		p.Add(check.NotBetween("suitability.level", itoa(l), "1", itoa(MaxRiskLevel)))
	}
	pastDate(p, "suitability.assessed_on", in.Suitability.AssessedOn, today)
	p.RequiredText("suitability.basis", in.Suitability.Basis, maxText)
}

// pastDate checks a required date that may not be in the future.
func pastDate(p *check.Problems, path string, d, today money.Date) {
	switch {
	case d.IsZero():
		p.Add(check.Required(path))
	case !d.IsValid():
		p.Add(check.NotDate(path, d.String()))
	case d.After(today):
		p.Add(check.InFuture(path, d.String()))
	}
}

// InvestorStore reads investors.
type InvestorStore interface {
	// FindInvestorByID returns an investor, or CodeNotFound.
	FindInvestorByID(ctx context.Context, id string) (*Investor, error)
	// FindInvestors lists the investors registered by registeredBy (every
	// one when empty), oldest first, at most limit.
	FindInvestors(ctx context.Context, registeredBy string, limit int) ([]Investor, error)
}

// investorRelations are the roles with the investor-relations capability
// (投资客户关系): the account manager, whose duties these are ("联系有意向的
// 投资客户…推荐及介绍项目"), and the department manager over the team. It is a
// capability of these roles rather than a role of its own because a user
// has one role, and the person who recommends a project to investors is
// the account manager who knows it; a separate role would split one
// person's duties over two tokens.
var investorRelations = []Role{RoleAccountManager, RoleDepartmentManager}

// investorReaders may read investors: the investor-relations roles and the
// roles that oversee (risk, the general manager, the auditor).
var investorReaders = []Role{RoleAccountManager, RoleDepartmentManager, RoleRiskOfficer, RoleGeneralManager, RoleAuditor}

// MaxInvestors bounds the investors one list answers.
const MaxInvestors = 500

// RegisterInvestor registers an investor as a client (投资客户登记): its
// identity checked as a borrower's is (the resident ID's check digit and
// birth date, an adult; the credit code's check character), the risk
// disclosure it acknowledged and the lender's suitability assessment. A
// resident ID or credit code is registered once.
func (s *Service) RegisterInvestor(ctx context.Context, actor Actor, in InvestorInput) (inv *Investor, err error) {
	defer Wrap(&err, "Service.RegisterInvestor")
	if !slices.Contains(investorRelations, actor.Role) {
		return nil, forbidden("investor.registered", actor.Role, investorRelations...)
	}
	now := s.clock.Now()
	var probs check.Problems
	in.validate(now, &probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	inv = &Investor{ID: s.ids.NewID(), Party: in.Party, Identity: in.Identity, Disclosure: in.Disclosure,
		Suitability: Suitability{Level: in.Suitability.Level, AssessedOn: in.Suitability.AssessedOn, AssessedBy: actor.ID,
			Basis: strings.TrimSpace(in.Suitability.Basis)},
		RegisteredBy: actor.ID, RegisteredAt: now}
	inv.Assessments = []Suitability{inv.Suitability}
	ev := s.event(actor, "", 0, "investor.registered", map[string]any{"id": inv.ID, "kind": inv.Party.Kind,
		"key": maskedKey(inv.Party), "suitability": inv.Suitability.Level, "risk_disclosure": inv.Disclosure})
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.Funding().CreateInvestor(ctx, inv); err != nil {
			if ErrorCode(err) == CodeConflict {
				return errorKey(CodeConflict, "error.investor_registered", check.Params{"key": maskedKey(inv.Party)})
			}
			return err
		}
		return tx.Events().AppendEvent(ctx, ev)
	})
	if err != nil {
		return nil, err
	}
	return inv, nil
}

// maskedKey is a party's identity number as a log may show it.
func maskedKey(p Party) string {
	if p.Kind == Organization {
		return p.CreditCode
	}
	return identity.MaskResidentID(p.IDNumber)
}

// Investor returns a registered investor as the actor may see it: an
// account manager sees the investors it registered (another's is not
// found), the roles that oversee see every one; resident IDs are whole for
// the registering account manager and the approvers, masked for others.
func (s *Service) Investor(ctx context.Context, actor Actor, id string) (inv *Investor, err error) {
	defer Wrap(&err, "Service.Investor")
	if !slices.Contains(investorReaders, actor.Role) {
		return nil, forbidden("investors.read", actor.Role, investorReaders...)
	}
	inv, err = s.store.Funding().FindInvestorByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if actor.Role == RoleAccountManager && inv.RegisteredBy != actor.ID {
		return nil, errorKey(CodeNotFound, "error.no_investor", check.Params{"id": check.Shown(id)})
	}
	return s.investorView(actor, inv), nil
}

// Investors lists the registered investors the actor may see, oldest first.
func (s *Service) Investors(ctx context.Context, actor Actor) (out []Investor, err error) {
	defer Wrap(&err, "Service.Investors")
	if !slices.Contains(investorReaders, actor.Role) {
		return nil, forbidden("investors.read", actor.Role, investorReaders...)
	}
	by := ""
	if actor.Role == RoleAccountManager {
		by = actor.ID
	}
	out, err = s.store.Funding().FindInvestors(ctx, by, MaxInvestors)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i] = *s.investorView(actor, &out[i])
	}
	return out, nil
}

// investorView masks an investor's resident ID for the roles that see
// resident IDs masked. An investor registered before assessments were
// kept has its one assessment as its history.
func (s *Service) investorView(actor Actor, inv *Investor) *Investor {
	if len(inv.Assessments) == 0 {
		inv.Assessments = []Suitability{inv.Suitability}
	}
	if inv.RegisteredBy == actor.ID || actor.Role.seesResidentIDs() {
		return inv
	}
	m := *inv
	m.Party = *inv.Party.masked()
	return &m
}

// investorOf loads the investor an actor names for a project: one it may
// work with (an account manager's own), or a field error naming path.
func (s *Service) investorOf(ctx context.Context, actor Actor, path, id string) (*Investor, error) {
	inv, err := s.store.Funding().FindInvestorByID(ctx, id)
	if ErrorCode(err) == CodeNotFound || (err == nil && actor.Role == RoleAccountManager && inv.RegisteredBy != actor.ID) {
		return nil, invalidField(fieldError(path, check.ErrNotFound, "funding.investor_unknown", check.Params{"id": check.Shown(id)}))
	}
	return inv, err
}

// AssessInvestor records a re-assessment of an investor's suitability
// (适当性重新评估) by an investor-relations role — an account manager for
// the investors it registered: the new assessment becomes the current one
// the teasers and commitments read, and is added to the investor's
// assessments, none overwritten. It may not be dated before the current
// one.
func (s *Service) AssessInvestor(ctx context.Context, actor Actor, id string, in AssessmentInput) (inv *Investor, err error) {
	defer Wrap(&err, "Service.AssessInvestor")
	if !slices.Contains(investorRelations, actor.Role) {
		return nil, forbidden("investor.assessed", actor.Role, investorRelations...)
	}
	now := s.clock.Now()
	var probs check.Problems
	in.validate(BusinessDate(now), &probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	a := Suitability{Level: in.Level, AssessedOn: in.AssessedOn, AssessedBy: actor.ID, Basis: strings.TrimSpace(in.Basis),
		Document: strings.TrimSpace(in.Document), AssessedAt: now}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		inv, err = tx.Funding().LockInvestor(ctx, id)
		if ErrorCode(err) == CodeNotFound || (err == nil && actor.Role == RoleAccountManager && inv.RegisteredBy != actor.ID) {
			return errorKey(CodeNotFound, "error.no_investor", check.Params{"id": check.Shown(id)})
		}
		if err != nil {
			return err
		}
		if len(inv.Assessments) == 0 {
			inv.Assessments = []Suitability{inv.Suitability}
		}
		if cur := inv.Suitability.AssessedOn; a.AssessedOn.Before(cur) {
			fe := fieldError("assessed_on", check.ErrRange, "investor.assessment_older", check.Params{"date": cur.String()})
			fe.Value = a.AssessedOn.String()
			return invalidField(fe)
		}
		prev := inv.Suitability.Level
		inv.Assessments = append(inv.Assessments, a)
		inv.Suitability = a
		if err := tx.Funding().SaveInvestor(ctx, inv); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, "", 0, "investor.assessed", map[string]any{"id": inv.ID,
			"key": maskedKey(inv.Party), "from": prev, "suitability": a.Level, "assessed_on": a.AssessedOn, "document": a.Document,
			"assessments": len(inv.Assessments)}))
	})
	if err != nil {
		return nil, err
	}
	return s.investorView(actor, inv), nil
}
