package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
)

// The API logs one access entry per request and the details of internal
// errors, panics and late failures. None of them may hold a whole resident
// ID number (DESIGN §9, §11): New wraps its Logger in MaskResidentIDs, so
// whatever logs an entry, and whatever the entry holds — a path, an error
// from the store, a panic's value — it is masked on the way out.

// logAccess writes the access log entry of a request. It never logs the
// query string (a search may hold a resident ID) and masks anything in the
// path that looks like one.
func (s *server) logAccess(r *http.Request, rec *statusRecorder, li *logInfo, start time.Time) {
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	attrs := []slog.Attr{
		slog.String("request_id", li.requestID),
		slog.String("method", r.Method),
		slog.String("path", maskIDs(r.URL.Path)),
		slog.String("route", li.route),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		slog.Int64("bytes", rec.bytes),
	}
	if li.actorID != "" {
		attrs = append(attrs, slog.String("actor_id", li.actorID), slog.String("actor_role", string(li.actorRole)))
	}
	if li.errorCode != "" {
		attrs = append(attrs, slog.String("error_code", li.errorCode))
	}
	level := slog.LevelInfo
	switch {
	case li.errorCode == "unavailable":
		// The outage is logged once, at WARN (unavailable.go).
		level = slog.LevelInfo
	case status == http.StatusServiceUnavailable:
		// Busy, not broken: one line per refused request at ERROR would
		// bury the errors when it matters most.
		level = slog.LevelWarn
	case status >= 500:
		level = slog.LevelError
	}
	s.log.LogAttrs(r.Context(), level, "request", attrs...)
}

// logInfo is what the handlers learn about a request that its access log
// entry reports.
type logInfo struct {
	requestID string
	route     string
	actorID   string
	actorRole duediligence.Role
	errorCode string
	// transfer: the route streams a file, with TransferTimeout.
	transfer bool
	// bodyTimedOut: reading the body met the connection's deadline.
	bodyTimedOut bool
}

type logInfoKey struct{}

func logInfoOf(ctx context.Context) *logInfo {
	if li, ok := ctx.Value(logInfoKey{}).(*logInfo); ok {
		return li
	}
	return &logInfo{} // a handler called without ServeHTTP, as in tests of one function
}

// requestID returns the client's X-Request-ID if it has a safe shape (see
// validRequestID), or a new one: a UUIDv7, whose groups of at most twelve
// hex digits can never look like a resident ID to the log's masking.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-ID"); validRequestID(id) {
		return id
	}
	return uuid.Must(uuid.NewV7()).String()
}

// The bounds of a client's request ID.
const (
	minRequestID = 8
	maxRequestID = 64
	// maxDigitRun is the longest run of digits a client's request ID may
	// hold: a run of 15 or more could be a resident ID number (15 digits in
	// the first generation, 18 today), which the ID would carry into every
	// log entry of the request.
	maxDigitRun = 14
)

// validRequestID reports whether a client's X-Request-ID is kept: 8 to 64
// characters of [A-Za-z0-9._:-] without a run of 15 or more digits.
func validRequestID(id string) bool {
	if len(id) < minRequestID || len(id) > maxRequestID {
		return false
	}
	run := 0
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case '0' <= c && c <= '9':
			if run++; run > maxDigitRun {
				return false
			}
			continue
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
		run = 0
	}
	return true
}

// residentIDLike matches what could be a resident ID number: 15 to 18
// digits, the last maybe an X.
var residentIDLike = regexp.MustCompile(`\d{14,17}[\dXx]`)

// maskIDs masks every resident-ID-like number in s, for logs. Most of what
// is logged (every access log entry's path and route) has no run of 14
// digits, without which residentIDLike cannot match: s is returned as it
// is, without running the expression.
func maskIDs(s string) string {
	if !hasDigitRun(s, 14) {
		return s
	}
	return residentIDLike.ReplaceAllStringFunc(s, identity.MaskResidentID)
}

// hasDigitRun reports whether s holds n ASCII digits in a row (\d in an
// expression is ASCII only).
func hasDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; '0' <= c && c <= '9' {
			if run++; run >= n {
				return true
			}
			continue
		}
		run = 0
	}
	return false
}

// MaskResidentIDs returns a handler that passes h every record with each
// resident-ID-like number (15 to 18 digits, the last maybe an X) masked as
// 110105********002X: in the message and in every attribute's value, in
// groups, in errors and other values as they print, and in the attributes
// given to WithAttrs. New wraps Options.Logger in it; a program can wrap its
// other logs (http.Server.ErrorLog) the same way. Masking twice changes
// nothing.
func MaskResidentIDs(h slog.Handler) slog.Handler {
	if m, ok := h.(maskingHandler); ok {
		return m
	}
	return maskingHandler{h: h}
}

// maskingHandler is the handler MaskResidentIDs returns.
type maskingHandler struct{ h slog.Handler }

func (m maskingHandler) Enabled(ctx context.Context, l slog.Level) bool { return m.h.Enabled(ctx, l) }

func (m maskingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, maskIDs(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(maskAttr(a))
		return true
	})
	return m.h.Handle(ctx, out)
}

func (m maskingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	masked := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		masked[i] = maskAttr(a)
	}
	return maskingHandler{h: m.h.WithAttrs(masked)}
}

func (m maskingHandler) WithGroup(name string) slog.Handler {
	return maskingHandler{h: m.h.WithGroup(name)}
}

// maskAttr masks the value of a, resolved first so that a LogValuer cannot
// hide an ID from it.
func maskAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, maskIDs(v.String()))
	case slog.KindGroup:
		group := v.Group()
		masked := make([]slog.Attr, len(group))
		for i, g := range group {
			masked[i] = maskAttr(g)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(masked...)}
	case slog.KindInt64:
		// An 18-digit resident ID without its X fits an int64.
		if s := strconv.FormatInt(v.Int64(), 10); maskIDs(s) != s {
			return slog.String(a.Key, maskIDs(s))
		}
	case slog.KindUint64:
		if s := strconv.FormatUint(v.Uint64(), 10); maskIDs(s) != s {
			return slog.String(a.Key, maskIDs(s))
		}
	case slog.KindAny:
		// An error, a panic's value or a struct: masked as it prints, when
		// printing shows something to mask.
		if s := fmt.Sprint(v.Any()); maskIDs(s) != s {
			return slog.String(a.Key, maskIDs(s))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
