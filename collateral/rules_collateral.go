package collateral

import (
	"math/big"
	"strconv"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The item rules below each check one rule of the Collateral section of the
// catalogue and return its results, nil when it does not fire. Paths are
// relative to the item.

// CheckNonMortgageable finds what Civil Code art. 399 forbids to mortgage:
// land ownership; homestead, private-plot and private-hill collective land
// use rights; the public-welfare facilities of a non-profit school, hospital
// or the like (a for-profit one may mortgage them, and a non-profit one its
// other assets: 担保制度解释 art. 6); property of unclear or disputed
// ownership; property sealed, seized or under supervision. Collective
// construction land for business use may be mortgaged since the 2019 Land
// Administration Law, so it passes.
func CheckNonMortgageable(it Item) []check.Result {
	var out []check.Result
	add := func(path, key string, p check.Params) { out = append(out, result(RuleNonMortgageable, path, key, p)) }
	if l := it.Land; l != nil {
		switch {
		case l.Right == LandOwnership:
			add("land.right", "collateral.non_mortgageable.land_ownership", nil)
		case l.Right == LandCollective && (l.CollectiveUse == Homestead || l.CollectiveUse == PrivatePlot || l.CollectiveUse == PrivateHill):
			add("land.collective_use", "collateral.non_mortgageable.collective_use", check.Params{"use": "collateral.collective_use." + string(l.CollectiveUse)})
		}
	}
	s := it.Status
	if s.PublicWelfareFacility && s.NonProfitOwner {
		add("status.public_welfare_facility", "collateral.non_mortgageable.public_welfare", nil)
	}
	if s.DisputedTitle {
		add("status.disputed_title", "collateral.non_mortgageable.disputed_title", nil)
	}
	if s.Sealed {
		add("status.sealed", "collateral.non_mortgageable.sealed", nil)
	}
	if s.Seized {
		add("status.seized", "collateral.non_mortgageable.seized", nil)
	}
	if s.Supervised {
		add("status.supervised", "collateral.non_mortgageable.supervised", nil)
	}
	return out
}

// CheckIllegalBuilding finds a mortgage of an illegal building, which is void
// (担保制度解释 art. 49).
func CheckIllegalBuilding(it Item) []check.Result {
	if !it.Status.IllegalBuilding {
		return nil
	}
	return []check.Result{result(RuleIllegalBuilding, "status.illegal_building", "collateral.illegal_building", nil)}
}

// CheckBuildingWithLand finds a mortgage of a building without the land use
// right under it, or of a land use right without the buildings on it. The
// law mortgages them together anyway (Civil Code arts. 397–398), so the
// lender should value and register both.
func CheckBuildingWithLand(it Item) []check.Result {
	if it.Arrangement != Mortgage || it.MortgagedTogether {
		return nil
	}
	switch {
	case it.Kind.IsBuilding():
		return []check.Result{result(RuleBuildingWithLand, "mortgaged_together", "collateral.building_with_land.building", nil)}
	case it.Kind == KindLandUseRight && it.Land != nil && it.Land.HasBuildings:
		return []check.Result{result(RuleBuildingWithLand, "mortgaged_together", "collateral.building_with_land.land", nil)}
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
func CheckCoOwnerConsent(it Item) []check.Result {
	var out []check.Result
	add := func(path, key string, p check.Params) { out = append(out, result(RuleCoOwnerConsent, path, key, p)) }
	if it.MaritalProperty && len(it.Owners) < 2 {
		add("owners", "collateral.coowner_consent.marital", nil)
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
			add("consents", "collateral.coowner_consent.shares", check.Params{"held": ratString(held)})
		}
		return out
	}
	// Joint co-ownership, or several owners with no shares: every owner.
	for i, ok := range consented {
		if !ok {
			add("owners["+strconv.Itoa(i)+"]", "collateral.coowner_consent.joint", check.Params{"name": it.Owners[i].Name})
		}
	}
	return out
}

// CheckPriorEncumbrance finds liens that rank before the lender's mortgage
// (Civil Code art. 414); valuation deducts them from the eligible value.
func CheckPriorEncumbrance(it Item) []check.Result {
	var out []check.Result
	for _, i := range it.SeniorLiens() {
		e := it.Encumbrances[i]
		p := check.Params{"amount": e.Amount.String(), "holder": e.Holder, "rank": "collateral.rank.unknown"}
		if e.Rank > 0 {
			p["rank"], p["rank_no"] = "collateral.rank.known", strconv.Itoa(e.Rank)
		}
		out = append(out, result(RulePriorEncumbrance, "encumbrances["+strconv.Itoa(i)+"]", "collateral.prior_encumbrance.lien", p))
	}
	return out
}

// CheckPriorLease finds leases made and handed over before the mortgage,
// which survive it (Civil Code art. 405): a buyer at enforcement takes the
// item with the tenant. mortgageDate is the day the mortgage was registered
// (or, for a movable, contracted); zero while it is not yet, when every
// lease already made counts as prior. A lease made or handed over on the
// mortgage's own day counts as prior, the cautious reading.
func CheckPriorLease(it Item, mortgageDate money.Date) []check.Result {
	prior := func(d money.Date) bool {
		return !d.IsZero() && (mortgageDate.IsZero() || !d.After(mortgageDate))
	}
	var out []check.Result
	for i, e := range it.Encumbrances {
		if e.Kind != EncumbranceLease || !prior(e.LeaseStart) {
			continue
		}
		path := "encumbrances[" + strconv.Itoa(i) + "]"
		p := check.Params{"holder": e.Holder, "start": e.LeaseStart.String()}
		switch {
		case prior(e.HandedOverOn):
			p["handed_over"] = e.HandedOverOn.String()
			out = append(out, result(RulePriorLease, path, "collateral.prior_lease.handed_over", p))
		case e.HandedOverOn.IsZero():
			out = append(out, result(RulePriorLease, path, "collateral.prior_lease.handover_unknown", p))
		}
	}
	return out
}

// CheckAppraisalStale finds an item whose newest appraisal, as of asOf, is
// older than the policy's validity, or that has no appraisal at all.
func CheckAppraisalStale(it Item, asOf money.Date, p ValuationPolicy) []check.Result {
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
		return []check.Result{result(RuleAppraisalStale, "appraisals", "collateral.appraisal_stale.none", nil)}
	}
	a := it.Appraisals[newest]
	if age := asOf.DaysSince(a.Date); age > p.ValidityDays() {
		return []check.Result{result(RuleAppraisalStale, "appraisals["+strconv.Itoa(newest)+"]", "collateral.appraisal_stale.old", check.Params{
			"date": a.Date.String(), "age": strconv.Itoa(age), "as_of": asOf.String(), "validity": strconv.Itoa(p.ValidityDays())})}
	}
	return nil
}

// CheckCoverage finds collateral whose total eligible value is below the
// policy minimum share of the principal. It compares the exact ratio, not
// the rounded Ratio it shows; a coverage it cannot compare fails.
func CheckCoverage(c Coverage, p ValuationPolicy) []check.Result {
	min := p.MinimumCoverage()
	cmp, err := money.CmpRatio(c.TotalEligible.Decimal(), c.Principal.Decimal(), min)
	if err != nil {
		return []check.Result{result(RuleCoverage, "", "collateral.coverage.not_computed", check.Params{"reason": err.Error()})}
	}
	if cmp >= 0 {
		return nil
	}
	ratio := c.Ratio.String()
	if q, err := p.Rounding.RatioBeside(c.TotalEligible.Decimal(), c.Principal.Decimal(), min); err == nil {
		ratio = q.String() // more digits where Ratio's four would look like the minimum
	}
	return []check.Result{result(RuleCoverage, "", "collateral.coverage.below", check.Params{
		"eligible": c.TotalEligible.String(), "ratio": ratio, "principal": c.Principal.String(), "min": showRate(min)})}
}

// CheckCover values items as of asOf and checks their coverage of the
// principal (CheckCoverage). Collateral that cannot be valued fails closed:
// an item of a kind the policy has no advance rate for is a result at its
// kind ("[2].kind"), any other failure one about the whole.
func CheckCover(items []Item, principal money.Money, asOf money.Date, p ValuationPolicy) []check.Result {
	return CheckCoverOf(len(items), func(i int) *Item { return &items[i] }, principal, asOf, p)
}

// CheckCoverOf is CheckCover of the n items item(0) … item(n−1), read in
// place (see ValuationPolicy.CoverOf).
func CheckCoverOf(n int, item func(i int) *Item, principal money.Money, asOf money.Date, p ValuationPolicy) []check.Result {
	var out []check.Result
	for i := range n {
		if it := item(i); !hasRate(p, it.Kind) {
			out = append(out, result(RuleCoverage, "["+strconv.Itoa(i)+"].kind", "collateral.coverage.no_advance_rate",
				check.Params{"kind": "collateral.kind." + string(it.Kind)}))
		}
	}
	if out != nil {
		return out
	}
	c, err := p.cover(n, item, principal, asOf, false)
	if err != nil {
		return []check.Result{result(RuleCoverage, "", "collateral.coverage.not_computed", check.Params{"reason": err.Error()})}
	}
	return CheckCoverage(c, p)
}

func hasRate(p ValuationPolicy, k Kind) bool {
	_, ok := p.AdvanceRates[k]
	return ok
}

// showRate writes a threshold as a rate is written: "1.00", "1.25".
func showRate(d decimal.Decimal) string {
	if r, err := money.NewRate(d); err == nil {
		return r.String()
	}
	return d.String()
}

// CheckSoleResidence finds the debtor's only home, which courts are slow to
// sell and must leave the debtor somewhere to live.
func CheckSoleResidence(it Item) []check.Result {
	if !it.Occupancy.SoleResidence {
		return nil
	}
	return []check.Result{result(RuleSoleResidence, "occupancy.sole_residence", "collateral.sole_residence", nil)}
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
//
// Each result names the item (its description, else its title number,
// else its ID) in the parameter "item".
func CheckPerfection(it Item, reg *Registration) []check.Result {
	pf := it.Perfection
	named := func() check.Params { return check.Params{"item": ItemName(it)} }
	block := func(path, key string) []check.Result {
		return []check.Result{result(RulePerfection, path, key, named())}
	}
	switch {
	case it.Kind.IsRealEstate():
		if reg == nil {
			return block("registration", "collateral.perfection.real_estate")
		}
	case it.Kind.IsMovable() && it.Arrangement == Mortgage:
		if !pf.Registered {
			r := result(RulePerfection, "perfection.registered", "collateral.perfection.movable_mortgage", named())
			r.Severity = check.Warn // effective on contract, only not opposable
			return []check.Result{r}
		}
	case it.Kind.IsMovable():
		if !pf.Delivered {
			return block("perfection.delivered", "collateral.perfection.movable_pledge")
		}
	case it.Kind == KindBill || it.Kind == KindBond || it.Kind == KindDeposit:
		if !pf.Delivered && !pf.Registered {
			return block("perfection.delivered", "collateral.perfection.certificate")
		}
	case it.Kind == KindFundShare || it.Kind == KindEquityListed || it.Kind == KindEquityUnlisted:
		if !pf.Registered {
			return block("perfection.registered", "collateral.perfection.equity")
		}
	case it.Kind == KindIPRight:
		if !pf.Registered {
			return block("perfection.registered", "collateral.perfection.ip")
		}
	case it.Kind == KindReceivable:
		if !pf.Registered {
			return block("perfection.registered", "collateral.perfection.receivable")
		}
	}
	return nil
}

// ItemName names an item for a person: its description, else its title
// number, else its ID.
func ItemName(it Item) string {
	switch {
	case it.Description != "":
		return it.Description
	case it.TitleNumber != "":
		return it.TitleNumber
	}
	return it.ID
}

// CheckPledgeableRight finds an item whose arrangement does not fit its
// kind. Every right among the kinds is one art. 440 lists (bills, bonds,
// deposit certificates, transferable fund shares and equity, IP property
// rights, receivables), so what remains to find is a right taken as a
// mortgage, which the law knows only as a pledge, and real estate taken as
// a pledge, which the law knows only as a mortgage (arts. 395, 425).
func CheckPledgeableRight(it Item) []check.Result {
	kind := func() check.Params { return check.Params{"kind": "collateral.kind." + string(it.Kind)} }
	switch {
	case it.Kind.IsRight() && it.Arrangement == Mortgage:
		return []check.Result{result(RulePledgeableRight, "arrangement", "collateral.pledgeable_right.right_mortgaged", kind())}
	case it.Kind.IsRealEstate() && it.Arrangement == Pledge:
		return []check.Result{result(RulePledgeableRight, "arrangement", "collateral.pledgeable_right.real_estate_pledged", kind())}
	}
	return nil
}

// CheckItem runs every item rule that needs no more than the item, the
// policy and the mortgage's dates: all of the Collateral section but
// coverage (see CheckCoverage, over all items) and the Registration rules
// (see CheckRegistration). reg is the item's registration, nil if none;
// asOf is the day of the check.
func CheckItem(it Item, reg *Registration, asOf money.Date, p ValuationPolicy) []check.Result {
	var mortgageDate money.Date
	if reg != nil {
		mortgageDate = reg.RegisteredOn
	}
	var out []check.Result
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
