package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
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

// syncBuffer is a goroutine-safe writer for the server's logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestServe_DemoUsersAndGracefulShutdown(t *testing.T) {
	getenv, dir := env(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, getenv, &stdout, &stderr) }()

	// Wait (bounded) for the listening line.
	addrRe := regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`)
	var addr string
	for i := 0; i < 200 && addr == ""; i++ {
		if m := addrRe.FindStringSubmatch(stderr.String()); m != nil {
			addr = m[1]
		} else {
			time.Sleep(25 * time.Millisecond)
		}
	}
	require.NotEmpty(t, addr, "server did not start: %s", stderr.String())
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

	do := func(method, path, token string, body io.Reader, hdr map[string]string) *http.Response {
		req, err := http.NewRequest(method, base+path, body)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		return resp
	}
	resp, err := http.Get(base + "/readyz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)

	am := tokens["account_manager"]
	resp = do("POST", "/v1/cases", am, strings.NewReader(`{"applicant":{"kind":"person","name":"张三","id_number":"11010519491231002X","marital_status":"single"},
		"request":{"amount":"500000.00","term_months":36,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.0850","repayment_source":"经营收入"}}`),
		map[string]string{"Content-Type": "application/json"})
	require.Equal(t, 201, resp.StatusCode)
	var c struct {
		ID        string `json:"id"`
		Documents []struct {
			ID string `json:"id"`
		} `json:"documents"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&c))
	resp.Body.Close()

	// An upload still streaming when SIGTERM arrives finishes.
	pr, pw := io.Pipe()
	result := make(chan int, 1)
	go func() {
		r := do("PUT", fmt.Sprintf("/v1/cases/%s/documents/%s/content?name=id.txt", c.ID, c.Documents[0].ID), am, pr,
			map[string]string{"Content-Type": "text/plain", "If-Match": `"1"`})
		r.Body.Close()
		result <- r.StatusCode
	}()
	_, err = pw.Write([]byte("first half;"))
	require.NoError(t, err)
	time.Sleep(100 * time.Millisecond)
	cancel() // what SIGTERM does through signal.NotifyContext
	time.Sleep(200 * time.Millisecond)
	_, err = pw.Write([]byte("second half"))
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	select {
	case code := <-result:
		assert.Equal(t, http.StatusCreated, code, "the in-flight upload completes")
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
