package httpapi_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// slowClient sends a request's headers on a connection of its own, then
// its body one byte every 20 ms — fast enough that no idle timeout would
// ever cut it off — for at most 10 s. It returns the answer the server gave
// and how long after the headers it came, then requires the server to
// close the connection.
func slowClient(t *testing.T, e *env, head string, bodyLen int) (*http.Response, []byte, time.Duration) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", e.srv.Listener.Addr().String(), 5*time.Second)
	require.NoError(t, err)
	defer conn.Close()
	// Whatever happens, the test ends within this deadline.
	require.NoError(t, conn.SetDeadline(time.Now().Add(15*time.Second)))
	_, err = fmt.Fprintf(conn, "%sContent-Length: %d\r\n\r\n", head, bodyLen)
	require.NoError(t, err)
	start := time.Now()

	stop, dribbled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(dribbled)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		n := 0
		for n < bodyLen && n < 500 {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			if _, err := conn.Write([]byte(" ")); err != nil {
				return
			}
			n++
		}
	}()

	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	elapsed := time.Since(start)
	require.NoError(t, err, "the server never answered the slow client")
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	// The server closes the connection: the next read meets its end (or a
	// reset, for the bytes still coming), not the test's deadline.
	_, err = br.ReadByte()
	require.Error(t, err)
	var ne net.Error
	require.False(t, errors.As(err, &ne) && ne.Timeout(), "the connection stays open: %v", err)
	close(stop)
	<-dribbled
	return resp, body, elapsed
}

// TestSlowBody checks that a client sending its body one byte at a time is
// cut off once the request's deadline passes, answered 408, whether it has
// a token or not, and on the routes that stream files too, with their own
// longer deadline.
func TestSlowBody(t *testing.T) {
	const timeout, transfer = 300 * time.Millisecond, 700 * time.Millisecond
	e := newEnv(t, func(c *envConfig) {
		c.opt.RequestTimeout, c.opt.TransferTimeout = timeout, transfer
	})
	c := e.createCase(t, personBody)
	host := "Host: " + e.srv.Listener.Addr().String() + "\r\n"

	t.Run("JSON", func(t *testing.T) {
		resp, body, elapsed := slowClient(t, e, "POST /v1/cases HTTP/1.1\r\n"+host+"Authorization: Bearer "+e.tokens[am]+
			"\r\nContent-Type: application/json\r\n", 10_000)
		require.Equal(t, http.StatusRequestTimeout, resp.StatusCode, "%s", body)
		var p problem
		require.NoError(t, json.Unmarshal(body, &p))
		require.Equal(t, "https://jinzhi.dev/problems/request_timeout", p.Type)
		require.GreaterOrEqual(t, elapsed, timeout)
		require.Less(t, elapsed, 5*time.Second)
	})
	t.Run("no token", func(t *testing.T) {
		// Refused before its body is read; what is left of it is drained
		// under the same deadline.
		resp, _, elapsed := slowClient(t, e, "POST /v1/cases HTTP/1.1\r\n"+host+"Content-Type: application/json\r\n", 10_000)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		require.Less(t, elapsed, 5*time.Second)
	})
	t.Run("upload", func(t *testing.T) {
		resp, body, elapsed := slowClient(t, e, "PUT /v1/cases/"+c.ID+"/documents/"+docID(t, c, "id_card")+"/content HTTP/1.1\r\n"+host+
			"Authorization: Bearer "+e.tokens[am]+"\r\nContent-Type: image/png\r\nIf-Match: \"1\"\r\n", 10_000)
		require.Equal(t, http.StatusRequestTimeout, resp.StatusCode, "%s", body)
		require.GreaterOrEqual(t, elapsed, transfer, "an upload has the longer deadline")
		require.Less(t, elapsed, 5*time.Second)
		require.Equal(t, `"1"`, e.etag(t, c.ID))
		require.Empty(t, storedFiles(t, e.contentDir), "the cut-off upload left nothing")
	})
	// The server goes on serving.
	e.do(t, am, "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusOK)
	var timedOut int
	for _, entry := range e.logs.entries(t, "request") {
		if entry["status"] == float64(http.StatusRequestTimeout) {
			timedOut++
		}
	}
	require.Equal(t, 2, timedOut, "each cut-off request is in the access log")
}

// TestMaxInFlight checks that a request over the in-flight cap is answered
// 503 with Retry-After at once instead of waiting, that the probes are not
// counted, and that the slot frees up when the request in flight ends.
func TestMaxInFlight(t *testing.T) {
	e := newEnv(t, func(c *envConfig) { c.opt.MaxInFlight = 1 })
	c := e.createCase(t, personBody)

	entered, release := make(chan struct{}), make(chan struct{})
	e.hooks.setFindHook(func() error {
		entered <- struct{}{}
		<-release
		return nil
	})
	first := make(chan int, 1)
	go func() {
		req, err := http.NewRequest("GET", e.srv.URL+"/v1/cases/"+c.ID, nil)
		if err != nil {
			first <- 0
			return
		}
		req.Header.Set("Authorization", "Bearer "+e.tokens[am])
		resp, err := e.client.Do(req)
		if err != nil {
			first <- 0
			return
		}
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	select {
	case <-entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the first request never reached the store")
	}
	e.hooks.setFindHook(nil)

	r := e.do(t, am, "GET", "/v1/cases", nil)
	p := problemOf(t, r, http.StatusServiceUnavailable, "overloaded")
	require.Equal(t, "1", r.header.Get("Retry-After"))
	require.Contains(t, p.Detail, "上限（1 个）")
	e.do(t, "", "GET", "/healthz", nil).must(t, http.StatusOK)
	e.do(t, "", "GET", "/readyz", nil).must(t, http.StatusOK)

	close(release)
	select {
	case status := <-first:
		require.Equal(t, http.StatusOK, status)
	case <-time.After(10 * time.Second):
		t.Fatal("the first request did not finish")
	}
	e.do(t, am, "GET", "/v1/cases", nil).must(t, http.StatusOK)
	for _, entry := range e.logs.entries(t, "request") {
		if entry["status"] == float64(http.StatusServiceUnavailable) {
			require.Equal(t, "WARN", entry["level"], "a busy server is not an error")
		}
	}
}
