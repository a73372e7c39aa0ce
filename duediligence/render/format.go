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

// percent shows a fraction as a percentage rounded half up to two
// decimals, the precision every rate of the documents is shown to: 0.0435
// is "4.35%", 1.25 is "125.00%", an annualized rate of 0.0849999922 is
// "8.50%". The value is shifted, not multiplied in floating point.
func percent(v any) string {
	var d decimal.Decimal
	switch x := v.(type) {
	case money.Rate:
		d = x.Decimal()
	case decimal.Decimal:
		d = x
	case *decimal.Decimal:
		if x == nil {
			return ""
		}
		d = *x
	case string:
		if x == "" {
			return ""
		}
		p, err := decimal.Parse(x)
		if err != nil {
			return x
		}
		d = p
	default:
		return ""
	}
	p, err := d.Mul(decimal.Hundred)
	if err != nil {
		return d.String()
	}
	return money.HalfUp.Round(p, 2).Pad(2).String() + "%"
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
