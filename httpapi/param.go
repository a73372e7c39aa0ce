package httpapi

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
)

// What a handler reads of a request besides its body — the path's values,
// the query's parameters and a few headers — is checked here before any of
// it reaches the service: text a database cannot hold (a NUL, which
// PostgreSQL refuses in text and bun cannot interpolate, or invalid UTF-8)
// never reaches SQL, and an ID without the shape of one is never looked up.
// The JSON body has its own strict decoder (json.go).

// pathValue describes one wildcard of the route patterns: what it names,
// for the 404, and the shape of its values.
type pathValue struct {
	noun  string
	valid func(string) bool
}

// pathValues are the wildcards of the routes. New refuses a route with a
// wildcard that is not here, so that no path value goes unchecked.
var pathValues = map[string]pathValue{
	"id":           {"case", isUUID},
	"item_id":      {"collateral item", isUUID},
	"guarantee_id": {"guarantee", isUUID},
	"doc_id":       {"document", isUUID},
	"flag_id":      {"red flag", isUUID},
	"rule_id":      {"rule", isRuleID},
	"user_id":      {"user", isUUID},
	"number":       {"contract", isContractNumber},
	"index":        {"approval condition", isIndex(0)},
	"seq":          {"loan receipt", isIndex(1)},
	"key":          {"client", isPartyKey},
	"rid":          {"repayment", isUUID},

	// Investors and funders (funding.go).
	"investor_id":   {"investor", isUUID},
	"commitment_id": {"commitment", isUUID},
	"notice_id":     {"investor notice", isNoticeID},
}

// isNoticeID reports whether s has the shape of an investor notice's ID:
// 16 lower-case hexadecimal digits.
func isNoticeID(s string) bool {
	if len(s) != 16 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// isPartyKey reports whether s has the shape of a resident ID number or a
// unified social credit code (identity.KeyKind, the one test of it).
func isPartyKey(s string) bool {
	_, ok := identity.KeyKind(s)
	return ok
}

// isContractNumber reports whether s has the shape of a contract number:
// a ledger number and a suffix, 2026-000123-JK or -DY1.
func isContractNumber(s string) bool {
	if len(s) < 8 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// isIndex returns a check of a decimal index of at least min.
func isIndex(min int) func(string) bool {
	return func(s string) bool {
		n, err := strconv.Atoi(s)
		return err == nil && n >= min && len(s) <= 6 && s == strconv.Itoa(n)
	}
}

// wildcards returns the names of the wildcards of a route pattern. It
// panics on one that pathValues does not describe: a programming error, met
// by every test that calls New.
func wildcards(pattern string) []string {
	var names []string
	for rest := pattern; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return names
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return names
		}
		name := strings.TrimSuffix(rest[i+1:i+j], "...")
		if _, ok := pathValues[name]; !ok {
			panic(fmt.Sprintf("httpapi: route %s: no shape for path value {%s}", pattern, name))
		}
		names = append(names, name)
		rest = rest[i+j+1:]
	}
}

// checkPath answers 404 for a path value without the shape of what it
// names: there is no such thing, and no query is needed to know it.
func checkPath(r *http.Request, names []string) error {
	for _, name := range names {
		pv := pathValues[name]
		if v := r.PathValue(name); !pv.valid(v) {
			return duediligence.Errorf(duediligence.CodeNotFound, "", "no %s %s: an ID of one is %s", pv.noun, strconv.QuoteToASCII(truncate(v, 80)), shapeOf(name))
		}
	}
	return nil
}

func shapeOf(name string) string {
	switch name {
	case "rule_id":
		return "a dotted identifier such as process.site_visit"
	case "number":
		return "a contract number such as 2026-000123-JK"
	case "index":
		return "a condition's index, 0 for the first"
	case "seq":
		return "a tranche's number, 1 for the first"
	}
	return "a UUID such as 0195f3c2-7b1e-7d43-9a10-2f6c1e0b5a77"
}

// isUUID reports whether s is a UUID as the service writes them (UUIDv7 by
// default): 36 characters, lower-case hex in groups of 8-4-4-4-12.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// maxRuleID bounds a rule ID in a path.
const maxRuleID = 128

// isRuleID reports whether s is a dotted identifier, as the catalogue's
// rule IDs are (repayment.dsr, collateral.coowner_consent): segments of
// ASCII letters, digits, _ and -, joined by dots.
func isRuleID(s string) bool {
	if s == "" || len(s) > maxRuleID {
		return false
	}
	for _, seg := range strings.Split(s, ".") {
		if seg == "" {
			return false
		}
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
				return false
			}
		}
	}
	return true
}

// checkQuery answers 400 for a query string that does not parse, or a
// parameter whose name or value is not clean text, naming each.
func checkQuery(r *http.Request) error {
	if r.URL.RawQuery == "" {
		return nil
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return badRequest("the query string is malformed: %v", err).zh("查询字符串格式有误：%v", err)
	}
	var fields []duediligence.FieldError
	for _, key := range slices.Sorted(maps.Keys(q)) {
		if !cleanText(key) {
			fields = append(fields, duediligence.FieldError{Field: strconv.QuoteToASCII(truncate(key, 40)), Message: "is not a parameter name: " + cleanTextRule})
			continue
		}
		if slices.ContainsFunc(q[key], func(v string) bool { return !cleanText(v) }) {
			fields = append(fields, duediligence.FieldError{Field: key, Message: "must be " + cleanTextRule})
		}
	}
	return textRefusal("query parameter", fields)
}

// checkedHeaders are the request headers the handlers read. X-Request-ID
// is not among them: one of another shape is replaced, not refused.
var checkedHeaders = []string{"Authorization", "If-Match", "Idempotency-Key", "Content-Type", "Content-Disposition", "Accept", "Accept-Language"}

// checkHeaders answers 400 for a header the handlers read whose value is
// not clean text, naming it. (net/http already refuses control characters
// in header values; this catches the bytes it lets through.)
func checkHeaders(r *http.Request) error {
	var fields []duediligence.FieldError
	for _, name := range checkedHeaders {
		if slices.ContainsFunc(r.Header.Values(name), func(v string) bool { return !cleanText(v) }) {
			fields = append(fields, duediligence.FieldError{Field: name, Message: "must be " + cleanTextRule})
		}
	}
	return textRefusal("header", fields)
}

// textRefusal is the 400 of checkQuery and checkHeaders, or nil.
func textRefusal(what string, fields []duediligence.FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Field
	}
	e := badRequest("%s %s: %s", plural(what, len(fields)), strings.Join(names, ", "), "must be "+cleanTextRule)
	e.fields = fields
	return e
}

func plural(what string, n int) string {
	if n == 1 {
		return what
	}
	return what + "s"
}

// cleanTextRule is what cleanText asks, for messages.
const cleanTextRule = "UTF-8 text without control characters (such as NUL)"

// cleanText reports whether s is valid UTF-8 without control characters
// but the tab.
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' {
			return false
		}
	}
	return true
}
