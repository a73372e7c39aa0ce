package duediligence

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jinzhi-dev/jinzhi/check"
)

// Code classifies an Error. The set is closed: the HTTP layer maps each code to
// one status, and callers branch on codes, never on messages.
type Code string

// The error codes.
const (
	CodeInvalid   Code = "invalid"   // the input breaks a rule of form or content (422)
	CodeNotFound  Code = "not_found" // no such case, document, … visible to the actor (404)
	CodeConflict  Code = "conflict"  // the state forbids it, e.g. a duplicate (409)
	CodeStale     Code = "stale"     // the expected version is not the current one (412)
	CodeGate      Code = "gate"      // a workflow gate is not met; Unmet lists why (409)
	CodeForbidden Code = "forbidden" // the actor's role may not do this (403)
	CodeTooLarge  Code = "too_large" // an uploaded content is over the configured limit (413)
	CodeInternal  Code = "internal"  // anything else; details are logged, not shown (500)
)

// Error is the one error type of the domain. Op names the operation that failed
// ("Service.CreateCase"), Message is for people, Err is the cause.
type Error struct {
	Code    Code
	Op      string
	Message string
	// Fields lists every invalid field at once, with its JSON path, reason
	// and message key.
	Fields []FieldError
	// Unmet lists every unmet condition of a refused transition, or the
	// rule (process.separation_of_duties) that forbids the actor.
	Unmet []Unmet
	// Action and Roles say, for a CodeForbidden, what the actor tried
	// ("case.decided", "user.revoked") and which roles may do it.
	Action string
	Roles  []Role
	// Key and Params word Message in any language: a message of the
	// catalogue (Messages) that Message is the English rendering of. A
	// CodeForbidden's key is the reason (forbidden.role, …; see
	// RenderForbidden) and ActorRole the role that was refused.
	Key       string
	Params    check.Params
	ActorRole Role
	Err       error
}

// FieldError is one invalid field, named by its JSON path
// ("applicant.id_number", "documents[2].status"): check's field error, the
// one every package of Jinzhi uses. Its JSON is {"field", "message", "key",
// "params", "value"}.
type FieldError = check.FieldError

// Unmet is one condition a gate found unmet: a rule's result, with the
// rule, its severity, a message for people (in English; Key and Params
// render it in Chinese), the path of the case field it concerns and the
// rule's citation.
type Unmet = check.Result

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Message != "" {
		b.WriteString(e.Message)
	} else {
		b.WriteString(string(e.Code))
	}
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Field + ": " + f.Message)
	}
	for i, u := range e.Unmet {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(u.Rule + ": " + u.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrStale) and its siblings match any *Error of the
// same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Op == "" && t.Message == "" && t.Err == nil && t.Fields == nil && t.Unmet == nil && t.Code == e.Code
}

// Sentinels for errors.Is: errors.Is(err, duediligence.ErrStale).
var (
	ErrInvalid   = &Error{Code: CodeInvalid}
	ErrNotFound  = &Error{Code: CodeNotFound}
	ErrConflict  = &Error{Code: CodeConflict}
	ErrStale     = &Error{Code: CodeStale}
	ErrGate      = &Error{Code: CodeGate}
	ErrForbidden = &Error{Code: CodeForbidden}
	ErrTooLarge  = &Error{Code: CodeTooLarge}
	ErrInternal  = &Error{Code: CodeInternal}
)

// ErrorCode returns the code of the first *Error in err's chain, CodeInternal
// for any other non-nil error and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// Errorf builds an *Error with a formatted message.
func Errorf(code Code, op, format string, args ...any) *Error {
	return &Error{Code: code, Op: op, Message: fmt.Sprintf(format, args...)}
}

// errorKey is an Error worded by a message of the catalogue: Message in
// English, Key and Params for the reader's language.
func errorKey(code Code, key string, p check.Params) *Error {
	return &Error{Code: code, Message: allMessages().Render(check.EN, key, p), Key: key, Params: p}
}

// Render words e in lang: its catalogue message when it has one, else
// Message as the domain wrote it.
func (e *Error) Render(lang check.Lang) string {
	if e.Code == CodeForbidden && e.Key != "" {
		if d := RenderForbidden(lang, e.Key, e.Action, e.ActorRole, e.Roles); d != "" {
			return d
		}
	}
	if _, ok := allMessages()[e.Key]; ok {
		return allMessages().Render(lang, e.Key, e.Params)
	}
	return e.Message
}

// Wrap sets op on err's first *Error that has none, or wraps a foreign error
// as internal. It is meant for `defer Wrap(&err, "Store.FindCaseByID")`.
func Wrap(errp *error, op string) {
	if *errp == nil {
		return
	}
	var e *Error
	if errors.As(*errp, &e) {
		if e.Op == "" {
			e.Op = op
		}
		return
	}
	*errp = &Error{Code: CodeInternal, Op: op, Err: *errp}
}

// invalid returns nil when p recorded no problem, or an invalid *Error
// listing them all.
func invalid(p *check.Problems) error {
	if p.Len() == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: "invalid input", Fields: p.Fields}
}

// invalidField is the invalid *Error of one field error.
func invalidField(fe FieldError) error {
	return &Error{Code: CodeInvalid, Message: "invalid input", Fields: []FieldError{fe}}
}
