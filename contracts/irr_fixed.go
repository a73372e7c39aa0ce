package contracts

import (
	"math/big"
	"math/bits"
	"sync"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

// The fast path of IRR and AnnualizedRate works in integers only. The rate is a count of
// 10^-18 (a fixed-point int64, A/10^18); present values are 128-bit fixed-point counts of
// 2^-F fen. Newton's method finds the rate in that arithmetic; then the rate is proven:
// the present value is bounded below and above at A−δ and A+δ, with every rounding
// directed outward, so that the bounds enclose the exact value, and the two exact values
// must have opposite signs. The flows change sign once, so (Descartes' rule of signs)
// there is exactly one rate of return above −100%, and it lies strictly between A−δ and
// A+δ. Whatever the fast path cannot prove goes to the decimal solver.

// rateUnit is 1 in the fast path's rates: they count 10^-18.
const rateUnit = 1_000_000_000_000_000_000

// fixedMaxRate bounds the rates the fast path searches, (0, 0.5) per period: the
// conversion of v = 1/(1+r) and the nominal rate 12r stay within 64 bits.
const fixedMaxRate = rateUnit / 2

// fixedWidths are the half-widths δ of the brackets tried, in 10^-18: Newton's answer
// is good to a few units, so the first almost always holds.
var fixedWidths = [...]int64{64, 4096}

// i128 is a signed 128-bit integer in two's complement.
type i128 struct{ hi, lo uint64 }

func (x i128) isNeg() bool { return int64(x.hi) < 0 }

func (x i128) add(y i128) i128 {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	return i128{x.hi + y.hi + c, lo}
}

func (x i128) neg() i128 {
	lo, b := bits.Sub64(0, x.lo, 0)
	return i128{-x.hi - b, lo}
}

func (x i128) abs() i128 {
	if x.isNeg() {
		return x.neg()
	}
	return x
}

// shl returns c·2^f for f < 127 that keeps the value within 127 bits.
func shl(c int64, f uint) i128 {
	x := i128{uint64(c >> 63), uint64(c)}
	if f >= 64 {
		return i128{x.lo << (f - 64), 0}
	}
	if f == 0 {
		return x
	}
	return i128{x.hi<<f | x.lo>>(64-f), x.lo << f}
}

// mulFrac returns x·v/2^64 rounded down (up false) or up (up true): x times a fraction
// v/2^64 < 1, so the product stays within x's range. With x = hi·2^64 + lo, hi signed,
// x·v/2^64 = hi·v + lo·v/2^64, and only the second term has a fraction.
func (x i128) mulFrac(v uint64, up bool) i128 {
	ph, pl := bits.Mul64(x.hi, v)
	ph -= v & uint64(int64(x.hi)>>63) // hi·v as a signed product
	fh, fl := bits.Mul64(x.lo, v)
	lo, c := bits.Add64(pl, fh, 0)
	if up && fl != 0 {
		var c2 uint64
		lo, c2 = bits.Add64(lo, 1, 0)
		c += c2
	}
	return i128{ph + c, lo}
}

// bitLen returns the number of bits of a non-negative x.
func (x i128) bitLen() int {
	if x.hi != 0 {
		return 64 + bits.Len64(x.hi)
	}
	return bits.Len64(x.lo)
}

// shr returns a non-negative x shifted right by s < 128.
func (x i128) shr(s int) i128 {
	switch {
	case s == 0:
		return x
	case s >= 64:
		return i128{0, x.hi >> (s - 64)}
	}
	return i128{x.hi >> s, x.lo>>s | x.hi<<(64-s)}
}

// fixedFlows are cash flows ready for the fast path: c[k] is flow k in fen, times 2^F.
type fixedFlows struct {
	c       []i128
	sumZero bool // Σ flows = 0 exactly: the rate is zero
}

// newFixedFlows converts flows, or reports that the fast path cannot take them: fewer
// than two, other than exactly one change of sign, or amounts so large that 128 bits
// leave too few fraction bits.
func newFixedFlows(flows []money.Money) (fixedFlows, bool) {
	if len(flows) < 2 {
		return fixedFlows{}, false
	}
	var (
		changes, last int
		m, sum        i128 // Σ |c_k|, Σ c_k
	)
	for _, fl := range flows {
		s := fl.Sign()
		if s != 0 && last != 0 && s != last {
			changes++
		}
		if s != 0 {
			last = s
		}
		x := shl(fl.Fen(), 0)
		m, sum = m.add(x.abs()), sum.add(x)
	}
	if changes != 1 {
		return fixedFlows{}, false
	}
	// |P| ≤ Σ|c_k| and the derivative's |P'| ≤ n·Σ|c_k|: F leaves them a bit to spare
	// below 2^127.
	f := 125 - m.bitLen() - bits.Len(uint(len(flows)))
	if f < 32 {
		return fixedFlows{}, false
	}
	c := make([]i128, len(flows))
	for k, fl := range flows {
		c[k] = shl(fl.Fen(), uint(f))
	}
	return fixedFlows{c: c, sumZero: sum == i128{}}, true
}

// discount returns v = 1/(1+r) for the rate a/10^18, 0 < a < fixedMaxRate, as the
// fractions vlo/2^64 ≤ v ≤ vhi/2^64.
func discount(a int64) (vlo, vhi uint64) {
	q, rem := bits.Div64(rateUnit, 0, rateUnit+uint64(a))
	if rem != 0 {
		return q, q + 1
	}
	return q, q
}

// npvBounds returns lo ≤ Σ c_k v^k ≤ hi at the rate a/10^18, every rounding directed
// outward.
func (ff fixedFlows) npvBounds(a int64) (lo, hi i128) {
	vlo, vhi := discount(a)
	c := ff.c
	n := len(c) - 1
	lo, hi = c[n], c[n]
	for k := n - 1; k >= 0; k-- {
		if lo.isNeg() {
			lo = lo.mulFrac(vhi, false)
		} else {
			lo = lo.mulFrac(vlo, false)
		}
		if hi.isNeg() {
			hi = hi.mulFrac(vlo, true)
		} else {
			hi = hi.mulFrac(vhi, true)
		}
		lo, hi = lo.add(c[k]), hi.add(c[k])
	}
	return lo, hi
}

// sign returns the proven sign of the present value at a/10^18, or 0 if the bounds
// cannot tell.
func (ff fixedFlows) sign(a int64) int {
	lo, hi := ff.npvBounds(a)
	switch {
	case !lo.isNeg() && lo != (i128{}):
		return 1
	case hi.isNeg():
		return -1
	}
	return 0
}

// newtonStep returns the Newton step from the rate a/10^18, in 10^-18, saturated at
// ±fixedMaxRate, or false if the derivative vanishes.
func (ff fixedFlows) newtonStep(a int64) (int64, bool) {
	v, _ := discount(a)
	c := ff.c
	n := len(c) - 1
	p, d := c[n], i128{} // P(v) = Σ c_k v^k and P'(v)
	for k := n - 1; k >= 0; k-- {
		d = d.mulFrac(v, false).add(p)
		p = p.mulFrac(v, false).add(c[k])
	}
	// f(r) = P(v(r)) and f'(r) = −v²·P'(v): r − f/f' = r + P/(v²P').
	g := d.mulFrac(v, false).mulFrac(v, false)
	neg := p.isNeg() != g.isNeg()
	pm, gm := p.abs(), g.abs()
	s := max(0, gm.bitLen()-63)
	ps, gs := pm.shr(s), gm.shr(s)
	if gs.lo == 0 {
		return 0, false
	}
	q := uint64(fixedMaxRate)
	if ps.hi == 0 && ps.lo < gs.lo/2 { // |step| < 0.5 = fixedMaxRate
		hi, lo := bits.Mul64(ps.lo, rateUnit)
		q, _ = bits.Div64(hi, lo, gs.lo)
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

// fixedRoot returns a bracket lo < r < hi, in 10^-18, proven to hold the flows' one
// rate of return r, searched from guess, and the sign of the present value at lo; false
// if the fast path cannot prove one.
func (ff fixedFlows) fixedRoot(guess int64) (lo, hi int64, sl int, ok bool) {
	a := guess
	if a <= 0 || a >= fixedMaxRate {
		a = rateUnit / 100
	}
	converged := false
	for range 60 {
		step, ok := ff.newtonStep(a)
		if !ok {
			return 0, 0, 0, false
		}
		next := a + step
		switch {
		case next <= 0 && a < rateUnit/1_000_000_000:
			return 0, 0, 0, false // the rate is 1e-9 or less, perhaps negative
		case next <= 0:
			next = a / 4 // overshot from above: the iterates climb back monotonically
		case next >= fixedMaxRate:
			next = a + (fixedMaxRate-a)/2
		}
		a = next
		if step >= -2 && step <= 2 {
			converged = true
			break
		}
	}
	if !converged {
		return 0, 0, 0, false
	}
	for _, w := range fixedWidths {
		lo, hi := a-w, a+w
		if lo <= 0 || hi >= fixedMaxRate {
			return 0, 0, 0, false
		}
		sl, sh := ff.sign(lo), ff.sign(hi)
		if sl != 0 && sh != 0 && sl != sh {
			return lo, hi, sl, true
		}
	}
	return 0, 0, 0, false
}

// fixedIRR returns the rate of return of flows, searched from guess/10^18 and proven
// to within 5e-15, or false if the fast path cannot prove it.
func fixedIRR(flows []money.Money, guess int64) (decimal.Decimal, bool) {
	ff, ok := newFixedFlows(flows)
	if !ok {
		return decimal.Decimal{}, false
	}
	if ff.sumZero {
		return decimal.Decimal{}, true
	}
	lo, hi, _, ok := ff.fixedRoot(guess)
	if !ok {
		return decimal.Decimal{}, false
	}
	i, err := decimal.New((lo+hi)/2, 18)
	return i, err == nil
}

// fixedAnnualizedRate is AnnualizedRate's fast path: the annualized rate of flows,
// searched from the monthly rate guess/10^18, or false where the fast path cannot prove
// all three figures.
func fixedAnnualizedRate(flows []money.Money, guess int64) (AnnualizedRate, bool) {
	ff, ok := newFixedFlows(flows)
	if !ok {
		return AnnualizedRate{}, false
	}
	if ff.sumZero {
		ar, err := annualize(decimal.MustNew(0, 12))
		return ar, err == nil
	}
	lo, hi, sl, ok := ff.fixedRoot(guess)
	if !ok {
		return AnnualizedRate{}, false
	}
	return ff.fixedAnnualized(lo, hi, sl)
}

// fixedAnnualized returns the annualized rate of the monthly rate r, proven to lie
// strictly between lo/10^18 and hi/10^18. Monthly, Nominal and Effective are each
// monotone in the rate, so where one rounds the same at both ends it is proven for r;
// where it does not, the bracket is cut at the integer point where its rounding changes,
// and the sign of the present value there tells which part holds r. It returns false
// only when r lies within 10^-18 of a rounding boundary.
//
// sl is the sign of the present value at lo.
func (ff fixedFlows) fixedAnnualized(lo, hi int64, sl int) (AnnualizedRate, bool) {
	for _, g := range [...]func(int64) int64{monthly12, nominal10, effective10} {
		if g(lo) == g(hi) {
			continue
		}
		// The last point b with g(b) = g(lo): g(b+1) differs.
		b, e := lo, hi
		for e-b > 1 {
			if m := b + (e-b)/2; g(m) == g(lo) {
				b = m
			} else {
				e = m
			}
		}
		switch sb := ff.sign(b); {
		case sb == 0:
			return AnnualizedRate{}, false
		case sb != sl:
			hi = b // r < b: g(r) = g(lo)
			continue
		}
		if sb1 := ff.sign(b + 1); sb1 == 0 || sb1 == sl {
			return AnnualizedRate{}, false // r between b and b+1, or not proven
		}
		lo = b + 1 // r > b+1: g(r) = g(hi)
	}
	nr, err1 := money.NewRate(decimal.MustNew(nominal10(lo), rateScale))
	er, err2 := money.NewRate(decimal.MustNew(effective10(lo), rateScale))
	if err1 != nil || err2 != nil {
		return AnnualizedRate{}, false
	}
	return AnnualizedRate{Monthly: decimal.MustNew(monthly12(lo), 12), Nominal: nr, Effective: er}, true
}

// monthly12 returns the rate a/10^18 rounded half up to 12 fraction digits, in 10^-12.
func monthly12(a int64) int64 { return (a + 500_000) / 1_000_000 }

// nominal10 returns 12 times the rate a/10^18 rounded half up to 10 fraction digits, in
// 10^-10.
func nominal10(a int64) int64 { return (12*a + 50_000_000) / 100_000_000 }

// effective10 returns (1 + a/10^18)^12 − 1 rounded half up to 10 fraction digits, exactly,
// as a count of 10^-10, for 0 < a < fixedMaxRate.
func effective10(a int64) int64 {
	if e, ok := effective10Fixed(a); ok {
		return e
	}
	p := bigPowers()
	x := new(big.Int).SetUint64(rateUnit + uint64(a))
	x.Exp(x, big.NewInt(12), nil) // (1+a)^12 in 10^-216
	x.Sub(x, p.e216)
	// Half up to 10^-10: ⌊(2x + 10^206) / (2·10^206)⌋.
	x.Lsh(x, 1).Add(x, p.e206)
	return x.Quo(x, p.twoE206).Int64() // below 10^10·1.5^12
}

// effective10Fixed is effective10 from bounds of (1 + a/10^18)^12 in 10^-18, every
// product rounded down for the lower and up for the upper: where both round to the same
// 10^-10 so does the exact value. It reports false where they do not, or where the
// power passes 2^64·10^-18 (a monthly rate above 27%).
func effective10Fixed(a int64) (int64, bool) {
	mul := func(x, y uint64, up bool) (uint64, bool) {
		hi, lo := bits.Mul64(x, y)
		if hi >= rateUnit {
			return 0, false
		}
		q, rem := bits.Div64(hi, lo, rateUnit)
		if up && rem != 0 {
			q++
		}
		return q, q != 0
	}
	x := uint64(rateUnit + a)
	var e [2]int64
	for i, up := range [2]bool{false, true} {
		x2, ok1 := mul(x, x, up)
		x3, ok2 := mul(x2, x, up)
		x6, ok3 := mul(x3, x3, up)
		x12, ok4 := mul(x6, x6, up)
		if !ok1 || !ok2 || !ok3 || !ok4 || x12 < rateUnit {
			return 0, false
		}
		// Half up to 10^-10 of (x12 − 10^18)·10^-18.
		e[i] = int64((x12 - rateUnit + 50_000_000) / 100_000_000)
	}
	return e[0], e[0] == e[1]
}

// bigPowers are the powers of ten effective10 divides by, computed once and never
// modified.
var bigPowers = sync.OnceValue(func() (p struct{ e206, twoE206, e216 *big.Int }) {
	ten := big.NewInt(10)
	p.e206 = new(big.Int).Exp(ten, big.NewInt(206), nil)
	p.twoE206 = new(big.Int).Lsh(p.e206, 1)
	p.e216 = new(big.Int).Exp(ten, big.NewInt(216), nil)
	return p
})

// monthlyUnits returns an annual rate's twelfth in 10^-18, truncated: the fast path's
// first guess. A rate beyond the fast path's range gives 0, which it replaces.
func monthlyUnits(r money.Rate) int64 {
	coef, den := r.Parts()
	hi, lo := bits.Mul64(coef, rateUnit)
	if hi >= 12*den {
		return 0
	}
	q, _ := bits.Div64(hi, lo, 12*den)
	if q >= fixedMaxRate {
		return 0
	}
	return int64(q)
}
