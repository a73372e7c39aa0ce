package httpapi

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"
)

// A client cannot hold the server (DESIGN §11): every request has deadlines
// on its connection, set when its headers are in — short for JSON, long for
// the routes that stream a document's file, and only once the caller is
// known to be allowed to stream — and the requests served at once are
// capped, one over the cap answered 503 at once rather than queued.

// The defaults of the Options that bound requests.
const (
	// DefaultRequestTimeout is the default of Options.RequestTimeout.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultTransferTimeout is the default of Options.TransferTimeout.
	DefaultTransferTimeout = 15 * time.Minute
	// DefaultMaxInFlight is the default of Options.MaxInFlight.
	DefaultMaxInFlight = 512
)

const (
	// retryAfter is what a 503 of the in-flight cap asks a client to wait,
	// in seconds: requests are short, so a slot frees up soon.
	retryAfter = "1"
)

// setDeadlines gives the request's connection a read deadline d from now,
// for the body, and a write deadline 2d from now, for the answer. A
// ResponseWriter that cannot take deadlines (a test's recorder) goes
// without.
func setDeadlines(w http.ResponseWriter, d time.Duration) {
	rc := http.NewResponseController(w)
	now := time.Now()
	if err := rc.SetReadDeadline(now.Add(d)); errors.Is(err, http.ErrNotSupported) {
		return
	}
	_ = rc.SetWriteDeadline(now.Add(2 * d))
}

// timedBody is a request body that remembers a read cut short by the
// connection's deadline, so that the request is answered 408 whatever the
// handler made of the failure.
type timedBody struct {
	io.ReadCloser
	li *logInfo
}

func (b timedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		b.li.bodyTimedOut = true
	}
	return n, err
}

// bodyTimeout is the 408 of a body that did not arrive in time.
func (s *server) bodyTimeout(r *http.Request) *httpError {
	d := s.timeout
	if logInfoOf(r.Context()).transfer {
		d = s.transferTimeout
	}
	return &httpError{status: http.StatusRequestTimeout, kind: "request_timeout", title: "Request timeout",
		detail: fmt.Sprintf("the request body did not arrive within %s", d), detailZH: fmt.Sprintf("请求体未在 %s 内送达", d), header: http.Header{"Connection": {"close"}}}
}

// admitInFlight takes one of the in-flight slots for r, or answers false
// when none is free. The probes are not counted: a busy server is alive,
// and says whether it is ready on its own.
func (s *server) admitInFlight(r *http.Request) (release func(), ok bool) {
	if s.slots == nil || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
		return func() {}, true
	}
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, true
	default:
		return nil, false
	}
}

// overloaded is the 503 of a request over the in-flight cap.
func (s *server) overloaded() *httpError {
	return &httpError{status: http.StatusServiceUnavailable, kind: "overloaded", title: "Server busy",
		detail:   "the server is serving as many requests as it may at once (" + strconv.Itoa(cap(s.slots)) + "); retry after " + retryAfter + " s",
		detailZH: "服务器正在处理的请求已达上限（" + strconv.Itoa(cap(s.slots)) + " 个），请 " + retryAfter + " 秒后重试",
		header:   http.Header{"Retry-After": {retryAfter}}}
}
