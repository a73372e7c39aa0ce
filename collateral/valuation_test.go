package collateral_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/money"
)

var (
	yuan = money.MustMoney
	date = money.MustDate
)

func appraisal(value, on string) collateral.Appraisal {
	return collateral.Appraisal{Appraiser: "安徽中安房地产评估咨询有限公司", Method: collateral.MethodMarket, Value: yuan(value), Date: date(on)}
}

func lien(amount string, rank int) collateral.Encumbrance {
	return collateral.Encumbrance{Kind: collateral.EncumbranceLien, Holder: "中国建设银行长丰支行", Rank: rank, Amount: yuan(amount), RegisteredOn: date("2020-05-06")}
}

func TestValuationPolicy_Value(t *testing.T) {
	asOf := date("2026-03-01")
	tests := []struct {
		name         string
		kind         collateral.Kind
		rank         int
		appraisals   []collateral.Appraisal
		liens        []collateral.Encumbrance
		lowerOfTwo   bool
		rounding     money.Rounding
		wantInUse    []int
		wantValue    string
		wantSenior   string
		wantEligible string
	}{
		{name: "newest appraisal × 0.70", kind: collateral.KindResidential,
			appraisals: []collateral.Appraisal{appraisal("1000000.00", "2026-01-10")},
			wantInUse:  []int{0}, wantValue: "1000000.00", wantSenior: "0.00", wantEligible: "700000.00"},
		{name: "senior lien deducted", kind: collateral.KindResidential, rank: 2,
			appraisals: []collateral.Appraisal{appraisal("1000000.00", "2026-01-10")},
			liens:      []collateral.Encumbrance{lien("200000.00", 1)},
			wantInUse:  []int{0}, wantValue: "1000000.00", wantSenior: "200000.00", wantEligible: "500000.00"},
		{name: "senior liens larger than the advance give zero", kind: collateral.KindResidential, rank: 3,
			appraisals: []collateral.Appraisal{appraisal("1000000.00", "2026-01-10")},
			liens:      []collateral.Encumbrance{lien("500000.00", 1), lien("300000.00", 2)},
			wantInUse:  []int{0}, wantValue: "1000000.00", wantSenior: "800000.00", wantEligible: "0.00"},
		{name: "junior lien not deducted", kind: collateral.KindCommercial, rank: 1,
			appraisals: []collateral.Appraisal{appraisal("2000000.00", "2026-02-01")},
			liens:      []collateral.Encumbrance{lien("300000.00", 2)},
			wantInUse:  []int{0}, wantValue: "2000000.00", wantSenior: "0.00", wantEligible: "1200000.00"},
		{name: "unknown rank counts as senior", kind: collateral.KindIndustrial,
			appraisals: []collateral.Appraisal{appraisal("3000000.00", "2026-02-01")},
			liens:      []collateral.Encumbrance{lien("300000.00", 0)},
			wantInUse:  []int{0}, wantValue: "3000000.00", wantSenior: "300000.00", wantEligible: "1200000.00"},
		{name: "appraisal older than validity is not used", kind: collateral.KindResidential,
			appraisals: []collateral.Appraisal{appraisal("1000000.00", "2025-08-01")}, // 212 days
			wantValue:  "0.00", wantSenior: "0.00", wantEligible: "0.00"},
		{name: "appraisal exactly 180 days old is used", kind: collateral.KindResidential,
			appraisals: []collateral.Appraisal{appraisal("1000000.00", "2025-09-02")},
			wantInUse:  []int{0}, wantValue: "1000000.00", wantSenior: "0.00", wantEligible: "700000.00"},
		{name: "appraisal after the as-of date is not used", kind: collateral.KindResidential,
			appraisals: []collateral.Appraisal{appraisal("900000.00", "2026-01-10"), appraisal("1000000.00", "2026-03-02")},
			wantInUse:  []int{0}, wantValue: "900000.00", wantSenior: "0.00", wantEligible: "630000.00"},
		{name: "newest of two, even if lower", kind: collateral.KindResidential,
			appraisals: []collateral.Appraisal{appraisal("1100000.00", "2026-01-01"), appraisal("1000000.00", "2026-02-01")},
			wantInUse:  []int{1}, wantValue: "1000000.00", wantSenior: "0.00", wantEligible: "700000.00"},
		{name: "newest of two, even if higher", kind: collateral.KindResidential,
			appraisals: []collateral.Appraisal{appraisal("980000.00", "2026-01-01"), appraisal("1050000.00", "2026-02-01")},
			wantInUse:  []int{1}, wantValue: "1050000.00", wantSenior: "0.00", wantEligible: "735000.00"},
		{name: "lower of the two newest", kind: collateral.KindResidential, lowerOfTwo: true,
			appraisals: []collateral.Appraisal{appraisal("700000.00", "2025-12-01"), appraisal("980000.00", "2026-01-01"), appraisal("1050000.00", "2026-02-01")},
			wantInUse:  []int{2, 1}, wantValue: "980000.00", wantSenior: "0.00", wantEligible: "686000.00"},
		{name: "lower of two with only one in validity", kind: collateral.KindResidential, lowerOfTwo: true,
			appraisals: []collateral.Appraisal{appraisal("700000.00", "2025-01-01"), appraisal("1050000.00", "2026-02-01")},
			wantInUse:  []int{1}, wantValue: "1050000.00", wantSenior: "0.00", wantEligible: "735000.00"},
		{name: "equipment 0.40 rounds to the fen", kind: collateral.KindEquipment,
			appraisals: []collateral.Appraisal{appraisal("12345.67", "2026-02-01")}, // 4938.268
			wantInUse:  []int{0}, wantValue: "12345.67", wantSenior: "0.00", wantEligible: "4938.27"},
		{name: "a tie rounds half-up by default", kind: collateral.KindInventory,
			appraisals: []collateral.Appraisal{appraisal("1234.55", "2026-02-01")}, // 370.365
			wantInUse:  []int{0}, wantValue: "1234.55", wantSenior: "0.00", wantEligible: "370.37"},
		{name: "a tie rounds half-even when the policy says so", kind: collateral.KindInventory, rounding: money.HalfEven,
			appraisals: []collateral.Appraisal{appraisal("1234.55", "2026-02-01")},
			wantInUse:  []int{0}, wantValue: "1234.55", wantSenior: "0.00", wantEligible: "370.36"},
		{name: "deposit 0.95", kind: collateral.KindDeposit,
			appraisals: []collateral.Appraisal{appraisal("500000.00", "2026-02-28")},
			wantInUse:  []int{0}, wantValue: "500000.00", wantSenior: "0.00", wantEligible: "475000.00"},
		{name: "unlisted equity 0.30", kind: collateral.KindEquityUnlisted,
			appraisals: []collateral.Appraisal{appraisal("1000000.00", "2026-02-28")},
			wantInUse:  []int{0}, wantValue: "1000000.00", wantSenior: "0.00", wantEligible: "300000.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := collateral.DefaultValuationPolicy()
			p.UseLowerOfTwoNewest = tt.lowerOfTwo
			p.Rounding = tt.rounding
			it := collateral.Item{Kind: tt.kind, Arrangement: collateral.Mortgage, Rank: tt.rank, Appraisals: tt.appraisals, Encumbrances: tt.liens}
			v, err := p.Value(it, asOf)
			require.NoError(t, err)
			assert.Equal(t, tt.wantInUse, v.Appraisals, "appraisals in use")
			assert.Equal(t, tt.wantValue, v.ValueInUse.String(), "value in use")
			assert.Equal(t, tt.wantSenior, v.SeniorLiens.String(), "senior liens")
			assert.Equal(t, tt.wantEligible, v.Eligible.String(), "eligible")
			assert.Equal(t, p.AdvanceRates[tt.kind], v.AdvanceRate)
		})
	}
}

func TestValuationPolicy_Value_ErrNoRate(t *testing.T) {
	p := collateral.DefaultValuationPolicy()
	delete(p.AdvanceRates, collateral.KindBill)
	_, err := p.Value(collateral.Item{Kind: collateral.KindBill}, date("2026-03-01"))
	require.ErrorIs(t, err, collateral.ErrValuation)
	assert.Contains(t, err.Error(), `"bill"`)
}

func TestDefaultValuationPolicy(t *testing.T) {
	p := collateral.DefaultValuationPolicy()
	assert.Empty(t, p.Validate())
	for _, k := range collateral.Kinds() {
		assert.Contains(t, p.AdvanceRates, k, "every kind has a default advance rate")
	}
	want := map[collateral.Kind]string{
		collateral.KindResidential: "0.70", collateral.KindCommercial: "0.60", collateral.KindIndustrial: "0.50",
		collateral.KindLandUseRight: "0.50", collateral.KindVehicle: "0.50", collateral.KindEquipment: "0.40",
		collateral.KindInventory: "0.30", collateral.KindReceivable: "0.60", collateral.KindDeposit: "0.95",
		collateral.KindEquityListed: "0.50", collateral.KindEquityUnlisted: "0.30", collateral.KindBond: "0.80",
		collateral.KindIPRight: "0.30",
	}
	for k, r := range want {
		assert.Equal(t, r, p.AdvanceRates[k].String(), "docs/rules.md default for %s", k)
	}
	assert.Equal(t, 180, p.ValidityDays())
	assert.Equal(t, 180, collateral.ValuationPolicy{}.ValidityDays(), "zero means the default")
	assert.Equal(t, "1", collateral.ValuationPolicy{}.MinimumCoverage().String())
}

func TestValuationPolicy_Validate(t *testing.T) {
	p := collateral.DefaultValuationPolicy()
	p.AdvanceRates[collateral.KindResidential] = money.MustRate("1.10")
	p.AdvanceRates["house"] = money.MustRate("0.5")
	p.Rounding = "up"
	got := p.Validate()
	assert.Equal(t, []pm{
		{"advance_rates.house", "is not a kind of collateral"},
		{"advance_rates.residential", "must be at most 1"},
		{"rounding", "must be one of: half_up, half_even"},
	}, pms(got))
	assert.ErrorIs(t, &got[1], check.ErrRange)
}

func TestValuationPolicy_JSON(t *testing.T) {
	var p collateral.ValuationPolicy
	require.NoError(t, json.Unmarshal([]byte(`{"advance_rates":{"residential":"0.65"},"use_lower_of_two_newest":true}`), &p))
	assert.Equal(t, "0.65", p.AdvanceRates[collateral.KindResidential].String())
	assert.True(t, p.UseLowerOfTwoNewest)
	assert.Equal(t, 180, p.ValidityDays())
}

func TestValuationPolicy_Cover(t *testing.T) {
	p := collateral.DefaultValuationPolicy()
	asOf := date("2026-03-01")
	house := collateral.Item{Kind: collateral.KindResidential, Appraisals: []collateral.Appraisal{appraisal("1000000.00", "2026-01-10")}}
	car := collateral.Item{Kind: collateral.KindVehicle, Appraisals: []collateral.Appraisal{appraisal("200000.00", "2026-02-10")}}
	stale := collateral.Item{Kind: collateral.KindCommercial, Appraisals: []collateral.Appraisal{appraisal("5000000.00", "2025-01-10")}}

	t.Run("OK", func(t *testing.T) {
		c, err := p.Cover([]collateral.Item{house, car, stale}, yuan("600000.00"), asOf)
		require.NoError(t, err)
		require.Len(t, c.Items, 3)
		assert.Equal(t, "1200000.00", c.TotalValue.String())
		assert.Equal(t, "800000.00", c.TotalEligible.String()) // 700000 + 100000 + 0
		assert.Equal(t, "1.3333", c.Ratio.String())            // 800000 / 600000
		require.NotNil(t, c.LTV)
		assert.Equal(t, "0.5000", c.LTV.String()) // 600000 / 1200000
	})
	t.Run("ratio rounds to four digits", func(t *testing.T) {
		c, err := p.Cover([]collateral.Item{house}, yuan("960000.00"), asOf)
		require.NoError(t, err)
		assert.Equal(t, "0.7292", c.Ratio.String()) // 700000 / 960000 = 0.729166…
		assert.Equal(t, "0.9600", c.LTV.String())
	})
	t.Run("a ratio tie follows the policy's rounding", func(t *testing.T) {
		// eligible 100000.00 / 3200000.00 = 0.03125 exactly
		c, err := p.Cover([]collateral.Item{car}, yuan("3200000.00"), asOf)
		require.NoError(t, err)
		assert.Equal(t, "0.0313", c.Ratio.String())
		assert.Equal(t, "16.0000", c.LTV.String())
		even := p
		even.Rounding = money.HalfEven
		c, err = even.Cover([]collateral.Item{car}, yuan("3200000.00"), asOf)
		require.NoError(t, err)
		assert.Equal(t, "0.0312", c.Ratio.String())
	})
	t.Run("no value in use", func(t *testing.T) {
		c, err := p.Cover([]collateral.Item{stale}, yuan("600000.00"), asOf)
		require.NoError(t, err)
		assert.Equal(t, "0.0000", c.Ratio.String())
		assert.Nil(t, c.LTV, "no LTV without a value")
	})
	t.Run("ErrPrincipal", func(t *testing.T) {
		_, err := p.Cover([]collateral.Item{house}, yuan("0.00"), asOf)
		require.ErrorIs(t, err, collateral.ErrValuation)
	})
}

// A flat worth ¥1,000,000 appraised 50 days ago, with a ¥200,000 first
// mortgage ahead of the lender's second, secures a loan of ¥400,000.
func Example() {
	flat := collateral.Item{
		Kind:        collateral.KindResidential,
		Arrangement: collateral.Mortgage,
		CoOwnership: collateral.CoOwnershipSole,
		Owners:      []collateral.Owner{{Name: "张三", Relation: collateral.RelationBorrower}},
		Rank:        2,
		Encumbrances: []collateral.Encumbrance{{
			Kind: collateral.EncumbranceLien, Holder: "中国建设银行长丰支行", Rank: 1,
			Amount: money.MustMoney("200000.00"), RegisteredOn: money.MustDate("2020-05-06"),
		}},
		Appraisals: []collateral.Appraisal{{
			Appraiser: "安徽中安房地产评估咨询有限公司", Method: collateral.MethodMarket,
			Value: money.MustMoney("1000000.00"), Date: money.MustDate("2026-01-10"),
		}},
	}
	pol := collateral.DefaultValuationPolicy()
	asOf := money.MustDate("2026-03-01")
	v, err := pol.Value(flat, asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("value in use:", v.ValueInUse)
	fmt.Println("advance rate:", v.AdvanceRate)
	fmt.Println("senior liens:", v.SeniorLiens)
	fmt.Println("eligible:    ", v.Eligible)

	c, err := pol.Cover([]collateral.Item{flat}, money.MustMoney("400000.00"), asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("coverage:    ", c.Ratio)
	fmt.Println("LTV:         ", c.LTV)
	// Output:
	// value in use: 1000000.00
	// advance rate: 0.70
	// senior liens: 200000.00
	// eligible:     500000.00
	// coverage:     1.2500
	// LTV:          0.4000
}
