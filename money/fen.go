package money

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
)

// MaxFen is the largest amount Money holds, in fen.
const MaxFen = math.MaxInt64

// FromFen returns f fen (分) as Money: FromFen(12345) is 123.45. It refuses
// math.MinInt64, the one int64 whose negation does not fit.
func FromFen(f int64) (Money, error) {
	if f == math.MinInt64 {
		return Money{}, fmt.Errorf("money: %d fen: %w: out of range", f, ErrMoney)
	}
	return Money{fen: f}, nil
}

// Fen returns the amount as a whole number of fen: 123.45 is 12345. It is
// the exact integer form loan tables store and SQL sums.
func (m Money) Fen() int64 { return m.fen }

// Parts returns the rate as coefficient and power-of-ten denominator,
// r = coef / den with den = 10^scale and scale ≤ 10, for exact integer
// arithmetic on rates.
func (r Rate) Parts() (coef, den uint64) {
	return r.d.Coef(), pow10[r.d.Scale()]
}

// pow10 holds 10^0 … 10^19.
var pow10 = [...]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// Pow10 returns 10^n for 0 ≤ n ≤ 19.
func Pow10(n int) uint64 { return pow10[n] }

// roundUp reports whether a non-negative quotient q with remainder rem of a
// division by den (0 ≤ rem < den) rounds up by r.
func (r Rounding) roundUp(qOdd bool, rem, den uint64) bool {
	half := den - rem // compare rem with den/2 without overflow
	if rem != half {
		return rem > half
	}
	return r != HalfEven || qOdd
}

// Div128 returns (hi·2^64 + lo) / den rounded to an integer by r, for
// den > 0, and false if the quotient does not fit in a uint64. It is how
// integer fen arithmetic (schedules, interest) rounds a product of an
// amount and a rate.
func (r Rounding) Div128(hi, lo, den uint64) (uint64, bool) {
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

// Rat returns num/den yuan rounded to the fen by r, as Money; den must be
// positive. It is the exact path for when uint64 arithmetic cannot hold an
// intermediate result.
func (r Rounding) Rat(num, den *big.Int) (Money, error) {
	n := new(big.Int).Mul(num, big.NewInt(100))
	neg := n.Sign() < 0
	n.Abs(n)
	q, rem := new(big.Int).QuoRem(n, den, new(big.Int))
	rem.Lsh(rem, 1)
	if c := rem.Cmp(den); c > 0 || (c == 0 && (r != HalfEven || q.Bit(0) == 1)) {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsUint64() || q.Uint64() > MaxFen {
		return Money{}, fmt.Errorf("money: amount out of range: %w", ErrMoney)
	}
	m := Money{fen: int64(q.Uint64())}
	if neg {
		m = m.Neg()
	}
	return m, nil
}
