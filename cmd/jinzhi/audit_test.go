package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

func TestServe_SQLiteMakesItsAuditKeyAndSaysSo(t *testing.T) {
	getenv, dir := env(t, map[string]string{"JINZHI_METRICS_ADDR": "off"})
	_, _, logs, _ := startServe(t, getenv, `"msg":"listening"`)
	keyFile := filepath.Join(dir, "audit.key")
	fi, err := os.Stat(keyFile)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	assert.Contains(t, logs.String(), "generated the audit key")
	assert.Contains(t, logs.String(), keyFile)
	b, err := os.ReadFile(keyFile)
	require.NoError(t, err)
	k, err := duediligence.ParseAuditKey(string(b))
	require.NoError(t, err)
	assert.Contains(t, logs.String(), k.ID())
	assert.NotContains(t, logs.String(), k.Text(), "the key itself is not logged")
}

func TestAuditKey(t *testing.T) {
	t.Run("SQLiteFileOnce", func(t *testing.T) {
		getenv, dir := env(t, nil)
		var notes []string
		notice := func(msg string, _ ...any) { notes = append(notes, msg) }
		k1, err := auditKey(loadConfig(getenv), notice)
		require.NoError(t, err)
		require.Len(t, notes, 1)
		k2, err := auditKey(loadConfig(getenv), notice)
		require.NoError(t, err)
		assert.Equal(t, k1.ID(), k2.ID(), "the same key the next time")
		assert.Len(t, notes, 1, "and nothing said")

		require.NoError(t, os.Chmod(filepath.Join(dir, "audit.key"), 0o644))
		_, err = auditKey(loadConfig(getenv), notice)
		assert.ErrorContains(t, err, "others than its owner may read it")
	})
	t.Run("PostgresNeedsOne", func(t *testing.T) {
		getenv, _ := env(t, map[string]string{"JINZHI_DATABASE_URL": "postgres://jinzhi@127.0.0.1:1/jinzhi"})
		for _, args := range [][]string{{"serve"}, {"migrate"}, {"audit", "verify"}} {
			code, _, errOut := runCmd(t, getenv, args...)
			assert.Equal(t, 1, code, args)
			assert.Contains(t, errOut, "a PostgreSQL database needs an audit key", args)
		}
	})
	t.Run("FromEnvironment", func(t *testing.T) {
		k := duediligence.GenerateAuditKey()
		getenv, dir := env(t, map[string]string{"JINZHI_AUDIT_KEY": k.Text()})
		got, err := auditKey(loadConfig(getenv), func(string, ...any) { t.Error("nothing to say") })
		require.NoError(t, err)
		assert.Equal(t, k.ID(), got.ID())
		assert.NoFileExists(t, filepath.Join(dir, "audit.key"))

		getenv, _ = env(t, map[string]string{"JINZHI_AUDIT_KEY": "too short"})
		_, err = auditKey(loadConfig(getenv), nil)
		assert.ErrorContains(t, err, "JINZHI_AUDIT_KEY")
	})
	t.Run("AnotherKeyDoesNotVerify", func(t *testing.T) {
		getenv, dir := env(t, nil)
		code, _, errOut := runCmd(t, getenv, "users", "add", "甲", "--role", "auditor")
		require.Equal(t, 0, code, errOut)
		other := filepath.Join(t.TempDir(), "other.key")
		require.NoError(t, os.WriteFile(other, []byte(duediligence.GenerateAuditKey().Text()), 0o600))
		code, _, errOut = runCmd(t, getenv, "audit", "verify", "--audit-key-file", other)
		assert.Equal(t, 1, code)
		assert.Contains(t, errOut, "not with the configured key")
		code, _, errOut = runCmd(t, getenv, "audit", "verify", "--audit-key-file", filepath.Join(dir, "audit.key"))
		assert.Equal(t, 0, code, errOut)
	})
}

// TestAuditHead_CatchesARestoredCopy keeps a copy of the database, goes on,
// takes a head, puts the copy back: every signature inside the copy holds,
// and only verify --since the head shows that it went back.
func TestAuditHead_CatchesARestoredCopy(t *testing.T) {
	getenv, dir := env(t, nil)
	db := filepath.Join(dir, "jinzhi.db")
	code, _, errOut := runCmd(t, getenv, "users", "add", "甲", "--role", "auditor")
	require.Equal(t, 0, code, errOut)
	old, err := os.ReadFile(db) // closed, so the WAL is in the file
	require.NoError(t, err)

	code, _, errOut = runCmd(t, getenv, "users", "add", "乙", "--role", "auditor")
	require.Equal(t, 0, code, errOut)
	code, out, errOut := runCmd(t, getenv, "audit", "head")
	require.Equal(t, 0, code, errOut)
	head := strings.TrimSpace(out)
	assert.Regexp(t, `^jzh1\.1\.2\.[0-9a-f]{64}\.[0-9a-f]{64}$`, head)
	code, out, errOut = runCmd(t, getenv, "audit", "verify", "--since", head)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "nothing rolled back since the head of 2 events")

	for _, suffix := range []string{"-wal", "-shm"} {
		_ = os.Remove(db + suffix)
	}
	require.NoError(t, os.WriteFile(db, old, 0o600))
	code, out, errOut = runCmd(t, getenv, "audit", "verify")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "audit trail intact: 1 events verified")
	code, _, errOut = runCmd(t, getenv, "audit", "verify", "--since", head)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "rolled back")

	code, _, errOut = runCmd(t, getenv, "audit", "verify", "--since", "jzh1.x")
	assert.Equal(t, 2, code, "a head that does not parse is a mistake in the command line")
	assert.Contains(t, errOut, "not an audit head")
}
