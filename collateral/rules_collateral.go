package collateral

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/jinzhi-dev/jinzhi/money"
)

// The item rules below each check one rule of the Collateral section of the
// catalogue and return its Results, nil when it does not fire. Paths are
// relative to the item.

// CheckNonMortgageable finds what Civil Code art. 399 forbids to mortgage:
// land ownership; homestead, private-plot and private-hill collective land
// use rights; the public-welfare facilities of a non-profit school, hospital
// or the like (a for-profit one may mortgage them, and a non-profit one its
// other assets: 担保制度解释 art. 6); property of unclear or disputed
// ownership; property sealed, seized or under supervision. Collective
// construction land for business use may be mortgaged since the 2019 Land
// Administration Law, so it passes.
func CheckNonMortgageable(it Item) []Result {
	var out []Result
	add := func(path, msg string) { out = append(out, result(RuleNonMortgageable, path, msg)) }
	if l := it.Land; l != nil {
		switch {
		case l.Right == LandOwnership:
			add("land.right", "land ownership cannot be mortgaged (art. 399(1))")
		case l.Right == LandCollective && (l.CollectiveUse == Homestead || l.CollectiveUse == PrivatePlot || l.CollectiveUse == PrivateHill):
			add("land.collective_use", fmt.Sprintf("a collective land use right of %s cannot be mortgaged (art. 399(2))", collectiveUseName[l.CollectiveUse]))
		}
	}
	s := it.Status
	if s.PublicWelfareFacility && s.NonProfitOwner {
		add("status.public_welfare_facility", "a public-welfare facility of a non-profit school, kindergarten, hospital or the like cannot be mortgaged (art. 399(3); 担保制度解释 art. 6)")
	}
	if s.DisputedTitle {
		add("status.disputed_title", "the ownership is unclear or disputed (art. 399(4))")
	}
	for _, f := range []struct {
		on         bool
		path, what string
	}{
		{s.Sealed, "status.sealed", "sealed (查封)"},
		{s.Seized, "status.seized", "seized (扣押)"},
		{s.Supervised, "status.supervised", "under supervision (监管)"},
	} {
		if f.on {
			add(f.path, fmt.Sprintf("the property is %s and cannot be mortgaged (art. 399(5))", f.what))
		}
	}
	return out
}

var collectiveUseName = map[CollectiveUse]string{
	Homestead:   "homestead (宅基地)",
	PrivatePlot: "private plot (自留地)",
	PrivateHill: "private hill (自留山)",
}

// CheckIllegalBuilding finds a mortgage of an illegal building, which is void
// (担保制度解释 art. 49).
func CheckIllegalBuilding(it Item) []Result {
	if !it.Status.IllegalBuilding {
		return nil
	}
	return []Result{result(RuleIllegalBuilding, "status.illegal_building",
		"the building is illegal (违法建筑): a mortgage of it is void")}
}

// CheckBuildingWithLand finds a mortgage of a building without the land use
// right under it, or of a land use right without the buildings on it. The
// law mortgages them together anyway (Civil Code arts. 397–398), so the
// lender should value and register both.
func CheckBuildingWithLand(it Item) []Result {
	if it.Arrangement != Mortgage || it.MortgagedTogether {
		return nil
	}
	switch {
	case it.Kind.IsBuilding():
		return []Result{result(RuleBuildingWithLand, "mortgaged_together",
			"the land use right under the building is mortgaged with it by law: value and register both (arts. 397–398)")}
	case it.Kind == KindLandUseRight && it.Land != nil && it.Land.HasBuildings:
		return []Result{result(RuleBuildingWithLand, "mortgaged_together",
			"the buildings on the land are mortgaged with the land use right by law: value and register both (arts. 397–398)")}
	}
	return nil
}

// twoThirds is the share of a co-ownership by shares whose holders may
// mortgage it (Civil Code art. 301).
var twoThirds = big.NewRat(2, 3)

// CheckCoOwnerConsent finds missing co-owner consent (Civil Code art. 301):
// in a joint co-ownership every owner must consent; in a co-ownership by
// shares, owners holding at least two thirds of the shares. Marital
// property held in one spouse's name needs the other spouse, who must then
// be listed as a joint owner.
//
// An owner who is the borrower counts as consenting: the borrower applies
// for the loan and signs the mortgage. Every other owner needs a Consent.
// The co-owners may have agreed otherwise; that is for a justification,
// as the rule only blocks.
func CheckCoOwnerConsent(it Item) []Result {
	var out []Result
	add := func(path, msg string) { out = append(out, result(RuleCoOwnerConsent, path, msg)) }
	if it.MaritalProperty && len(it.Owners) < 2 {
		add("owners", "the item is marital joint property: list the owner's spouse as a joint owner and record the spouse's consent")
	}
	if len(it.Owners) < 2 {
		return out
	}
	consented := make([]bool, len(it.Owners))
	for i, o := range it.Owners {
		consented[i] = o.Relation == RelationBorrower
	}
	for _, c := range it.Consents {
		if i := c.ownerIndex(it.Owners); i >= 0 {
			consented[i] = true
		}
	}
	if it.CoOwnership == CoOwnershipByShares {
		var idx []int
		for i, ok := range consented {
			if ok {
				idx = append(idx, i)
			}
		}
		held := new(big.Rat)
		if idx != nil { // sumShares(nil) would sum every owner
			held = sumShares(it.Owners, idx)
		}
		if held.Cmp(twoThirds) < 0 {
			add("consents", fmt.Sprintf("the consenting owners hold %s of the shares; owners holding at least 2/3 must consent", ratString(held)))
		}
		return out
	}
	// Joint co-ownership, or several owners with no shares: every owner.
	for i, ok := range consented {
		if !ok {
			add(fmt.Sprintf("owners[%d]", i), fmt.Sprintf("joint owner %s has not consented to the mortgage", it.Owners[i].Name))
		}
	}
	return out
}

// CheckPriorEncumbrance finds liens that rank before the lender's mortgage
// (Civil Code art. 414); valuation deducts them from the eligible value.
func CheckPriorEncumbrance(it Item) []Result {
	var out []Result
	for _, i := range it.SeniorLiens() {
		e := it.Encumbrances[i]
		rank := "of unknown rank, counted as senior"
		if e.Rank > 0 {
			rank = fmt.Sprintf("rank %d", e.Rank)
		}
		out = append(out, result(RulePriorEncumbrance, fmt.Sprintf("encumbrances[%d]", i),
			fmt.Sprintf("prior lien of ¥%s held by %s (%s) ranks before the lender's mortgage; the eligible value is reduced by it", e.Amount, e.Holder, rank)))
	}
	return out
}

// CheckPriorLease finds leases made and handed over before the mortgage,
// which survive it (Civil Code art. 405): a buyer at enforcement takes the
// item with the tenant. mortgageDate is the day the mortgage was registered
// (or, for a movable, contracted); zero while it is not yet, when every
// lease already made counts as prior. A lease made or handed over on the
// mortgage's own day counts as prior, the cautious reading.
func CheckPriorLease(it Item, mortgageDate money.Date) []Result {
	prior := func(d money.Date) bool {
		return !d.IsZero() && (mortgageDate.IsZero() || !d.After(mortgageDate))
	}
	var out []Result
	for i, e := range it.Encumbrances {
		if e.Kind != EncumbranceLease || !prior(e.LeaseStart) {
			continue
		}
		path := fmt.Sprintf("encumbrances[%d]", i)
		switch {
		case prior(e.HandedOverOn):
			out = append(out, result(RulePriorLease, path,
				fmt.Sprintf("the lease to %s made on %s and handed over on %s precedes the mortgage and survives it", e.Holder, e.LeaseStart, e.HandedOverOn)))
		case e.HandedOverOn.IsZero():
			out = append(out, result(RulePriorLease, path,
				fmt.Sprintf("the lease to %s made on %s precedes the mortgage; its handover date is not recorded, and if it was handed over before the mortgage it survives it", e.Holder, e.LeaseStart)))
		}
	}
	return out
}

// CheckAppraisalStale finds an item whose newest appraisal, as of asOf, is
// older than the policy's validity, or that has no appraisal at all.
func CheckAppraisalStale(it Item, asOf money.Date, p ValuationPolicy) []Result {
	newest := -1
	for i, a := range it.Appraisals {
		if !a.Date.IsValid() || a.Date.After(asOf) {
			continue
		}
		if newest < 0 || a.Date.After(it.Appraisals[newest].Date) {
			newest = i
		}
	}
	if newest < 0 {
		return []Result{result(RuleAppraisalStale, "appraisals", "the item has no appraisal")}
	}
	a := it.Appraisals[newest]
	if age := asOf.DaysSince(a.Date); age > p.ValidityDays() {
		return []Result{result(RuleAppraisalStale, fmt.Sprintf("appraisals[%d]", newest),
			fmt.Sprintf("the newest appraisal, of %s, is %d days old on %s; the policy keeps appraisals %d days", a.Date, age, asOf, p.ValidityDays()))}
	}
	return nil
}

// CheckCoverage finds collateral whose total eligible value is below the
// policy minimum share of the principal. It compares exact amounts, not the
// rounded Ratio.
func CheckCoverage(c Coverage, p ValuationPolicy) []Result {
	min := p.MinimumCoverage()
	need, err := c.Principal.Decimal().Mul(min)
	if err == nil && c.TotalEligible.Decimal().Cmp(need) >= 0 {
		return nil
	}
	return []Result{result(RuleCoverage, "",
		fmt.Sprintf("eligible value ¥%s covers %s of the principal ¥%s; the policy minimum is %s", c.TotalEligible, c.Ratio, c.Principal, min))}
}

// CheckSoleResidence finds the debtor's only home, which courts are slow to
// sell and must leave the debtor somewhere to live.
func CheckSoleResidence(it Item) []Result {
	if !it.Occupancy.SoleResidence {
		return nil
	}
	return []Result{result(RuleSoleResidence, "occupancy.sole_residence",
		"the item is the debtor's sole residence, which is hard to enforce against")}
}

// CheckPerfection finds a security interest not yet perfected. The lender's
// engine runs it at the disbursement gate (block before disbursement);
// earlier its results list what remains to do. reg is the item's mortgage
// registration certificate, nil if none.
//
//   - real estate, land use rights, buildings under construction: the
//     mortgage exists only once registered (Civil Code arts. 402, 214);
//   - a mortgage of a movable is effective on contract but not opposable to
//     a good-faith third party unless registered (art. 403): warn;
//   - a pledge of a movable exists on delivery (art. 429);
//   - bills, bonds and deposit certificates: on delivery of the certificate,
//     or on registration where there is none (art. 441);
//   - fund shares and equity: on registration (art. 443);
//   - intellectual property: on registration (art. 444);
//   - receivables: on registration (art. 445).
func CheckPerfection(it Item, reg *Registration) []Result {
	pf := it.Perfection
	block := func(path, msg string) []Result { return []Result{result(RulePerfection, path, msg)} }
	switch {
	case it.Kind.IsRealEstate():
		if reg == nil {
			return block("registration", "a mortgage of real estate exists only once registered: obtain the registration certificate before disbursement (arts. 402, 214)")
		}
	case it.Kind.IsMovable() && it.Arrangement == Mortgage:
		if !pf.Registered {
			r := result(RulePerfection, "perfection.registered",
				"a mortgage of a movable is not opposable to a good-faith third party unless registered (art. 403)")
			r.Severity = SeverityWarn
			return []Result{r}
		}
	case it.Kind.IsMovable():
		if !pf.Delivered {
			return block("perfection.delivered", "a pledge of a movable exists only once the movable is delivered (art. 429)")
		}
	case it.Kind == KindBill || it.Kind == KindBond || it.Kind == KindDeposit:
		if !pf.Delivered && !pf.Registered {
			return block("perfection.delivered", "a pledge of a bill, bond or deposit certificate exists only once the certificate is delivered, or registered where there is none (art. 441)")
		}
	case it.Kind == KindFundShare || it.Kind == KindEquityListed || it.Kind == KindEquityUnlisted:
		if !pf.Registered {
			return block("perfection.registered", "a pledge of fund shares or equity exists only once registered (art. 443)")
		}
	case it.Kind == KindIPRight:
		if !pf.Registered {
			return block("perfection.registered", "a pledge of an intellectual property right exists only once registered (art. 444)")
		}
	case it.Kind == KindReceivable:
		if !pf.Registered {
			return block("perfection.registered", "a pledge of receivables exists only once registered (art. 445)")
		}
	}
	return nil
}

// CheckPledgeableRight finds an item whose arrangement does not fit its
// kind. Every right among the kinds is one art. 440 lists (bills, bonds,
// deposit certificates, transferable fund shares and equity, IP property
// rights, receivables), so what remains to find is a right taken as a
// mortgage, which the law knows only as a pledge, and real estate taken as
// a pledge, which the law knows only as a mortgage (arts. 395, 425).
func CheckPledgeableRight(it Item) []Result {
	switch {
	case it.Kind.IsRight() && it.Arrangement == Mortgage:
		return []Result{result(RulePledgeableRight, "arrangement",
			fmt.Sprintf("a %s is a right: it is pledged (art. 440), not mortgaged", kindName(it.Kind)))}
	case it.Kind.IsRealEstate() && it.Arrangement == Pledge:
		return []Result{result(RulePledgeableRight, "arrangement",
			fmt.Sprintf("a %s is real estate: it is mortgaged (art. 395), not pledged; art. 440 lists no such right", kindName(it.Kind)))}
	}
	return nil
}

func kindName(k Kind) string { return strings.ReplaceAll(string(k), "_", " ") }

// CheckItem runs every item rule that needs no more than the item, the
// policy and the mortgage's dates: all of the Collateral section but
// coverage (see CheckCoverage, over all items) and the Registration rules
// (see CheckRegistration). reg is the item's registration, nil if none;
// asOf is the day of the check.
func CheckItem(it Item, reg *Registration, asOf money.Date, p ValuationPolicy) []Result {
	var mortgageDate money.Date
	if reg != nil {
		mortgageDate = reg.RegisteredOn
	}
	var out []Result
	out = append(out, CheckNonMortgageable(it)...)
	out = append(out, CheckIllegalBuilding(it)...)
	out = append(out, CheckBuildingWithLand(it)...)
	out = append(out, CheckCoOwnerConsent(it)...)
	out = append(out, CheckPriorEncumbrance(it)...)
	out = append(out, CheckPriorLease(it, mortgageDate)...)
	out = append(out, CheckAppraisalStale(it, asOf, p)...)
	out = append(out, CheckSoleResidence(it)...)
	out = append(out, CheckPerfection(it, reg)...)
	out = append(out, CheckPledgeableRight(it)...)
	return out
}
