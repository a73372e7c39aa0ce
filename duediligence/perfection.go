package duediligence

import (
	"context"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/money"
)

// PerfectionAct is the kind of act that perfects a security interest
// other than a real-estate mortgage (whose registration certificate has
// its own record).
type PerfectionAct string

// The perfection acts.
const (
	// ActDelivery: the pledged movable, or the certificate of the pledged
	// right (a bill, a bond, a deposit certificate), delivered to the
	// lender (交付; Civil Code arts. 429, 441).
	ActDelivery PerfectionAct = "delivery"
	// ActRegistration: the pledge (or a movable's mortgage) registered —
	// receivables and movables in the unified registry (中登网), equity with
	// the market regulator or the securities depository, IP with the IP
	// office (出质登记; arts. 403, 441, 443, 444, 445).
	ActRegistration PerfectionAct = "registration"
)

// PerfectionInput records the act that perfects the security interest of
// a collateral item: what was done, when, with which registry and under
// which reference, and the document that proves it.
type PerfectionInput struct {
	ItemID string        `json:"item_id"`
	Act    PerfectionAct `json:"act"`
	// On is the day of the act; default today, never in the future.
	On money.Date `json:"on,omitzero"`
	// Registry is required for a registration: the authority it was made with.
	Registry string `json:"registry,omitempty"`
	// Reference is the registration's number or the delivery receipt's.
	Reference string `json:"reference,omitempty"`
	// Document is the evidence among the case's documents: the registration
	// certificate, or the delivery receipt signed by both sides.
	Document string `json:"document"`
}

func (in *PerfectionInput) validate(p *check.Problems) {
	p.RequiredText("item_id", in.ItemID, maxID)
	p.OneOf("act", string(in.Act), string(ActDelivery), string(ActRegistration))
	if !in.On.IsZero() && !in.On.IsValid() {
		p.Add(check.NotDate("on", in.On.String()))
	}
	if in.Act == ActRegistration {
		p.RequiredText("registry", in.Registry, maxName)
	} else {
		p.Text("registry", in.Registry, maxName)
	}
	p.Text("reference", in.Reference, maxName)
	p.RequiredText("document", in.Document, maxID)
}

// RecordPerfection records the act that perfects a collateral item's
// security interest — the delivery of a pledged movable or certificate,
// or the registration of a pledge of receivables, equity, fund shares or
// IP (or of a movable's mortgage) — by the owner or finance, from the
// investigation to contracting. collateral.perfection checks it per item
// at the disbursement gate. Real estate is perfected by its registration
// certificate (RecordRegistration) instead.
func (s *Service) RecordPerfection(ctx context.Context, actor Actor, caseID string, expected int, in PerfectionInput) (c *Case, err error) {
	defer Wrap(&err, "Service.RecordPerfection")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "perfection.recorded", roles: []Role{RoleAccountManager, RoleFinance},
		stages: []Stage{StageInvestigation, StageSubmitted, StageApproved, StageContracting},
		apply: func(c *Case, now time.Time) (any, error) {
			i := c.itemIndex(in.ItemID)
			if i < 0 {
				return nil, invalidField(fieldError("item_id", check.ErrNotFound, "collateral.item_unknown", check.Params{"id": check.Shown(in.ItemID)}))
			}
			it := &c.Collateral[i].Item
			if it.Kind.IsRealEstate() {
				return nil, invalidField(fieldError("item_id", check.ErrRange, "perfection.real_estate", check.Params{"item": collateral.ItemName(*it)}))
			}
			on := in.On
			if on.IsZero() {
				on = BusinessDate(now)
			}
			if on.After(BusinessDate(now)) {
				return nil, invalidField(check.InFuture("on", on.String()))
			}
			if c.documentIndex(in.Document) < 0 {
				return nil, invalidField(fieldError("document", check.ErrNotFound, "signature.document_unknown", check.Params{"id": check.Shown(in.Document)}))
			}
			pf := &it.Perfection
			if in.Act == ActDelivery {
				pf.Delivered, pf.DeliveredOn = true, on
			} else {
				pf.Registered, pf.RegisteredOn = true, on
			}
			if in.Registry != "" {
				pf.Registry = in.Registry
			}
			pf.Reference, pf.Evidence = in.Reference, in.Document
			return map[string]any{"id": in.ItemID, "act": in.Act, "on": on, "registry": in.Registry, "reference": in.Reference, "document": in.Document}, nil
		},
	})
}
