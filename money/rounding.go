package money

import (
	"fmt"

	"github.com/govalues/decimal"
)

// Rounding is how an exact result is rounded to the fen (舍入规则). It is the
// one place where amounts are rounded: every schedule, interest and fee
// figure in this package goes through it.
//
// The zero value means HalfUp.
type Rounding string

const (
	// HalfUp rounds ties away from zero (四舍五入): 0.125 → 0.13,
	// -0.125 → -0.13. It is the default for amounts owed.
	HalfUp Rounding = "half_up"
	// HalfEven rounds ties to the even fen (银行家舍入): 0.125 → 0.12,
	// 0.135 → 0.14. A lender's policy may choose it.
	HalfEven Rounding = "half_even"
)

// ParseRounding returns the rounding named s: "half_up", "half_even", or ""
// for the default (HalfUp).
func ParseRounding(s string) (Rounding, error) {
	switch Rounding(s) {
	case "", HalfUp:
		return HalfUp, nil
	case HalfEven:
		return HalfEven, nil
	}
	return "", fmt.Errorf("money: rounding %q: must be %s or %s", s, HalfUp, HalfEven)
}

// String returns the rounding's name; the zero value prints as "half_up".
func (r Rounding) String() string {
	if r == "" {
		return string(HalfUp)
	}
	return string(r)
}

// UnmarshalText accepts "half_up", "half_even" or "".
func (r *Rounding) UnmarshalText(text []byte) error {
	v, err := ParseRounding(string(text))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Valid reports whether r is a known rounding or the zero value.
func (r Rounding) Valid() bool { return r == "" || r == HalfUp || r == HalfEven }

// Round rounds d to scale fraction digits by r.
//
// govalues' own Decimal.Round is half-even; half-up is implemented here.
func (r Rounding) Round(d decimal.Decimal, scale int) decimal.Decimal {
	if d.Scale() <= scale {
		return d
	}
	if r == HalfEven {
		return d.Round(scale)
	}
	t := d.Trunc(scale)
	rem, err := d.Sub(t) // |rem| < one unit at scale: cannot overflow
	if err != nil {
		return d.Round(scale)
	}
	if rem.CmpAbs(decimal.MustNew(5, scale+1)) < 0 {
		return t
	}
	ulp := decimal.MustNew(1, scale)
	if d.IsNeg() {
		ulp = ulp.Neg()
	}
	up, err := t.Add(ulp)
	if err != nil {
		return d.Round(scale)
	}
	return up
}

// Money rounds d to the fen by r and returns it as Money.
func (r Rounding) Money(d decimal.Decimal) (Money, error) {
	return NewMoney(r.Round(d, moneyScale))
}
