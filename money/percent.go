package money

import "github.com/govalues/decimal"

// The precisions a percentage is shown with (Percent's min and max).
const (
	// PercentPlaces is the precision of every rate and ratio a document
	// prints: two decimals of a percent ("8.50%"). A figure computed to
	// RatioScale fraction digits shows exactly at it.
	PercentPlaces = 2
	// RatePercentPlaces is the most decimals of a percent a Rate holds
	// (RateMaxFrac fraction digits): an agreed rate shows with the digits
	// it has, never rounded ("4.375%").
	RatePercentPlaces = RateMaxFrac - 2
	// IRRPercentPlaces is the precision of the annualized rate by IRR in a
	// disclosure: to 0.0001% (four decimals of a percent, trailing zeros
	// trimmed to two), fine enough that a fee of a few fen on a loan shows
	// ("9.1235%"), and coarse enough that the rounding of each payment to
	// the fen does not: an IRR of 0.0849999922 for a loan at 8.50% without
	// fees is 8.50%, not 8.49999922%. A document that shows it says so.
	IRRPercentPlaces = 4
)

// Percent shows the fraction d as a percentage for people (百分数): d × 100
// rounded half up, once, to at most max decimals, with trailing zeros
// trimmed down to min decimals, and a "%" sign. It is the one place a rate
// or a ratio is turned into a percentage, for every document, message and
// table:
//
//	Percent(0.0849999922, 2, 2) = "8.50%"     (a ratio or rate to two decimals)
//	Percent(0.04375, 2, RatePercentPlaces) = "4.375%" (an agreed rate, exactly)
//	Percent(0.0849999922, 2, IRRPercentPlaces) = "8.50%" (the IRR of a disclosure)
//	Percent(0.0912345678, 2, IRRPercentPlaces) = "9.1235%"
//	Percent(1.25, 2, 2) = "125.00%"
//
// The value is shifted, not multiplied in floating point.
func Percent(d decimal.Decimal, min, max int) string {
	if max < min {
		max = min
	}
	p, err := d.Mul(decimal.Hundred)
	if err != nil { // beyond 19 digits: no rate or ratio is
		return d.String()
	}
	return HalfUp.Round(p, max).Trim(min).Pad(min).String() + "%"
}

// Percent shows the rate as a percentage with the digits it has, at least
// two decimals: "4.35%", "4.375%", "24.00%". An agreed rate is never
// rounded for show: a contract that says 4.38% for 4.375% misstates it.
func (r Rate) Percent() string { return Percent(r.d, PercentPlaces, RatePercentPlaces) }
