package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRequestID checks which client request IDs are kept: 8 to 64
// characters of [A-Za-z0-9._:-] without a run of 15 digits; anything else,
// a resident ID number above all, is replaced by a fresh UUID.
func TestRequestID(t *testing.T) {
	e := newEnv(t)
	for _, kept := range []string{"lb-7f3a:0001", "req.0042", strings.Repeat("a", 64), "trace_20260302093000_01", "12345678901234"} {
		r := e.do(t, "", "GET", "/healthz", nil, "X-Request-ID", kept).must(t, http.StatusOK)
		require.Equal(t, kept, r.header.Get("X-Request-ID"), "a sensible client ID is kept")
	}
	fresh := `^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`
	for _, sent := range []string{"", "two words", "<script>", "req-42", strings.Repeat("a", 65), "11010519491231002X",
		"id-110105194912310021", "legacy-110105491231002", "trace-" + strings.Repeat("9", 15), "名字-00000001"} {
		r := e.do(t, "", "GET", "/healthz", nil, "X-Request-ID", sent).must(t, http.StatusOK)
		require.Regexp(t, fresh, r.header.Get("X-Request-ID"), "sent %q", sent)
	}
	p := problemOf(t, e.do(t, "", "GET", "/v1/me", nil, "X-Request-ID", "req-0042"), http.StatusUnauthorized, "unauthorized")
	require.Equal(t, "req-0042", p.RequestID, "problems quote the request ID")
	require.NotContains(t, e.logs.String(), "19491231", "no resident ID sent as a request ID reaches the log")
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

// TestAccessLog_residentIDInRequestID checks that a resident ID sent as the
// request ID is not the request's ID, in the answer or in the log.
func TestAccessLog_residentIDInRequestID(t *testing.T) {
	e := newEnv(t)
	r := e.do(t, am, "GET", "/v1/cases", nil, "X-Request-ID", "11010519491231002X").must(t, http.StatusOK)
	id := r.header.Get("X-Request-ID")
	require.NotContains(t, id, "19491231")
	entries := e.logs.entries(t, "request")
	require.Len(t, entries, 1)
	require.Equal(t, id, entries[0]["request_id"], "the log names the fresh ID the client was given")
	require.NotContains(t, e.logs.String(), "19491231")
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

	// A store error that quotes a resident ID is logged masked.
	e.hooks.setFindHook(func() error { return errors.New("row of 11010519491231002X does not decode") })
	problemOf(t, e.do(t, auditor, "GET", "/v1/cases/"+c.ID+"/events", nil), http.StatusInternalServerError, "internal")
	internal = e.logs.entries(t, "internal error")
	require.Len(t, internal, 2)
	require.Contains(t, internal[1]["error"], "row of 110105********002X does not decode")
	require.NotContains(t, e.logs.String(), "11010519491231002X")
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
