package render

import (
	"strings"
	"time"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

// chinaTime is the time zone every time is shown in (UTC+8, no daylight
// saving), fixed rather than loaded so that rendering needs no tzdata.
var chinaTime = time.FixedZone("UTC+8", 8*60*60)

// groupDigits puts thousands separators into a decimal string:
// "-1234567.89" becomes "-1,234,567.89". It works on the text, so the
// amount shown is exactly the amount held.
func groupDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return sign + b.String()
}

// formatMoney shows an amount with thousands separators and two decimals.
func formatMoney(v any) string {
	switch m := v.(type) {
	case money.Money:
		return groupDigits(m.String())
	case *money.Money:
		if m == nil {
			return ""
		}
		return groupDigits(m.String())
	case string:
		return groupDigits(m)
	}
	return ""
}

// percent shows a rate or a ratio as a percentage, by money.Percent: an
// agreed rate (a money.Rate: the contract's, the policy's) with the digits
// it has, at least two decimals (0.0435 is "4.35%", 0.04375 is "4.375%",
// never rounded to what the parties did not agree); a computed figure (a
// decimal or its text: coverage, LTV, a margin) rounded half up to two
// decimals (1.25 is "125.00%"). The annualized rate by IRR shows with irr.
func percent(v any) string {
	if r, ok := v.(money.Rate); ok {
		return r.Percent()
	}
	return percentTo(v, money.PercentPlaces)
}

// irr shows the annualized rate by IRR as a disclosure states it, to
// 0.0001% (money.IRRPercentPlaces): 0.0849999922 is "8.50%", 0.0912345678
// is "9.1235%" — as the loan contract's interest clause writes it. The
// documents say so beside it (irr_note, apr_nominal).
func irr(v any) string { return percentTo(v, money.IRRPercentPlaces) }

// percentTo shows v, a fraction, as a percentage rounded to at most places
// decimals, at least two; text that is not a number as it is, anything
// else as nothing.
func percentTo(v any, places int) string {
	d, ok := fraction(v)
	if !ok {
		s, _ := v.(string)
		return s
	}
	return money.Percent(d, money.PercentPlaces, places)
}

// fraction is v as a decimal fraction: a money.Rate, a decimal, or the
// text of one; false for anything else, an empty text or nil.
func fraction(v any) (decimal.Decimal, bool) {
	var d decimal.Decimal
	switch x := v.(type) {
	case money.Rate:
		d = x.Decimal()
	case decimal.Decimal:
		d = x
	case *decimal.Decimal:
		if x == nil {
			return d, false
		}
		d = *x
	case string:
		p, err := decimal.Parse(x)
		if err != nil {
			return d, false
		}
		d = p
	default:
		return d, false
	}
	return d, true
}

// when shows a time in China time to the minute; the zero time shows empty.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format("2006-01-02 15:04")
}

// day shows a time's date in China time; the zero time shows empty.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format("2006-01-02")
}

// mdCell makes user text safe inside a Markdown table cell: a pipe would
// end the cell and a line break the row.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}

// longDate shows a time's date in China time as the documents print it:
// "2026年12月1日" in Chinese, "1 December 2026" in English; the zero time
// shows empty.
func longDate(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(chinaTime)
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return t.Format("2006年1月2日")
}
