package contracts

import (
	"fmt"
	"math/big"
	"math/bits"

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
	return "", fmt.Errorf("contracts: rounding %q: must be %s or %s", s, HalfUp, HalfEven)
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

// valid reports whether r is a known rounding or the zero value.
func (r Rounding) valid() bool { return r == "" || r == HalfUp || r == HalfEven }

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

// roundUp reports whether a non-negative quotient q with remainder rem of a
// division by den (0 ≤ rem < den) rounds up by r.
func (r Rounding) roundUp(qOdd bool, rem, den uint64) bool {
	half := den - rem // compare rem with den/2 without overflow
	if rem != half {
		return rem > half
	}
	return r != HalfEven || qOdd
}

// div128 returns round((hi·2^64 + lo) / den) by r for den > 0, and false if
// the quotient does not fit in a uint64.
func (r Rounding) div128(hi, lo, den uint64) (uint64, bool) {
	if hi >= den {
		return 0, false
	}
	q, rem := bits.Div64(hi, lo, den)
	if r.roundUp(q&1 == 1, rem, den) {
		q++
		if q == 0 {
			return 0, false
		}
	}
	return q, true
}

// ratFen returns num/den yuan rounded to the fen by r, as Money; den must
// be positive. It is the exact path used when uint64 arithmetic cannot hold
// an intermediate result.
func (r Rounding) ratFen(num, den *big.Int) (Money, error) {
	n := new(big.Int).Mul(num, big.NewInt(100))
	neg := n.Sign() < 0
	n.Abs(n)
	q, rem := new(big.Int).QuoRem(n, den, new(big.Int))
	rem.Lsh(rem, 1)
	if c := rem.Cmp(den); c > 0 || (c == 0 && (r != HalfEven || q.Bit(0) == 1)) {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsUint64() || q.Uint64() > maxFen {
		return Money{}, fmt.Errorf("contracts: amount out of range: %w", ErrMoney)
	}
	m, err := moneyFromFen(q.Uint64())
	if neg {
		m = m.Neg()
	}
	return m, err
}
