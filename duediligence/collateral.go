package duediligence

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
	"github.com/jinzhi-dev/jinzhi/money"
)

// CollateralItem is a collateral item on a case (抵押物、质物): the facts the
// account manager found (collateral.Item), its mortgage registration once
// made, and figures the service derives on every read — the valuation under
// the policy and the item's exposure in other open cases.
type CollateralItem struct {
	collateral.Item
	// Registration is the mortgage registration certificate (他项权证), once made.
	Registration *collateral.Registration `json:"registration,omitempty"`
	// Valuation is derived: value in use, advance rate, senior liens, eligible value.
	Valuation *collateral.Valuation `json:"valuation,omitempty"`
	// Exposure is derived: other open or active cases that name the same
	// title certificate or real-estate unit.
	Exposure []Exposure `json:"exposure,omitempty"`
}

// Exposure is another case that names the same collateral (一物多押).
type Exposure struct {
	CaseID       string `json:"case_id"`
	ItemID       string `json:"item_id"`
	Stage        Stage  `json:"stage"`
	LedgerNumber string `json:"ledger_number,omitempty"`
	TitleNumber  string `json:"title_number,omitempty"`
	UnitNumber   string `json:"unit_number,omitempty"`
}

// CollateralInput adds a collateral item.
type CollateralInput struct {
	Item collateral.Item
	// IdempotencyKey makes a retried creation return the first result.
	IdempotencyKey string
}

// collateralStages are the stages in which collateral may be added or edited.
var collateralStages = []Stage{StageIntake, StageInvestigation}

// itemIndex returns the index of the collateral item with id, or -1.
func (c *Case) itemIndex(id string) int {
	return slices.IndexFunc(c.Collateral, func(it CollateralItem) bool { return it.ID == id })
}

// checkItem validates an item that would stand at index i.
func checkItem(it *collateral.Item, i int) error {
	var probs check.Problems
	probs.Under(fmtPath("collateral", i), it.Validate())
	return invalid(&probs)
}

// AddCollateral adds a collateral item to a case in intake or investigation.
// Field errors name the item's path, e.g. collateral[1].owners[0].share.
func (s *Service) AddCollateral(ctx context.Context, actor Actor, caseID string, expected int, in CollateralInput) (c *Case, item CollateralItem, err error) {
	defer Wrap(&err, "Service.AddCollateral")
	c, id, err := s.mutateID(ctx, actor, caseID, expected, mutation{
		action: "collateral.added", idemKey: in.IdempotencyKey, stages: collateralStages,
		apply: func(c *Case, now time.Time) (any, error) {
			it := in.Item
			it.ID = s.ids.NewID()
			if err := checkItem(&it, len(c.Collateral)); err != nil {
				return nil, err
			}
			c.Collateral = append(c.Collateral, CollateralItem{Item: it})
			s.refreshChecklist(c, now)
			return map[string]any{"id": it.ID, "kind": it.Kind, "title_number": it.TitleNumber}, nil
		},
	})
	if err != nil {
		return nil, CollateralItem{}, err
	}
	if i := c.itemIndex(id); i >= 0 {
		item = c.Collateral[i]
	}
	return c, item, nil
}

// UpdateCollateral replaces a collateral item's facts (its appraisals and
// registration stay unless the new facts list appraisals).
func (s *Service) UpdateCollateral(ctx context.Context, actor Actor, caseID string, expected int, itemID string, upd collateral.Item) (c *Case, err error) {
	defer Wrap(&err, "Service.UpdateCollateral")
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "collateral.updated", stages: collateralStages,
		apply: func(c *Case, now time.Time) (any, error) {
			i := c.itemIndex(itemID)
			if i < 0 {
				return nil, errorKey(CodeNotFound, "error.no_collateral", check.Params{"id": itemID})
			}
			upd.ID = itemID
			if upd.Appraisals == nil {
				upd.Appraisals = c.Collateral[i].Appraisals
			}
			if err := checkItem(&upd, i); err != nil {
				return nil, err
			}
			c.Collateral[i].Item = upd
			s.refreshChecklist(c, now)
			return map[string]any{"id": itemID}, nil
		},
	})
}

// RemoveCollateral takes a collateral item off the case. Documents it asked
// for stay on file but no longer count.
func (s *Service) RemoveCollateral(ctx context.Context, actor Actor, caseID string, expected int, itemID string) (c *Case, err error) {
	defer Wrap(&err, "Service.RemoveCollateral")
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "collateral.removed", stages: collateralStages,
		apply: func(c *Case, now time.Time) (any, error) {
			i := c.itemIndex(itemID)
			if i < 0 {
				return nil, errorKey(CodeNotFound, "error.no_collateral", check.Params{"id": itemID})
			}
			c.Collateral = slices.Delete(c.Collateral, i, i+1)
			s.refreshChecklist(c, now)
			return map[string]any{"id": itemID}, nil
		},
	})
}

// AddAppraisal records an appraisal of a collateral item.
func (s *Service) AddAppraisal(ctx context.Context, actor Actor, caseID string, expected int, itemID string, a collateral.Appraisal) (c *Case, err error) {
	defer Wrap(&err, "Service.AddAppraisal")
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "collateral.appraised", stages: collateralStages,
		apply: func(c *Case, now time.Time) (any, error) {
			i := c.itemIndex(itemID)
			if i < 0 {
				return nil, errorKey(CodeNotFound, "error.no_collateral", check.Params{"id": itemID})
			}
			it := c.Collateral[i].Item
			it.Appraisals = append(slices.Clone(it.Appraisals), a)
			if err := checkItem(&it, i); err != nil {
				return nil, err
			}
			if a.Date.After(money.DateOf(now)) {
				return nil, invalidField(check.InFuture(fmt.Sprintf("collateral[%d].appraisals[%d].date", i, len(it.Appraisals)-1), a.Date.String()))
			}
			c.Collateral[i].Item = it
			return map[string]any{"id": itemID, "appraiser": a.Appraiser, "value": a.Value, "date": a.Date}, nil
		},
	})
}

// RegistrationInput records a mortgage registration certificate for an item.
type RegistrationInput struct {
	ItemID       string                  `json:"item_id"`
	Registration collateral.Registration `json:"registration"`
}

// RecordRegistration records the registration certificate (他项权证) of a
// collateral item. The owner or finance records it, from approval to
// disbursement.
func (s *Service) RecordRegistration(ctx context.Context, actor Actor, caseID string, expected int, in RegistrationInput) (c *Case, err error) {
	defer Wrap(&err, "Service.RecordRegistration")
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "registration.recorded", roles: []Role{RoleAccountManager, RoleFinance},
		stages: []Stage{StageInvestigation, StageSubmitted, StageApproved, StageContracting},
		apply: func(c *Case, now time.Time) (any, error) {
			i := c.itemIndex(in.ItemID)
			if i < 0 {
				return nil, invalidField(fieldError("item_id", check.ErrNotFound, "collateral.item_unknown", check.Params{"id": check.Shown(in.ItemID)}))
			}
			var probs check.Problems
			probs.Under("registration", in.Registration.Validate())
			if n := in.Registration.CertificateNumber; n != "" && !collateral.ValidCertificateNumber(n) {
				// The rule registration.certificate_number warns of a
				// number recorded before this refusal; a new one must
				// have the form.
				fe := fieldError("registration.certificate_number", check.ErrFormat, "registration.certificate_number", check.Params{"number": check.Shown(n)})
				fe.Value = check.Shown(n)
				probs.Add(fe)
			}
			if err := invalid(&probs); err != nil {
				return nil, err
			}
			reg := in.Registration
			c.Collateral[i].Registration = &reg
			return map[string]any{"id": in.ItemID, "certificate_number": reg.CertificateNumber, "secured_amount": reg.SecuredAmount}, nil
		},
	})
}

// CollateralRequirements asks for the documents the policy's catalogue lists
// for each collateral item's kind and circumstances.
func CollateralRequirements(c *Case, p *Policy) []Requirement {
	var out []Requirement
	for _, it := range c.Collateral {
		for _, d := range p.Documents {
			if len(d.Collateral) == 0 || !matchesCollateral(d, it.Item) {
				continue
			}
			out = append(out, Requirement{Type: d.Type, RequiredBy: "collateral:" + it.ID})
		}
	}
	return out
}

// matchesCollateral reports whether a catalogue line asks for a document of it.
func matchesCollateral(d DocumentRequirement, it collateral.Item) bool {
	class := slices.ContainsFunc(d.Collateral, func(k string) bool {
		switch k {
		case "any":
			return true
		case "real_estate":
			return it.Kind.IsRealEstate()
		case "movable":
			return it.Kind.IsMovable()
		case "right":
			return it.Kind.IsRight()
		}
		return k == string(it.Kind)
	})
	if !class {
		return false
	}
	switch d.Condition {
	case "":
		return true
	case ConditionCoOwned:
		return len(it.Owners) > 1 || it.MaritalProperty || slices.ContainsFunc(it.Owners, func(o collateral.Owner) bool { return o.Relation != collateral.RelationBorrower })
	case ConditionLeased:
		return slices.ContainsFunc(it.Encumbrances, func(e collateral.Encumbrance) bool { return e.Kind == collateral.EncumbranceLease })
	}
	return false
}

// Conditions a collateral line of the document catalogue may carry.
const (
	ConditionCoOwned = "co_owned" // owned with or by others: their consent
	ConditionLeased  = "leased"   // a lease is recorded: the tenant's statement
)

// derive fills in the figures the service computes rather than stores:
// each item's valuation and the case's coverage and LTV.
func (s *Service) derive(c *Case, now time.Time) {
	// A set that cannot be drafted (terms the contracts package refuses)
	// shows as no contracts; the contract checks then say why.
	_ = c.deriveContracts(s.policy)
	c.Coverage = nil
	if len(c.Collateral) == 0 {
		return
	}
	items := make([]collateral.Item, len(c.Collateral))
	for i := range c.Collateral {
		items[i] = c.Collateral[i].Item
		c.Collateral[i].Valuation = nil
	}
	asOf := money.DateOf(now)
	if c.Request.Amount.Sign() > 0 {
		if cov, err := s.policy.Valuation.Cover(items, c.Request.Amount, asOf); err == nil {
			c.Coverage = &cov
			for i := range c.Collateral {
				v := cov.Items[i]
				c.Collateral[i].Valuation = &v
			}
			return
		}
	}
	for i := range c.Collateral {
		if v, err := s.policy.Valuation.Value(items[i], asOf); err == nil {
			c.Collateral[i].Valuation = &v
		}
	}
}

// loan is what the registration rules compare a registration with.
func loanOf(c *Case, p *Policy) collateral.Loan {
	t := c.LoanTerms()
	l := collateral.Loan{Lender: p.LenderName, Principal: t.Amount}
	if d := c.ContractDate(); !d.IsZero() {
		// The contracts fix the maturity from their date; a disbursement
		// later than it moves it, and its loan receipt says so.
		l.Maturity = d.AddMonths(t.TermMonths)
	} else if last := c.lastTransitionTo(StageSubmitted); !last.IsZero() {
		l.Maturity = money.DateOf(last).AddMonths(t.TermMonths)
	}
	return l
}

// lastTransitionTo returns when the case last moved to stage, or zero.
func (c *Case) lastTransitionTo(stage Stage) time.Time {
	for i := len(c.Transitions) - 1; i >= 0; i-- {
		if c.Transitions[i].To == stage {
			return c.Transitions[i].At
		}
	}
	return time.Time{}
}

// RuleParallelClaim warns that a collateral item is named in another open case.
const RuleParallelClaim = "collateral.parallel_claim"

// maskOwners masks the resident ID numbers of collateral owners; credit
// codes are public and stay. About one valid resident ID in 31 also passes
// the credit code's check, so a number that is a valid resident ID is
// masked whatever else it might be.
func maskOwners(items []CollateralItem) []CollateralItem {
	out := slices.Clone(items)
	for i := range out {
		owners := slices.Clone(out[i].Owners)
		for j := range owners {
			if n := owners[j].IDNumber; n != "" && !isCreditCodeOnly(n) {
				owners[j].IDNumber = identity.MaskResidentID(n)
			}
		}
		out[i].Owners = owners
	}
	return out
}

// isCreditCodeOnly reports whether n is a credit code and not a resident ID.
func isCreditCodeOnly(n string) bool {
	if _, err := identity.ParseCreditCode(n); err != nil {
		return false
	}
	// Any date will do as "now": only the number's form matters here.
	_, err := identity.ParseResidentID(n, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
	return err != nil
}

// NormalizeCollateralNumber makes title certificate and unit numbers
// comparable, as stores index them: no spaces, half-width brackets, upper case.
func NormalizeCollateralNumber(s string) string {
	s = strings.Join(strings.Fields(s), "")
	s = strings.NewReplacer("（", "(", "）", ")").Replace(s)
	return strings.ToUpper(s)
}
