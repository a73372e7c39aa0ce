package collateral

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/jinzhi-dev/jinzhi/money"
)

// FieldProblem is one invalid field of an Item or Registration. Path is the
// JSON path relative to it ("owners[0].share"); the case prefixes its own
// ("collateral[2].").
type FieldProblem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// problems collects FieldProblems.
type problems []FieldProblem

func (p *problems) add(path, format string, args ...any) {
	*p = append(*p, FieldProblem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// date checks an optional date: zero is allowed, anything else must be a day.
func (p *problems) date(path string, d money.Date) {
	if !d.IsZero() && !d.IsValid() {
		p.add(path, "is not a valid date")
	}
}

// Validate checks the form of the item and returns every problem at once,
// or nil. It checks what an item must say to be an item; whether it is
// acceptable collateral is for the rules.
func (it Item) Validate() []FieldProblem {
	var p problems
	if !it.Kind.Valid() {
		p.add("kind", "must be one of %s", kindList())
	}
	switch it.Arrangement {
	case Mortgage, Pledge:
	default:
		p.add("arrangement", "must be mortgage or pledge")
	}
	it.validateLand(&p)
	it.validateOwners(&p)
	for i, c := range it.Consents {
		path := fmt.Sprintf("consents[%d]", i)
		switch {
		case c.Owner != nil && (*c.Owner < 0 || *c.Owner >= len(it.Owners)):
			p.add(path+".owner", "must be the index of an owner (0 to %d)", len(it.Owners)-1)
		case c.Owner == nil && strings.TrimSpace(c.Name) == "":
			p.add(path, "must name the owner by index or name")
		case c.ownerIndex(it.Owners) < 0:
			p.add(path+".name", "%q is not an owner", c.Name)
		}
		p.date(path+".given_on", c.GivenOn)
	}
	if it.Rank < 0 {
		p.add("rank", "must be 1 or more, or 0 if unknown")
	}
	for i, e := range it.Encumbrances {
		e.validate(&p, fmt.Sprintf("encumbrances[%d]", i))
	}
	for i, a := range it.Appraisals {
		a.validate(&p, fmt.Sprintf("appraisals[%d]", i))
	}
	p.date("perfection.registered_on", it.Perfection.RegisteredOn)
	p.date("perfection.delivered_on", it.Perfection.DeliveredOn)
	return p
}

func kindList() string {
	ks := Kinds()
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

func (it Item) validateLand(p *problems) {
	if it.Land == nil {
		if it.Kind == KindLandUseRight {
			p.add("land", "is required for a land use right")
		}
		return
	}
	switch it.Land.Right {
	case LandOwnership, LandStateOwned:
		if it.Land.CollectiveUse != "" {
			p.add("land.collective_use", "is only for a collective land use right")
		}
	case LandCollective:
		switch it.Land.CollectiveUse {
		case Homestead, PrivatePlot, PrivateHill, CollectiveConstructionLand:
		default:
			p.add("land.collective_use", "must be homestead, private_plot, private_hill or collective_construction_land")
		}
	default:
		p.add("land.right", "must be ownership, state_owned or collective")
	}
}

func (it Item) validateOwners(p *problems) {
	n := len(it.Owners)
	switch it.CoOwnership {
	case CoOwnershipSole:
		if n > 1 {
			p.add("co_ownership", "is sole but there are %d owners", n)
		}
	case CoOwnershipJoint, CoOwnershipByShares:
		if n > 0 && n < 2 {
			p.add("owners", "a co-ownership needs at least two owners")
		}
	default:
		p.add("co_ownership", "must be sole, joint or by_shares")
	}
	if n == 0 {
		p.add("owners", "at least one owner is required")
	}
	one := big.NewRat(1, 1)
	for i, o := range it.Owners {
		path := fmt.Sprintf("owners[%d]", i)
		if strings.TrimSpace(o.Name) == "" {
			p.add(path+".name", "is required")
		}
		switch o.Relation {
		case RelationBorrower, RelationSpouse, RelationThirdParty:
		default:
			p.add(path+".relation", "must be borrower, spouse or third_party")
		}
		if r := o.Share.Rat(); r != nil && (r.Sign() <= 0 || r.Cmp(one) > 0) {
			p.add(path+".share", "must be more than 0 and at most 1, got %s", o.Share)
		} else if r == nil && it.CoOwnership == CoOwnershipByShares {
			p.add(path+".share", "is required in a co-ownership by shares")
		}
	}
	if it.CoOwnership == CoOwnershipByShares && n >= 2 {
		if sum := sumShares(it.Owners, nil); sum.Cmp(one) != 0 {
			// The last share is the one to adjust, so the problem goes there.
			p.add(fmt.Sprintf("owners[%d].share", n-1), "the shares add up to %s, not 1", ratString(sum))
		}
	}
}

func (e Encumbrance) validate(p *problems, path string) {
	if strings.TrimSpace(e.Holder) == "" {
		p.add(path+".holder", "is required")
	}
	switch e.Kind {
	case EncumbranceLien:
		if e.Amount.Sign() <= 0 {
			p.add(path+".amount", "must be more than 0")
		}
		if e.Rank < 0 {
			p.add(path+".rank", "must be 1 or more, or 0 if unknown")
		}
	case EncumbranceLease:
		if e.LeaseStart.IsZero() {
			p.add(path+".lease_start", "is required for a lease")
		}
		if !e.LeaseEnd.IsZero() && e.LeaseEnd.IsValid() && e.LeaseStart.IsValid() && e.LeaseEnd.Before(e.LeaseStart) {
			p.add(path+".lease_end", "is before the lease start")
		}
	default:
		p.add(path+".kind", "must be lien or lease")
	}
	p.date(path+".registered_on", e.RegisteredOn)
	p.date(path+".lease_start", e.LeaseStart)
	p.date(path+".handed_over_on", e.HandedOverOn)
	p.date(path+".lease_end", e.LeaseEnd)
}

func (a Appraisal) validate(p *problems, path string) {
	if strings.TrimSpace(a.Appraiser) == "" {
		p.add(path+".appraiser", "is required")
	}
	if !a.Method.valid() {
		p.add(path+".method", "must be market, income, cost, residual, benchmark, quoted_price, face_value or other")
	}
	if a.Value.Sign() <= 0 {
		p.add(path+".value", "must be more than 0")
	}
	if a.Date.IsZero() {
		p.add(path+".date", "is required")
	} else {
		p.date(path+".date", a.Date)
	}
}

// Validate checks the form of the registration and returns every problem at
// once, or nil. Whether it matches the loan is the registration.matches rule.
func (r Registration) Validate() []FieldProblem {
	var p problems
	if strings.TrimSpace(r.CertificateNumber) == "" {
		p.add("certificate_number", "is required")
	}
	if strings.TrimSpace(r.Registry) == "" {
		p.add("registry", "is required")
	}
	if strings.TrimSpace(r.Mortgagee) == "" {
		p.add("mortgagee", "is required")
	}
	if len(r.Mortgagors) == 0 {
		p.add("mortgagors", "at least one mortgagor is required")
	}
	for i, m := range r.Mortgagors {
		if strings.TrimSpace(m) == "" {
			p.add(fmt.Sprintf("mortgagors[%d]", i), "is empty")
		}
	}
	if r.SecuredAmount.Sign() <= 0 {
		p.add("secured_amount", "must be more than 0")
	}
	p.date("term_end", r.TermEnd)
	if r.RegisteredOn.IsZero() {
		p.add("registered_on", "is required")
	} else {
		p.date("registered_on", r.RegisteredOn)
	}
	return p
}
