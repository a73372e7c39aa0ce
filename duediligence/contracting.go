package duediligence

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Contracting is the contract phase of an approved case (签约): the
// contract date, the signatures, the fees paid and the approval conditions
// met. The contracts themselves are drafted again on every read from the
// approved terms, the parties and the collateral, so that each shows its
// hash as it stands now: a signature vouches for the hash it was given
// on, and a contract whose facts changed after signing needs every party
// again.
type Contracting struct {
	// ContractDate is the date of the contract set (签订日期): it fixes the
	// LPR the rate cap is computed from.
	ContractDate money.Date `json:"contract_date"`
	DraftedBy    string     `json:"drafted_by"`
	DraftedAt    time.Time  `json:"drafted_at"`
	// Contracts are derived on read: the set as drafted now, each with
	// who has signed the hash it has.
	Contracts  []ContractStatus `json:"contracts"`
	Signatures []Signature      `json:"signatures"`
	Fees       []FeePayment     `json:"fees"`
	Conditions []ConditionMet   `json:"conditions"`
}

// ContractStatus is a drafted contract and its signing: derived on read.
type ContractStatus struct {
	contracts.Contract
	// Signed reports whether every party signed the contract's current hash.
	Signed bool `json:"signed"`
	// Unsigned are the parties still to sign its current hash.
	Unsigned []contracts.Party `json:"unsigned"`
}

// ContractsInput drafts the contract set.
type ContractsInput struct {
	// ContractDate is the date of the contracts; default today (the
	// lender's calendar day). It may neither precede the approval nor be
	// in the future.
	ContractDate money.Date `json:"contract_date,omitzero"`
}

// ContractDate returns the contract date of the drafted contracts, or zero.
func (c *Case) ContractDate() money.Date {
	if c.Contracting == nil {
		return money.Date{}
	}
	return c.Contracting.ContractDate
}

// contractStages are the stages in which the contract phase is recorded.
var contractStages = []Stage{StageApproved, StageContracting}

// approvedOn is the lender's day of the approval that approved the case.
func (c *Case) approvedOn() money.Date {
	if t := c.lastTransitionTo(StageApproved); !t.IsZero() {
		return BusinessDate(t)
	}
	return money.Date{}
}

// draftInput is what the contracts are drafted from.
func (c *Case) draftInput(p *Policy) contracts.DraftInput {
	t := c.LoanTerms()
	in := contracts.DraftInput{
		LedgerNumber: c.LedgerNumber, ContractDate: c.ContractDate(),
		Lender:  contracts.Party{Name: p.LenderName},
		Terms:   t.contractTerms(c.ContractDate(), c.Request.Fees, p.Rounding),
		Purpose: c.Request.Purpose,
	}
	for _, b := range c.borrowers() {
		in.Borrowers = append(in.Borrowers, contractParty(b.party))
	}
	if a := c.Applicant; a.Kind == Person && a.MaritalStatus == Married && a.Spouse != nil {
		sp := contractParty(a.Spouse)
		in.Spouse = &sp
	}
	for _, it := range c.Collateral {
		in.Collateral = append(in.Collateral, contracts.SecurityItem{Item: it.Item})
	}
	for _, g := range c.Guarantees {
		gt := contracts.GuaranteeTerms{Guarantor: contractParty(&g.Guarantor), Kind: string(g.Kind), Amount: g.Amount}
		if !g.Period.UntilRepaid {
			gt.PeriodMonths = g.Period.Months
			if g.Period.Ends != nil {
				gt.PeriodEnds = *g.Period.Ends
			}
		}
		in.Guarantees = append(in.Guarantees, gt)
	}
	return in
}

// contractParty is a party of the case as a contract names it.
func contractParty(p *Party) contracts.Party {
	cp := contracts.Party{Name: p.Name, IDNumber: p.Identifier(), Address: p.Address}
	if p.LegalRepresentative != nil {
		cp.Representative = p.LegalRepresentative.Name
	}
	return cp
}

// RefreshContracts drafts the contract set again from the case under p
// and marks who has signed each contract's current hash, as the service
// does on every read; a case built outside the service (a test, a
// migration) calls it before its contracts are checked or printed.
func (c *Case) RefreshContracts(p *Policy) error { return c.deriveContracts(p) }

// deriveContracts drafts the contract set again from the case and marks
// who has signed each contract's current hash.
func (c *Case) deriveContracts(p *Policy) error {
	k := c.Contracting
	if k == nil {
		return nil
	}
	k.Contracts = []ContractStatus{}
	set, err := contracts.Draft(c.draftInput(p))
	if err != nil {
		return err
	}
	for _, ct := range set {
		st := ContractStatus{Contract: ct, Unsigned: []contracts.Party{}}
		for _, party := range ct.Parties {
			if !slices.ContainsFunc(k.Signatures, func(s Signature) bool {
				return s.Contract == ct.Number && s.Hash == ct.Hash && s.Name == party.Name && s.Capacity == party.Capacity
			}) {
				st.Unsigned = append(st.Unsigned, party)
			}
		}
		st.Signed = len(st.Unsigned) == 0
		k.Contracts = append(k.Contracts, st)
	}
	return nil
}

// contractList returns the derived contracts as the contracts package's.
func (c *Case) contractList() []contracts.Contract {
	if c.Contracting == nil {
		return nil
	}
	out := make([]contracts.Contract, len(c.Contracting.Contracts))
	for i := range c.Contracting.Contracts {
		out[i] = c.Contracting.Contracts[i].Contract
	}
	return out
}

// Contract returns the drafted contract numbered number.
func (c *Case) Contract(number string) (*ContractStatus, bool) {
	if c.Contracting == nil {
		return nil, false
	}
	for i := range c.Contracting.Contracts {
		if c.Contracting.Contracts[i].Number == number {
			return &c.Contracting.Contracts[i], true
		}
	}
	return nil, false
}

// maskedContracting returns k with the parties' resident IDs masked.
func maskedContracting(k *Contracting) *Contracting {
	if k == nil {
		return nil
	}
	m := *k
	mask := func(in []contracts.Party) []contracts.Party {
		ps := slices.Clone(in)
		for j := range ps {
			if n := ps[j].IDNumber; n != "" && !isCreditCodeOnly(n) {
				ps[j].IDNumber = identity.MaskResidentID(n)
			}
		}
		return ps
	}
	m.Contracts = slices.Clone(k.Contracts)
	for i := range m.Contracts {
		m.Contracts[i].Parties = mask(m.Contracts[i].Parties)
		m.Contracts[i].Unsigned = mask(m.Contracts[i].Unsigned)
	}
	m.Signatures = slices.Clone(k.Signatures)
	for i := range m.Signatures {
		if n := m.Signatures[i].IDNumber; n != "" && !isCreditCodeOnly(n) {
			m.Signatures[i].IDNumber = identity.MaskResidentID(n)
		}
	}
	return &m
}

// DraftContracts drafts the contract set from the approved terms (起草合同)
// dated in.ContractDate, and moves an approved case to contracting. The
// contract checks run on the drafted set: a blocking one refuses the
// draft, listing every one; warnings must be acknowledged before
// disbursement. Drafting again (a new date) keeps what was recorded, but a
// contract whose text changed needs its signatures again.
func (s *Service) DraftContracts(ctx context.Context, actor Actor, caseID string, expected int, in ContractsInput) (c *Case, err error) {
	defer Wrap(&err, "Service.DraftContracts")
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "contracts.drafted", stages: contractStages,
		apply: func(c *Case, now time.Time) (any, error) {
			date := in.ContractDate
			if date.IsZero() {
				date = BusinessDate(now)
			}
			if !date.IsValid() {
				return nil, invalidField(check.NotDate("contract_date", date.String()))
			}
			if date.After(BusinessDate(now)) {
				return nil, invalidField(check.InFuture("contract_date", date.String()))
			}
			if on := c.approvedOn(); !on.IsZero() && date.Before(on) {
				fe := fieldError("contract_date", check.ErrRange, "contracts.date_before_approval", check.Params{"approved": on.String()})
				fe.Value = date.String()
				return nil, invalidField(fe)
			}
			if s.policy.LenderName == "" {
				return nil, &Error{Code: CodeGate, Message: "the contracts cannot be drafted: 1 condition(s) unmet",
					Unmet: []Unmet{gateResult("contract.lender_name", "", "policy.lender_name", "contract.lender_name", nil)}}
			}
			if c.Contracting == nil {
				c.Contracting = &Contracting{Signatures: []Signature{}, Fees: []FeePayment{}, Conditions: []ConditionMet{}}
			}
			c.Contracting.ContractDate, c.Contracting.DraftedBy, c.Contracting.DraftedAt = date, actor.ID, now
			if err := c.deriveContracts(s.policy); err != nil {
				return nil, Errorf(CodeInvalid, "", "the contracts cannot be drafted: %v", err)
			}
			var unmet []Unmet
			for _, u := range s.workflow.Check(c, StageContracting, GateEnv{Now: now, Policy: s.policy}) {
				if u.Severity == check.Block {
					unmet = append(unmet, u)
				}
			}
			if len(unmet) > 0 {
				return nil, &Error{Code: CodeGate, Message: fmt.Sprintf("the contracts cannot be drafted: %d condition(s) unmet", len(unmet)), Unmet: unmet}
			}
			numbers := []string{}
			for _, ct := range c.Contracting.Contracts {
				numbers = append(numbers, ct.Number)
			}
			data := map[string]any{"contract_date": date, "contracts": numbers}
			if c.Stage == StageApproved {
				c.Transitions = append(c.Transitions, StageChange{From: c.Stage, To: StageContracting, By: actor.ID, At: now})
				c.Stage = StageContracting
				data["to"] = StageContracting
			}
			return data, nil
		},
	})
}

// contractsDrafted is the gate of approved → contracting: the contract set
// is drafted from the approved terms.
func contractsDrafted(c *Case, env GateEnv) []Unmet {
	if c.Contracting != nil && len(c.Contracting.Contracts) > 0 {
		return nil
	}
	return []Unmet{gateResult("contract.drafted", "", "contracting", "contract.drafted", nil)}
}
