package render

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The charts are drawn in Go as static SVG: no script, every number
// formatted as the tables format it, every text of the case escaped.
//
// Amounts become float64 here only to place pixels; no amount shown is
// computed in floating point.

// palette colours the collateral items in turn; print-safe and distinct in
// grey scale.
var palette = []string{"#1f5f99", "#4f9d69", "#d08c2f", "#8c5fa8", "#c4534b", "#3c9cab", "#7a7a7a"}

func px(m money.Money) float64 {
	f, _ := strconv.ParseFloat(m.String(), 64)
	return f
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// coverageSVG draws each item's eligible value stacked in one bar against a
// line at the principal, with a legend naming the items; empty when the
// report has no coverage.
func coverageSVG(r *duediligence.Report, words labels) string {
	cov := r.Coverage
	if cov == nil || cov.Principal.Sign() <= 0 {
		return ""
	}
	const width, left, right, barY, barH = 640.0, 20.0, 20.0, 40.0, 36.0
	plot := width - left - right
	scale := max(px(cov.TotalEligible), px(cov.Principal)) * 1.1
	x := func(v float64) float64 { return left + plot*v/scale }
	height := barY + barH + 40 + 18*float64(len(r.Collateral))
	var b strings.Builder
	title := words.label("chart_coverage")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="%s" viewBox="0 0 %s %s" width="%s" height="%s">`,
		html.EscapeString(title), num(width), num(height), num(width), num(height))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(title))
	fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#f2f2f2"/>`, num(left), num(barY), num(plot), num(barH))
	at := 0.0
	for i, line := range r.Collateral {
		v := px(line.Eligible)
		if v <= 0 {
			continue
		}
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>`,
			num(x(at)), num(barY), num(x(at+v)-x(at)), num(barH), palette[i%len(palette)],
			html.EscapeString(itemName(line, words)+": "+formatMoney(line.Eligible)))
		at += v
	}
	px0 := x(px(cov.Principal))
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#000" stroke-width="2" stroke-dasharray="5 3"/>`,
		num(px0), num(barY-14), num(px0), num(barY+barH+6))
	anchor := "middle"
	if px0 > width-120 {
		anchor = "end"
	}
	fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="%s" font-size="11">%s %s</text>`,
		num(px0), num(barY-18), anchor, html.EscapeString(words.label("principal")), formatMoney(cov.Principal))
	fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="11">%s %s · %s %s</text>`,
		num(left), num(barY+barH+18), html.EscapeString(words.label("eligible")), formatMoney(cov.TotalEligible),
		html.EscapeString(words.label("coverage")), percent(cov.Ratio))
	for i, line := range r.Collateral {
		y := barY + barH + 34 + 18*float64(i)
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="10" height="10" fill="%s"/>`, num(left), num(y-9), palette[i%len(palette)])
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="11">%s: %s</text>`, num(left+16), num(y),
			html.EscapeString(itemName(line, words)), formatMoney(line.Eligible))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// itemName names a collateral line for a legend: its kind and description.
func itemName(line duediligence.CollateralLine, words labels) string {
	name := words.enum("ckind", line.Kind)
	if line.Description != "" {
		name += " " + line.Description
	}
	return name
}

// repaymentSVG draws each installment's principal and interest as a
// stacked column, with the highest installment marked on the axis.
func repaymentSVG(s contracts.Schedule, words labels) string {
	const width, height, left, right, top, bottom = 640.0, 250.0, 80.0, 16.0, 30.0, 50.0
	plotW, plotH := width-left-right, height-top-bottom
	n := len(s.Installments)
	peak := 0.0
	for _, in := range s.Installments {
		peak = max(peak, px(in.Principal)+px(in.Interest))
	}
	if peak <= 0 {
		return ""
	}
	scale := peak * 1.05
	y := func(v float64) float64 { return top + plotH - plotH*v/scale }
	slot := plotW / float64(n)
	bar := min(slot*0.8, 40)
	var b strings.Builder
	title := words.label("chart_repayment")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="%s" viewBox="0 0 %s %s" width="%s" height="%s">`,
		html.EscapeString(title), num(width), num(height), num(width), num(height))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(title))
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#000"/>`, num(left), num(top), num(left), num(top+plotH))
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#000"/>`, num(left), num(top+plotH), num(left+plotW), num(top+plotH))
	for _, in := range s.Installments {
		i := float64(in.Period - 1)
		if n == 1 {
			i = 0
		}
		x := left + slot*i + (slot-bar)/2
		p, it := px(in.Principal), px(in.Interest)
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#1f5f99"/>`, num(x), num(y(p)), num(bar), num(y(0)-y(p)))
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#d08c2f"/>`, num(x), num(y(p+it)), num(bar), num(y(p)-y(p+it)))
	}
	maxInst := s.MaxInstallment()
	fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" font-size="10">%s</text>`, num(left-4), num(y(px(maxInst))+4), formatMoney(maxInst))
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#999" stroke-dasharray="3 3"/>`, num(left), num(y(px(maxInst))), num(left+plotW), num(y(px(maxInst))))
	fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" font-size="10">0</text>`, num(left-4), num(top+plotH+4))
	fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="10">1</text>`, num(left), num(top+plotH+14))
	fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" font-size="10">%s %d</text>`, num(left+plotW), num(top+plotH+14),
		html.EscapeString(words.label("period")), s.Installments[n-1].Period)
	ly := height - 12
	fmt.Fprintf(&b, `<rect x="%s" y="%s" width="10" height="10" fill="#1f5f99"/><text x="%s" y="%s" font-size="11">%s %s</text>`,
		num(left), num(ly-9), num(left+14), num(ly), html.EscapeString(words.label("principal")), formatMoney(s.Terms.Principal))
	fmt.Fprintf(&b, `<rect x="%s" y="%s" width="10" height="10" fill="#d08c2f"/><text x="%s" y="%s" font-size="11">%s %s</text>`,
		num(left+240), num(ly-9), num(left+254), num(ly), html.EscapeString(words.label("interest")), formatMoney(s.TotalInterest))
	b.WriteString(`</svg>`)
	return b.String()
}
