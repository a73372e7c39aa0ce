package duediligence

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Contracting is the contract phase of an approved case (签约): the
// contract date, the contract set as drafted, the signatures, the fees
// paid and the approval conditions met. The contracts are drafted from the
// approved terms, the parties and the collateral when DraftContracts is
// called and stored as drafted: a read serves them as stored, so a later
// change of the case does not alter a drafted or signed contract. The
// check contract.current says when the case no longer matches them;
// drafting again is an explicit action, and a signature vouches for the
// hash it was given on, so a redrafted contract whose text changed needs
// every party again.
type Contracting struct {
	// ContractDate is the date of the contract set (签订日期): it fixes the
	// LPR the rate cap is computed from.
	ContractDate money.Date `json:"contract_date"`
	DraftedBy    string     `json:"drafted_by"`
	DraftedAt    time.Time  `json:"drafted_at"`
	// Contracts are the set as drafted (stored), each with who has still
	// to sign the hash it has (derived on read).
	Contracts  []ContractStatus `json:"contracts"`
	Signatures []Signature      `json:"signatures"`
	Fees       []FeePayment     `json:"fees"`
	Conditions []ConditionMet   `json:"conditions"`
	// Registries are the registration authorities the mortgage contracts
	// name for their items, as drafting was told them; a redraft keeps
	// them unless told others.
	Registries []ItemRegistry `json:"registries,omitempty"`
}

// ItemRegistry is the registration authority (登记机构) with which a
// collateral item's mortgage is to be registered, as its mortgage contract
// names it.
type ItemRegistry struct {
	ItemID   string `json:"item_id"`
	Registry string `json:"registry"`
}

// ContractStatus is a drafted contract, as stored, and its signing,
// derived on read.
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
	// Registries name, for mortgaged items, the registration authority
	// (登记机构) the mortgage contract states; the registration certificate
	// is then compared with it. An item not named keeps the authority an
	// earlier drafting was given, if any.
	Registries []ItemRegistry `json:"registries,omitempty"`
}

func (in *ContractsInput) validate(p *check.Problems) {
	if len(in.Registries) > maxRegistries {
		p.Add(check.TooMany("registries", maxRegistries))
		return
	}
	for i, r := range in.Registries {
		path := fmtPath("registries", i)
		p.RequiredText(path+".item_id", r.ItemID, maxID)
		p.RequiredText(path+".registry", r.Registry, maxName)
	}
}

// maxRegistries bounds the registries of one drafting: one per item.
const maxRegistries = 100

// registryOf returns the registry the contracts name for the item, or "".
func (k *Contracting) registryOf(itemID string) string {
	for _, r := range k.Registries {
		if r.ItemID == itemID {
			return r.Registry
		}
	}
	return ""
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
		Terms:   t.contractTerms(c.ContractDate(), c.ChargedFees(), p.Rounding),
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
		si := contracts.SecurityItem{Item: it.Item}
		if c.Contracting != nil {
			si.Registry = c.Contracting.registryOf(it.ID)
		}
		in.Collateral = append(in.Collateral, si)
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

// RefreshContracts drafts the contract set again from the case under p,
// replacing the stored set, and marks who has signed each contract's
// hash, as DraftContracts does; a case built outside the service (a
// test, a migration) calls it before its contracts are checked or
// printed. A signature given on an earlier text no longer counts.
func (c *Case) RefreshContracts(p *Policy) error { return c.draftContracts(p) }

// draftContracts drafts the contract set from the case as it stands and
// stores it in the contract phase, then marks the signatures.
func (c *Case) draftContracts(p *Policy) error {
	k := c.Contracting
	if k == nil {
		return nil
	}
	set, err := contracts.Draft(c.draftInput(p))
	if err != nil {
		return err
	}
	k.Contracts = make([]ContractStatus, len(set))
	for i := range set {
		k.Contracts[i].Contract = set[i]
	}
	k.markSigned()
	return nil
}

// deriveContracts marks who has signed each stored contract's hash, as
// every read does. The set itself is stored at drafting and served as
// drafted; only a case written before the set was stored is drafted here,
// and its next write stores what was drafted.
func (c *Case) deriveContracts(p *Policy) error {
	k := c.Contracting
	if k == nil {
		return nil
	}
	if len(k.Contracts) == 0 {
		return c.draftContracts(p)
	}
	k.markSigned()
	return nil
}

// markSigned marks, for every contract, the parties still to sign its hash.
func (k *Contracting) markSigned() {
	for i := range k.Contracts {
		st := &k.Contracts[i]
		st.Unsigned = []contracts.Party{}
		for _, party := range st.Parties {
			if !slices.ContainsFunc(k.Signatures, func(s Signature) bool {
				return s.Contract == st.Number && s.Hash == st.Hash && s.Name == party.Name && s.Capacity == party.Capacity
			}) {
				st.Unsigned = append(st.Unsigned, party)
			}
		}
		st.Signed = len(st.Unsigned) == 0
	}
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

// mortgageContractOf returns what the stored mortgage contract that lists
// the item agreed of its registration, or false before drafting or when
// no mortgage contract lists it.
func (c *Case) mortgageContractOf(itemID string) (collateral.MortgageContract, bool) {
	if c.Contracting == nil {
		return collateral.MortgageContract{}, false
	}
	for i := range c.Contracting.Contracts {
		ct := &c.Contracting.Contracts[i]
		if ct.Kind != contracts.MortgageContract {
			continue
		}
		for _, l := range ct.Collateral {
			if l.ItemID == itemID {
				return collateral.MortgageContract{Number: ct.Number, Registry: ct.Registry, Rank: l.Rank, SecuredAmount: ct.Amount}, true
			}
		}
	}
	return collateral.MortgageContract{}, false
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
// disbursement. The set is stored as drafted. Drafting again (redrafting,
// after a change of the case or for a new date) is this same call: it
// keeps what was recorded, stores the set as the case now drafts it, and a
// contract whose text changed needs its signatures again.
func (s *Service) DraftContracts(ctx context.Context, actor Actor, caseID string, expected int, in ContractsInput) (c *Case, err error) {
	defer Wrap(&err, "Service.DraftContracts")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
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
			redraft := c.Contracting != nil
			if c.Contracting == nil {
				c.Contracting = &Contracting{Signatures: []Signature{}, Fees: []FeePayment{}, Conditions: []ConditionMet{}}
			}
			before := map[string]string{}
			for _, ct := range c.Contracting.Contracts {
				before[ct.Number] = ct.Hash
			}
			for i, r := range in.Registries {
				j := c.itemIndex(r.ItemID)
				if j < 0 || c.Collateral[j].Arrangement != collateral.Mortgage {
					return nil, invalidField(fieldError(fmtPath("registries", i)+".item_id", check.ErrNotFound, "contracts.registry_item", check.Params{"id": check.Shown(r.ItemID)}))
				}
				k := c.Contracting
				k.Registries = slices.DeleteFunc(k.Registries, func(o ItemRegistry) bool { return o.ItemID == r.ItemID })
				k.Registries = append(k.Registries, r)
			}
			c.Contracting.ContractDate, c.Contracting.DraftedBy, c.Contracting.DraftedAt = date, actor.ID, now
			if err := c.draftContracts(s.policy); err != nil {
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
			if redraft {
				// The contracts whose text changed: a signature of the
				// earlier text no longer counts.
				changed := []string{}
				for _, ct := range c.Contracting.Contracts {
					if h, ok := before[ct.Number]; !ok || h != ct.Hash {
						changed = append(changed, ct.Number)
					}
				}
				data["redrafted"], data["changed"] = true, changed
			}
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
