package check

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// The reasons a field is invalid. Every FieldError wraps exactly one of
// them, so callers branch with errors.Is while the message says precisely
// what is wrong.
var (
	// ErrRequired: the field is missing or blank.
	ErrRequired = errors.New("required")
	// ErrTooLong: a string longer than its maximum (counted in characters,
	// not bytes).
	ErrTooLong = errors.New("too long")
	// ErrTooMany: a list with more items than its maximum.
	ErrTooMany = errors.New("too many items")
	// ErrOneOf: a value outside its closed set (a stage, a kind, a role).
	ErrOneOf = errors.New("not one of the allowed values")
	// ErrFormat: a value not of its form: a date that is not YYYY-MM-DD, an
	// identity number with a character outside its alphabet or of the wrong
	// length, an amount that is not "0.00".
	ErrFormat = errors.New("wrong format")
	// ErrRange: a number, amount, rate or date outside its bounds.
	ErrRange = errors.New("out of range")
	// ErrChecksum: an identity number whose check character does not match
	// the rest of it (GB 11643, GB 32100).
	ErrChecksum = errors.New("wrong check character")
	// ErrInconsistent: a value that contradicts another field (a person with
	// a credit code, a sole owner among two, shares that do not add up to 1).
	ErrInconsistent = errors.New("inconsistent with another field")
	// ErrNotFound: a reference to something that does not exist (a document
	// ID that is not on the case).
	ErrNotFound = errors.New("refers to nothing")
	// ErrDuplicate: a value given twice where it must be unique, such as a
	// key repeated in one JSON object.
	ErrDuplicate = errors.New("duplicate")
	// ErrUnknownField: a JSON field the input does not have.
	ErrUnknownField = errors.New("unknown field")
	// ErrType: a JSON value of the wrong type (a number where a string is
	// expected).
	ErrType = errors.New("wrong JSON type")
	// ErrEncoding: text that is not valid UTF-8, or holds a NUL character.
	ErrEncoding = errors.New("invalid text encoding")
)

// FieldError is one invalid field of an input (字段错误), on the model of
// moov-io/ach's FieldError.
//
// Field is the JSON path of the field ("applicant.id_number",
// "documents[2].status"; empty for the input as a whole). Message says in
// English what is wrong; Key and Params render it in another language
// (Messages.RenderField). Value is the offending value as given, cut short
// and masked where it is personal data (a resident ID shows as
// 110105********002X); it is empty where echoing the value would say
// nothing or too much (free text). Err is the reason, one of the sentinels
// above.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Key     string `json:"key,omitempty"`
	Params  Params `json:"params,omitempty"`
	Value   string `json:"value,omitempty"`
	Err     error  `json:"-"`
}

// Error returns "field: message", or the message alone for the input as a whole.
func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// Unwrap returns the reason.
func (e *FieldError) Unwrap() error { return e.Err }

// maxShown is the most characters of an offending value a FieldError repeats.
const maxShown = 40

// Shown returns v as a FieldError repeats it: at most 40 characters, with
// "…" where it was cut, and valid UTF-8.
func Shown(v string) string {
	v = strings.ToValidUTF8(v, "\uFFFD")
	if utf8.RuneCountInString(v) <= maxShown {
		return v
	}
	n := 0
	for i := range v {
		if n == maxShown {
			return v[:i] + "…"
		}
		n++
	}
	return v
}

// Problems collects the field errors of one input, so that validation
// reports every problem at once; it is also the error that lists them. The
// zero value is ready to use.
type Problems struct {
	Fields []FieldError
}

// Add records field errors.
func (p *Problems) Add(fes ...FieldError) { p.Fields = append(p.Fields, fes...) }

// Under records field errors of a part of the input, prefixing their paths
// with the part's path: Under("collateral[2]", …) turns "owners[0].share"
// into "collateral[2].owners[0].share" and "" into "collateral[2]".
func (p *Problems) Under(prefix string, fes []FieldError) {
	for _, fe := range fes {
		fe.Field = JoinPath(prefix, fe.Field)
		p.Fields = append(p.Fields, fe)
	}
}

// Len reports how many problems were recorded.
func (p *Problems) Len() int { return len(p.Fields) }

// Err returns nil when no problem was recorded, or a *Problems holding a
// copy of them all.
func (p *Problems) Err() error {
	if len(p.Fields) == 0 {
		return nil
	}
	return &Problems{Fields: append([]FieldError(nil), p.Fields...)}
}

// Error joins the problems with "; ".
func (p *Problems) Error() string {
	parts := make([]string, len(p.Fields))
	for i := range p.Fields {
		parts[i] = p.Fields[i].Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap returns each problem, so errors.As finds a *FieldError and
// errors.Is finds its reason.
func (p *Problems) Unwrap() []error {
	errs := make([]error, len(p.Fields))
	for i := range p.Fields {
		errs[i] = &p.Fields[i]
	}
	return errs
}

// JoinPath joins a JSON path and a relative one: ("a", "b") is "a.b",
// ("a", "[0].b") is "a[0].b", and an empty side gives the other.
func JoinPath(prefix, rel string) string {
	switch {
	case prefix == "":
		return rel
	case rel == "":
		return prefix
	case rel[0] == '[':
		return prefix + rel
	}
	return prefix + "." + rel
}
