package contracts

import (
	"fmt"
	"math"
	"math/bits"
)

// maxFen is the largest amount Money holds, in fen.
const maxFen = math.MaxInt64

// moneyFromFen returns f fen as Money.
func moneyFromFen(f uint64) (Money, error) {
	if f > maxFen {
		return Money{}, fmt.Errorf("contracts: amount out of range: %w", ErrMoney)
	}
	return Money{fen: int64(f)}, nil
}

// ufen returns a non-negative amount as a count of fen.
func (m Money) ufen() uint64 { return uint64(m.fen) }

// addFen returns a + b, and false if the sum is not a valid amount.
func addFen(a, b uint64) (uint64, bool) {
	s, carry := bits.Add64(a, b, 0)
	return s, carry == 0 && s <= maxFen
}

// mul128 returns (hi·2^64 + lo)·b, and false if it needs more than 128 bits.
func mul128(hi, lo, b uint64) (uint64, uint64, bool) {
	h1, l := bits.Mul64(lo, b)
	h2, m := bits.Mul64(hi, b)
	h, carry := bits.Add64(h1, m, 0)
	return h, l, h2 == 0 && carry == 0
}

// pow10 holds 10^0 … 10^19.
var pow10 = [...]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// parts returns a rate as coefficient and power-of-ten denominator:
// r = coef / 10^scale with scale ≤ 10.
func (r Rate) parts() (coef, den uint64) {
	return r.d.Coef(), pow10[r.d.Scale()]
}
