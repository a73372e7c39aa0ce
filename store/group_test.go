package store

import (
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestGroupCommit: units of work that queue while the SQLite writer is busy
// share its next transaction; one that fails is rolled back alone and told
// its error, the others commit once, and a panic reaches its own caller.
func TestGroupCommit(t *testing.T) {
	st := openSQLiteTestStore(t)
	ctx := t.Context()
	require.NotNil(t, st.group)

	release := make(chan struct{})
	busy := make(chan error, 1)
	started := make(chan struct{})
	go func() {
		busy <- st.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			close(started)
			<-release
			return nil
		})
	}()
	<-started

	cases := make([]*duediligence.Case, 3)
	for i := range cases {
		cases[i] = testCase(t, "am-1", "张三")
	}
	failure := errors.New("the second unit fails")
	results := make(chan struct {
		i   int
		err error
	}, 3)
	for i, c := range cases {
		go func() {
			err := st.WithTx(ctx, func(tx duediligence.Tx) error {
				if err := tx.Cases().CreateCase(ctx, c, c.Listing()); err != nil {
					return err
				}
				ev := testEvent(c.ID, "case.created")
				ev.CaseID = c.ID
				if err := tx.Events().AppendEvent(ctx, ev); err != nil {
					return err
				}
				if i == 1 {
					return failure // after its writes: they must go
				}
				return nil
			})
			results <- struct {
				i   int
				err error
			}{i, err}
		}()
	}
	for st.group.pending() < 3 {
		runtime.Gosched() // until all three wait behind the busy unit
	}
	close(release)
	require.NoError(t, <-busy)
	for range 3 {
		r := <-results
		if r.i == 1 {
			assert.ErrorIs(t, r.err, failure)
		} else {
			assert.NoError(t, r.err)
		}
	}
	for i, c := range cases {
		_, err := st.Cases().FindCaseByID(ctx, c.ID)
		if i == 1 {
			assert.Equal(t, duediligence.CodeNotFound, duediligence.ErrorCode(err), "the failed unit's writes are rolled back")
			evs, err := st.Events().FindEvents(ctx, c.ID, 0, 0)
			require.NoError(t, err)
			assert.Empty(t, evs)
		} else {
			assert.NoError(t, err, "case %d committed beside the failed unit", i)
			// The batch ran first without savepoints, then again with one
			// per unit after the failure: what the first run wrote went
			// with its rollback.
			evs, err := st.Events().FindEvents(ctx, c.ID, 0, 0)
			require.NoError(t, err)
			assert.Len(t, evs, 1, "case %d's event is stored once", i)
		}
	}
	_, err := duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
	require.NoError(t, err)

	assert.PanicsWithValue(t, "boom", func() {
		_ = st.inTx(ctx, func(context.Context, bun.Tx) error { panic("boom") })
	}, "a unit's panic is its caller's")
	require.NoError(t, st.inTx(ctx, func(context.Context, bun.Tx) error { return nil }), "the writer goes on")
}
