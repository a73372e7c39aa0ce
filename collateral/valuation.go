package collateral

import (
	"errors"
	"fmt"
	"math/bits"
	"sort"
	"strconv"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// ErrValuation is wrapped by every error of Value and Cover: a policy with
// no advance rate for a kind, a principal that is not positive, or an
// amount out of range.
var ErrValuation = errors.New("collateral: cannot value")

// RatioScale is the number of fraction digits of a coverage ratio and an
// LTV, rounded by the policy's Rounding: 1.2346, 0.8000.
const RatioScale = money.RatioScale

// DefaultAppraisalValidityDays is how long an appraisal stays in use when
// the policy does not say (docs/rules.md collateral.appraisal_stale).
const DefaultAppraisalValidityDays = 180

// ValuationPolicy holds the lender's valuation choices (押品估值政策). The
// zero value of each field but AdvanceRates means its default, so a policy
// loaded from JSON may leave them out; AdvanceRates must list every kind
// the lender accepts.
type ValuationPolicy struct {
	// AdvanceRates is the share of the value in use the lender lends against,
	// by kind (抵质押率).
	AdvanceRates map[Kind]money.Rate `json:"advance_rates"`
	// AppraisalValidityDays is how many days after its value date an
	// appraisal stays in use; 0 means 180.
	AppraisalValidityDays int `json:"appraisal_validity_days,omitempty"`
	// UseLowerOfTwoNewest values an item at the lower of its two newest
	// appraisals in validity rather than at the newest.
	UseLowerOfTwoNewest bool `json:"use_lower_of_two_newest,omitempty"`
	// MinCoverage is the least coverage ratio (Σ eligible value / principal)
	// of a secured loan; zero means 1.0.
	MinCoverage money.Rate `json:"min_coverage,omitzero"`
	// Rounding rounds eligible values to the fen and ratios to RatioScale
	// digits; the zero value is half-up.
	Rounding money.Rounding `json:"rounding,omitempty"`
}

// DefaultValuationPolicy returns the docs/rules.md defaults. Three kinds have no
// rate there; the ones chosen, and why:
//
//   - building under construction 0.50: land plus unfinished works, worth
//     less than a finished commercial building (0.60) if work stops, and at
//     least the land use right it includes (0.50);
//   - fund share 0.60: marked to market like listed equity (0.50) but
//     diversified, and less volatile than a single share, below bonds (0.80);
//   - bill 0.80: a bill is paid at maturity by its acceptor, like a bond;
//     a lender taking only bank acceptances may raise it.
func DefaultValuationPolicy() ValuationPolicy {
	r := money.MustRate
	return ValuationPolicy{
		AdvanceRates: map[Kind]money.Rate{
			KindResidential:       r("0.70"),
			KindCommercial:        r("0.60"),
			KindIndustrial:        r("0.50"),
			KindLandUseRight:      r("0.50"),
			KindUnderConstruction: r("0.50"),
			KindVehicle:           r("0.50"),
			KindEquipment:         r("0.40"),
			KindInventory:         r("0.30"),
			KindReceivable:        r("0.60"),
			KindDeposit:           r("0.95"),
			KindEquityListed:      r("0.50"),
			KindEquityUnlisted:    r("0.30"),
			KindFundShare:         r("0.60"),
			KindBond:              r("0.80"),
			KindBill:              r("0.80"),
			KindIPRight:           r("0.30"),
		},
		AppraisalValidityDays: DefaultAppraisalValidityDays,
		MinCoverage:           r("1.00"),
		Rounding:              money.HalfUp,
	}
}

// ValidityDays returns the appraisal validity in days, applying the default.
func (p ValuationPolicy) ValidityDays() int {
	if p.AppraisalValidityDays <= 0 {
		return DefaultAppraisalValidityDays
	}
	return p.AppraisalValidityDays
}

// MinimumCoverage returns the minimum coverage ratio, applying the default.
func (p ValuationPolicy) MinimumCoverage() decimal.Decimal {
	if p.MinCoverage.IsZero() {
		return decimal.One
	}
	return p.MinCoverage.Decimal()
}

// Validate checks the policy: every advance rate at most 1, a known kind and
// a known rounding. Paths are relative to the policy.
func (p ValuationPolicy) Validate() []check.FieldError {
	var ps problems
	kinds := make([]string, 0, len(p.AdvanceRates))
	for k := range p.AdvanceRates {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		path := "advance_rates." + k
		if !Kind(k).Valid() {
			ps.add(path, check.ErrOneOf, "collateral.field.advance_rate_kind", nil)
		}
		if r := p.AdvanceRates[Kind(k)]; r.Decimal().Cmp(decimal.One) > 0 {
			ps.Add(check.AboveMax(path, r.String(), "1"))
		}
	}
	if p.AppraisalValidityDays < 0 {
		ps.Add(check.Negative("appraisal_validity_days", strconv.Itoa(p.AppraisalValidityDays)))
	}
	if _, err := money.ParseRounding(string(p.Rounding)); err != nil {
		ps.Add(check.NotOneOf("rounding", string(p.Rounding), string(money.HalfUp), string(money.HalfEven)))
	}
	return ps.Fields
}

// Valuation is the value of one item on a day (押品价值认定).
type Valuation struct {
	// Kind is the item's kind.
	Kind Kind `json:"kind"`
	// Appraisals are the indexes of the appraisals in use: the newest within
	// validity, or the two newest under UseLowerOfTwoNewest. Empty when
	// none is in use, and then every amount is zero.
	Appraisals []int `json:"appraisals"`
	// ValueInUse is the appraised value the lender relies on (认定价值).
	ValueInUse money.Money `json:"value_in_use"`
	// AdvanceRate is the policy's rate for the kind.
	AdvanceRate money.Rate `json:"advance_rate"`
	// SeniorLiens is the sum of the liens that rank before the lender's.
	SeniorLiens money.Money `json:"senior_liens"`
	// Eligible is ValueInUse × AdvanceRate − SeniorLiens, never below zero,
	// rounded to the fen (可贷价值).
	Eligible money.Money `json:"eligible"`
}

// InUse returns the indexes of the appraisals the policy relies on as of
// asOf: those dated on or before asOf and at most ValidityDays old, the
// newest first (on the same day, the lower value first, the cautious
// choice); one, or two under UseLowerOfTwoNewest.
func (p ValuationPolicy) InUse(it Item, asOf money.Date) []int { return p.inUse(&it, asOf, nil) }

// inUse appends InUse's indexes to dst; nil when none is in use.
func (p ValuationPolicy) inUse(it *Item, asOf money.Date, dst []int) []int {
	top, k := p.inUseTop(it, asOf)
	if k == 0 {
		return nil // as InUse has always said none
	}
	return append(dst, top[:k]...)
}

// inUseTop returns InUse's k indexes in top. It keeps the newest one or two
// as it walks the appraisals, an insertion that, like a stable sort, leaves
// the earlier of two equal appraisals first.
func (p ValuationPolicy) inUseTop(it *Item, asOf money.Date) (top [2]int, k int) {
	n := 1
	if p.UseLowerOfTwoNewest {
		n = 2
	}
	validity := p.ValidityDays()
	before := func(x, y int) bool { // x sorts before y
		a, b := &it.Appraisals[x], &it.Appraisals[y]
		if c := a.Date.Compare(b.Date); c != 0 {
			return c > 0
		}
		return a.Value.Cmp(b.Value) < 0
	}
	for i := range it.Appraisals {
		a := &it.Appraisals[i]
		if !a.Date.IsValid() || a.Date.After(asOf) || asOf.DaysSince(a.Date) > validity {
			continue
		}
		j := k
		for j > 0 && before(i, top[j-1]) {
			j--
		}
		if j >= n {
			continue
		}
		for m := min(k, n-1); m > j; m-- {
			top[m] = top[m-1]
		}
		top[j] = i
		k = min(k+1, n)
	}
	return top, k
}

// Value values the item as of asOf.
func (p ValuationPolicy) Value(it Item, asOf money.Date) (Valuation, error) {
	return p.value(&it, asOf, nil, true)
}

// eligibleFen is the eligible value ValueInUse × rate − senior liens,
// rounded to the fen, in integers: exactly the decimal computation's
// result where its products are exact (below 10^18), which it reports
// false for otherwise.
func (p ValuationPolicy) eligibleFen(value money.Money, rate money.Rate, liens money.Money) (money.Money, bool) {
	vf, lf := value.Fen(), liens.Fen()
	coef, pow := rate.Parts()
	if vf < 0 || lf < 0 || rate.Decimal().Sign() < 0 {
		return money.Money{}, false
	}
	gh, gross := bits.Mul64(uint64(vf), coef)
	lh, senior := bits.Mul64(uint64(lf), pow)
	const limit = 1e18
	if gh != 0 || lh != 0 || gross >= limit || senior >= limit {
		return money.Money{}, false
	}
	if gross <= senior {
		return money.Money{}, true // nothing left: zero
	}
	e, ok := p.Rounding.Div128(0, gross-senior, pow)
	if !ok {
		return money.Money{}, false
	}
	m, err := money.FromFen(int64(e))
	return m, err == nil
}

// value is Value, the indexes of the appraisals in use appended to idx
// when keep is set (else Appraisals is left nil: a caller after the totals).
func (p ValuationPolicy) value(it *Item, asOf money.Date, idx []int, keep bool) (Valuation, error) {
	rate, ok := p.AdvanceRates[it.Kind]
	if !ok {
		return Valuation{}, fmt.Errorf("%w: the policy has no advance rate for kind %q", ErrValuation, it.Kind)
	}
	top, k := p.inUseTop(it, asOf)
	v := Valuation{Kind: it.Kind, AdvanceRate: rate}
	if keep && k > 0 {
		v.Appraisals = append(idx, top[:k]...)
	}
	for i, idx := range top[:k] {
		if val := it.Appraisals[idx].Value; i == 0 || val.Cmp(v.ValueInUse) < 0 {
			v.ValueInUse = val
		}
	}
	for i := range it.Encumbrances {
		if !it.Encumbrances[i].seniorTo(it.Rank) {
			continue
		}
		sum, err := v.SeniorLiens.Add(it.Encumbrances[i].Amount)
		if err != nil {
			return Valuation{}, fmt.Errorf("%w: senior liens: %v", ErrValuation, err)
		}
		v.SeniorLiens = sum
	}
	if k == 0 {
		return v, nil
	}
	if e, ok := p.eligibleFen(v.ValueInUse, rate, v.SeniorLiens); ok {
		v.Eligible = e
		return v, nil
	}
	gross, err := v.ValueInUse.Decimal().Mul(rate.Decimal())
	if err != nil {
		return Valuation{}, fmt.Errorf("%w: %s × %s: %v", ErrValuation, v.ValueInUse, rate, err)
	}
	net, err := gross.Sub(v.SeniorLiens.Decimal())
	if err != nil {
		return Valuation{}, fmt.Errorf("%w: %s − %s: %v", ErrValuation, gross, v.SeniorLiens, err)
	}
	if net.Sign() > 0 {
		if v.Eligible, err = p.Rounding.Money(net); err != nil {
			return Valuation{}, fmt.Errorf("%w: %v", ErrValuation, err)
		}
	}
	return v, nil
}

// Coverage is the collateral of a loan measured against its principal.
type Coverage struct {
	// Items are the valuations, in the order of the items.
	Items []Valuation `json:"items"`
	// Principal is the loan principal.
	Principal money.Money `json:"principal"`
	// TotalValue is Σ value in use.
	TotalValue money.Money `json:"total_value"`
	// TotalEligible is Σ eligible value.
	TotalEligible money.Money `json:"total_eligible"`
	// Ratio is TotalEligible / Principal (抵质押覆盖率), to RatioScale digits.
	Ratio decimal.Decimal `json:"ratio"`
	// LTV is Principal / TotalValue (贷款价值比), to RatioScale digits; nil
	// when no item has a value in use.
	LTV *decimal.Decimal `json:"ltv"`
}

// Cover values every item as of asOf and measures them against principal,
// which must be positive.
func (p ValuationPolicy) Cover(items []Item, principal money.Money, asOf money.Date) (Coverage, error) {
	return p.CoverOf(len(items), func(i int) *Item { return &items[i] }, principal, asOf)
}

// CoverOf is Cover of the n items item(0) … item(n−1), for a caller that
// holds them in another structure: they are read in place, not copied.
func (p ValuationPolicy) CoverOf(n int, item func(i int) *Item, principal money.Money, asOf money.Date) (Coverage, error) {
	if principal.Sign() <= 0 {
		return Coverage{}, fmt.Errorf("%w: principal %s is not positive", ErrValuation, principal)
	}
	return p.cover(n, item, principal, asOf, true)
}

// cover is CoverOf, without the valuations of the items (Items) unless
// items is set: the coverage rule needs only the totals and the ratio.
func (p ValuationPolicy) cover(n int, item func(i int) *Item, principal money.Money, asOf money.Date, items bool) (Coverage, error) {
	if principal.Sign() <= 0 {
		return Coverage{}, fmt.Errorf("%w: principal %s is not positive", ErrValuation, principal)
	}
	c := Coverage{Principal: principal}
	// One array holds every item's indexes of appraisals in use.
	per := 1
	if p.UseLowerOfTwoNewest {
		per = 2
	}
	var idx []int
	if items {
		c.Items = make([]Valuation, 0, n)
		idx = make([]int, 0, n*per)
	}
	for i := range n {
		var dst []int
		if items {
			dst = idx[len(idx) : len(idx) : len(idx)+per]
		}
		v, err := p.value(item(i), asOf, dst, items)
		if err != nil {
			return Coverage{}, fmt.Errorf("item %d: %w", i, err)
		}
		if items {
			idx = idx[:len(idx)+len(v.Appraisals)]
			c.Items = append(c.Items, v)
		}
		if c.TotalValue, err = c.TotalValue.Add(v.ValueInUse); err == nil {
			c.TotalEligible, err = c.TotalEligible.Add(v.Eligible)
		}
		if err != nil {
			return Coverage{}, fmt.Errorf("%w: totals: %v", ErrValuation, err)
		}
	}
	var err error
	if c.Ratio, err = p.ratio(c.TotalEligible, principal); err != nil {
		return Coverage{}, err
	}
	if c.TotalValue.Sign() > 0 {
		ltv, err := p.ratio(principal, c.TotalValue)
		if err != nil {
			return Coverage{}, err
		}
		c.LTV = &ltv
	}
	return c, nil
}

// ratio returns num / den as it is shown, rounded by the policy to
// RatioScale digits.
func (p ValuationPolicy) ratio(num, den money.Money) (decimal.Decimal, error) {
	q, err := p.Rounding.Ratio(num.Decimal(), den.Decimal())
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%w: %s / %s: %w", ErrValuation, num, den, err)
	}
	return q, nil
}
