package contracts

import (
	"math/big"
	"math/bits"
	"slices"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

// XIRR's fast path. With time counted in days over 365, the present value
// Σ c_j (1+x)^(−d_j/365) is a polynomial Σ c_j u^d_j in the daily discount factor
// u = (1+x)^(−1/365), with whole-day exponents. The fast path finds u by Newton's method
// in the integer arithmetic of irr_fixed.go, u a 64-bit fraction, proves it as there
// (outward-rounded bounds of the present value of opposite signs on either side; one
// sign change in the flows, so one root), and rounds x = u^−365 − 1 at both ends of the
// bracket exactly, with big integers.

// uMin bounds the daily factors the fast path searches, u > 0.99, that is x < about
// 38 a year; above it u < 1, x > 0.
const uMin = ^uint64(0) / 100 * 99

// datedFlows are the flows summed by day and sorted: c[j] (times 2^F) falls d[j] days
// after the first, d[0] = 0.
type datedFlows struct {
	c       []i128
	d       []int64
	sumZero bool
}

// newDatedFlows prepares flows for the fast path, or reports that it cannot take them,
// as newFixedFlows does.
func newDatedFlows(flows []CashFlow, first money.Date) (datedFlows, bool) {
	type dayFlow struct {
		d int64
		c i128
	}
	byDay := make([]dayFlow, 0, len(flows))
	for _, f := range flows {
		byDay = append(byDay, dayFlow{int64(f.Date.DaysSince(first)), shl(f.Amount.Fen(), 0)})
	}
	slices.SortFunc(byDay, func(a, b dayFlow) int { return int(a.d - b.d) })
	n := 0
	for _, f := range byDay {
		if n > 0 && byDay[n-1].d == f.d {
			byDay[n-1].c = byDay[n-1].c.add(f.c)
			continue
		}
		byDay[n] = f
		n++
	}
	byDay = byDay[:n]
	var (
		changes, last int
		m, sum        i128
	)
	for _, f := range byDay {
		s := 0
		switch {
		case f.c.isNeg():
			s = -1
		case f.c != (i128{}):
			s = 1
		}
		if s != 0 && last != 0 && s != last {
			changes++
		}
		if s != 0 {
			last = s
		}
		m, sum = m.add(f.c.abs()), sum.add(f.c)
	}
	if changes != 1 || m.hi != 0 {
		return datedFlows{}, false
	}
	// |P| ≤ Σ|c_j| and |P'| ≤ Σ|c_j|·d_j.
	f := 125 - m.bitLen() - bits.Len64(uint64(byDay[n-1].d)) - 1
	if f < 32 {
		return datedFlows{}, false
	}
	df := datedFlows{c: make([]i128, n), d: make([]int64, n), sumZero: sum == i128{}}
	for j, x := range byDay {
		df.c[j] = shl(int64(x.c.lo), uint(f)) // |c| < 2^63: m.hi == 0
		df.d[j] = x.d
	}
	return df, true
}

// fracMul returns a·b/2^64 for fractions a/2^64 and b/2^64, rounded down or up.
func fracMul(a, b uint64, up bool) uint64 {
	hi, lo := bits.Mul64(a, b)
	if up && lo != 0 {
		hi++
	}
	return hi
}

// fracPow returns u^g for g ≥ 1, every product rounded down or up.
func fracPow(u uint64, g int64, up bool) uint64 {
	r, b := u, u
	for e := g - 1; e > 0; e >>= 1 {
		if e&1 == 1 {
			r = fracMul(r, b, up)
		}
		if e > 1 {
			b = fracMul(b, b, up)
		}
	}
	return r
}

// powers caches u^g for the few gaps between due dates (28 to 31 days, mostly).
type powers struct {
	u  uint64
	up bool
	g  [8]int64
	p  [8]uint64
	n  int
}

func (pw *powers) pow(g int64) uint64 {
	for i := range pw.n {
		if pw.g[i] == g {
			return pw.p[i]
		}
	}
	p := fracPow(pw.u, g, pw.up)
	if pw.n < len(pw.g) {
		pw.g[pw.n], pw.p[pw.n] = g, p
		pw.n++
	}
	return p
}

// bounds returns lo ≤ Σ c_j u^d_j ≤ hi for u between ulo/2^64 and uhi/2^64.
func (df datedFlows) bounds(ulo, uhi uint64) (lo, hi i128) {
	pl, ph := powers{u: ulo}, powers{u: uhi, up: true}
	n := len(df.c) - 1
	lo, hi = df.c[n], df.c[n]
	for j := n - 1; j >= 0; j-- {
		g := df.d[j+1] - df.d[j]
		wl, wh := pl.pow(g), ph.pow(g)
		if lo.isNeg() {
			lo = lo.mulFrac(wh, false)
		} else {
			lo = lo.mulFrac(wl, false)
		}
		if hi.isNeg() {
			hi = hi.mulFrac(wl, true)
		} else {
			hi = hi.mulFrac(wh, true)
		}
		lo, hi = lo.add(df.c[j]), hi.add(df.c[j])
	}
	return lo, hi
}

// sign returns the proven sign of the present value at u/2^64, or 0.
func (df datedFlows) sign(u uint64) int {
	lo, hi := df.bounds(u, u)
	switch {
	case !lo.isNeg() && lo != (i128{}):
		return 1
	case hi.isNeg():
		return -1
	}
	return 0
}

// newtonStep returns the Newton step −P(u)/P'(u) in 2^-64, saturated at ±2^62, or false
// if the derivative vanishes.
func (df datedFlows) newtonStep(u uint64) (int64, bool) {
	pw := powers{u: u}
	n := len(df.c) - 1
	p, d := df.c[n], i128{} // Q_j = c_j + u^g Q_j+1; Q'_j = g u^(g−1) Q_j+1 + u^g Q'_j+1
	for j := n - 1; j >= 0; j-- {
		g := df.d[j+1] - df.d[j]
		w := pw.pow(g)
		dq := p
		if g > 1 {
			dq = p.mulFrac(pw.pow(g-1), false)
		}
		d = d.mulFrac(w, false).add(dq.mulSmall(uint64(g)))
		p = p.mulFrac(w, false).add(df.c[j])
	}
	neg := p.isNeg() == d.isNeg() // the step −P/P' is negative
	pm, dm := p.abs(), d.abs()
	s := max(0, dm.bitLen()-63)
	ps, ds := pm.shr(s), dm.shr(s)
	if ds.lo == 0 {
		return 0, false
	}
	q := uint64(1) << 62
	if ps.hi == 0 && ps.lo < ds.lo/4 {
		q, _ = bits.Div64(ps.lo, 0, ds.lo)
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

// mulSmall returns x·g for a small g whose product stays within 127 bits.
func (x i128) mulSmall(g uint64) i128 {
	hi, lo := bits.Mul64(x.lo, g)
	return i128{hi + x.hi*g, lo}
}

// fixedXIRR returns XIRR of flows rounded half up to 10 fraction digits, proven, or
// false if the fast path cannot prove it.
func fixedXIRR(flows []CashFlow, first money.Date) (decimal.Decimal, bool) {
	df, ok := newDatedFlows(flows, first)
	if !ok {
		return decimal.Decimal{}, false
	}
	if df.sumZero {
		return decimal.MustNew(0, rateScale), true
	}
	// From x ≈ 0.1% a year: for a loan the present value is negative there, and the
	// iterates fall monotonically to the root.
	u := ^uint64(0) - ^uint64(0)/365_000
	converged := false
	for range 60 {
		step, ok := df.newtonStep(u)
		if !ok {
			return decimal.Decimal{}, false
		}
		switch {
		case step > 0 && ^uint64(0)-u <= uint64(step):
			return decimal.Decimal{}, false // x ≤ 0: the decimal solver takes negative rates
		case step > 0:
			u += uint64(step)
		case u-uMin <= uint64(-step):
			u = uMin + (u-uMin)/2
		default:
			u -= uint64(-step)
		}
		if step >= -2 && step <= 2 {
			converged = true
			break
		}
	}
	if !converged {
		return decimal.Decimal{}, false
	}
	const w = 64
	if u <= uMin+w || u >= ^uint64(0)-w {
		return decimal.Decimal{}, false
	}
	sl, sh := df.sign(u-w), df.sign(u+w)
	if sl == 0 || sh == 0 || sl == sh {
		return decimal.Decimal{}, false
	}
	// x falls as u rises: x(u+w) < x < x(u−w).
	x, y := annualFromDaily(u+w, false), annualFromDaily(u-w, true)
	if x != y {
		return decimal.Decimal{}, false
	}
	r, err := decimal.New(x, rateScale)
	return r, err == nil
}

// annualFromDaily returns x = (2^64/u)^365 − 1 rounded half up to 10 fraction digits,
// in 10^-10, or a bound of it: computed from a lower (up false) or an upper (up true)
// bound of (2^64/u)^365, with u^365 bounded in 192-bit fixed point, every product
// rounded the other way. The rounding to 10 digits is monotone, so the two bounds are
// equal where the result is proven.
func annualFromDaily(u uint64, up bool) int64 {
	const prec = 192
	one := new(big.Int).Lsh(big.NewInt(1), prec)
	mul := func(z, a, b *big.Int) *big.Int {
		z.Mul(a, b)
		// u^365 rounded down bounds (1+x) from above: round u^365 down for up.
		if !up {
			z.Add(z, new(big.Int).Sub(one, big.NewInt(1)))
		}
		return z.Rsh(z, prec)
	}
	base := new(big.Int).Lsh(new(big.Int).SetUint64(u), prec-64)
	p := new(big.Int).Set(base)
	for e := 364; e > 0; e >>= 1 {
		if e&1 == 1 {
			mul(p, p, base)
		}
		if e > 1 {
			mul(base, base, base)
		}
	}
	// 1+x = 2^192 / p; half up to 10^-10: ⌊(2·10^10·2^192 + p) / 2p⌋ − 10^10.
	n := new(big.Int).Lsh(big.NewInt(2*10_000_000_000), prec)
	n.Add(n, p)
	n.Quo(n, p.Lsh(p, 1))
	return n.Int64() - 10_000_000_000
}
