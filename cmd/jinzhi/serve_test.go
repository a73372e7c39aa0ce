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
