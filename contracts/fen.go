package contracts

import (
	"math/bits"

	"github.com/jinzhi-dev/jinzhi/money"
)

// maxFen is the largest amount Money holds, in fen.
const maxFen = money.MaxFen

// moneyScale is the number of fraction digits of a CNY amount: the fen.
const moneyScale = 2

// moneyFromFen returns f fen as Money.
func moneyFromFen(f uint64) (money.Money, error) {
	if f > maxFen {
		return money.Money{}, money.ErrMoney
	}
	return money.FromFen(int64(f))
}

// ufen returns a non-negative amount as a count of fen.
func ufen(m money.Money) uint64 { return uint64(m.Fen()) }

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
