package collateral

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/jinzhi-dev/jinzhi/money"
)

// sortedInUse is InUse as it was written first, by a stable sort of every
// appraisal in validity: the insertion that replaced it must agree.
func sortedInUse(p ValuationPolicy, it Item, asOf money.Date) []int {
	var cur []int
	for i, a := range it.Appraisals {
		if !a.Date.IsValid() || a.Date.After(asOf) || asOf.DaysSince(a.Date) > p.ValidityDays() {
			continue
		}
		cur = append(cur, i)
	}
	sort.SliceStable(cur, func(x, y int) bool {
		a, b := it.Appraisals[cur[x]], it.Appraisals[cur[y]]
		if c := a.Date.Compare(b.Date); c != 0 {
			return c > 0
		}
		return a.Value.Cmp(b.Value) < 0
	})
	n := 1
	if p.UseLowerOfTwoNewest {
		n = 2
	}
	if len(cur) > n {
		cur = cur[:n]
	}
	return cur
}

func TestInUse_MatchesStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	asOf := money.MustDate("2026-11-27")
	values := []string{"100.00", "200.00", "200.00", "300.00"}
	for range 20_000 {
		var it Item
		for range rng.IntN(7) {
			d := asOf.AddDays(-rng.IntN(250) + 10)
			if rng.IntN(3) == 0 {
				d = asOf.AddDays(-rng.IntN(3)) // same days, to test the ties
			}
			it.Appraisals = append(it.Appraisals, Appraisal{Date: d, Value: money.MustMoney(values[rng.IntN(len(values))])})
		}
		for _, two := range []bool{false, true} {
			p := DefaultValuationPolicy()
			p.UseLowerOfTwoNewest = two
			got, want := p.InUse(it, asOf), sortedInUse(p, it, asOf)
			if !slices.Equal(got, want) || (got == nil) != (want == nil) {
				t.Fatalf("InUse(%v, two=%v) = %v, the stable sort says %v", it.Appraisals, two, got, want)
			}
		}
	}
}

// TestEligibleFen_MatchesDecimal holds the integer eligible value to the
// decimal computation it stands in for, on random values, rates and liens.
func TestEligibleFen_MatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	rates := []string{"0.70", "0.5", "0.333", "0.95", "1", "0", "0.0001", "0.123456789"}
	for range 50_000 {
		value, _ := money.FromFen(rng.Int64N(1 << uint(1+rng.IntN(62))))
		liens, _ := money.FromFen(rng.Int64N(1 << uint(1+rng.IntN(62))))
		if rng.IntN(3) == 0 {
			liens = money.Money{}
		}
		rate := money.MustRate(rates[rng.IntN(len(rates))])
		for _, r := range []money.Rounding{money.HalfUp, money.HalfEven} {
			p := ValuationPolicy{Rounding: r}
			got, ok := p.eligibleFen(value, rate, liens)
			if !ok {
				continue
			}
			gross, err := value.Decimal().Mul(rate.Decimal())
			if err != nil {
				t.Fatal(err)
			}
			net, err := gross.Sub(liens.Decimal())
			if err != nil {
				t.Fatal(err)
			}
			var want money.Money
			if net.Sign() > 0 {
				if want, err = r.Money(net); err != nil {
					t.Fatal(err)
				}
			}
			if got != want {
				t.Fatalf("eligibleFen(%s × %s − %s, %s) = %s, the decimals say %s", value, rate, liens, r, got, want)
			}
		}
	}
}
