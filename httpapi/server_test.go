package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRequestID(t *testing.T) {
	e := newEnv(t)
	r := e.do(t, "", "GET", "/healthz", nil, "X-Request-ID", "lb-7f3a:0001").must(t, http.StatusOK)
	require.Equal(t, "lb-7f3a:0001", r.header.Get("X-Request-ID"), "a sensible client ID is kept")
	for _, sent := range []string{"", "two words", "<script>"} {
		r = e.do(t, "", "GET", "/healthz", nil, "X-Request-ID", sent).must(t, http.StatusOK)
		require.Regexp(t, `^[0-9a-f]{32}$`, r.header.Get("X-Request-ID"), "sent %q", sent)
	}
	p := problemOf(t, e.do(t, "", "GET", "/v1/me", nil, "X-Request-ID", "req-42"), http.StatusUnauthorized, "unauthorized")
	require.Equal(t, "req-42", p.RequestID, "problems quote the request ID")
}

// TestAccessLog checks the log entry of each request, and that no resident
// ID reaches the log, whether in a search or in a path.
func TestAccessLog(t *testing.T) {
	e := newEnv(t)
	e.createCase(t, personBody)
	e.do(t, dm, "GET", "/v1/cases?q=11010519491231002X", nil, "X-Request-ID", "search-1").must(t, http.StatusOK)
	problemOf(t, e.do(t, auditor, "GET", "/v1/cases/11010519491231002X", nil, "X-Request-ID", "lookup-1"), http.StatusNotFound, "not_found")

	byID := map[string]map[string]any{}
	for _, entry := range e.logs.entries(t, "request") {
		byID[entry["request_id"].(string)] = entry
	}
	search := byID["search-1"]
	require.NotNil(t, search)
	require.Equal(t, "GET", search["method"])
	require.Equal(t, "/v1/cases", search["path"])
	require.Equal(t, "GET /v1/cases", search["route"])
	require.EqualValues(t, 200, search["status"])
	require.Equal(t, e.users[dm].ID, search["actor_id"])
	require.Equal(t, "department_manager", search["actor_role"])
	require.IsType(t, float64(0), search["duration_ms"])

	lookup := byID["lookup-1"]
	require.NotNil(t, lookup)
	require.EqualValues(t, 404, lookup["status"])
	require.Equal(t, "not_found", lookup["error_code"])
	require.Equal(t, "/v1/cases/110105********002X", lookup["path"])

	require.NotContains(t, e.logs.String(), "11010519491231002X")
}

// TestPanic checks that a panic in a handler is a 500 problem, logged with
// its stack, and that the server goes on serving.
func TestPanic(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	e.hooks.setFindHook(func() error { panic("store exploded on 11010519491231002X") })
	p := problemOf(t, e.do(t, am, "GET", "/v1/cases/"+c.ID, nil), http.StatusInternalServerError, "internal")
	require.NotContains(t, p.Detail, "exploded")
	require.Contains(t, p.Detail, p.RequestID)

	panics := e.logs.entries(t, "panic")
	require.Len(t, panics, 1)
	require.Equal(t, p.RequestID, panics[0]["request_id"])
	require.Contains(t, panics[0]["panic"], "exploded")
	require.Contains(t, panics[0]["stack"], "FindCaseByID")
	require.NotContains(t, e.logs.String(), "11010519491231002X")
	var logged bool
	for _, entry := range e.logs.entries(t, "request") {
		if entry["request_id"] == p.RequestID {
			require.EqualValues(t, 500, entry["status"])
			require.Equal(t, "ERROR", entry["level"])
			logged = true
		}
	}
	require.True(t, logged, "the access log has the request")

	e.hooks.setFindHook(nil)
	e.do(t, am, "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusOK)
}

// TestInternalError checks that an unexpected error is a 500 whose detail
// stays in the log.
func TestInternalError(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	e.hooks.setFindHook(func() error { return errors.New("disk on fire at sector 7") })
	p := problemOf(t, e.do(t, auditor, "GET", "/v1/cases/"+c.ID+"/events", nil), http.StatusInternalServerError, "internal")
	require.NotContains(t, p.Detail, "disk")
	internal := e.logs.entries(t, "internal error")
	require.Len(t, internal, 1)
	require.Equal(t, p.RequestID, internal[0]["request_id"])
	require.Contains(t, internal[0]["error"], "disk on fire at sector 7")
	require.Contains(t, internal[0]["error"], "Service.Events", "the operation that failed")
}

func TestHealth(t *testing.T) {
	e := newEnv(t)
	require.JSONEq(t, `{"status":"ok"}`, string(e.do(t, "", "GET", "/healthz", nil).must(t, http.StatusOK).body))
	require.JSONEq(t, `{"status":"ok"}`, string(e.do(t, "", "GET", "/readyz", nil).must(t, http.StatusOK).body))

	down := newEnv(t, func(c *envConfig) {
		c.opt.Ready = func(ctx context.Context) error { return errors.New("connection refused") }
	})
	r := down.do(t, "", "GET", "/readyz", nil)
	p := problemOf(t, r, http.StatusServiceUnavailable, "unavailable")
	require.NotContains(t, p.Detail, "refused")
	require.Equal(t, "5", r.header.Get("Retry-After"))
	down.do(t, "", "GET", "/healthz", nil).must(t, http.StatusOK)
	require.Contains(t, down.logs.String(), "connection refused")
}

// TestUnknownRoute checks that what no route serves is answered as a
// problem too: 404 for an unknown path, 405 with Allow for a known path.
func TestUnknownRoute(t *testing.T) {
	e := newEnv(t)
	problemOf(t, e.do(t, am, "GET", "/v1/nothing", nil), http.StatusNotFound, "not_found")
	problemOf(t, e.do(t, "", "GET", "/", nil), http.StatusNotFound, "not_found")
	r := e.do(t, am, "DELETE", "/v1/cases/x", nil)
	problemOf(t, r, http.StatusMethodNotAllowed, "method_not_allowed")
	require.ElementsMatch(t, []string{"GET", "HEAD", "PATCH"}, strings.Split(strings.ReplaceAll(r.header.Get("Allow"), " ", ""), ","))
}
