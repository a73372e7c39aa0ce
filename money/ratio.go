package money

import (
	"errors"
	"math/big"

	"github.com/govalues/decimal"
)

// RatioScale is the number of fraction digits a ratio is shown with
// (覆盖率, 贷款价值比, 资产负债率, 债务收入比, 偿债覆盖率): 1.2346, 0.5000.
const RatioScale = 4

// ErrRatio is wrapped by the error of a ratio that cannot be computed: a
// denominator that is not positive, or a quotient too large to show.
var ErrRatio = errors.New("money: ratio cannot be computed")

// Ratio returns num/den as a ratio is shown: rounded once, from the exact
// quotient, by r (half-up for the zero value) to RatioScale fraction
// digits and padded to them ("0.9500"). It is the one place ratios are
// rounded, and it is for display only: a ratio is compared with its
// threshold exactly, by CmpRatio. den must be positive.
func (r Rounding) Ratio(num, den decimal.Decimal) (decimal.Decimal, error) {
	if den.Sign() > 0 {
		if d, ok := r.ratioFast(num, den, RatioScale); ok {
			return d, nil
		}
	}
	q, err := quotient(num, den)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return r.roundRat(q, RatioScale)
}

// roundRat rounds q once by r to scale fraction digits.
func (r Rounding) roundRat(q *big.Rat, scale int) (decimal.Decimal, error) {
	q = new(big.Rat).Mul(q, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	neg := q.Sign() < 0
	q.Abs(q)
	n, rem := new(big.Int).QuoRem(q.Num(), q.Denom(), new(big.Int))
	rem.Lsh(rem, 1)
	if c := rem.Cmp(q.Denom()); c > 0 || (c == 0 && (r != HalfEven || n.Bit(0) == 1)) {
		n.Add(n, big.NewInt(1))
	}
	if !n.IsInt64() {
		return decimal.Decimal{}, ErrRatio
	}
	v := n.Int64()
	if neg {
		v = -v
	}
	d, err := decimal.New(v, scale)
	if err != nil {
		return decimal.Decimal{}, errors.Join(ErrRatio, err)
	}
	return d, nil
}

// maxRatioScale is the most fraction digits RatioBeside shows.
const maxRatioScale = 10

// RatioBeside returns num/den as it is shown beside the threshold x it was
// compared with: to RatioScale digits, or with as many more (up to 10) as
// it takes not to look equal to a threshold it is not equal to — a DSR of
// 0.50004 against a maximum of 0.50 shows as 0.50004, not 0.5000.
func (r Rounding) RatioBeside(num, den, x decimal.Decimal) (decimal.Decimal, error) {
	q, err := quotient(num, den)
	if err != nil {
		return decimal.Decimal{}, err
	}
	exact := q.Cmp(ratOf(x)) == 0
	for scale := RatioScale; ; scale++ {
		d, err := r.roundRat(q, scale)
		if err != nil || exact || scale == maxRatioScale || d.Cmp(x) != 0 {
			return d, err
		}
	}
}

// CmpRatio compares num/den with x exactly, with no rounding at all: -1
// if the ratio is below x, 0 if equal, +1 if above. den must be positive.
func CmpRatio(num, den, x decimal.Decimal) (int, error) {
	if den.Sign() > 0 {
		if c, ok := cmpRatioFast(num, den, x); ok {
			return c, nil
		}
	}
	q, err := quotient(num, den)
	if err != nil {
		return 0, err
	}
	return q.Cmp(ratOf(x)), nil
}

func quotient(num, den decimal.Decimal) (*big.Rat, error) {
	if den.Sign() <= 0 {
		return nil, ErrRatio
	}
	return new(big.Rat).Quo(ratOf(num), ratOf(den)), nil
}

// ratOf returns d as an exact fraction.
func ratOf(d decimal.Decimal) *big.Rat {
	r := new(big.Rat).SetFrac(new(big.Int).SetUint64(d.Coef()), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Scale())), nil))
	if d.IsNeg() {
		r.Neg(r)
	}
	return r
}
