package check

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

// Lang is a language messages are rendered in.
type Lang string

// The languages every message exists in.
const (
	ZH Lang = "zh" // Chinese, simplified
	EN Lang = "en" // English
)

// Text is one message in both languages: a template in which {name} stands
// for the parameter name and {@name} for the message whose key is the
// parameter's value, rendered in the same language (a term such as a kind
// of collateral: {"kind": "collateral.kind.receivable"}); a value of
// several keys separated by commas renders as a list ("、" in Chinese).
//
// {name%} shows a parameter that is a fraction as a percentage with the
// digits it has, at least two decimals ("0.5623" is 56.23%, a ratio shown
// beside its limit "0.50004" is 50.004%), and {name%N} rounded to at most N
// decimals (the IRR of a disclosure to 0.0001%, {nominal%4}: "0.0849999922"
// is 8.50%, "0.0912345678" is 9.1235%), by money.Percent. The parameter stays the fraction, so a client that renders
// the key itself reads the value; one that is not a number shows as it is.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// In returns the template in lang; English for any language but Chinese.
func (t Text) In(lang Lang) string {
	if lang == ZH {
		return t.ZH
	}
	return t.EN
}

// Messages is a catalogue of messages by key. Each package that builds
// results or field errors owns the keys it uses ("collateral.…" in
// collateral); the duediligence package merges them all.
type Messages map[string]Text

// Merge returns one catalogue holding every key of ms. A key defined twice
// is a programming error, and Merge panics on it.
func Merge(ms ...Messages) Messages {
	out := Messages{}
	for _, m := range ms {
		for k, t := range m {
			if _, dup := out[k]; dup {
				panic("check: message key " + k + " is defined twice")
			}
			out[k] = t
		}
	}
	return out
}

// Render renders the message key in lang with p. An unknown key renders as
// the key itself, and a parameter the template names but p lacks as
// {name}, so that a gap shows rather than vanishes.
func (m Messages) Render(lang Lang, key string, p Params) string {
	t, ok := m[key]
	if !ok {
		return key
	}
	return m.fill(lang, t.In(lang), p, 0)
}

// maxTermDepth bounds terms within terms.
const maxTermDepth = 4

func (m Messages) fill(lang Lang, tmpl string, p Params, depth int) string {
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(tmpl[:i])
		name := tmpl[i+1 : i+j]
		tmpl = tmpl[i+j+1:]
		term := strings.HasPrefix(name, "@")
		param, places, pct := strings.Cut(strings.TrimPrefix(name, "@"), "%")
		// {a|b}: a, or b where the params have no a (results stored
		// before a was given).
		var v string
		var ok bool
		for _, alt := range strings.Split(param, "|") {
			if v, ok = p[alt]; ok {
				break
			}
		}
		switch {
		case !ok:
			b.WriteString("{" + name + "}")
		case pct && !term:
			b.WriteString(percentOf(v, places))
		case term && depth < maxTermDepth:
			for k, one := range strings.Split(v, ",") {
				if k > 0 {
					b.WriteString(listSeparator(lang))
				}
				if t, ok := m[one]; ok {
					b.WriteString(m.fill(lang, t.In(lang), p, depth+1))
				} else {
					b.WriteString(one)
				}
			}
		default:
			b.WriteString(v)
		}
	}
	b.WriteString(tmpl)
	return b.String()
}

// percentOf shows the fraction v as {name%places} asks: with its own digits
// (at least two decimals) when places is empty, else rounded to at most
// places decimals; v as it is when it is not a number.
func percentOf(v, places string) string {
	d, err := decimal.Parse(v)
	if err != nil {
		return v
	}
	if places == "" {
		return money.Percent(d, money.PercentPlaces, money.RatePercentPlaces)
	}
	n, err := strconv.Atoi(places)
	if err != nil || n < 0 || n > money.RatePercentPlaces {
		return v
	}
	return money.Percent(d, min(n, money.PercentPlaces), n)
}

// RenderResult renders a rule's result in lang; a result without a key
// known to m keeps its Message.
func (m Messages) RenderResult(r Result, lang Lang) string {
	if _, ok := m[r.Key]; !ok {
		return r.Message
	}
	return m.Render(lang, r.Key, r.Params)
}

// RenderField renders a field error's message in lang; one without a key
// known to m keeps its Message.
func (m Messages) RenderField(fe FieldError, lang Lang) string {
	if _, ok := m[fe.Key]; !ok {
		return fe.Message
	}
	return m.Render(lang, fe.Key, fe.Params)
}

// FieldError builds the field error at path for reason, its message
// rendered in English from key and p.
func (m Messages) FieldError(path string, reason error, key string, p Params) FieldError {
	return FieldError{Field: path, Err: reason, Key: key, Params: p, Message: m.Render(EN, key, p)}
}

// Validate reports every message without both a Chinese and an English
// text, or whose two texts name different parameters; nil when there is
// none.
func (m Messages) Validate() error {
	var probs []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		t := m[k]
		if strings.TrimSpace(t.ZH) == "" || strings.TrimSpace(t.EN) == "" {
			probs = append(probs, k+": needs both a zh and an en text")
			continue
		}
		zh, en := fallbacks(placeholders(t.ZH)), fallbacks(placeholders(t.EN))
		if !slices.Equal(zh, en) {
			probs = append(probs, fmt.Sprintf("%s: zh names %v, en names %v", k, zh, en))
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("check: messages: %s", strings.Join(probs, "; "))
	}
	return nil
}

// fallbacks reads each name {a|b} of names as its last choice, b, which
// every result has (a is a refinement one language gives: the Chinese words
// of an English detail), sorted and distinct.
func fallbacks(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if i := strings.LastIndexByte(n, '|'); i >= 0 {
			n = n[i+1:]
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// Placeholders lists the distinct parameters a template names, sorted,
// terms with their "@".
func placeholders(tmpl string) []string {
	var out []string
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			break
		}
		if name := tmpl[i+1 : i+j]; !slices.Contains(out, name) {
			out = append(out, name)
		}
		tmpl = tmpl[i+j+1:]
	}
	slices.Sort(out)
	return out
}

// listSeparator separates the items of a list in lang.
func listSeparator(lang Lang) string {
	if lang == ZH {
		return "、"
	}
	return ", "
}
