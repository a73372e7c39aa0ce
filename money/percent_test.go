package money_test

import (
	"testing"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		d        string
		min, max int
		want     string
	}{
		{"0.0435", 2, 2, "4.35%"},
		{"0.0849999922", 2, 2, "8.50%"},
		{"0.0849999922", 2, money.IRRPercentPlaces, "8.50%"},
		{"0.0912345678", 2, money.IRRPercentPlaces, "9.1235%"},
		{"0.0849999922", 4, 4, "8.5000%"},
		{"0.0849999922", 2, money.RatePercentPlaces, "8.49999922%"},
		{"0.04375", 2, 2, "4.38%"},
		{"0.04375", 2, money.RatePercentPlaces, "4.375%"},
		{"0.12", 2, money.RatePercentPlaces, "12.00%"},
		{"1.25", 2, 2, "125.00%"},
		{"0.50004", 2, money.RatePercentPlaces, "50.004%"},
		{"0.005", 2, 2, "0.50%"},
		{"0.000049", 2, 4, "0.0049%"},
		{"0.0000049", 2, 2, "0.00%"},
		{"0", 2, 2, "0.00%"},
		{"-0.0123", 2, 2, "-1.23%"},
		{"0.99995", 2, 2, "100.00%"},
		{"0.1", 4, 2, "10.0000%"}, // max below min is min
	} {
		if got := money.Percent(decimal.MustParse(tc.d), tc.min, tc.max); got != tc.want {
			t.Errorf("Percent(%s, %d, %d) = %q, want %q", tc.d, tc.min, tc.max, got, tc.want)
		}
	}
	for rate, want := range map[string]string{"0.0435": "4.35%", "0.04375": "4.375%", "0.24": "24.00%", "0": "0.00%", "0.0849999922": "8.49999922%"} {
		if got := money.MustRate(rate).Percent(); got != want {
			t.Errorf("Rate(%s).Percent() = %q, want %q", rate, got, want)
		}
	}
}
