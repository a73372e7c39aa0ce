package duediligence

import (
	"sync"

	"github.com/jinzhi-dev/jinzhi/check"
)

// The citations of the library's rules, in Chinese and English, come from
// the catalogue (each Rule's Citation and CitationZH), the one place they
// are written. A result carries its rule's citation in English (Citation,
// as stored in a frozen report); a document or an answer in Chinese shows
// the Chinese one, as it renders the message from the key.

// libraryCitations are the citations of every rule of DefaultCatalogue, of
// process.separation_of_duties and of the gates' own rules (gateRules), by
// rule ID, built once. It is set in
// init because the rules that compute deadlines cite themselves through
// it: a variable initialized from DefaultCatalogue would refer to itself.
var libraryCitations func() map[string]check.Text

func init() {
	libraryCitations = sync.OnceValue(func() map[string]check.Text {
		out := map[string]check.Text{}
		for _, r := range append(append(DefaultCatalogue().Rules(), separationOfDutiesRule), gateRules...) {
			out[r.ID] = check.Text{EN: r.Citation, ZH: r.CitationIn(check.ZH)}
		}
		return out
	})
}

// CitationIn returns the citation of a rule's result in lang: the
// library's rule's own citation in that language, or, for a lender's rule
// the library does not know, the citation the result carries.
func CitationIn(u Unmet, lang check.Lang) string {
	if t, ok := libraryCitations()[u.Rule]; ok && t.In(lang) != "" {
		return t.In(lang)
	}
	return u.Citation
}

// citationOf is the citation of the library's rule id in lang.
func citationOf(id string, lang check.Lang) string { return CitationIn(Unmet{Rule: id}, lang) }

// gateRules are the rules a gate of the loan's life enforces by itself
// (an extension's limit and its guarantors' consent), as the citations
// know them.
var gateRules = []Rule{
	{ID: RuleExtensionLimit, Citation: extensionCitation,
		CitationZH: "《贷款通则》（1996年）第十二条（对银行具有约束力，其他贷款人参照执行）"},
	{ID: RuleExtensionConsent, Citation: consentCitation,
		CitationZH: "《中华人民共和国民法典》第六百九十五条；《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》第二十条；《贷款通则》（1996年）第十二条"},
}
