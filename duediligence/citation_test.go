package duediligence_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/jinzhi-dev/jinzhi/check"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
)

// latinWord is a word in Latin letters; a Chinese citation writes none but
// the standards' own codes.
var (
	latinWord      = regexp.MustCompile(`[A-Za-z]{2,}`)
	latinAllowedZH = regexp.MustCompile(`GB/T|GB|LPR|IRR`)
)

// TestCatalogue_EveryRuleCitedInBothLanguages checks that every rule of the
// catalogue cites its law or practice in English and in Chinese, the
// Chinese as a Chinese document cites (《中华人民共和国民法典》第四百零一条),
// and that a result is shown with the citation of its reader's language.
func TestCatalogue_EveryRuleCitedInBothLanguages(t *testing.T) {
	for _, r := range dd.DefaultCatalogue().Rules() {
		if r.Citation == "" || r.CitationZH == "" {
			t.Errorf("%s: citation %q, Chinese citation %q: both are required", r.ID, r.Citation, r.CitationZH)
			continue
		}
		if w := latinWord.FindString(latinAllowedZH.ReplaceAllString(r.CitationZH, "")); w != "" {
			t.Errorf("%s: the Chinese citation %q has the English word %q", r.ID, r.CitationZH, w)
		}
		u := dd.Unmet{Rule: r.ID, Citation: r.Citation}
		assert.Equal(t, r.CitationZH, dd.CitationIn(u, check.ZH), r.ID)
		assert.Equal(t, r.Citation, dd.CitationIn(u, check.EN), r.ID)
	}
	// The rule the approval enforces rather than the catalogue runs.
	sod := dd.Unmet{Rule: "process.separation_of_duties", Citation: "Commercial Bank Law art. 35 (审贷分离)"}
	assert.Equal(t, "《中华人民共和国商业银行法》第三十五条（审贷分离、分级审批）", dd.CitationIn(sod, check.ZH))
	assert.Equal(t, sod.Citation, dd.CitationIn(sod, check.EN))
	// The rules the extension gate enforces by itself.
	for _, id := range []string{dd.RuleExtensionLimit, dd.RuleExtensionConsent} {
		zh := dd.CitationIn(dd.Unmet{Rule: id}, check.ZH)
		assert.Contains(t, zh, "《贷款通则》（1996年）第十二条", id)
		assert.Contains(t, dd.CitationIn(dd.Unmet{Rule: id}, check.EN), "贷款通则 1996 art. 12", id)
	}
	// A lender's own rule keeps the citation its result carries.
	own := dd.Unmet{Rule: "lender.own", Citation: "the lender's credit policy 2026, § 4.2"}
	assert.Equal(t, own.Citation, dd.CitationIn(own, check.ZH))

	r, ok := dd.DefaultCatalogue().Rule("contract.no_forfeiture")
	if assert.True(t, ok) {
		assert.Equal(t, "《中华人民共和国民法典》第四百零一条、第四百二十八条", r.CitationIn(check.ZH))
		assert.Equal(t, "Civil Code arts. 401, 428 (verified)", r.CitationIn(check.EN))
	}
}
