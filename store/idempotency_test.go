package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestIdempotency checks the idempotent requests' store on SQLite and
// PostgreSQL: a key is reserved once, answered, released only while it has
// no answer, and forgotten after the retention.
func TestIdempotency(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testIdempotency(t, openSQLiteTestStore) })
	t.Run("postgres", func(t *testing.T) {
		server := testPostgresURL(t)
		testIdempotency(t, func(t *testing.T) *Store { return openPostgresTestStore(t, server) })
	})
}

func testIdempotency(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	is := st.Idempotency()
	req := func(key, fp string, at time.Time) *duediligence.IdempotentRequest {
		return &duediligence.IdempotentRequest{ActorID: "u1", Key: key, Fingerprint: fp, Method: "POST", Path: "/v1/cases", CreatedAt: at, Header: map[string]string{}}
	}
	held, err := is.ReserveIdempotentRequest(ctx, req("k", "fp1", testTime), testTime.Add(-time.Hour))
	require.NoError(t, err)
	assert.Nil(t, held, "a new key is reserved")

	held, err = is.ReserveIdempotentRequest(ctx, req("k", "fp2", testTime), testTime.Add(-time.Hour))
	require.NoError(t, err)
	require.NotNil(t, held)
	assert.Equal(t, "fp1", held.Fingerprint)
	assert.Zero(t, held.Status, "no answer yet")

	done := req("k", "fp1", testTime)
	done.Status, done.Body, done.Header = 201, []byte(`{"id":"c1"}`), map[string]string{"ETag": `"1"`}
	require.NoError(t, is.CompleteIdempotentRequest(ctx, done))
	require.NoError(t, is.ReleaseIdempotentRequest(ctx, "u1", "k"), "an answered key is kept")
	held, err = is.ReserveIdempotentRequest(ctx, req("k", "fp1", testTime), testTime.Add(-time.Hour))
	require.NoError(t, err)
	require.NotNil(t, held)
	assert.Equal(t, 201, held.Status)
	assert.Equal(t, `{"id":"c1"}`, string(held.Body))
	assert.Equal(t, map[string]string{"ETag": `"1"`}, held.Header)
	assert.True(t, held.CreatedAt.Equal(testTime))

	// Another actor's key of the same name is another key.
	held, err = is.ReserveIdempotentRequest(ctx, &duediligence.IdempotentRequest{ActorID: "u2", Key: "k", Fingerprint: "x", CreatedAt: testTime}, testTime)
	require.NoError(t, err)
	assert.Nil(t, held)
	require.NoError(t, is.ReleaseIdempotentRequest(ctx, "u2", "k"))
	held, err = is.ReserveIdempotentRequest(ctx, &duediligence.IdempotentRequest{ActorID: "u2", Key: "k", Fingerprint: "y", CreatedAt: testTime}, testTime)
	require.NoError(t, err)
	assert.Nil(t, held, "a released key is free")

	// After the retention, the key is free again.
	later := testTime.Add(25 * time.Hour)
	held, err = is.ReserveIdempotentRequest(ctx, req("k", "fp3", later), later.Add(-24*time.Hour))
	require.NoError(t, err)
	assert.Nil(t, held)
	n, err := is.PurgeIdempotentRequests(ctx, later)
	require.NoError(t, err)
	assert.EqualValues(t, 1, n, "u2's key is older than the retention; u1's new one is not")
}
