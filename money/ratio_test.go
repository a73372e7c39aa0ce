package money_test

import (
	"errors"
	"testing"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

func TestRounding_Ratio(t *testing.T) {
	d := decimal.MustParse
	for _, tc := range []struct {
		num, den string
		r        money.Rounding
		want     string
	}{
		{"50004", "100000", money.HalfUp, "0.5000"},
		{"1", "3", "", "0.3333"},
		{"2", "3", money.HalfUp, "0.6667"},
		{"700000", "500000", money.HalfUp, "1.4000"},
		{"25", "800", money.HalfUp, "0.0313"}, // 0.03125: a tie
		{"25", "800", money.HalfEven, "0.0312"},
		{"-1", "3", money.HalfUp, "-0.3333"},
		{"-25", "800", money.HalfUp, "-0.0313"},
		{"0", "7", money.HalfUp, "0.0000"},
	} {
		got, err := tc.r.Ratio(d(tc.num), d(tc.den))
		if err != nil || got.String() != tc.want {
			t.Errorf("%s.Ratio(%s, %s) = %s, %v; want %s", tc.r, tc.num, tc.den, got, err, tc.want)
		}
	}
	if _, err := money.HalfUp.Ratio(d("1"), d("0")); !errors.Is(err, money.ErrRatio) {
		t.Errorf("zero denominator: %v", err)
	}
	if _, err := money.HalfUp.Ratio(d("1"), d("-2")); !errors.Is(err, money.ErrRatio) {
		t.Errorf("negative denominator: %v", err)
	}
	if _, err := money.HalfUp.Ratio(d("9999999999999999999"), d("0.0000000001")); !errors.Is(err, money.ErrRatio) {
		t.Errorf("too large: %v", err)
	}
}

func TestRounding_RatioBeside(t *testing.T) {
	d := decimal.MustParse
	for _, tc := range []struct{ num, den, x, want string }{
		{"50004", "100000", "0.50", "0.50004"},
		{"1199992", "1000000", "1.20", "1.19999"},
		{"70004", "100000", "0.70", "0.70004"},
		{"1", "3", "0.50", "0.3333"},
		{"1", "2", "0.50", "0.5000"},
		{"700000", "700000.01", "1", "0.99999999"},
	} {
		got, err := money.HalfUp.RatioBeside(d(tc.num), d(tc.den), d(tc.x))
		if err != nil || got.String() != tc.want {
			t.Errorf("RatioBeside(%s, %s, %s) = %s, %v; want %s", tc.num, tc.den, tc.x, got, err, tc.want)
		}
	}
}

// TestCmpRatio holds the regressions of ratios that rounded to their
// threshold and passed it: DSR 0.50004 against 0.50, DSCR 1.199992 against
// 1.20, leverage 0.70004 against 0.70.
func TestCmpRatio(t *testing.T) {
	d := decimal.MustParse
	for _, tc := range []struct {
		num, den, x string
		want        int
	}{
		{"50004", "100000", "0.50", 1},
		{"1199992", "1000000", "1.20", -1},
		{"70004", "100000", "0.70", 1},
		{"1", "2", "0.5", 0},
		{"1", "3", "0.3333333333333333333", 1},
	} {
		got, err := money.CmpRatio(d(tc.num), d(tc.den), d(tc.x))
		if err != nil || got != tc.want {
			t.Errorf("CmpRatio(%s, %s, %s) = %d, %v; want %d", tc.num, tc.den, tc.x, got, err, tc.want)
		}
	}
	if _, err := money.CmpRatio(d("1"), d("0"), d("1")); !errors.Is(err, money.ErrRatio) {
		t.Errorf("zero denominator: %v", err)
	}
}
