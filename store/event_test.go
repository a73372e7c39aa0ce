package store

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

func testAppendEvent(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	var sent []duediligence.Event
	for i := range 5 {
		ev := testEvent("stream-b", "document.downloaded")
		ev.At = ev.At.Add(time.Duration(i) * time.Nanosecond)
		require.NoError(t, st.appendEvent(ctx, ev))
		assert.Equal(t, int64(i+1), ev.Seq, "Seal numbered the event")
		sent = append(sent, *ev)
	}
	keyless := testEvent("stream-a", "document.downloaded")
	keyless.Data = nil // stored as nothing, hashed as null
	require.NoError(t, st.appendEvent(ctx, keyless))

	t.Run("RoundTrip", func(t *testing.T) {
		got, err := st.Events().FindEvents(ctx, "stream-b", 0, 0)
		require.NoError(t, err)
		require.Len(t, got, len(sent))
		for i := range got {
			want := sent[i]
			assert.True(t, want.At.Equal(got[i].At), "At %v, want %v", got[i].At, want.At)
			assert.Equal(t, want.At.UTC(), got[i].At, "to the nanosecond, in UTC")
			want.At = got[i].At
			assert.Equal(t, want, got[i])
		}
		assert.NoError(t, duediligence.VerifyChain(got), "events read back verify")
	})
	t.Run("AfterLimit", func(t *testing.T) {
		got, err := st.Events().FindEvents(ctx, "stream-b", 2, 2)
		require.NoError(t, err)
		require.Len(t, got, 2)
		assert.Equal(t, []int64{3, 4}, []int64{got[0].Seq, got[1].Seq})
		got, err = st.Events().FindEvents(ctx, "no-such-stream", 0, 0)
		require.NoError(t, err)
		assert.Empty(t, got)
	})
	t.Run("NullData", func(t *testing.T) {
		got, err := st.Events().FindEvents(ctx, "stream-a", 0, 0)
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Nil(t, got[0].Data)
		_, err = json.Marshal(got[0])
		assert.NoError(t, err)
		assert.NoError(t, duediligence.VerifyChain(got))
	})
	t.Run("Streams", func(t *testing.T) {
		streams, err := st.Events().Streams(ctx)
		require.NoError(t, err)
		assert.Equal(t, []string{"stream-a", "stream-b"}, streams)
		sum, err := duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
		n := sum.Events
		require.NoError(t, err)
		assert.Equal(t, 6, n)
	})
	t.Run("IdempotencyKey", func(t *testing.T) {
		ev := testEvent("stream-c", "document.downloaded")
		ev.IdempotencyKey = "key-1"
		require.NoError(t, st.appendEvent(ctx, ev))

		again := testEvent("stream-d", "document.downloaded")
		again.IdempotencyKey = "key-1"
		err := st.appendEvent(ctx, again)
		assert.ErrorIs(t, err, duediligence.ErrConflict, "an actor's key is used once")

		other := testEvent("stream-c", "document.downloaded")
		other.ActorID, other.IdempotencyKey = "user-2", "key-1"
		assert.NoError(t, st.appendEvent(ctx, other), "another actor's key of the same name")

		got, err := st.Events().FindEventByIdempotencyKey(ctx, "user-1", "key-1")
		require.NoError(t, err)
		assert.Equal(t, ev.ID, got.ID)
		assert.Equal(t, ev.Hash, got.Hash)
		_, err = st.Events().FindEventByIdempotencyKey(ctx, "user-1", "key-2")
		assert.ErrorIs(t, err, duediligence.ErrNotFound)
		_, err = st.Events().FindEventByIdempotencyKey(ctx, "user-1", "")
		assert.ErrorIs(t, err, duediligence.ErrNotFound, "no key finds nothing, though keyless events exist")
	})
	t.Run("ErrConflict_EventID", func(t *testing.T) {
		dup := sent[0]
		dup.Seq, dup.PrevHash, dup.Hash = 0, "", ""
		assert.ErrorIs(t, st.appendEvent(ctx, &dup), duediligence.ErrConflict)
	})
}

// testVerifyAuditTampering changes the stored trail behind the store's back
// and checks that VerifyAudit names the first event that no longer fits.
func testVerifyAuditTampering(t *testing.T, open openStoreFunc) {
	tests := []struct {
		name    string
		sql     string
		badSeq  int64
		message string
	}{
		{"Data", `UPDATE events SET data = '{"note":"forged"}' WHERE stream = 'case-2' AND seq = 3`, 3, "hash does not match"},
		{"Deleted", `DELETE FROM events WHERE stream = 'case-2' AND seq = 2`, 3, "sequence 3, want 2"},
		{"Hash", `UPDATE events SET hash = upper(hash) WHERE stream = 'case-2' AND seq = 2`, 2, "hash does not match"},
		{"PrevHash", `UPDATE events SET prev_hash = hash WHERE stream = 'case-2' AND seq = 4`, 4, "prev_hash"},
		{"Actor", `UPDATE events SET actor_id = 'someone-else' WHERE stream = 'case-2' AND seq = 1`, 1, "hash does not match"},
		{"At", `UPDATE events SET at = '2020-01-01T00:00:00.000000000Z' WHERE stream = 'case-2' AND seq = 1`, 1, "hash does not match"},
	}
	st := open(t)
	ctx := t.Context()
	for _, stream := range []string{"case-1", "case-2", "case-3"} {
		for range 5 {
			require.NoError(t, st.appendEvent(ctx, testEvent(stream, "case.updated")))
		}
	}
	sum, err := duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
	n := sum.Events
	require.NoError(t, err)
	require.Equal(t, 15, n)
	// Each case tampers with a copy of the trail, put back after it.
	_, err = st.db.Write.ExecContext(ctx, "CREATE TABLE events_saved AS SELECT * FROM events")
	require.NoError(t, err)
	restore := func() {
		_, err := st.db.Write.ExecContext(ctx, "DELETE FROM events")
		require.NoError(t, err)
		_, err = st.db.Write.ExecContext(ctx, "INSERT INTO events SELECT * FROM events_saved")
		require.NoError(t, err)
		_, err = duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
		require.NoError(t, err, "restored")
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer restore()
			evs, err := st.Events().FindEvents(ctx, "case-2", tt.badSeq-1, 1)
			require.NoError(t, err)
			target := evs[0]
			res, err := st.db.Write.ExecContext(ctx, tt.sql)
			require.NoError(t, err)
			changed, err := res.RowsAffected()
			require.NoError(t, err)
			require.EqualValues(t, 1, changed)

			_, err = duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
			var chain *duediligence.ChainError
			require.True(t, errors.As(err, &chain), "want a ChainError, got %v", err)
			assert.Equal(t, "case-2", chain.Stream)
			assert.Equal(t, tt.badSeq, chain.Seq)
			assert.Equal(t, target.ID, chain.EventID)
			assert.Contains(t, chain.Reason, tt.message)
		})
	}
}

// testInsertEventError checks that the database's own errors for each unique
// constraint of events are told apart, on both databases.
func testInsertEventError(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	first := testEvent("stream-1", "document.downloaded")
	first.IdempotencyKey = "key-1"
	require.NoError(t, st.appendEvent(ctx, first))

	// The error is explained in the transaction of the failed insert, as
	// appendEvent does: on SQLite that asks the database which key holds.
	insert := func(ev *duediligence.Event) (explained error) {
		_ = st.db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			_, err := tx.NewInsert().Model(newEventRow(ev)).Exec(ctx)
			require.Error(t, err)
			explained = insertEventError(ctx, tx, err, ev)
			return err
		})
		return explained
	}
	sameSeq := testEvent("stream-1", "document.downloaded")
	sameSeq.Seq = 1
	assert.ErrorIs(t, insert(sameSeq), errSeqTaken)

	sameKey := testEvent("stream-1", "document.downloaded")
	sameKey.Seq, sameKey.IdempotencyKey = 2, "key-1"
	assert.ErrorIs(t, insert(sameKey), duediligence.ErrConflict)

	sameID := *first
	sameID.Seq, sameID.IdempotencyKey = 2, ""
	err := insert(&sameID)
	assert.ErrorIs(t, err, duediligence.ErrConflict)
	assert.NotErrorIs(t, err, errSeqTaken)

	require.NoError(t, st.db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		assert.Equal(t, "x", insertEventError(ctx, tx, errors.New("x"), first).Error(), "other errors pass through")
		lookalike := errors.New("UNIQUE constraint failed: events.stream, events.seq (2067)")
		assert.Equal(t, lookalike, insertEventError(ctx, tx, lookalike, first), "messages are not read")
		return nil
	}))
}

// testAppendEventAroundTheStore has an event inserted into a stream
// without its checkpoint, as a program writing to the table directly
// would: the next append through the store refuses at once, naming the
// stream, instead of chaining onto the stray event (which would sign it
// into the trail) or retrying; audit verify names the stream too.
func testAppendEventAroundTheStore(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	require.NoError(t, st.appendEvent(ctx, testEvent("stream-1", "document.downloaded")))
	require.NoError(t, st.appendEvent(ctx, testEvent("stream-1", "document.downloaded")))
	evs, err := st.Events().FindEvents(ctx, "stream-1", 0, 0)
	require.NoError(t, err)
	require.Len(t, evs, 2)
	around := testEvent("stream-1", "document.downloaded")
	require.NoError(t, around.Seal(&evs[1]))
	_, err = st.db.Write.NewInsert().Model(newEventRow(around)).Exec(ctx)
	require.NoError(t, err)

	err = st.appendEvent(ctx, testEvent("stream-1", "document.downloaded"))
	require.Error(t, err)
	assert.ErrorIs(t, err, duediligence.ErrInternal)
	assert.ErrorContains(t, err, "audit stream stream-1 does not end at its signed checkpoint (seq 2)")
	evs, err = st.Events().FindEvents(ctx, "stream-1", 0, 0)
	require.NoError(t, err)
	assert.Len(t, evs, 3, "nothing appended")
	_, err = duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
	assert.ErrorContains(t, err, "stream-1")
}
