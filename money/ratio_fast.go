package money

import (
	"math"
	"math/bits"

	"github.com/govalues/decimal"
)

// The fast paths of CmpRatio and Ratio compare and divide decimals as
// 128-bit integers: a decimal is a coefficient (below 10^19, so 64 bits)
// over a power of ten, and cross-multiplying two or three of them fits in
// 128 bits whenever the scales are modest, as amounts' and rates' are.
// Where a product would not fit, the exact math/big path answers; the
// property tests hold the two to the same answers.

// pow10u are the powers of ten that fit in 64 bits.
var pow10u = [20]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

func (x u128) cmp(y u128) int {
	switch {
	case x.hi < y.hi:
		return -1
	case x.hi > y.hi:
		return 1
	case x.lo < y.lo:
		return -1
	case x.lo > y.lo:
		return 1
	}
	return 0
}

// mulPow10 returns x·10^n, false if it does not fit in 128 bits.
func (x u128) mulPow10(n int) (u128, bool) {
	for n > 0 {
		k := min(n, 19)
		h1, l1 := bits.Mul64(x.lo, pow10u[k])
		h2, l2 := bits.Mul64(x.hi, pow10u[k])
		if h2 != 0 {
			return u128{}, false
		}
		h, c := bits.Add64(h1, l2, 0)
		if c != 0 {
			return u128{}, false
		}
		x = u128{h, l1}
		n -= k
	}
	return x, true
}

// cmpRatioFast compares num/den with x, den positive, or reports that the
// products do not fit.
func cmpRatioFast(num, den, x decimal.Decimal) (int, bool) {
	sn, sx := num.Sign(), x.Sign()
	if sn != sx {
		// The ratio has num's sign: the signs alone decide.
		if sn < sx {
			return -1, true
		}
		return 1, true
	}
	if sn == 0 {
		return 0, true
	}
	// |num|/den vs |x|: a/10^sa ÷ b/10^sb vs c/10^sc ⇔ a·10^(sb+sc) vs c·b·10^sa.
	sa, sb, sc := num.Scale(), den.Scale(), x.Scale()
	k := min(sb+sc, sa)
	l, ok1 := u128{0, num.Coef()}.mulPow10(sb + sc - k)
	h, lo := bits.Mul64(x.Coef(), den.Coef())
	r, ok2 := u128{h, lo}.mulPow10(sa - k)
	if !ok1 || !ok2 {
		return 0, false
	}
	c := l.cmp(r)
	if sn < 0 {
		c = -c
	}
	return c, true
}

// ratioFast returns num/den rounded by r to scale fraction digits, den
// positive, or reports that the fast path cannot compute it.
func (r Rounding) ratioFast(num, den decimal.Decimal, scale int) (decimal.Decimal, bool) {
	// |num|/den·10^scale = a·10^(sb+scale) / (b·10^sa).
	sa, sb := num.Scale(), den.Scale()
	k := min(sb+scale, sa)
	n, ok1 := u128{0, num.Coef()}.mulPow10(sb + scale - k)
	d, ok2 := u128{0, den.Coef()}.mulPow10(sa - k)
	if !ok1 || !ok2 || d.hi != 0 || d.lo == 0 || n.hi >= d.lo {
		return decimal.Decimal{}, false
	}
	q, rem := bits.Div64(n.hi, n.lo, d.lo)
	// Round: above half up, a tie up unless half-even and q is even.
	if half := d.lo - rem; rem > half || (rem == half && (r != HalfEven || q&1 == 1)) {
		q++
	}
	if q > math.MaxInt64 {
		return decimal.Decimal{}, false
	}
	v := int64(q)
	if num.IsNeg() {
		v = -v
	}
	out, err := decimal.New(v, scale)
	return out, err == nil
}
