package httpapi_test

import (
	"bufio"
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/httpapi"
)

// scrape reads h as Prometheus would and returns every sample by its series
// ("name{label="value",…}", labels in the order the text format writes
// them: sorted) with the body.
func scrape(t *testing.T, h http.Handler, hdr ...string) (map[string]float64, string) {
	t.Helper()
	req := httptest.NewRequest("GET", "/metrics", nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	samples := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(rec.Body.Bytes()))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		require.Positive(t, i, line)
		v, err := strconv.ParseFloat(line[i+1:], 64)
		require.NoError(t, err, line)
		samples[line[:i]] = v
	}
	return samples, rec.Body.String()
}

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	e := newEnv(t, func(c *envConfig) { c.opt.Metrics = reg })
	h := httpapi.MetricsHandler(reg, "", nil)

	c := e.createCase(t, personBody)
	e.do(t, am, "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusOK)
	e.do(t, am, "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusOK)
	e.do(t, "", "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusUnauthorized)
	e.do(t, am, "GET", "/v1/nothing-here/"+c.ID, nil).must(t, http.StatusNotFound)

	m, body := scrape(t, h)
	get := `{code="200",method="GET",route="/v1/cases/{id}"}`
	assert.Equal(t, 1.0, m[`jinzhi_http_requests_total{code="201",method="POST",route="/v1/cases"}`], body)
	assert.Equal(t, 2.0, m[`jinzhi_http_requests_total`+get], body)
	assert.Equal(t, 2.0, m[`jinzhi_http_request_duration_seconds_count`+get], body)
	assert.Equal(t, 1.0, m[`jinzhi_http_requests_total{code="401",method="GET",route="/v1/cases/{id}"}`], body)
	assert.Equal(t, 1.0, m[`jinzhi_http_requests_total{code="404",method="GET",route="none"}`], "no route: not the path, %s", body)
	assert.Equal(t, 0.0, m[`jinzhi_http_requests_in_flight`])
	assert.NotContains(t, body, c.ID, "a route is its pattern, never the path with its IDs")
	assert.NotContains(t, body, "jinzhi_gate_refusals_total{", "no refusal yet")

	// A gate refusal counts each rule it names; it is answered 409.
	p := problemOf(t, e.write(t, am, "POST", c.ID, "/transitions", `{"to":"investigation"}`), http.StatusConflict, "gate")
	require.NotEmpty(t, p.Unmet)
	want := map[string]float64{}
	for _, u := range p.Unmet {
		want[u.Rule]++
	}
	m, body = scrape(t, h)
	for rule, n := range want {
		assert.Equal(t, n, m[`jinzhi_gate_refusals_total{rule="`+rule+`"}`], "%s: %s", rule, body)
	}
	assert.Equal(t, 1.0, m[`jinzhi_http_requests_total{code="409",method="POST",route="/v1/cases/{id}/transitions"}`], body)

	// A refusal that is not a gate's counts no rule.
	e.do(t, am, "POST", "/v1/cases/"+c.ID+"/transitions", `{"to":"investigation"}`, "If-Match", `"99"`).must(t, http.StatusPreconditionFailed)
	again, _ := scrape(t, h)
	for rule, n := range want {
		assert.Equal(t, n, again[`jinzhi_gate_refusals_total{rule="`+rule+`"}`], rule)
	}
}

// TestMetrics_registries checks that two servers keep their own counts in
// their own registries, and that two on one registry share it rather than
// fail.
func TestMetrics_registries(t *testing.T) {
	one, two := prometheus.NewRegistry(), prometheus.NewRegistry()
	e1 := newEnv(t, func(c *envConfig) { c.opt.Metrics = one })
	newEnv(t, func(c *envConfig) { c.opt.Metrics = two })
	e1.do(t, am, "GET", "/v1/me", nil).must(t, http.StatusOK)
	series := `jinzhi_http_requests_total{code="200",method="GET",route="/v1/me"}`
	m1, _ := scrape(t, httpapi.MetricsHandler(one, "", nil))
	m2, _ := scrape(t, httpapi.MetricsHandler(two, "", nil))
	assert.Equal(t, 1.0, m1[series])
	assert.Equal(t, 0.0, m2[series])

	e3 := newEnv(t, func(c *envConfig) { c.opt.Metrics = one })
	e3.do(t, am, "GET", "/v1/me", nil).must(t, http.StatusOK)
	m1, _ = scrape(t, httpapi.MetricsHandler(one, "", nil))
	assert.Equal(t, 2.0, m1[series], "one registry, two servers: one count")
}

// TestMetricsHandler_token checks that with a token a scrape must send it.
func TestMetricsHandler_token(t *testing.T) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewCounter(prometheus.CounterOpts{Name: "probe_total", Help: "a probe"}))
	h := httpapi.MetricsHandler(reg, "s3cret-metrics-token", nil)
	for _, auth := range []string{"", "Bearer", "Bearer wrong", "Basic s3cret-metrics-token", "Bearer s3cret-metrics-token2"} {
		req := httptest.NewRequest("GET", "/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusUnauthorized, rec.Code, auth)
		assert.Contains(t, rec.Header().Get("WWW-Authenticate"), "Bearer", auth)
		assert.NotContains(t, rec.Body.String(), "probe_total", auth)
	}
	m, _ := scrape(t, h, "Authorization", "bearer s3cret-metrics-token")
	assert.Contains(t, m, "probe_total")
}
