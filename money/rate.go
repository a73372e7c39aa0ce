package money

import (
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/govalues/decimal"
)

// ErrRate is wrapped by every error about a malformed or out-of-range rate.
var ErrRate = errors.New("invalid rate")

// RateMaxFrac is the most fraction digits a Rate may carry.
const RateMaxFrac = 10

// Rate is an annual interest rate as a decimal fraction ("0.0435" is 4.35% a
// year) (年利率). It is never negative. The zero value is a zero rate.
type Rate struct {
	d decimal.Decimal
}

// ParseRate parses a non-negative decimal fraction with at most 10 fraction
// digits: "0.0435", "0.24", "0". Signs, exponents, spaces and percent signs
// are errors wrapping ErrRate.
func ParseRate(s string) (Rate, error) {
	if !validDecimalSyntax(s, false, RateMaxFrac) {
		return Rate{}, fmt.Errorf("money: rate %q: %w: want a non-negative fraction with at most 10 fraction digits, like \"0.0435\"", s, ErrRate)
	}
	d, err := decimal.Parse(s)
	if err != nil {
		return Rate{}, fmt.Errorf("money: rate %q: %w: %v", s, ErrRate, err)
	}
	return NewRate(d)
}

// MustRate is like ParseRate but panics on error. It is meant for tests and
// constants.
func MustRate(s string) Rate {
	r, err := ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

// NewRate returns d as a Rate. It refuses a negative value and one with
// non-zero digits beyond the tenth fraction digit.
func NewRate(d decimal.Decimal) (Rate, error) {
	if d.IsNeg() {
		return Rate{}, fmt.Errorf("money: rate %s: %w: negative", d, ErrRate)
	}
	if d.Scale() > RateMaxFrac {
		t := d.Trim(RateMaxFrac)
		if t.Scale() > RateMaxFrac {
			return Rate{}, fmt.Errorf("money: rate %s: %w: more than 10 fraction digits", d, ErrRate)
		}
		d = t
	}
	return Rate{d: d.Trim(0)}, nil
}

// String returns the rate as a fraction with trailing zeros trimmed but at
// least two fraction digits: "0.0435", "0.10", "0.00".
func (r Rate) String() string { return r.d.Trim(2).Pad(2).String() }

// Decimal returns the rate as a decimal fraction.
func (r Rate) Decimal() decimal.Decimal { return r.d }

// IsZero reports whether the rate is zero.
func (r Rate) IsZero() bool { return r.d.IsZero() }

// Cmp compares two rates: -1 if r < o, 0 if equal, +1 if r > o.
func (r Rate) Cmp(o Rate) int { return r.d.Cmp(o.d) }

// MarshalJSON encodes the rate as a JSON string: "0.0435".
func (r Rate) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 16)
	b = append(b, '"')
	b = append(b, r.String()...)
	return append(b, '"'), nil
}

// UnmarshalJSON accepts only a JSON string such as "0.0435"; a bare number is
// an error. JSON null leaves the value unchanged.
func (r *Rate) UnmarshalJSON(data []byte) error {
	s, null, err := jsonString(data, "a rate")
	if err != nil || null {
		return err
	}
	v, err := ParseRate(s)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// MarshalText encodes the rate as "0.0435".
func (r Rate) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText parses the rate as ParseRate does.
func (r *Rate) UnmarshalText(text []byte) error {
	v, err := ParseRate(string(text))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Scan implements sql.Scanner. It accepts a string or []byte in ParseRate's
// syntax and an int64; a float64 and NULL are refused.
func (r *Rate) Scan(src any) error {
	var (
		v   Rate
		err error
	)
	switch x := src.(type) {
	case string:
		v, err = ParseRate(x)
	case []byte:
		v, err = ParseRate(string(x))
	case int64:
		var d decimal.Decimal
		if d, err = decimal.New(x, 0); err == nil {
			v, err = NewRate(d)
		}
	case nil:
		err = fmt.Errorf("money: cannot scan NULL into Rate: %w", ErrRate)
	default:
		err = fmt.Errorf("money: cannot scan %T into Rate (store rates as text): %w", src, ErrRate)
	}
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Value implements driver.Valuer: the rate as a string "0.0435".
func (r Rate) Value() (driver.Value, error) { return r.String(), nil }

// ParsePercent parses a rate written in percent, as the LPR is published
// ("3.45" is 0.0345): non-negative digits with at most 8 fraction digits.
func ParsePercent(s string) (Rate, error) {
	if !validDecimalSyntax(s, false, RateMaxFrac-2) {
		return Rate{}, fmt.Errorf("money: percent %q: %w: want digits like \"3.45\"", s, ErrRate)
	}
	d, err := decimal.Parse(s)
	if err == nil {
		d, err = d.Quo(decimal.Hundred)
	}
	if err != nil {
		return Rate{}, fmt.Errorf("money: percent %q: %w: %v", s, ErrRate, err)
	}
	return NewRate(d)
}
