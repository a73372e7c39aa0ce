package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "github.com/uptrace/bun/driver/sqliteshim"
)

// env returns a getenv for a fresh data directory.
func env(t *testing.T, extra map[string]string) (func(string) string, string) {
	dir := t.TempDir()
	vars := map[string]string{"JINZHI_DATABASE_URL": filepath.Join(dir, "jinzhi.db"), "JINZHI_ADDR": "127.0.0.1:0"}
	for k, v := range extra {
		vars[k] = v
	}
	return func(k string) string { return vars[k] }, dir
}

func runCmd(t *testing.T, getenv func(string) string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, getenv, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsersAdd_PrintsOnlyTheToken(t *testing.T) {
	getenv, _ := env(t, nil)
	code, out, errOut := runCmd(t, getenv, "users", "add", "李", "经理", "--role", "account_manager")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `^jz_[A-Z2-7]{52}\n$`, out)

	code, _, errOut = runCmd(t, getenv, "users", "add", "x", "--role", "boss")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "role")

	code, out, _ = runCmd(t, getenv, "users", "list")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "李 经理")
	assert.NotContains(t, out, "jz_", "tokens are never shown again")
}

func TestAuditVerify_CatchesTampering(t *testing.T) {
	getenv, dir := env(t, nil)
	for _, r := range []string{"account_manager", "auditor", "finance"} {
		code, _, errOut := runCmd(t, getenv, "users", "add", "u-"+r, "--role", r)
		require.Equal(t, 0, code, errOut)
	}
	code, out, errOut := runCmd(t, getenv, "audit", "verify")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "3 events verified")

	db, err := sql.Open("sqlite", filepath.Join(dir, "jinzhi.db"))
	require.NoError(t, err)
	defer db.Close()
	var id string
	require.NoError(t, db.QueryRow(`SELECT id FROM events WHERE seq = 2`).Scan(&id))
	_, err = db.Exec(`UPDATE events SET data = replace(data, 'auditor', 'admin') WHERE seq = 2`)
	require.NoError(t, err)

	code, _, errOut = runCmd(t, getenv, "audit", "verify")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, id, "names the first bad event")
	assert.Contains(t, errOut, "event 2")
}

// syncBuffer is a goroutine-safe writer for the server's logs that lets a
// test wait for what the server writes.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written chan struct{} // closed and replaced on every Write
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.written != nil {
		close(s.written)
		s.written = nil
	}
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// await returns the first submatch of re in what was written, waiting for
// the writes that bring it, or fails the test when done (the server
// stopped) or timeout passes first.
func (s *syncBuffer) await(t *testing.T, re *regexp.Regexp, done <-chan int, timeout time.Duration) string {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		m := re.FindStringSubmatch(s.b.String())
		if m == nil && s.written == nil {
			s.written = make(chan struct{})
		}
		written := s.written
		s.mu.Unlock()
		if m != nil {
			return m[len(m)-1]
		}
		select {
		case <-written:
		case code := <-done:
			t.Fatalf("the server stopped (exit %d) before writing %s:\n%s", code, re, s.String())
		case <-deadline.C:
			t.Fatalf("no %s within %s:\n%s", re, timeout, s.String())
		}
	}
}

func TestServe_DemoUsersAndGracefulShutdown(t *testing.T) {
	getenv, dir := env(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, getenv, &stdout, &stderr) }()

	addr := stderr.await(t, regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`), done, 20*time.Second)
	base := "http://" + addr

	tokens := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(stdout.String()))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && strings.HasPrefix(f[1], "jz_") {
			tokens[f[0]] = f[1]
		}
	}
	require.Len(t, tokens, 7, "one demo user per role:\n%s", stdout.String())
	assert.Contains(t, stdout.String(), "curl")
	assert.DirExists(t, filepath.Join(dir, "documents"))

	// do sends a request; it is called from other goroutines too, so it
	// returns its error rather than failing the test.
	do := func(client *http.Client, method, path, token string, body io.Reader, hdr map[string]string) (*http.Response, error) {
		req, err := http.NewRequest(method, base+path, body)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		return client.Do(req)
	}
	resp, err := http.Get(base + "/readyz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)

	am := tokens["account_manager"]
	resp, err = do(http.DefaultClient, "POST", "/v1/cases", am, strings.NewReader(`{"applicant":{"kind":"person","name":"张三","id_number":"11010519491231002X","marital_status":"single"},
		"request":{"amount":"500000.00","term_months":36,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.0850","repayment_source":"经营收入"}}`),
		map[string]string{"Content-Type": "application/json"})
	require.NoError(t, err)
	require.Equal(t, 201, resp.StatusCode)
	var c struct {
		ID        string `json:"id"`
		Documents []struct {
			ID string `json:"id"`
		} `json:"documents"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&c))
	resp.Body.Close()

	// An idle keep-alive connection: Shutdown closes it right after it
	// closes the listener, so its end tells that shutdown has begun.
	idle, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer idle.Close()
	require.NoError(t, idle.SetDeadline(time.Now().Add(20*time.Second)))
	idleReader := bufio.NewReader(idle)
	_, err = io.WriteString(idle, "GET /healthz HTTP/1.1\r\nHost: jinzhi\r\n\r\n")
	require.NoError(t, err)
	health, err := http.ReadResponse(idleReader, nil)
	require.NoError(t, err)
	_, err = io.Copy(io.Discard, health.Body)
	require.NoError(t, err)
	health.Body.Close()
	require.Equal(t, 200, health.StatusCode)

	// An upload still streaming when SIGTERM arrives finishes. With
	// "Expect: 100-continue" the server answers 100 only once the handler
	// reads the body: from then on the request is in flight.
	pr, pw := io.Pipe()
	inHandler := make(chan struct{})
	trace := &httptrace.ClientTrace{Got100Continue: func() { close(inHandler) }}
	uploader := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
	type answer struct {
		code int
		err  error
	}
	result := make(chan answer, 1)
	go func() {
		path := fmt.Sprintf("/v1/cases/%s/documents/%s/content?name=id.txt", c.ID, c.Documents[0].ID)
		req, err := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "PUT", base+path, pr)
		if err != nil {
			result <- answer{err: err}
			return
		}
		req.Header.Set("Authorization", "Bearer "+am)
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("If-Match", `"1"`)
		req.Header.Set("Expect", "100-continue")
		r, err := uploader.Do(req)
		if err != nil {
			result <- answer{err: err}
			return
		}
		r.Body.Close()
		result <- answer{code: r.StatusCode}
	}()
	select {
	case <-inHandler:
	case a := <-result:
		t.Fatalf("the upload ended before the handler read it: %d %v", a.code, a.err)
	case <-time.After(20 * time.Second):
		t.Fatal("the handler did not start reading the upload")
	}
	_, err = pw.Write([]byte("first half;"))
	require.NoError(t, err)

	cancel() // what SIGTERM does through signal.NotifyContext
	stderr.await(t, regexp.MustCompile(`"msg":"shutting down`), done, 20*time.Second)
	_, err = idleReader.ReadByte()
	require.ErrorIs(t, err, io.EOF, "Shutdown closes idle connections (after the listener)")

	_, err = pw.Write([]byte("second half"))
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	select {
	case a := <-result:
		require.NoError(t, a.err)
		assert.Equal(t, http.StatusCreated, a.code, "the in-flight upload completes")
	case <-time.After(20 * time.Second):
		t.Fatal("in-flight request did not finish")
	}
	select {
	case code := <-done:
		assert.Equal(t, 0, code, stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop")
	}
	logs := stderr.String()
	assert.Contains(t, logs, "shutting down")
	assert.NotContains(t, logs, "11010519491231002X", "logs never hold a whole resident ID")
}

func TestConfigDefaults(t *testing.T) {
	c := loadConfig(func(string) string { return "" })
	assert.Equal(t, "127.0.0.1:8080", c.Addr)
	assert.Equal(t, filepath.Join("jinzhi-data", "jinzhi.db"), c.DatabaseURL)
	assert.Equal(t, filepath.Join("jinzhi-data", "documents"), c.DocumentsDir)
	pg := loadConfig(func(k string) string {
		if k == "JINZHI_DATABASE_URL" {
			return "postgres://u:secret@db/x"
		}
		return ""
	})
	assert.Equal(t, filepath.Join("jinzhi-data", "documents"), pg.DocumentsDir)
	assert.NotContains(t, redactURL(pg.DatabaseURL), "secret")
}

// TestUsersRevokeRotate checks that rotate prints a new token and revoke
// disables the user, both shown by list, and that a revoked user gets no
// new token.
func TestUsersRevokeRotate(t *testing.T) {
	getenv, _ := env(t, nil)
	code, out, errOut := runCmd(t, getenv, "users", "add", "--json", "王五", "--role", "auditor")
	require.Equal(t, exitOK, code, errOut)
	var u struct{ ID, Token string }
	require.NoError(t, json.Unmarshal([]byte(out), &u))

	code, out, errOut = runCmd(t, getenv, "users", "rotate", u.ID)
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `^jz_[A-Z2-7]{52}\n$`, out)
	assert.NotEqual(t, u.Token+"\n", out)

	code, out, errOut = runCmd(t, getenv, "users", "revoke", u.ID)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, u.ID+" (王五) revoked at ")
	code, out, _ = runCmd(t, getenv, "users", "list")
	require.Equal(t, exitOK, code)
	assert.Regexp(t, `\trevoked \d{4}-`, out)

	code, _, errOut = runCmd(t, getenv, "users", "rotate", u.ID)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "revoked")
	code, _, errOut = runCmd(t, getenv, "users", "revoke")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "missing USER_ID")
}
