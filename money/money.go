package money

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"

	"github.com/govalues/decimal"
)

// ErrMoney is wrapped by every error about a malformed or out-of-range amount,
// so callers can test for it with errors.Is.
var ErrMoney = errors.New("invalid amount")

// moneyScale is the number of fraction digits of a CNY amount: the fen (分).
const moneyScale = 2

// Money is an amount in CNY (人民币), exact decimal with two fraction digits.
//
// The zero value is 0.00. Money holds a whole number of fen, so amounts
// range over ±92233720368547758.07 yuan and arithmetic on them is exact
// integer arithmetic; Decimal gives the amount as a decimal.Decimal with
// scale 2. Money is never built from a float: in JSON and SQL it travels as a
// string such as "1234.50".
type Money struct {
	fen int64 // never math.MinInt64, so that Neg cannot overflow
}

// ParseMoney parses an amount written as an optional minus sign, one or more
// digits and at most two fraction digits: "123", "123.4", "123.45", "-5.00".
// Anything else (more fraction digits, exponents, spaces, a plus sign, an empty
// string, NaN or Inf) is an error wrapping ErrMoney.
func ParseMoney(s string) (Money, error) {
	if !validDecimalSyntax(s, true, moneyScale) {
		return Money{}, fmt.Errorf("money: amount %q: %w: want digits with at most 2 fraction digits, like \"1234.50\"", s, ErrMoney)
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	var f uint64
	frac := -1 // fraction digits seen, -1 before the point
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			frac = 0
			continue
		}
		hi, lo := bits.Mul64(f, 10)
		lo, carry := bits.Add64(lo, uint64(s[i]-'0'), 0)
		if hi != 0 || carry != 0 {
			return Money{}, fmt.Errorf("money: amount %q: %w: out of range", s, ErrMoney)
		}
		f = lo
		if frac >= 0 {
			frac++
		}
	}
	for frac = max(frac, 0); frac < moneyScale; frac++ {
		hi, lo := bits.Mul64(f, 10)
		if hi != 0 {
			return Money{}, fmt.Errorf("money: amount %q: %w: out of range", s, ErrMoney)
		}
		f = lo
	}
	if f > MaxFen {
		return Money{}, fmt.Errorf("money: amount %q: %w: out of range", s, ErrMoney)
	}
	m := Money{fen: int64(f)}
	if neg {
		m = m.Neg()
	}
	return m, nil
}

// MustMoney is like ParseMoney but panics on error. It is meant for tests and
// constants.
func MustMoney(s string) Money {
	m, err := ParseMoney(s)
	if err != nil {
		panic(err)
	}
	return m
}

// NewMoney returns d as Money. It refuses a value with non-zero digits beyond
// the fen (round it first, see Rounding.Money) and a value out of range.
func NewMoney(d decimal.Decimal) (Money, error) {
	if d.Scale() > moneyScale {
		t := d.Trim(moneyScale)
		if t.Scale() > moneyScale {
			return Money{}, fmt.Errorf("money: amount %s: %w: more than 2 fraction digits", d, ErrMoney)
		}
		d = t
	}
	hi, f := bits.Mul64(d.Coef(), pow10[moneyScale-d.Scale()])
	if hi != 0 {
		return Money{}, fmt.Errorf("money: amount %s: %w: out of range", d, ErrMoney)
	}
	if f > MaxFen {
		return Money{}, fmt.Errorf("money: amount %s: %w: out of range", d, ErrMoney)
	}
	m := Money{fen: int64(f)}
	if d.IsNeg() {
		m = m.Neg()
	}
	return m, nil
}

// String returns the amount with exactly two fraction digits: "1234.50", "0.00".
func (m Money) String() string {
	var buf [24]byte
	return string(m.appendTo(buf[:0]))
}

func (m Money) appendTo(b []byte) []byte {
	f := m.fen
	if f < 0 {
		b = append(b, '-')
		f = -f
	}
	b = strconv.AppendInt(b, f/100, 10)
	return append(b, '.', byte('0'+f/10%10), byte('0'+f%10))
}

// Decimal returns the amount as a decimal with scale 2.
func (m Money) Decimal() decimal.Decimal {
	d, _ := decimal.New(m.fen, moneyScale) // |fen| < 10^19: cannot fail
	return d
}

// IsZero reports whether the amount is 0.00.
func (m Money) IsZero() bool { return m.fen == 0 }

// Sign returns -1, 0 or +1 as the amount is negative, zero or positive.
func (m Money) Sign() int {
	switch {
	case m.fen < 0:
		return -1
	case m.fen > 0:
		return 1
	}
	return 0
}

// Cmp compares two amounts: -1 if m < o, 0 if equal, +1 if m > o.
func (m Money) Cmp(o Money) int { return cmpInt64(m.fen, o.fen) }

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Add returns m + o, or an error if the sum is out of range.
func (m Money) Add(o Money) (Money, error) {
	s := m.fen + o.fen
	if (o.fen > 0 && s < m.fen) || (o.fen < 0 && s > m.fen) || s == math.MinInt64 {
		return Money{}, fmt.Errorf("money: %s + %s: %w: out of range", m, o, ErrMoney)
	}
	return Money{fen: s}, nil
}

// Sub returns m − o, or an error if the difference is out of range.
func (m Money) Sub(o Money) (Money, error) {
	s, err := m.Add(o.Neg())
	if err != nil {
		return Money{}, fmt.Errorf("money: %s - %s: %w: out of range", m, o, ErrMoney)
	}
	return s, nil
}

// Neg returns −m.
func (m Money) Neg() Money { return Money{fen: -m.fen} }

// MarshalJSON encodes the amount as a JSON string: "1234.50".
func (m Money) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 24)
	b = append(b, '"')
	b = m.appendTo(b)
	return append(b, '"'), nil
}

// UnmarshalJSON accepts only a JSON string such as "1234.50"; a bare number is
// an error, so that no amount ever passes through a binary float. JSON null
// leaves the value unchanged, as encoding/json does for other types.
func (m *Money) UnmarshalJSON(data []byte) error {
	s, null, err := jsonString(data, "an amount")
	if err != nil || null {
		return err
	}
	v, err := ParseMoney(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// MarshalText encodes the amount as "1234.50".
func (m Money) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText parses the amount as ParseMoney does.
func (m *Money) UnmarshalText(text []byte) error {
	v, err := ParseMoney(string(text))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Scan implements sql.Scanner. It accepts a string or []byte in ParseMoney's
// syntax ("1234.50") and an int64 as a number of fen (12345 is 123.45, as
// Fen returns and Value stores nothing else); a float64 is refused because
// it cannot hold fen exactly, and NULL is refused (scan into *Money or a
// null wrapper).
func (m *Money) Scan(src any) error {
	var (
		v   Money
		err error
	)
	switch x := src.(type) {
	case string:
		v, err = ParseMoney(x)
	case []byte:
		v, err = ParseMoney(string(x))
	case int64:
		v, err = FromFen(x)
	case nil:
		err = fmt.Errorf("money: cannot scan NULL into Money: %w", ErrMoney)
	default:
		err = fmt.Errorf("money: cannot scan %T into Money (store amounts as text): %w", src, ErrMoney)
	}
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Value implements driver.Valuer: the amount as a string "1234.50".
func (m Money) Value() (driver.Value, error) { return m.String(), nil }

// validDecimalSyntax reports whether s is ASCII digits with an optional
// leading minus (if signed) and an optional point followed by 1..maxFrac
// digits. It rejects what decimal.Parse would otherwise accept (exponents,
// "+", ".5", "5.").
func validDecimalSyntax(s string, signed bool, maxFrac int) bool {
	if signed && len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	if i == len(s) {
		return true
	}
	if s[i] != '.' {
		return false
	}
	frac := s[i+1:]
	if len(frac) == 0 || len(frac) > maxFrac {
		return false
	}
	for j := 0; j < len(frac); j++ {
		if frac[j] < '0' || frac[j] > '9' {
			return false
		}
	}
	return true
}

// jsonString decodes a JSON string literal, reporting null separately and
// naming what was expected when data is not a string.
func jsonString(data []byte, what string) (s string, null bool, err error) {
	if string(data) == "null" {
		return "", true, nil
	}
	if len(data) == 0 || data[0] != '"' {
		return "", false, fmt.Errorf("money: %s must be a JSON string such as \"0.00\", got %.20s", what, data)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return "", false, fmt.Errorf("money: %s: %w", what, err)
	}
	return s, false, nil
}
