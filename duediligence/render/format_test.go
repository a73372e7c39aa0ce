package render

import (
	"maps"
	"slices"
	"testing"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

func TestLabels_SameKeys(t *testing.T) {
	zh, en := slices.Sorted(maps.Keys(zhLabels)), slices.Sorted(maps.Keys(enLabels))
	for _, k := range zh {
		if _, ok := enLabels[k]; !ok {
			t.Errorf("en lacks %q", k)
		}
	}
	for _, k := range en {
		if _, ok := zhLabels[k]; !ok {
			t.Errorf("zh lacks %q", k)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{formatMoney(money.MustMoney("0.00")), "0.00"},
		{formatMoney(money.MustMoney("999.99")), "999.99"},
		{formatMoney(money.MustMoney("1000.00")), "1,000.00"},
		{formatMoney(money.MustMoney("-1234567.89")), "-1,234,567.89"},
		{formatMoney((*money.Money)(nil)), ""},
		{percent(money.MustRate("0.0435")), "4.35%"},
		// An agreed rate shows with its own digits, a computed figure to
		// two decimals, the IRR to four.
		{percent(money.MustRate("0.04375")), "4.375%"},
		{percent(money.MustRate("0.0849999922")), "8.49999922%"},
		{percent("0.0849999922"), "8.50%"},
		{percent(decimal.MustParse("0.04375")), "4.38%"},
		{irr("0.0849999922"), "8.50%"},
		{irr("0.0912345678"), "9.1235%"},
		{irr(money.MustRate("0.1299995")), "13.00%"},
		{irr(""), ""},
		{percent(decimal.MustParse("1.0400")), "104.00%"},
		{percent("0.0185"), "1.85%"},
		{percent(""), ""},
		{percent("n/a"), "n/a"},
		{mdCell("a|b\r\nc\\"), `a\|b c\\`},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
