package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inEmptyDir runs the test in a new working directory, with no JINZHI_*
// variable set, so that the defaults (./jinzhi-data) would land there.
func inEmptyDir(t *testing.T) (dir string, getenv func(string) string) {
	t.Helper()
	dir = t.TempDir()
	t.Chdir(dir)
	return dir, func(string) string { return "" }
}

// requireEmpty fails when dir holds anything.
func requireEmpty(t *testing.T, dir string, what string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	require.Empty(t, names, "%s created files", what)
}

// runBounded is runCmd with a deadline: a command that starts a server by
// mistake is stopped rather than left to hang the test.
func runBounded(t *testing.T, getenv func(string) string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out, errb syncBuffer
	code = run(ctx, args, getenv, &out, &errb)
	return code, out.String(), errb.String()
}

// TestHelp checks that help and -h or --help of every command print its
// usage to standard output and exit 0 without touching anything: no
// database, no documents directory, no demo users, no listener.
func TestHelp(t *testing.T) {
	dir, getenv := inEmptyDir(t)
	for _, args := range [][]string{
		{"help"}, {"-h"}, {"--help"}, {"-help"},
		{"serve", "-h"}, {"serve", "--help"}, {"serve", "--addr", "127.0.0.1:0", "--help"}, {"help", "serve"},
		{"migrate", "-h"}, {"migrate", "--help"}, {"help", "migrate"},
		{"users", "-h"}, {"users", "--help"}, {"help", "users"},
		{"users", "add", "-h"}, {"users", "add", "李经理", "--role", "admin", "--help"}, {"help", "users", "add"},
		{"users", "list", "--help"}, {"help", "users", "list"},
		{"users", "revoke", "--help"}, {"users", "revoke", "0195f3c2-7b1e-7d43-9a10-2f6c1e0b5a77", "-h"}, {"help", "users", "revoke"},
		{"users", "rotate", "--help"}, {"users", "rotate", "0195f3c2-7b1e-7d43-9a10-2f6c1e0b5a77", "--json", "-h"}, {"help", "users", "rotate"},
		{"audit", "--help"}, {"audit", "verify", "-h"}, {"help", "audit", "verify"},
		{"version", "-h"}, {"version", "--help"}, {"help", "version"},
		{"help", "help"}, {"help", "-h"},
	} {
		name := strings.Join(args, " ")
		code, out, errOut := runBounded(t, getenv, args...)
		assert.Equal(t, exitOK, code, "%s: %s", name, errOut)
		assert.Empty(t, errOut, name)
		assert.Contains(t, out, "usage: jinzhi", name)
		assert.Contains(t, out, exitCodes, "%s: the exit codes are documented", name)
		requireEmpty(t, dir, name)
	}

	// Every variable serve reads has its flag, and the usage says which.
	_, out, _ := runBounded(t, getenv, "serve", "-h")
	for _, pair := range [][2]string{
		{"--addr", "JINZHI_ADDR"}, {"--database-url", "JINZHI_DATABASE_URL"}, {"--documents-dir", "JINZHI_DOCUMENTS_DIR"},
		{"--policy", "JINZHI_POLICY"}, {"--request-timeout", "JINZHI_REQUEST_TIMEOUT"}, {"--transfer-timeout", "JINZHI_TRANSFER_TIMEOUT"},
		{"--max-in-flight", "JINZHI_MAX_IN_FLIGHT"}, {"--cors-origins", "JINZHI_CORS_ORIGINS"}, {"--metrics-addr", "JINZHI_METRICS_ADDR"},
	} {
		assert.Regexp(t, `(?m)^  `+pair[0]+` .*\n(.*\n)?.*\(env `+pair[1]+`;`, out, pair[0])
	}
	assert.Contains(t, out, "JINZHI_METRICS_TOKEN")

	_, out, _ = runBounded(t, getenv, "help")
	for _, cmd := range []string{"serve", "migrate", "users add", "users list", "users revoke", "users rotate", "audit verify", "version", "help"} {
		assert.Regexp(t, `(?m)^  `+cmd+`\b`, out, "the overview lists %s", cmd)
	}
}

// TestUsageErrors checks that a mistake in the command line exits 2 with a
// message and a pointer to the usage on standard error, and touches
// nothing.
func TestUsageErrors(t *testing.T) {
	dir, getenv := inEmptyDir(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "usage: jinzhi"},
		{[]string{"frob"}, "jinzhi frob: unknown command"},
		{[]string{"users"}, "jinzhi users: missing command"},
		{[]string{"users", "frob"}, "Run 'jinzhi users -h'"},
		{[]string{"audit"}, "jinzhi audit: missing command"},
		{[]string{"users", "add", "--role", "admin"}, "missing NAME"},
		{[]string{"users", "add", "李经理"}, "missing --role"},
		{[]string{"users", "add", "李经理", "--role"}, "flag needs an argument"},
		{[]string{"users", "list", "extra"}, `unexpected argument "extra"`},
		{[]string{"serve", "--bogus"}, "flag provided but not defined"},
		{[]string{"serve", "--request-timeout", "30"}, `--request-timeout="30": want a positive duration`},
		{[]string{"serve", "--max-in-flight=0"}, "--max-in-flight"},
		{[]string{"serve", "--cors-origins", "loans.example.com"}, "--cors-origins"},
		{[]string{"serve", "--metrics-addr", "9464"}, "--metrics-addr"},
		{[]string{"serve", "now"}, `unexpected argument "now"`},
		{[]string{"migrate", "--role", "admin"}, "flag provided but not defined: -role"},
		{[]string{"audit", "verify", "all"}, "unexpected argument"},
		{[]string{"version", "--json"}, "flag provided but not defined"},
		{[]string{"help", "frob"}, `unknown command "frob"`},
	} {
		name := strings.Join(tc.args, " ")
		code, out, errOut := runBounded(t, getenv, tc.args...)
		assert.Equal(t, exitUsage, code, "%s: %s", name, errOut)
		assert.Empty(t, out, name)
		assert.Contains(t, errOut, tc.want, name)
		if tc.args != nil {
			assert.Regexp(t, `Run 'jinzhi [a-z ]*(-h|help)' for usage`, errOut, name)
		}
		requireEmpty(t, dir, name)
	}
}

// TestVersion checks the version's lines: under go test, as under go run,
// the toolchain records no revision, and the line says so.
func TestVersion(t *testing.T) {
	code, out, errOut := runCmd(t, func(string) string { return "" }, "version")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `^jinzhi \S+\n`, out)
	assert.Contains(t, out, "module:   github.com/jinzhi-dev/jinzhi\n")
	assert.Regexp(t, `(?m)^revision: \S+$`, out)
	assert.Regexp(t, `(?m)^go:       go1\.\d+`, out)

	var b strings.Builder
	printVersion(&b, &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: modulePath, Version: "v0.3.0"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "be8217ae39f2d75b384fddcfcdbc5aed989c4c2c"},
			{Key: "vcs.time", Value: "2026-12-01T21:21:56Z"}, {Key: "vcs.modified", Value: "true"}}})
	assert.Regexp(t, `^jinzhi v0.3.0\nmodule:   github.com/jinzhi-dev/jinzhi\nrevision: be8217ae39f2d75b384fddcfcdbc5aed989c4c2c\n`+
		`time:     2026-12-01T21:21:56Z\nmodified: true\ngo:       go1.26.8 `, b.String())

	b.Reset()
	printVersion(&b, nil)
	assert.Contains(t, b.String(), "jinzhi (devel)\n")
	assert.Contains(t, b.String(), "revision: unknown\n")
}

// TestUsersAdd_JSON checks that --json gives a script the new user's ID
// with the token, and that list --json lists it.
func TestUsersAdd_JSON(t *testing.T) {
	getenv, _ := env(t, nil)
	code, out, errOut := runCmd(t, getenv, "users", "add", "--json", "王", "五", "--role=department_manager")
	require.Equal(t, exitOK, code, errOut)
	var u struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Role  string `json:"role"`
		Token string `json:"token"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&u), out)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, u.ID)
	assert.Equal(t, "王 五", u.Name)
	assert.Equal(t, "department_manager", u.Role)
	assert.Regexp(t, `^jz_[A-Z2-7]{52}$`, u.Token)

	code, out, errOut = runCmd(t, getenv, "users", "list", "--json")
	require.Equal(t, exitOK, code, errOut)
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &list), out)
	require.Len(t, list, 1)
	assert.Equal(t, u.ID, list[0]["id"])
	assert.NotContains(t, out, "jz_", "tokens are never shown again")

	code, out, _ = runCmd(t, getenv, "users", "list")
	require.Equal(t, exitOK, code)
	assert.Regexp(t, `^`+u.ID+`\tdepartment_manager\t王 五\t\d{4}-`, out)
}

// TestFlagsOverrideEnvironment checks that a flag wins over its variable:
// the user lands in the flag's database, and the variable's is never made.
func TestFlagsOverrideEnvironment(t *testing.T) {
	dir := t.TempDir()
	fromEnv, fromFlag := filepath.Join(dir, "env", "jinzhi.db"), filepath.Join(dir, "flag", "jinzhi.db")
	getenv := func(k string) string {
		if k == "JINZHI_DATABASE_URL" {
			return fromEnv
		}
		return ""
	}
	code, _, errOut := runCmd(t, getenv, "users", "add", "赵", "--role", "auditor", "--database-url", fromFlag)
	require.Equal(t, exitOK, code, errOut)
	assert.FileExists(t, fromFlag)
	assert.NoDirExists(t, filepath.Dir(fromEnv))
	_, out, _ := runCmd(t, getenv, "users", "list", "--database-url="+fromFlag)
	assert.Contains(t, out, "赵")
	_, out, _ = runCmd(t, getenv, "users", "list")
	assert.Empty(t, out, "the variable's database has no user")

	code, out, errOut = runCmd(t, getenv, "migrate", "--database-url", fromFlag)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "migrations applied\n", out)
	assert.NoDirExists(t, filepath.Join(dir, "flag", "documents"), "migrate needs no documents directory")

	code, out, errOut = runCmd(t, getenv, "audit", "verify", "--database-url", fromFlag)
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, regexp.MustCompile(`audit trail intact: 1 events verified`), out)
}
