package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// problemBase is the prefix of every problem type URI; the last segment is
// the domain's error code (gate, stale, …) or one of the HTTP-level kinds
// below (malformed, unsupported_media_type, …).
const problemBase = "https://jinzhi.dev/problems/"

// statusOf is the one table from the domain's error codes to HTTP statuses.
// Every code of duediligence has a row; an unknown code is answered as internal.
var statusOf = map[duediligence.Code]struct {
	status int
	title  string
}{
	duediligence.CodeInvalid:   {http.StatusUnprocessableEntity, "Invalid input"},
	duediligence.CodeNotFound:  {http.StatusNotFound, "Not found"},
	duediligence.CodeConflict:  {http.StatusConflict, "Conflict with the case's state"},
	duediligence.CodeStale:     {http.StatusPreconditionFailed, "The case has changed"},
	duediligence.CodeGate:      {http.StatusConflict, "Workflow gate not met"},
	duediligence.CodeForbidden: {http.StatusForbidden, "Forbidden"},
	duediligence.CodeTooLarge:  {http.StatusRequestEntityTooLarge, "Content too large"},
	duediligence.CodeInternal:  {http.StatusInternalServerError, "Internal error"},
}

// problem is an application/problem+json body (RFC 9457) with the
// extensions of DESIGN §9: the invalid fields and the unmet gate conditions.
type problem struct {
	Type      string                    `json:"type"`
	Title     string                    `json:"title"`
	Status    int                       `json:"status"`
	Detail    string                    `json:"detail,omitempty"`
	Instance  string                    `json:"instance,omitempty"`
	RequestID string                    `json:"request_id,omitempty"`
	Errors    []duediligence.FieldError `json:"errors,omitempty"`
	Unmet     []duediligence.Unmet      `json:"unmet,omitempty"`
	// Action and AllowedRoles say, for a 403, what was refused and which
	// roles may do it.
	Action       string              `json:"action,omitempty"`
	AllowedRoles []duediligence.Role `json:"allowed_roles,omitempty"`
	// domain is the domain's error the problem reports, which words its
	// detail in the reader's language (duediligence.Error.Render).
	domain *duediligence.Error
}

// httpError is a refusal that belongs to HTTP rather than to the domain: a
// malformed body or header, a missing token, an unsupported media type. It
// carries its own status.
type httpError struct {
	status int
	kind   string // last segment of the problem type
	title  string
	detail string
	// detailZH is detail in Chinese, for a reader who asks for it (or
	// asks for nothing); empty keeps detail.
	detailZH string
	fields   []duediligence.FieldError
	header   http.Header // added to the response (WWW-Authenticate, Allow)
	err      error
}

func (e *httpError) Error() string {
	if e.err != nil {
		return e.detail + ": " + e.err.Error()
	}
	return e.detail
}

func (e *httpError) Unwrap() error { return e.err }

// zh sets the detail's Chinese wording and returns e.
func (e *httpError) zh(format string, args ...any) *httpError {
	e.detailZH = fmt.Sprintf(format, args...)
	return e
}

// badRequest is a 400 for a request the server cannot parse.
func badRequest(format string, args ...any) *httpError {
	return &httpError{status: http.StatusBadRequest, kind: "malformed", title: "Malformed request", detail: fmt.Sprintf(format, args...)}
}

// invalidField is a 422 naming one field, for input the domain never sees
// (a query parameter that is not a number).
func invalidField(field, format string, args ...any) error {
	return &duediligence.Error{Code: duediligence.CodeInvalid, Message: "invalid input",
		Fields: []duediligence.FieldError{{Field: field, Message: fmt.Sprintf(format, args...)}}}
}

// tooLarge is a 413 for a body over one of the server's limits.
func tooLarge(what string, limit int64) error {
	return &duediligence.Error{Code: duediligence.CodeTooLarge, Message: fmt.Sprintf("%s is over the limit of %d bytes", what, limit)}
}

// writeError answers err as a problem. The status comes from an *httpError or
// from the domain code through statusOf, never from the message. Internal
// errors are logged with the request ID and their detail is not shown.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	li := logInfoOf(r.Context())
	if rec, ok := w.(*statusRecorder); ok && rec.wrote {
		// The response is under way (a download cut short); all we can do is log.
		s.log.ErrorContext(r.Context(), "error after the response started", "request_id", li.requestID, "error", err.Error())
		return
	}
	if li.bodyTimedOut {
		// However the handler took the failed read, the client was too slow.
		// The 408 gets a write deadline of its own: the one set with the
		// read deadline may be nearly spent by now on a busy server.
		err = s.bodyTimeout(r)
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(s.timeout))
	}
	p := problem{Instance: r.URL.Path, RequestID: li.requestID}
	if duediligence.ErrorCode(err) == duediligence.CodeInternal && s.svc != nil && s.svc.Unavailable(err) {
		err = s.unavailable(r, err)
	}
	var he *httpError
	if errors.As(err, &he) {
		p.Type, p.Title, p.Status, p.Detail, p.Errors = problemBase+he.kind, he.title, he.status, he.detail, he.fields
		if he.detailZH != "" && s.problemLang(r) == check.ZH {
			p.Detail = he.detailZH
		}
		for k, vs := range he.header {
			w.Header()[k] = vs
		}
		li.errorCode = he.kind
		localize(&p, he.kind, s.problemLang(r))
		writeProblem(w, p)
		return
	}
	code := duediligence.ErrorCode(err)
	row, ok := statusOf[code]
	if !ok {
		code, row = duediligence.CodeInternal, statusOf[duediligence.CodeInternal]
	}
	p.Type, p.Title, p.Status = problemBase+string(code), row.title, row.status
	li.errorCode = string(code)
	if code == duediligence.CodeInternal {
		s.log.ErrorContext(r.Context(), "internal error", "request_id", li.requestID, "method", r.Method,
			"path", maskIDs(r.URL.Path), "error", maskIDs(err.Error()))
		p.Detail = "an internal error occurred; quote request ID " + li.requestID + " when you report it"
		if s.problemLang(r) == check.ZH {
			p.Detail = "服务器内部错误；报告问题时请提供请求编号 " + li.requestID
		}
		localize(&p, string(code), s.problemLang(r))
		writeProblem(w, p)
		return
	}
	var de *duediligence.Error
	if errors.As(err, &de) {
		p.Detail, p.Errors, p.Unmet = de.Message, de.Fields, de.Unmet
		p.Action, p.AllowedRoles = de.Action, de.Roles
		p.domain = de
	}
	if p.Detail == "" {
		p.Detail = row.title
	}
	localize(&p, string(code), s.problemLang(r))
	writeProblem(w, p)
}

// writeProblem writes p with its status.
func writeProblem(w http.ResponseWriter, p problem) {
	body, err := json.Marshal(p)
	if err != nil { // cannot happen: problem holds only strings and ints
		body = []byte(`{"type":"` + problemBase + `internal","title":"Internal error","status":500}`)
		p.Status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(p.Status)
	_, _ = w.Write(body)
}

// writeJSON writes v as JSON with status. v is encoded before anything is
// written, so an encoding failure is still answered as a problem.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding the response: %w", err)
	}
	body = append(body, '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return nil
}

// writeEncodedJSON answers b, what json.Marshal gave of a value, as
// writeJSON answers the value: the same bytes, newline and headers. b is
// not changed.
func writeEncodedJSON(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	_, _ = w.Write(b)
	_, _ = w.Write(newline)
}

var newline = []byte{'\n'}
