package duediligence

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Guarantee is a guarantor's promise to repay for the borrower (保证): who
// guarantees, how (general or joint and several), how much, for how long,
// and the facts that decide whether the guarantor may and can guarantee.
type Guarantee struct {
	ID string `json:"id"`
	// Guarantor is the person or organization that guarantees (保证人).
	Guarantor Party `json:"guarantor"`
	// GuarantorKind classifies the guarantor for eligibility (Civil Code art.
	// 683) and for the corporate resolution (Company Law art. 15).
	GuarantorKind GuarantorKind `json:"guarantor_kind"`
	// Kind is general (一般保证) or joint and several (连带责任保证); empty
	// when the contract does not say, which the law reads as general.
	Kind GuaranteeKind `json:"kind,omitempty"`
	// Amount is the guaranteed amount, CNY.
	Amount money.Money `json:"amount"`
	// Period is the guarantee period (保证期间) as agreed.
	Period GuaranteePeriod `json:"period"`
	// Relation is the guarantor's relation to the borrower.
	Relation GuarantorRelation `json:"relation,omitempty"`
	// NetWorth is the guarantor's net worth (净资产), CNY; negative when
	// liabilities exceed assets.
	NetWorth *money.Money `json:"net_worth,omitempty"`
	// ExistingGuarantees are the guarantees the guarantor has already given
	// (对外担保余额), CNY; when absent, the credit report's figure is used.
	ExistingGuarantees *money.Money `json:"existing_guarantees,omitempty"`
	// Corporate holds the facts that decide whether a company guarantor
	// needs a resolution, and the resolution.
	Corporate *CorporateGuarantor `json:"corporate,omitempty"`
	// OnLendingApproved: a state organ guarantees the State
	// Council-approved on-lending of a foreign government or international
	// organization loan, the one case art. 683 allows.
	OnLendingApproved bool `json:"on_lending_approved,omitempty"`
	// Mutual is derived on read: other open cases in which the guarantor
	// borrows and the borrower guarantees (互保).
	Mutual []MutualGuarantee `json:"mutual,omitempty"`
}

// GuarantorKind classifies a guarantor (保证人类型).
type GuarantorKind string

// Guarantor kinds.
const (
	GuarantorPerson               GuarantorKind = "person"                // 自然人
	GuarantorCompany              GuarantorKind = "company"               // 公司
	GuarantorFinancialInstitution GuarantorKind = "financial_institution" // 金融机构
	GuarantorGuaranteeCompany     GuarantorKind = "guarantee_company"     // 融资担保公司
	GuarantorStateOrgan           GuarantorKind = "state_organ"           // 机关法人
	GuarantorNonProfit            GuarantorKind = "non_profit"            // 以公益为目的的非营利法人、非法人组织
	GuarantorCommittee            GuarantorKind = "committee"             // 居民委员会、村民委员会
)

// GuaranteeKind is how the guarantor answers for the debt (保证方式).
type GuaranteeKind string

// Guarantee kinds; the zero value means the contract does not say.
const (
	GuaranteeGeneral         GuaranteeKind = "general"           // 一般保证
	GuaranteeJointAndSeveral GuaranteeKind = "joint_and_several" // 连带责任保证
)

// GuarantorRelation is the guarantor's relation to the borrower.
type GuarantorRelation string

// Guarantor relations.
const (
	RelationShareholder      GuarantorRelation = "shareholder"       // the guarantor is the borrower's shareholder (股东)
	RelationActualController GuarantorRelation = "actual_controller" // 实际控制人
	RelationRelatedParty     GuarantorRelation = "related_party"     // 关联方
	RelationNone             GuarantorRelation = "none"
)

// GuaranteePeriod is the guarantee period as agreed (保证期间). With none of
// its fields set the period is not agreed, which the law reads as six months
// from the debt's due date (Civil Code art. 692).
type GuaranteePeriod struct {
	// Months after the debt's due date.
	Months int `json:"months,omitempty"`
	// Ends is the last day of the period, when agreed as a date.
	Ends *money.Date `json:"ends,omitempty"`
	// UntilRepaid records a period "until the debt is fully repaid" (直至
	// 主债务本息还清时为止), which counts as not clearly agreed.
	UntilRepaid bool `json:"until_repaid,omitempty"`
}

// agreed reports whether the period is clearly agreed.
func (p GuaranteePeriod) agreed() bool { return !p.UntilRepaid && (p.Months > 0 || p.Ends != nil) }

// CorporateGuarantor holds what decides a company guarantor's resolution
// (公司对外担保决议, Company Law 2023 art. 15; 担保制度解释 arts. 7–9).
type CorporateGuarantor struct {
	// Listed: the guarantor is a listed company (上市公司), for which the
	// two exemptions below do not apply.
	Listed bool `json:"listed,omitempty"`
	// WhollyOwnsBorrower: the borrower is the guarantor's wholly-owned
	// subsidiary (为全资子公司提供担保).
	WhollyOwnsBorrower bool `json:"wholly_owns_borrower,omitempty"`
	// TwoThirdsSigned: holders of at least two thirds of the voting rights on
	// the guarantee signed the guarantee contract.
	TwoThirdsSigned bool `json:"two_thirds_signed,omitempty"`
	// BorrowerIsShareholder: the borrower is the guarantor's shareholder or
	// actual controller (关联担保), which needs a shareholders' resolution
	// without the interested shareholders' votes.
	BorrowerIsShareholder bool `json:"borrower_is_shareholder,omitempty"`
	// Resolution is the resolution on file, if any.
	Resolution *Resolution `json:"resolution,omitempty"`
}

// Resolution is a company's resolution to guarantee (担保决议).
type Resolution struct {
	// Body is the board (董事会) or the shareholders' meeting (股东会).
	Body ResolutionBody `json:"body"`
	// Date the resolution was passed.
	Date *money.Date `json:"date,omitempty"`
	// InterestedExcluded: the interested shareholders did not vote.
	InterestedExcluded bool `json:"interested_excluded,omitempty"`
	// Document is the ID of the resolution among the case's documents.
	Document string `json:"document,omitempty"`
}

var (
	guarantorKinds = []string{string(GuarantorPerson), string(GuarantorCompany), string(GuarantorFinancialInstitution),
		string(GuarantorGuaranteeCompany), string(GuarantorStateOrgan), string(GuarantorNonProfit), string(GuarantorCommittee)}
	guaranteeKinds     = []string{string(GuaranteeGeneral), string(GuaranteeJointAndSeveral)}
	guarantorRelations = []string{string(RelationShareholder), string(RelationActualController), string(RelationRelatedParty), string(RelationNone)}
)

// validate checks the guarantee at path, normalizing its guarantor, and
// records every problem of its own form; checkGuarantee adds what depends
// on the case.
func (g *Guarantee) validate(path string, now time.Time, probs *check.Problems) {
	probs.OneOf(path+".guarantor_kind", string(g.GuarantorKind), guarantorKinds...)
	probs.OptionalOneOf(path+".kind", string(g.Kind), guaranteeKinds...)
	probs.OptionalOneOf(path+".relation", string(g.Relation), guarantorRelations...)
	g.Guarantor.validate(path+".guarantor", now, probs)
	person := g.GuarantorKind == GuarantorPerson
	switch {
	case g.GuarantorKind == "":
	case person && g.Guarantor.Kind == Organization:
		probs.Add(fieldError(path+".guarantor.kind", check.ErrInconsistent, "guarantee.guarantor_must_be_person", nil))
	case !person && g.Guarantor.Kind == Person:
		probs.Add(fieldError(path+".guarantor.kind", check.ErrInconsistent, "guarantee.guarantor_must_be_organization", check.Params{"kind": string(g.GuarantorKind)}))
	}
	if g.Amount.Sign() <= 0 {
		probs.Add(check.NotPositive(path+".amount", g.Amount.String()))
	}
	checkMoney(probs, path+".existing_guarantees", g.ExistingGuarantees)
	switch per := g.Period; {
	case per.Months < 0 || per.Months > 600:
		probs.Between(path+".period.months", per.Months, 0, 600)
	case per.UntilRepaid && (per.Months > 0 || per.Ends != nil):
		probs.Add(fieldError(path+".period", check.ErrInconsistent, "guarantee.period_several", nil))
	case per.Months > 0 && per.Ends != nil:
		probs.Add(fieldError(path+".period", check.ErrInconsistent, "guarantee.period_both", nil))
	}
	if g.Corporate != nil && person {
		probs.Add(fieldError(path+".corporate", check.ErrInconsistent, "guarantee.corporate_for_person", nil))
	}
	if g.Corporate != nil && g.Corporate.Resolution != nil {
		res := g.Corporate.Resolution
		rpath := path + ".corporate.resolution"
		probs.OneOf(rpath+".body", string(res.Body), string(BodyBoard), string(BodyShareholders))
		probs.Text(rpath+".document", res.Document, 100) // as openapi.json says
		if d := res.Date; d != nil && d.After(money.DateOf(now)) {
			probs.Add(check.InFuture(rpath+".date", d.String()))
		}
	}
}

// ResolutionBody is the organ that passed a resolution.
type ResolutionBody string

// Resolution bodies.
const (
	BodyBoard        ResolutionBody = "board"        // 董事会
	BodyShareholders ResolutionBody = "shareholders" // 股东会、股东大会
)

// MutualGuarantee is another open case whose borrower guarantees this case's
// borrower's guarantor, or the reverse (互保).
type MutualGuarantee struct {
	CaseID       string `json:"case_id"`
	Stage        Stage  `json:"stage"`
	LedgerNumber string `json:"ledger_number,omitempty"`
}

// PartyRole is a party's role in a case, as the store indexes it.
type PartyRole string

// Party roles.
const (
	PartyRoleBorrower  PartyRole = "borrower"
	PartyRoleGuarantor PartyRole = "guarantor"
)

// PartyLink is a party named in another open or active case, found by its
// resident ID or credit code.
type PartyLink struct {
	CaseID string    `json:"case_id"`
	Role   PartyRole `json:"role"`
	// PartyKey is the resident ID or credit code, upper case.
	PartyKey     string `json:"party_key"`
	Stage        Stage  `json:"stage"`
	LedgerNumber string `json:"ledger_number,omitempty"`
}

// PartyKey is how stores index a party: its resident ID or credit code in
// upper case, or "" when not known yet.
func PartyKey(p *Party) string { return strings.ToUpper(strings.TrimSpace(p.Identifier())) }

// PartyKeys lists the distinct parties of c by role, as stores index them.
func (c *Case) PartyKeys() map[PartyRole][]string {
	out := map[PartyRole][]string{}
	add := func(role PartyRole, p *Party) {
		if k := PartyKey(p); k != "" && !slices.Contains(out[role], k) {
			out[role] = append(out[role], k)
		}
	}
	add(PartyRoleBorrower, &c.Applicant)
	for i := range c.CoBorrowers {
		add(PartyRoleBorrower, &c.CoBorrowers[i])
	}
	for i := range c.Guarantees {
		add(PartyRoleGuarantor, &c.Guarantees[i].Guarantor)
	}
	return out
}

// LinkMutual sets each guarantee's Mutual from the links of other cases
// (Store.FindPartyLinks of the case's parties): a case in which the
// guarantor borrows and one of this case's borrowers guarantees (互保).
func (c *Case) LinkMutual(links []PartyLink) {
	borrowers := c.PartyKeys()[PartyRoleBorrower]
	for i := range c.Guarantees {
		g := &c.Guarantees[i]
		g.Mutual = nil
		key := PartyKey(&g.Guarantor)
		if key == "" {
			continue
		}
		for _, l := range links {
			if l.Role != PartyRoleBorrower || l.PartyKey != key {
				continue
			}
			back := slices.ContainsFunc(links, func(o PartyLink) bool {
				return o.CaseID == l.CaseID && o.Role == PartyRoleGuarantor && slices.Contains(borrowers, o.PartyKey)
			})
			if back && !slices.ContainsFunc(g.Mutual, func(m MutualGuarantee) bool { return m.CaseID == l.CaseID }) {
				g.Mutual = append(g.Mutual, MutualGuarantee{CaseID: l.CaseID, Stage: l.Stage, LedgerNumber: l.LedgerNumber})
			}
		}
	}
}

// enrichGuarantees fetches the links of the case's parties in other cases
// and derives each guarantee's mutual guarantees, so that rules do no I/O.
func (s *Service) enrichGuarantees(ctx context.Context, c *Case) error {
	if c.Guarantees == nil {
		c.Guarantees = []Guarantee{} // cases stored before guarantees existed
	}
	for i := range c.Guarantees {
		c.Guarantees[i].Mutual = nil
	}
	if len(c.Guarantees) == 0 {
		return nil
	}
	keys := c.PartyKeys()
	all := append(slices.Clone(keys[PartyRoleBorrower]), keys[PartyRoleGuarantor]...)
	links, err := s.store.Indexes().FindPartyLinks(ctx, c.ID, all)
	if err != nil {
		return err
	}
	c.LinkMutual(links)
	return nil
}

// GuaranteeInput adds a guarantee.
type GuaranteeInput struct {
	Guarantee Guarantee
	// IdempotencyKey makes a retried creation return the first result.
	IdempotencyKey string
}

// guaranteeStages are the stages in which guarantees may be added or edited.
var guaranteeStages = []Stage{StageIntake, StageInvestigation}

// guaranteeIndex returns the index of the guarantee with id, or -1.
func (c *Case) guaranteeIndex(id string) int {
	return slices.IndexFunc(c.Guarantees, func(g Guarantee) bool { return g.ID == id })
}

// checkGuarantee validates and normalizes a guarantee that would stand at
// index i of c's guarantees; field errors name guarantees[i].….
func (s *Service) checkGuarantee(c *Case, g *Guarantee, i int, now time.Time) error {
	var probs check.Problems
	path := fmtPath("guarantees", i)
	g.validate(path, now, &probs)
	if key := PartyKey(&g.Guarantor); key != "" {
		for _, b := range c.borrowers() {
			if PartyKey(b.party) == key {
				probs.Add(fieldError(path+".guarantor", check.ErrDuplicate, "guarantee.guarantor_is_borrower", check.Params{"path": b.path}))
			}
		}
		for j := range c.Guarantees {
			if j != i && c.Guarantees[j].ID != g.ID && PartyKey(&c.Guarantees[j].Guarantor) == key {
				probs.Add(fieldError(path+".guarantor", check.ErrDuplicate, "guarantee.guarantor_twice", check.Params{"path": fmtPath("guarantees", j)}))
			}
		}
	}
	return invalid(&probs)
}

// AddGuarantee adds a guarantee to a case in intake or investigation. The
// guarantor's identity numbers are checked and normalized like the
// applicant's; field errors name guarantees[i].….
func (s *Service) AddGuarantee(ctx context.Context, actor Actor, caseID string, expected int, in GuaranteeInput) (c *Case, g Guarantee, err error) {
	defer Wrap(&err, "Service.AddGuarantee")
	c, id, err := s.mutateID(ctx, actor, caseID, expected, mutation{
		action: "guarantee.added", idemKey: in.IdempotencyKey, stages: guaranteeStages,
		apply: func(c *Case, now time.Time) (any, error) {
			g := in.Guarantee
			g.ID, g.Mutual = s.ids.NewID(), nil
			if err := s.checkGuarantee(c, &g, len(c.Guarantees), now); err != nil {
				return nil, err
			}
			c.Guarantees = append(c.Guarantees, g)
			s.refreshChecklist(c, now)
			return map[string]any{"id": g.ID, "guarantor": g.Guarantor.masked(), "guarantor_kind": g.GuarantorKind, "amount": g.Amount}, nil
		},
	})
	if err != nil {
		return nil, Guarantee{}, err
	}
	if i := c.guaranteeIndex(id); i >= 0 {
		g = c.Guarantees[i]
	}
	return c, g, nil
}

// UpdateGuarantee replaces a guarantee's facts.
func (s *Service) UpdateGuarantee(ctx context.Context, actor Actor, caseID string, expected int, guaranteeID string, upd Guarantee) (c *Case, err error) {
	defer Wrap(&err, "Service.UpdateGuarantee")
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "guarantee.updated", stages: guaranteeStages,
		apply: func(c *Case, now time.Time) (any, error) {
			i := c.guaranteeIndex(guaranteeID)
			if i < 0 {
				return nil, errorKey(CodeNotFound, "error.no_guarantee", check.Params{"id": guaranteeID})
			}
			upd.ID, upd.Mutual = guaranteeID, c.Guarantees[i].Mutual
			if err := s.checkGuarantee(c, &upd, i, now); err != nil {
				return nil, err
			}
			c.Guarantees[i] = upd
			s.refreshChecklist(c, now)
			return map[string]any{"id": guaranteeID}, nil
		},
	})
}

// RemoveGuarantee takes a guarantee off the case. Documents it asked for stay
// on file but no longer count.
func (s *Service) RemoveGuarantee(ctx context.Context, actor Actor, caseID string, expected int, guaranteeID string) (c *Case, err error) {
	defer Wrap(&err, "Service.RemoveGuarantee")
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "guarantee.removed", stages: guaranteeStages,
		apply: func(c *Case, now time.Time) (any, error) {
			i := c.guaranteeIndex(guaranteeID)
			if i < 0 {
				return nil, errorKey(CodeNotFound, "error.no_guarantee", check.Params{"id": guaranteeID})
			}
			c.Guarantees = slices.Delete(c.Guarantees, i, i+1)
			s.refreshChecklist(c, now)
			return map[string]any{"id": guaranteeID}, nil
		},
	})
}

// needsResolution reports whether a guarantee needs a corporate resolution
// and, if so, whether it must be the shareholders' without the interested
// votes (担保制度解释 arts. 7–8; Company Law 2023 art. 15).
func (g *Guarantee) needsResolution() (needed, shareholders bool) {
	if g.GuarantorKind != GuarantorCompany {
		return false, false // persons need none; banks and guarantee companies are exempt (art. 8(1))
	}
	co := g.Corporate
	if co == nil {
		return true, false
	}
	if !co.Listed && (co.WhollyOwnsBorrower || co.TwoThirdsSigned) {
		return false, false // art. 8(2)–(3), not for listed companies
	}
	return true, co.BorrowerIsShareholder
}

// Conditions a guarantee line of the document catalogue may carry.
const (
	// ConditionResolution asks for a document where the guarantor needs a
	// corporate resolution.
	ConditionResolution = "resolution_required"
)

// GuaranteeRequirements asks for the documents the policy's catalogue lists
// for each guarantee's guarantor.
func GuaranteeRequirements(c *Case, p *Policy) []Requirement {
	var out []Requirement
	for i := range c.Guarantees {
		g := &c.Guarantees[i]
		for _, d := range p.Documents {
			if len(d.Guarantee) == 0 || !matchesGuarantee(d, g) {
				continue
			}
			out = append(out, Requirement{Type: d.Type, RequiredBy: "guarantee:" + g.ID})
		}
	}
	return out
}

// matchesGuarantee reports whether a catalogue line asks for a document of g:
// its class is "any", the guarantor party's kind ("person", "organization")
// or a guarantor kind ("company").
func matchesGuarantee(d DocumentRequirement, g *Guarantee) bool {
	class := slices.ContainsFunc(d.Guarantee, func(k string) bool {
		return k == "any" || k == string(g.Guarantor.Kind) || k == string(g.GuarantorKind)
	})
	if !class {
		return false
	}
	switch d.Condition {
	case "":
		return true
	case ConditionResolution:
		needed, _ := g.needsResolution()
		return needed
	}
	return false
}

// maskGuarantors masks the guarantors' resident ID numbers.
func maskGuarantors(gs []Guarantee) []Guarantee {
	out := slices.Clone(gs)
	for i := range out {
		out[i].Guarantor = *gs[i].Guarantor.masked()
	}
	return out
}
