package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestUnavailable_SQLiteBusy checks that a write that cannot take SQLite's
// lock in time is classified as the database being unavailable, and that
// the errors of a request (a duplicate, a missing row) are not.
func TestUnavailable_SQLiteBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jinzhi.db")
	db, err := Open(t.Context(), path, Options{BusyTimeout: 10 * time.Millisecond})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	st := New(db)
	require.NoError(t, st.Migrate(t.Context()))

	other, err := Open(t.Context(), path, Options{})
	require.NoError(t, err)
	t.Cleanup(func() { other.Close() })
	conn, err := other.Write.Conn(t.Context())
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	_, err = conn.ExecContext(t.Context(), "BEGIN EXCLUSIVE")
	require.NoError(t, err)

	u := &duediligence.User{ID: "u1", Name: "x", Role: duediligence.RoleAuditor, TokenHash: "h", CreatedAt: testTime}
	err = st.createUser(t.Context(), u, testEvent(duediligence.StreamSystem, "user.created"))
	require.Error(t, err)
	assert.True(t, st.Unavailable(err), "%v", err)
	_, err = conn.ExecContext(context.Background(), "ROLLBACK")
	require.NoError(t, err)

	require.NoError(t, st.createUser(t.Context(), u, testEvent(duediligence.StreamSystem, "user.created")))
	err = st.createUser(t.Context(), u, testEvent(duediligence.StreamSystem, "user.created"))
	assert.ErrorIs(t, err, duediligence.ErrConflict)
	assert.False(t, st.Unavailable(err))
	_, err = st.Users().FindUserByID(t.Context(), "nobody")
	assert.False(t, st.Unavailable(err))
	assert.False(t, st.Unavailable(fmt.Errorf("wrapped: %w", errors.New("a bug"))))
}

// TestUnavailable_PostgresStopped checks that a PostgreSQL server that
// does not answer (nothing listens on the port) is classified unavailable.
func TestUnavailable_PostgresStopped(t *testing.T) {
	db, err := Open(t.Context(), "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=1", Options{})
	if err == nil {
		t.Cleanup(func() { db.Close() })
		err = New(db).Ping(t.Context())
	}
	require.Error(t, err)
	assert.True(t, unavailable(err), "%v", err)
}
