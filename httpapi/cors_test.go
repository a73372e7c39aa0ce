package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const frontend = "https://loans.example.com"

// preflight sends the OPTIONS request a browser sends before a PATCH with
// If-Match from origin, without a token as browsers do, bypassing the
// validating client: a preflight is CORS's, not an operation of the API.
func preflight(t *testing.T, e *env, origin, path string) response {
	t.Helper()
	req, err := http.NewRequest("OPTIONS", e.srv.URL+path, nil)
	require.NoError(t, err)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", "PATCH")
	req.Header.Set("Access-Control-Request-Headers", "authorization,content-type,if-match")
	resp, err := e.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return response{status: resp.StatusCode, header: resp.Header, body: body}
}

// TestCORS_off checks that without allowed origins the API sends no CORS
// header, and a preflight finds no OPTIONS route.
func TestCORS_off(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	r := preflight(t, e, frontend, "/v1/cases/"+c.ID)
	require.Equal(t, http.StatusMethodNotAllowed, r.status)
	require.Empty(t, r.header.Get("Access-Control-Allow-Origin"))
	r = e.do(t, am, "GET", "/v1/cases/"+c.ID, nil, "Origin", frontend).must(t, http.StatusOK)
	require.Empty(t, r.header.Get("Access-Control-Allow-Origin"))
	require.NotContains(t, r.header.Values("Vary"), "Origin")
}

// TestCORS checks a browser frontend on an allowed origin: its preflight is
// answered without a token, naming what it may send, and the answers it
// gets expose what it reads; another origin is refused.
func TestCORS(t *testing.T) {
	e := newEnv(t, func(c *envConfig) { c.opt.CORSOrigins = []string{frontend, "http://localhost:5173/"} })
	c := e.createCase(t, personBody)
	path := "/v1/cases/" + c.ID

	r := preflight(t, e, frontend, path)
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.body)
	require.Equal(t, frontend, r.header.Get("Access-Control-Allow-Origin"))
	require.Empty(t, r.header.Get("Access-Control-Allow-Credentials"), "bearer tokens are not credentials to CORS")
	require.Equal(t, "600", r.header.Get("Access-Control-Max-Age"))
	methods := splitList(r.header.Get("Access-Control-Allow-Methods"))
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		require.Contains(t, methods, m)
	}
	allowed := splitList(strings.ToLower(r.header.Get("Access-Control-Allow-Headers")))
	for _, h := range []string{"if-match", "idempotency-key", "authorization", "content-type", "accept-language"} {
		require.Contains(t, allowed, h)
	}
	require.Contains(t, r.header.Values("Vary"), "Origin")
	require.Equal(t, http.StatusNoContent, preflight(t, e, "http://localhost:5173", "/v1/cases").status, "an origin configured with a trailing slash")

	// Another origin's preflight is refused, with no CORS header for the
	// browser to act on.
	r = preflight(t, e, "https://loans.example.com.evil.test", path)
	require.Equal(t, http.StatusForbidden, r.status)
	require.Empty(t, r.header.Get("Access-Control-Allow-Origin"))
	var p problem
	require.NoError(t, json.Unmarshal(r.body, &p))
	require.Equal(t, "https://jinzhi.dev/problems/origin_not_allowed", p.Type)

	// The answers to the frontend expose the headers it reads.
	r = e.do(t, am, "GET", path, nil, "Origin", frontend).must(t, http.StatusOK)
	require.Equal(t, frontend, r.header.Get("Access-Control-Allow-Origin"))
	exposed := splitList(r.header.Get("Access-Control-Expose-Headers"))
	for _, h := range []string{"ETag", "Location", "Retry-After", "X-Request-ID"} {
		require.Contains(t, exposed, h)
	}
	r = e.do(t, am, "PATCH", path, update, "Origin", frontend, "If-Match", r.header.Get("ETag")).must(t, http.StatusOK)
	require.Equal(t, frontend, r.header.Get("Access-Control-Allow-Origin"))
	// A refusal too, so that the page can read why.
	r = e.do(t, "", "GET", path, nil, "Origin", frontend)
	problemOf(t, r, http.StatusUnauthorized, "unauthorized")
	require.Equal(t, frontend, r.header.Get("Access-Control-Allow-Origin"))
	// A rendered report varies by origin as well as by Accept.
	e.write(t, am, "POST", c.ID, "/report", nil).must(t, http.StatusOK)
	r = e.do(t, am, "GET", path+"/report", nil, "Origin", frontend, "Accept", "text/markdown").must(t, http.StatusOK)
	require.ElementsMatch(t, []string{"Origin", "Accept, Accept-Language"}, r.header.Values("Vary"))

	// Another origin's requests are served, without CORS headers: the
	// browser keeps the answer from the page.
	r = e.do(t, am, "GET", path, nil, "Origin", "https://evil.test").must(t, http.StatusOK)
	require.Empty(t, r.header.Get("Access-Control-Allow-Origin"))
}

// TestCORS_anyOrigin checks "*", for development.
func TestCORS_anyOrigin(t *testing.T) {
	e := newEnv(t, func(c *envConfig) { c.opt.CORSOrigins = []string{"*"} })
	r := preflight(t, e, "http://127.0.0.1:3000", "/v1/cases")
	require.Equal(t, http.StatusNoContent, r.status)
	require.Equal(t, "*", r.header.Get("Access-Control-Allow-Origin"))
}

// splitList splits a comma-separated header value.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}
