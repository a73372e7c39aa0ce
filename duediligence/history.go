package duediligence

import (
	"context"
	"slices"

	"github.com/jinzhi-dev/jinzhi/money"
)

// What the lender already knows of an application's parties from its other
// cases — the applicant's history (往来记录) and the concentration of the
// borrower's group — is read for the case's history (GET
// /v1/cases/{id}/history, which the account manager opens as soon as the
// application is taken in), for its checks and for its moves, so that the
// rules (rules_limit.go) do no I/O. It is not read on every read of the
// case: a case read stays one statement.

// RelatedBy is how a party is related to another for the concentration
// limits (关联关系, RULES.md limit.related_parties).
type RelatedBy string

// The relations the case file records, and a borrower's own loans.
const (
	RelatedSelf                RelatedBy = "self"                 // 借款人本人
	RelatedSpouse              RelatedBy = "spouse"               // 配偶
	RelatedLegalRepresentative RelatedBy = "legal_representative" // 同一法定代表人
	RelatedController          RelatedBy = "controller"           // 同一实际控制人或控股股东
)

// PartyRelation is a relation a case records: the party PartyKey has
// RelatedKey as its spouse, legal representative or actual controller.
type PartyRelation struct {
	PartyKey   string    `json:"party_key"`
	Relation   RelatedBy `json:"relation"`
	RelatedKey string    `json:"related_key"`
}

// Relations lists the relations c records of its borrowers and guarantors
// and, through them, of their spouses, legal representatives and
// controllers, as stores index them.
func (c *Case) Relations() []PartyRelation {
	var out []PartyRelation
	var walk func(p *Party, depth int)
	walk = func(p *Party, depth int) {
		key := PartyKey(p)
		if key == "" || depth > 3 {
			return
		}
		for _, r := range []struct {
			by RelatedBy
			q  *Party
		}{{RelatedSpouse, p.Spouse}, {RelatedLegalRepresentative, p.LegalRepresentative}, {RelatedController, p.ActualController}} {
			if r.q == nil {
				continue
			}
			if k := PartyKey(r.q); k != "" && k != key {
				rel := PartyRelation{PartyKey: key, Relation: r.by, RelatedKey: k}
				if !slices.Contains(out, rel) {
					out = append(out, rel)
				}
			}
			walk(r.q, depth+1)
		}
	}
	walk(&c.Applicant, 0)
	for i := range c.CoBorrowers {
		walk(&c.CoBorrowers[i], 0)
	}
	for i := range c.Guarantees {
		walk(&c.Guarantees[i].Guarantor, 0)
	}
	return out
}

// CaseHistory is what the lender knows of a case's borrowers and
// guarantors from its other cases, derived on read.
type CaseHistory struct {
	// Parties are the case's borrowers and guarantors known from other
	// cases, in the case's order.
	Parties []PartyHistory `json:"parties"`
	// Group are the loans outstanding of the borrowers and their related
	// parties (same legal representative, spouse, same actual controller or
	// controlling shareholder) in other cases: limit.related_parties.
	Group []GroupLoan `json:"group"`
	// GroupOutstanding is the principal outstanding over Group.
	GroupOutstanding money.Money `json:"group_outstanding"`
	// BorrowerOutstanding is the part of it the borrowers owe themselves:
	// limit.single_borrower.
	BorrowerOutstanding money.Money `json:"borrower_outstanding"`
	// Truncated says that the parties appear in more cases than one read
	// lists (MaxClientCases): the figures are then at least these.
	Truncated bool `json:"truncated,omitempty"`
}

// PartyHistory is one party's record in the lender's other cases.
type PartyHistory struct {
	// Path is the party in this case: applicant, co_borrowers[0],
	// guarantees[1].guarantor.
	Path  string        `json:"path"`
	Name  string        `json:"name"`
	Cases []HistoryCase `json:"cases"`
	// Outstanding is the principal it owes on loans, as borrower or
	// co-borrower (贷款余额).
	Outstanding money.Money `json:"outstanding"`
	// GuaranteesGiven is what it guarantees in other cases not closed,
	// rejected or withdrawn (对外担保).
	GuaranteesGiven money.Money `json:"guarantees_given"`
	// WorstClassification is the worst category of its loans (五级分类),
	// empty when it has none.
	WorstClassification Classification `json:"worst_classification,omitempty"`
	// LateInstallments counts the installments of its loans paid after
	// their due day or still unpaid past it.
	LateInstallments int `json:"late_installments"`
}

// HistoryCase is a party's role in another case, without that case's
// personal data: what the decision on this one needs.
type HistoryCase struct {
	CaseID       string      `json:"case_id"`
	LedgerNumber string      `json:"ledger_number,omitempty"`
	Role         ClientRole  `json:"role"`
	Stage        Stage       `json:"stage"`
	Amount       money.Money `json:"amount"`
	// Guaranteed is the amount it guarantees there, as guarantor.
	Guaranteed *money.Money `json:"guaranteed,omitempty"`
	// Loan is the case's loan once disbursed.
	Loan *ClientLoan `json:"loan,omitempty"`
}

// GroupLoan is a loan of the borrowers' group outstanding in another case.
type GroupLoan struct {
	CaseID       string      `json:"case_id"`
	LedgerNumber string      `json:"ledger_number,omitempty"`
	Via          RelatedBy   `json:"via"`
	Outstanding  money.Money `json:"outstanding"`
}

// enrichHistory derives c.History from the lender's other cases: the
// relations recorded of the borrowers, one hop out (a spouse, the legal
// representative, the controller, and the parties that share one of
// them), then every role of the case's parties and of that group.
func (s *Service) enrichHistory(ctx context.Context, c *Case) error {
	h, err := s.history(ctx, c)
	c.History = h
	return err
}

// CaseHistory returns what the lender knows of a case's borrowers and
// guarantors from its other cases: their prior cases, balances, worst
// classification and guarantees given, and the balance of the borrowers'
// related-party group. It names the other cases but none of their
// personal data, so it is read by whoever may read the case, unrecorded.
func (s *Service) CaseHistory(ctx context.Context, actor Actor, caseID string) (h *CaseHistory, err error) {
	defer Wrap(&err, "Service.CaseHistory")
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	if err := s.enrichHistory(ctx, c); err != nil {
		return nil, err
	}
	return c.History, nil
}

func (s *Service) history(ctx context.Context, c *Case) (*CaseHistory, error) {
	h := &CaseHistory{Parties: []PartyHistory{}, Group: []GroupLoan{}}
	parties := c.borrowers()
	for i := range c.Guarantees {
		parties = append(parties, namedParty{guarantorPath(i), &c.Guarantees[i].Guarantor})
	}
	borrowers := c.PartyKeys()[PartyRoleBorrower]
	// The group: the borrowers, what this case records of them, and what
	// other cases record of those.
	via := map[string]RelatedBy{}
	for _, k := range borrowers {
		via[k] = RelatedSelf
	}
	anchors := slices.Clone(borrowers)
	for _, r := range c.Relations() {
		if via[r.PartyKey] != "" && via[r.RelatedKey] == "" {
			via[r.RelatedKey] = r.Relation
			anchors = append(anchors, r.RelatedKey)
		}
	}
	var keys []string
	for _, p := range parties {
		if k := PartyKey(p.party); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return h, nil
	}
	if len(anchors) > 0 {
		rels, err := s.store.Clients().FindPartyRelations(ctx, anchors)
		if err != nil {
			return nil, err
		}
		for _, r := range rels {
			for _, k := range []string{r.PartyKey, r.RelatedKey} {
				if via[k] == "" {
					via[k] = r.Relation
				}
			}
		}
	}
	all := slices.Clone(keys)
	for k := range via {
		if !slices.Contains(all, k) {
			all = append(all, k)
		}
	}
	slices.Sort(all)
	rows, err := s.store.Clients().FindPartyHistory(ctx, c.ID, all, BusinessDate(s.clock.Now()), MaxClientCases+1)
	if err != nil {
		return nil, err
	}
	if len(rows) > MaxClientCases {
		rows, h.Truncated = rows[:MaxClientCases], true
	}
	for _, p := range parties {
		key := PartyKey(p.party)
		if key == "" || slices.ContainsFunc(h.Parties, func(o PartyHistory) bool { return o.Path == p.path }) {
			continue
		}
		ph := PartyHistory{Path: p.path, Name: p.party.Name, Cases: []HistoryCase{}}
		for _, r := range rows {
			if r.PartyKey != key {
				continue
			}
			hc := HistoryCase{CaseID: r.CaseID, LedgerNumber: r.LedgerNumber, Role: r.Role, Stage: r.Stage, Amount: r.Amount, Loan: r.Loan}
			switch r.Role {
			case ClientGuarantor:
				g := r.Guaranteed
				hc.Guaranteed = &g
				if !r.Stage.Final() {
					if ph.GuaranteesGiven, err = ph.GuaranteesGiven.Add(g); err != nil {
						return nil, err
					}
				}
			case ClientBorrower, ClientCoBorrower:
				if l := r.Loan; l != nil {
					if ph.Outstanding, err = ph.Outstanding.Add(l.Outstanding); err != nil {
						return nil, err
					}
					ph.WorstClassification = worse(ph.WorstClassification, l.WorstClassification)
					ph.LateInstallments += l.LateInstallments
				}
			}
			ph.Cases = append(ph.Cases, hc)
		}
		if len(ph.Cases) > 0 {
			h.Parties = append(h.Parties, ph)
		}
	}
	// A loan counts once, as the borrowers' own where it is.
	seen := map[string]bool{}
	for _, self := range []bool{true, false} {
		if err := h.addGroup(rows, via, seen, self); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// addGroup adds the loans of rows borrowed by the group: the borrowers'
// own (self), or their related parties'.
func (h *CaseHistory) addGroup(rows []PartyHistoryRow, via map[string]RelatedBy, seen map[string]bool, self bool) (err error) {
	for _, r := range rows {
		by, ok := via[r.PartyKey]
		if !ok || (by == RelatedSelf) != self || r.Loan == nil || seen[r.CaseID] || (r.Role != ClientBorrower && r.Role != ClientCoBorrower) {
			continue
		}
		if r.Loan.Outstanding.Sign() <= 0 {
			continue
		}
		seen[r.CaseID] = true
		h.Group = append(h.Group, GroupLoan{CaseID: r.CaseID, LedgerNumber: r.LedgerNumber, Via: by, Outstanding: r.Loan.Outstanding})
		if h.GroupOutstanding, err = h.GroupOutstanding.Add(r.Loan.Outstanding); err != nil {
			return err
		}
		if self {
			if h.BorrowerOutstanding, err = h.BorrowerOutstanding.Add(r.Loan.Outstanding); err != nil {
				return err
			}
		}
	}
	return nil
}
