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

// TestAuditRotateKey rotates the key of a SQLite database as an operator
// would: the new key first in the key file and the old one after it,
// jinzhi audit rotate-key, then the new key alone. The old key alone is
// told what happened and what to configure.
func TestAuditRotateKey(t *testing.T) {
	getenv, dir := env(t, nil)
	code, _, errOut := runCmd(t, getenv, "users", "add", "甲", "--role", "auditor")
	require.Equal(t, 0, code, errOut)
	code, _, errOut = runCmd(t, getenv, "users", "add", "乙", "--role", "auditor")
	require.Equal(t, 0, code, errOut)
	oldFile := filepath.Join(dir, "audit.key")
	oldText, err := os.ReadFile(oldFile)
	require.NoError(t, err)
	old, err := duediligence.ParseAuditKey(string(oldText))
	require.NoError(t, err)
	next := duediligence.GenerateAuditKey()
	write := func(name, text string) string {
		p := filepath.Join(t.TempDir(), name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
		return p
	}
	ring := write("ring.key", next.Text()+"\n"+string(oldText))
	newOnly := write("new.key", next.Text()+"\n")

	code, _, errOut = runCmd(t, getenv, "audit", "verify", "--audit-key-file", newOnly)
	assert.Equal(t, 1, code, "before the rotation the new key alone does not verify")
	assert.Contains(t, errOut, "not with the configured key "+next.ID())

	code, out, errOut := runCmd(t, getenv, "audit", "rotate-key", "--audit-key-file", ring)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "audit trail signed again with audit key "+next.ID()+": 1 checkpoints and 64 shard counts; it verifies with that key alone")
	assert.Contains(t, out, "the older keys ("+old.ID()+") may be removed")

	code, out, errOut = runCmd(t, getenv, "audit", "verify", "--audit-key-file", newOnly)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "audit trail intact: 2 events verified")

	code, _, errOut = runCmd(t, getenv, "audit", "verify")
	assert.Equal(t, 1, code, "the old key alone (audit.key beside the database)")
	assert.Contains(t, errOut, "signed with audit key "+next.ID()+", not with the configured key "+old.ID())
	assert.Contains(t, errOut, "re-signed with a new key by jinzhi audit rotate-key: configure that key first")

	// A trail that does not verify is not signed again.
	code, _, errOut = runCmd(t, getenv, "audit", "rotate-key", "--audit-key-file", write("other.key", duediligence.GenerateAuditKey().Text()+"\n"+string(oldText)))
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "nothing was signed again")
	code, _, errOut = runCmd(t, getenv, "audit", "verify", "--audit-key-file", newOnly)
	assert.Equal(t, 0, code, errOut)
}
