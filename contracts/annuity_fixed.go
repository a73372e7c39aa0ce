package contracts

import (
	"math/bits"

	"github.com/jinzhi-dev/jinzhi/money"
)

// The fast path of annuityPayment works in integers only. The growth factor
// Q = (1+r)^n is bounded below and above by binary floating-point numbers
// with 64-bit mantissas, every rounding directed outward; the installment
// P·r·Q/(Q−1) falls as Q grows, so the two bounds of Q give two bounds of
// the installment, each an exact fraction of integers. When both round to
// the same fen, so does the exact installment (rounding is monotone);
// otherwise the decimal and exact paths answer.

// bfloat is m·2^e with m normalized, 2^63 ≤ m < 2^64.
type bfloat struct {
	m uint64
	e int
}

// mul returns x·y rounded down, or up when up is set.
func (x bfloat) mul(y bfloat, up bool) bfloat {
	hi, lo := bits.Mul64(x.m, y.m) // hi ≥ 2^62
	e := x.e + y.e + 64
	if hi < 1<<63 {
		hi, lo = hi<<1|lo>>63, lo<<1
		e--
	}
	if up && lo != 0 {
		if hi++; hi == 0 {
			return bfloat{1 << 63, e + 1}
		}
	}
	return bfloat{hi, e}
}

// growthBounds returns lo ≤ ((T+A)/T)^n ≤ hi for 0 < A < T.
func growthBounds(A, T uint64, n int) (lo, hi bfloat) {
	// (T+A)/T in [1, 2): its mantissa is ⌊(T+A)·2^63 / T⌋.
	s := T + A
	q, rem := bits.Div64(s>>1, s<<63, T)
	lo, hi = bfloat{q, -63}, bfloat{q, -63}
	if rem != 0 {
		if hi.m++; hi.m == 0 {
			hi = bfloat{1 << 63, -62}
		}
	}
	rlo, rhi := bfloat{1 << 63, -63}, bfloat{1 << 63, -63} // 1
	for k := n; k > 0; k >>= 1 {
		if k&1 == 1 {
			rlo, rhi = rlo.mul(lo, false), rhi.mul(hi, true)
		}
		if k > 1 {
			lo, hi = lo.mul(lo, false), hi.mul(hi, true)
		}
	}
	return rlo, rhi
}

// fracRound rounds (nh·2^64+nl)/(dh·2^64+dl) to an integer by rnd, the
// fraction first brought down to a 64-bit denominator: the numerator
// rounded down and the denominator up when down is set (a lower bound of
// the fraction), the other way otherwise. It reports false when the
// quotient does not fit in 64 bits.
func fracRound(nh, nl, dh, dl uint64, down bool, rnd money.Rounding) (uint64, bool) {
	if s := bits.Len64(dh); s > 0 {
		nlost := nl&(1<<s-1) != 0
		dlost := dl&(1<<s-1) != 0
		nl, nh = nl>>s|nh<<(64-s), nh>>s
		dl = dl>>s | dh<<(64-s)
		switch {
		case down && dlost:
			if dl++; dl == 0 {
				return 0, false
			}
		case !down && nlost:
			var c uint64
			if nl, c = bits.Add64(nl, 1, 0); c != 0 {
				nh++
			}
		}
	}
	if dl == 0 {
		return 0, false
	}
	return rnd.Div128(nh, nl, dl)
}

// annuityFixed returns the installment in fen that repays p fen over n
// months at the annual rate A/T·12 (T = 12·10^scale), or false when the
// bounds cannot settle its rounding.
func annuityFixed(p, A, T uint64, n int, rnd money.Rounding) (uint64, bool) {
	if A == 0 || A >= T || n <= 0 {
		return 0, false
	}
	ph, pa := bits.Mul64(p, A)
	if ph != 0 {
		return 0, false
	}
	qlo, qhi := growthBounds(A, T, n)
	// pay = p·A·Q / (T·(Q−1)) = p·A·m / (T·(m − 2^−e)) for Q = m·2^e.
	bound := func(q bfloat, down bool) (uint64, bool) {
		if q.e > 0 || q.e <= -64 {
			return 0, false
		}
		one := uint64(1) << uint(-q.e)
		if q.m <= one {
			return 0, false
		}
		nh, nl := bits.Mul64(pa, q.m)
		dh, dl := bits.Mul64(T, q.m-one)
		return fracRound(nh, nl, dh, dl, down, rnd)
	}
	lo, ok1 := bound(qhi, true)
	hi, ok2 := bound(qlo, false)
	if !ok1 || !ok2 || lo != hi || lo > money.MaxFen {
		return 0, false
	}
	return lo, true
}
