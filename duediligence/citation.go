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

// libraryCitations are the citations of every rule of DefaultCatalogue and
// of process.separation_of_duties, by rule ID, built once. It is set in
// init because the rules that compute deadlines cite themselves through
// it: a variable initialized from DefaultCatalogue would refer to itself.
var libraryCitations func() map[string]check.Text

func init() {
	libraryCitations = sync.OnceValue(func() map[string]check.Text {
		out := map[string]check.Text{}
		for _, r := range append(DefaultCatalogue().Rules(), separationOfDutiesRule) {
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
