package duediligence_test

import (
	"fmt"
	"testing"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
)

// largeCase is a case at the upper end of what account managers file: 20
// collateral items, 10 guarantees, 60 documents and 100 findings.
func largeCase(b *testing.B, p *dd.Policy) *dd.Case {
	c := &dd.Case{}
	*c = *cleanPerson(b, p)
	c.Collateral = nil
	for i := range 20 {
		it := cleanItem()
		it.ID = fmt.Sprintf("item-%d", i)
		it.TitleNumber = fmt.Sprintf("皖(2019)长丰县不动产权第%07d号", i)
		c.Collateral = append(c.Collateral, it)
	}
	cover(c, p)
	c.Guarantees = nil
	for i := range 10 {
		g := cleanGuarantee()
		g.ID = fmt.Sprintf("g-%d", i)
		c.Guarantees = append(c.Guarantees, g)
	}
	c.Documents = nil
	for i := range 60 {
		c.Documents = append(c.Documents, dd.Document{ID: fmt.Sprintf("doc-%d", i), Type: "other", Required: true, Status: dd.DocumentReceived})
	}
	for i := len(c.Findings); i < 100; i++ {
		c.Findings = append(c.Findings, dd.Finding{ID: fmt.Sprintf("f-%d", i), Topic: dd.TopicOperations,
			Method: dd.MethodDocumentReview, Result: dd.ResultConfirmed, Investigator: "am-1"})
	}
	return c
}

// BenchmarkCatalogue_LargeCase runs the whole default catalogue on a large
// case, as every check of a case does: no I/O, what other cases say is
// prefetched. The licensed_institution regime is the default policy's; the
// private-lending regime adds the rate cap, which needs the LPR table.
func BenchmarkCatalogue_LargeCase(b *testing.B) {
	for _, regime := range []contracts.Regime{contracts.RegimeLicensed, contracts.RegimePrivateLending} {
		b.Run(string(regime), func(b *testing.B) {
			p := rulePolicy()
			p.Pricing.Regime = regime
			c := largeCase(b, p)
			cat := dd.DefaultCatalogue()
			b.ReportAllocs()
			for b.Loop() {
				cat.Evaluate(dd.NewView(c, p, now), "")
			}
		})
	}
	// A mortgage's 360 months: the schedule and its annualized rate
	// (solved once per view, shared by the disclosure and the caps) are
	// the largest a case has.
	b.Run("licensed_360_months", func(b *testing.B) {
		p := rulePolicy()
		c := largeCase(b, p)
		c.Request.TermMonths = 360
		cat := dd.DefaultCatalogue()
		b.ReportAllocs()
		for b.Loop() {
			cat.Evaluate(dd.NewView(c, p, now), "")
		}
	})
	b.Run("without_pricing", func(b *testing.B) {
		p := rulePolicy()
		p.Rules.Disabled = []string{contracts.RuleAPRDisclosure}
		c := largeCase(b, p)
		cat := dd.DefaultCatalogue()
		b.ReportAllocs()
		for b.Loop() {
			cat.Evaluate(dd.NewView(c, p, now), "")
		}
	})
}

// BenchmarkCatalogue_LargeCase_BareLoop is the baseline the catalogue is
// measured beside, in the same run: the same rules with no-op bodies, so
// that what remains is the catalogue's own loop (gates, disabled rules).
func BenchmarkCatalogue_LargeCase_BareLoop(b *testing.B) {
	p := rulePolicy()
	c := largeCase(b, p)
	var rules []dd.Rule
	for _, r := range dd.DefaultCatalogue().Rules() {
		r.Eval = func(*dd.View) []check.Result { return nil }
		rules = append(rules, r)
	}
	cat := dd.NewCatalogue(rules...)
	b.ReportAllocs()
	for b.Loop() {
		cat.Evaluate(dd.NewView(c, p, now), "")
	}
}
