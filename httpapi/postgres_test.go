package httpapi_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/store"
)

// TestWalk_approvalPostgres is TestWalk_approval on PostgreSQL: the ledger
// number is taken in the submission's transaction there too. It needs
// JINZHI_TEST_DATABASE_URL, a server URL on which it may create and drop a
// database; without it the test is skipped, unless JINZHI_REQUIRE_POSTGRES=1.
func TestWalk_approvalPostgres(t *testing.T) {
	walkToApproval(t, newEnv(t, func(cfg *envConfig) { cfg.databaseURL = postgresURL(t) }))
}

// newPostgresDatabase creates an empty database jinzhi_http_<random> on the
// server, drops it when the test ends, and returns its URL (as the store's
// own tests do).
func newPostgresDatabase(t *testing.T, server string) string {
	t.Helper()
	ctx := t.Context()
	admin, err := store.Open(ctx, server, store.Options{MaxConns: 1})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, admin.Close()) })

	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "jinzhi_http_" + hex.EncodeToString(b[:])
	_, err = admin.Write.ExecContext(ctx, "CREATE DATABASE "+name)
	require.NoError(t, err)
	t.Cleanup(func() {
		// t.Context is done by now; the env's store, closed first (cleanups
		// run last first), no longer holds a connection.
		_, err := admin.Write.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		assert.NoError(t, err)
	})

	u, err := url.Parse(server)
	require.NoError(t, err)
	u.Path = "/" + name
	q := u.Query()
	q.Del("dbname")
	u.RawQuery = q.Encode()
	return u.String()
}
