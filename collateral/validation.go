package collateral

import (
	"errors"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The limits of an item's and a registration's text fields, in characters,
// and of their lists: enough for any real certificate, name or address,
// and a bound on what one request may store.
const (
	maxID          = 64   // the case's ID of an item, a document
	maxName        = 200  // a person's or organization's name, a registry
	maxNumber      = 100  // a title, certificate or report number
	maxUnitNumber  = 64   // a unit number (28 when well formed)
	maxAddress     = 500  // an address
	maxDescription = 2000 // a description
	maxOwners      = 20
	maxConsents    = 20
	maxLiens       = 50 // encumbrances
	maxAppraisals  = 50
	maxMortgagors  = 20
	maxEvidenceID  = 64 // a document ID
)

// problems collects the field errors of an item or registration.
type problems struct{ check.Problems }

// add records a problem with one of this package's message keys.
func (p *problems) add(path string, reason error, key string, params check.Params) {
	p.Add(messages.FieldError(path, reason, key, params))
}

// date checks an optional date: zero is allowed, anything else must be a day.
func (p *problems) date(path string, d money.Date) {
	if !d.IsZero() && !d.IsValid() {
		p.Add(check.NotDate(path, d.String()))
	}
}

// requiredDate checks a date that must be given.
func (p *problems) requiredDate(path string, d money.Date) {
	if d.IsZero() {
		p.Add(check.Required(path))
		return
	}
	p.date(path, d)
}

// Validate checks the form of the item and returns every problem at once,
// each with its JSON path relative to the item, or nil. It checks what an
// item must say to be an item; whether it is acceptable collateral is for
// the rules.
func (it Item) Validate() []check.FieldError {
	var p problems
	p.Text("id", it.ID, maxID)
	if !it.Kind.Valid() {
		p.Add(check.NotOneOf("kind", string(it.Kind), kindNames()...))
	}
	p.OneOf("arrangement", string(it.Arrangement), string(Mortgage), string(Pledge))
	p.Text("description", it.Description, maxDescription)
	p.Text("address", it.Address, maxAddress)
	if it.Area != "" && !validArea(it.Area) {
		p.Add(check.Invalid("area", check.ErrFormat, it.Area, "square metres, a positive number with at most two decimals (89.50)"))
	}
	p.Text("title_number", it.TitleNumber, maxNumber)
	p.Text("unit_number", it.UnitNumber, maxUnitNumber)
	it.validateLand(&p)
	it.validateOwners(&p)
	p.Count("consents", len(it.Consents), maxConsents)
	for i, c := range it.Consents {
		if i == maxConsents {
			break
		}
		path := "consents[" + strconv.Itoa(i) + "]"
		p.Text(path+".name", c.Name, maxName)
		p.Text(path+".document", c.Document, maxID)
		switch {
		case c.Owner != nil && (*c.Owner < 0 || *c.Owner >= len(it.Owners)):
			p.add(path+".owner", check.ErrRange, "collateral.field.consent_owner_index", check.Params{"max": strconv.Itoa(len(it.Owners) - 1)})
		case c.Owner == nil && strings.TrimSpace(c.Name) == "":
			p.add(path, check.ErrRequired, "collateral.field.consent_names_none", nil)
		case c.ownerIndex(it.Owners) < 0:
			p.add(path+".name", check.ErrNotFound, "collateral.field.consent_not_owner", check.Params{"name": check.Shown(c.Name)})
		}
		p.date(path+".given_on", c.GivenOn)
	}
	if it.Rank < 0 {
		p.add("rank", check.ErrRange, "collateral.field.rank", nil)
	}
	p.Count("encumbrances", len(it.Encumbrances), maxLiens)
	for i, e := range it.Encumbrances {
		if i == maxLiens {
			break
		}
		e.validate(&p, "encumbrances["+strconv.Itoa(i)+"]")
	}
	p.Count("appraisals", len(it.Appraisals), maxAppraisals)
	for i, a := range it.Appraisals {
		if i == maxAppraisals {
			break
		}
		a.validate(&p, "appraisals["+strconv.Itoa(i)+"]")
	}
	p.Text("occupancy.occupant", it.Occupancy.Occupant, maxName)
	p.date("perfection.registered_on", it.Perfection.RegisteredOn)
	p.date("perfection.delivered_on", it.Perfection.DeliveredOn)
	p.Text("perfection.registry", it.Perfection.Registry, maxName)
	p.Text("perfection.reference", it.Perfection.Reference, maxName)
	p.Text("perfection.evidence", it.Perfection.Evidence, maxEvidenceID)
	return p.Fields
}

func kindNames() []string {
	ks := Kinds()
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return s
}

func (it Item) validateLand(p *problems) {
	if it.Land == nil {
		if it.Kind == KindLandUseRight {
			p.add("land", check.ErrRequired, "collateral.field.land_required", nil)
		}
		return
	}
	switch it.Land.Right {
	case LandOwnership, LandStateOwned:
		if it.Land.CollectiveUse != "" {
			p.add("land.collective_use", check.ErrInconsistent, "collateral.field.collective_use_only", nil)
		}
	case LandCollective:
		p.OneOf("land.collective_use", string(it.Land.CollectiveUse),
			string(Homestead), string(PrivatePlot), string(PrivateHill), string(CollectiveConstructionLand))
	default:
		p.OneOf("land.right", string(it.Land.Right), string(LandOwnership), string(LandStateOwned), string(LandCollective))
	}
}

func (it Item) validateOwners(p *problems) {
	n := len(it.Owners)
	switch it.CoOwnership {
	case CoOwnershipSole:
		if n > 1 {
			p.add("co_ownership", check.ErrInconsistent, "collateral.field.sole_many", check.Params{"n": strconv.Itoa(n)})
		}
	case CoOwnershipJoint, CoOwnershipByShares:
		if n > 0 && n < 2 {
			p.add("owners", check.ErrInconsistent, "collateral.field.co_owners_min", nil)
		}
	default:
		p.OneOf("co_ownership", string(it.CoOwnership), string(CoOwnershipSole), string(CoOwnershipJoint), string(CoOwnershipByShares))
	}
	if n == 0 {
		p.add("owners", check.ErrRequired, "collateral.field.owner_required", nil)
	}
	if n > maxOwners {
		p.Add(check.TooMany("owners", maxOwners))
		return
	}
	one := big.NewRat(1, 1)
	for i, o := range it.Owners {
		path := "owners[" + strconv.Itoa(i) + "]"
		p.RequiredText(path+".name", o.Name, maxName)
		if o.IDNumber != "" {
			validIdentityNumber(p, path+".id_number", o.IDNumber)
		}
		p.OneOf(path+".relation", string(o.Relation), string(RelationBorrower), string(RelationSpouse), string(RelationThirdParty))
		if r := o.Share.Rat(); r != nil && (r.Sign() <= 0 || r.Cmp(one) > 0) {
			p.add(path+".share", check.ErrRange, "collateral.field.share_range", check.Params{"share": o.Share.String()})
		} else if r == nil && it.CoOwnership == CoOwnershipByShares {
			p.add(path+".share", check.ErrRequired, "collateral.field.share_required", nil)
		}
	}
	if it.CoOwnership == CoOwnershipByShares && n >= 2 {
		if sum := sumShares(it.Owners, nil); sum.Cmp(one) != 0 {
			// The last share is the one to adjust, so the problem goes there.
			p.add("owners["+strconv.Itoa(n-1)+"].share", check.ErrInconsistent, "collateral.field.shares_sum", check.Params{"sum": ratString(sum)})
		}
	}
}

// anyDay is the "now" identity numbers are parsed against when only their
// form matters: no birth date is after it.
var anyDay = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// validIdentityNumber checks that an owner's number is a resident ID
// (GB 11643) or a unified social credit code (GB 32100). The value the
// error repeats is masked: it may be a person's ID.
func validIdentityNumber(p *problems, path, n string) {
	_, err := identity.ParseResidentID(n, anyDay)
	if err == nil {
		return
	}
	if _, err2 := identity.ParseCreditCode(n); err2 == nil {
		return
	}
	reason, problem := check.ErrFormat, "collateral.id_problem.other"
	switch {
	case errors.Is(err, identity.ErrChecksum):
		reason, problem = check.ErrChecksum, "collateral.id_problem.checksum"
	case errors.Is(err, identity.ErrLength):
		problem = "collateral.id_problem.length"
	case errors.Is(err, identity.ErrCharacter):
		problem = "collateral.id_problem.character"
	}
	fe := messages.FieldError(path, reason, "collateral.field.id_number", check.Params{"problem": problem})
	fe.Value = maskNumber(n)
	p.Add(fe)
}

// maskNumber masks what may be a resident ID as the rest of Jinzhi does:
// the first six and last four characters of an 18-character number, and
// nothing of anything else.
func maskNumber(n string) string {
	if len(n) == 18 {
		return identity.MaskResidentID(n)
	}
	return "***"
}

func (e Encumbrance) validate(p *problems, path string) {
	p.RequiredText(path+".holder", e.Holder, maxName)
	switch e.Kind {
	case EncumbranceLien:
		if e.Amount.Sign() <= 0 {
			p.Add(check.NotPositive(path+".amount", e.Amount.String()))
		}
		if e.Rank < 0 {
			p.add(path+".rank", check.ErrRange, "collateral.field.rank", nil)
		}
	case EncumbranceLease:
		if e.LeaseStart.IsZero() {
			p.add(path+".lease_start", check.ErrRequired, "collateral.field.lease_start_required", nil)
		}
		if !e.LeaseEnd.IsZero() && e.LeaseEnd.IsValid() && e.LeaseStart.IsValid() && e.LeaseEnd.Before(e.LeaseStart) {
			p.add(path+".lease_end", check.ErrInconsistent, "collateral.field.lease_end_before_start", nil)
		}
	default:
		p.OneOf(path+".kind", string(e.Kind), string(EncumbranceLien), string(EncumbranceLease))
	}
	p.date(path+".registered_on", e.RegisteredOn)
	p.date(path+".lease_start", e.LeaseStart)
	p.date(path+".handed_over_on", e.HandedOverOn)
	p.date(path+".lease_end", e.LeaseEnd)
}

func (a Appraisal) validate(p *problems, path string) {
	p.RequiredText(path+".appraiser", a.Appraiser, maxName)
	p.Text(path+".report", a.Report, maxNumber)
	if !a.Method.valid() {
		p.Add(check.NotOneOf(path+".method", string(a.Method), methodNames...))
	}
	if a.Value.Sign() <= 0 {
		p.Add(check.NotPositive(path+".value", a.Value.String()))
	}
	p.requiredDate(path+".date", a.Date)
}

// Validate checks the form of the registration and returns every problem at
// once, each with its JSON path relative to the registration, or nil.
// Whether it matches the loan is the registration.matches rule.
func (r Registration) Validate() []check.FieldError {
	var p problems
	p.RequiredText("certificate_number", r.CertificateNumber, maxNumber)
	p.Text("unit_number", r.UnitNumber, maxUnitNumber)
	p.RequiredText("registry", r.Registry, maxName)
	p.RequiredText("mortgagee", r.Mortgagee, maxName)
	switch {
	case len(r.Mortgagors) == 0:
		p.Add(check.Required("mortgagors"))
	case len(r.Mortgagors) > maxMortgagors:
		p.Add(check.TooMany("mortgagors", maxMortgagors))
	default:
		for i, m := range r.Mortgagors {
			p.RequiredText("mortgagors["+strconv.Itoa(i)+"]", m, maxName)
		}
	}
	if r.SecuredAmount.Sign() <= 0 {
		p.Add(check.NotPositive("secured_amount", r.SecuredAmount.String()))
	}
	p.date("term_end", r.TermEnd)
	p.requiredDate("registered_on", r.RegisteredOn)
	if r.Rank < 0 {
		p.add("rank", check.ErrRange, "collateral.field.rank", nil)
	}
	return p.Fields
}

// validArea reports whether s is a positive area of at most nine digits and
// two decimals, as the report prints it.
func validArea(s string) bool {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if len(whole) == 0 || len(whole) > 9 || hasFrac && (len(frac) == 0 || len(frac) > 2) {
		return false
	}
	positive := false
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return false
		}
		positive = positive || r != '0'
	}
	return positive
}
