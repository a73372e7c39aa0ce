package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/httpapi"
)

func TestServeEnv_options(t *testing.T) {
	opt, err := loadServeEnv(func(string) string { return "" }).options()
	require.NoError(t, err)
	assert.Equal(t, httpapi.DefaultRequestTimeout, opt.RequestTimeout)
	assert.Equal(t, httpapi.DefaultTransferTimeout, opt.TransferTimeout)
	assert.Equal(t, httpapi.DefaultMaxInFlight, opt.MaxInFlight)

	assert.Empty(t, opt.CORSOrigins, "CORS is off by default")

	vars := map[string]string{"JINZHI_REQUEST_TIMEOUT": "10s", "JINZHI_TRANSFER_TIMEOUT": "1h", "JINZHI_MAX_IN_FLIGHT": "-1",
		"JINZHI_CORS_ORIGINS": " https://loans.example.com, http://localhost:5173/ ,"}
	opt, err = loadServeEnv(func(k string) string { return vars[k] }).options()
	require.NoError(t, err)
	assert.Equal(t, 10*time.Second, opt.RequestTimeout)
	assert.Equal(t, time.Hour, opt.TransferTimeout)
	assert.Equal(t, -1, opt.MaxInFlight)
	assert.Equal(t, []string{"https://loans.example.com", "http://localhost:5173/"}, opt.CORSOrigins)

	for name, value := range map[string]string{"JINZHI_REQUEST_TIMEOUT": "30", "JINZHI_TRANSFER_TIMEOUT": "-5m", "JINZHI_MAX_IN_FLIGHT": "0",
		"JINZHI_CORS_ORIGINS": "https://ok.example.com,loans.example.com"} {
		getenv, _ := env(t, map[string]string{name: value})
		code, _, errOut := runCmd(t, getenv, "serve")
		assert.Equal(t, 1, code, name)
		assert.Contains(t, errOut, name, "the refusal names the variable")
	}
}

// lineWaiter is a log destination that tells when a line matching re
// arrives, so that a test waits for the server without polling.
type lineWaiter struct {
	re    *regexp.Regexp
	found chan []string
	mu    sync.Mutex
	buf   bytes.Buffer
	once  sync.Once
}

func (w *lineWaiter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if m := w.re.FindStringSubmatch(w.buf.String()); m != nil {
		w.once.Do(func() { w.found <- m })
	}
	return len(p), nil
}

func (w *lineWaiter) String() string { w.mu.Lock(); defer w.mu.Unlock(); return w.buf.String() }

// TestServe_slowClient checks that the server serve starts cuts off a
// client that sends its body one byte at a time, with the deadline of
// JINZHI_REQUEST_TIMEOUT.
func TestServe_slowClient(t *testing.T) {
	getenv, _ := env(t, map[string]string{"JINZHI_REQUEST_TIMEOUT": "300ms"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &lineWaiter{re: regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`), found: make(chan []string, 1)}
	var stdout syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, getenv, &stdout, stderr) }()
	var addr string
	select {
	case m := <-stderr.found:
		addr = m[1]
	case code := <-done:
		t.Fatalf("serve stopped with %d: %s", code, stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	var token string
	for _, line := range strings.Split(stdout.String(), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "account_manager" {
			token = f[1]
		}
	}
	require.NotEmpty(t, token, stdout.String())

	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(15*time.Second)))
	_, err = fmt.Fprintf(conn, "POST /v1/cases HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", addr, token)
	require.NoError(t, err)
	start := time.Now()
	stop, dribbled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(dribbled)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for range 500 {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			if _, err := conn.Write([]byte(" ")); err != nil {
				return
			}
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	close(stop)
	<-dribbled
	require.NoError(t, err, "the slow client was never answered")
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestTimeout, resp.StatusCode)
	assert.Less(t, time.Since(start), 5*time.Second)

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, stderr.String())
	case <-time.After(40 * time.Second):
		t.Fatal("server did not stop")
	}
}

// startServe runs serve with getenv and args until the test ends, and
// returns the listening line's submatches of re, its output and its exit.
func startServe(t *testing.T, getenv func(string) string, re string, args ...string) ([]string, *syncBuffer, *lineWaiter, chan int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &lineWaiter{re: regexp.MustCompile(re), found: make(chan []string, 1)}
	stdout := &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...), getenv, stdout, stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(40 * time.Second):
			t.Error("server did not stop")
		}
	})
	select {
	case m := <-stderr.found:
		return m, stdout, stderr, done
	case code := <-done:
		done <- code
		t.Fatalf("serve stopped with %d: %s", code, stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	return nil, nil, nil, nil
}

// scrapeText GETs a metrics URL with the token, if any.
func scrapeText(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// TestServe_metrics starts serve with its metrics on a listener of their
// own behind a token, flags overriding the environment, and scrapes the
// API's counters, the case gauges read from the store and the pools.
func TestServe_metrics(t *testing.T) {
	getenv, _ := env(t, map[string]string{"JINZHI_METRICS_TOKEN": "scrape-me", "JINZHI_REQUEST_TIMEOUT": "not a duration",
		"JINZHI_METRICS_ADDR": "not-an-address"})
	m, stdout, stderr, _ := startServe(t, getenv, `"msg":"listening","addr":"([^"]+)".*"request_timeout":"([^"]+)".*"metrics":"([^"]+)"`,
		"--request-timeout", "7s", "--metrics-addr", "127.0.0.1:0")
	base, metricsURL := "http://"+m[1], m[3]
	assert.Equal(t, "7s", m[2], "the flag wins over JINZHI_REQUEST_TIMEOUT")
	require.True(t, strings.HasSuffix(metricsURL, "/metrics"), metricsURL)
	assert.NotContains(t, metricsURL, m[1], "metrics are not on the API's listener")
	assert.NotContains(t, stderr.String(), "scrape-me", "the token is not logged")

	var token string
	for _, line := range strings.Split(stdout.String(), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "account_manager" {
			token = f[1]
		}
	}
	req, err := http.NewRequest("POST", base+"/v1/cases", strings.NewReader(`{"applicant":{"kind":"person","name":"张三","id_number":"11010519491231002X","marital_status":"single"},
		"request":{"amount":"500000.00","term_months":36,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.0850","repayment_source":"经营收入"}}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)

	code, _ := scrapeText(t, metricsURL, "")
	assert.Equal(t, http.StatusUnauthorized, code, "a scrape without the token")
	code, _ = scrapeText(t, metricsURL, "wrong")
	assert.Equal(t, http.StatusUnauthorized, code)
	code, body := scrapeText(t, metricsURL, "scrape-me")
	require.Equal(t, http.StatusOK, code, body)
	for _, line := range []string{
		`jinzhi_http_requests_total{code="201",method="POST",route="/v1/cases"} 1`,
		`jinzhi_cases{stage="intake"} 1`,
		`jinzhi_cases{stage="submitted"} 0`,
		`go_sql_max_open_connections{db_name="sqlite_write"} 1`,
		`go_sql_max_open_connections{db_name="sqlite_read"} 4`,
	} {
		assert.Contains(t, body, line+"\n")
	}
	assert.Regexp(t, `(?m)^go_build_info\{`, body)
	assert.Regexp(t, `(?m)^process_resident_memory_bytes `, body)
	assert.NotContains(t, body, "11010519491231002X")

	code, _ = scrapeText(t, strings.TrimSuffix(metricsURL, "/metrics")+"/v1/cases", "scrape-me")
	assert.Equal(t, http.StatusNotFound, code, "the metrics listener serves /metrics only")
	code, _ = scrapeText(t, base+"/metrics", "scrape-me")
	assert.Equal(t, http.StatusNotFound, code, "the API's listener has no /metrics")
}

// TestServe_metricsAddress checks off, and the default address taken:
// serve goes on without metrics, but an address asked for must be had.
func TestServe_metricsAddress(t *testing.T) {
	getenv, _ := env(t, map[string]string{"JINZHI_METRICS_ADDR": "off"})
	m, _, _, _ := startServe(t, getenv, `"msg":"listening".*"metrics":"([^"]+)"`)
	assert.Equal(t, "off", m[1])

	// Hold the default address, unless another process does already.
	if ln, err := net.Listen("tcp", defaultMetricsAddr); err == nil {
		t.Cleanup(func() { ln.Close() })
	}
	getenv, _ = env(t, nil)
	_, _, stderr, _ := startServe(t, getenv, `"msg":"listening".*"metrics":"off"`)
	assert.Contains(t, stderr.String(), "metrics not served: the default address is taken")

	getenv, _ = env(t, map[string]string{"JINZHI_METRICS_ADDR": defaultMetricsAddr})
	code, _, errOut := runBounded(t, getenv, "serve")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "metrics listener")
}

func TestReachable(t *testing.T) {
	for addr, want := range map[string]string{":8080": "localhost:8080", "0.0.0.0:8080": "localhost:8080", "[::]:8080": "localhost:8080",
		"127.0.0.1:8080": "127.0.0.1:8080", "[::1]:8080": "[::1]:8080"} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		require.NoError(t, err)
		assert.Equal(t, want, reachable(a), addr)
	}
}
