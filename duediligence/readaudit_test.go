package duediligence_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/store"
)

// heldStore is a store whose units of work wait, while held, until
// released: a writer that is busy.
type heldStore struct {
	*store.Store
	held    atomic.Bool
	release chan struct{}
}

func (h *heldStore) WithTx(ctx context.Context, fn func(dd.Tx) error) error {
	if h.held.Load() {
		select {
		case <-h.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return h.Store.WithTx(ctx, fn)
}

// viewed counts the case.viewed events stored on a case's stream.
func viewed(t *testing.T, st *store.Store, caseID string) int {
	t.Helper()
	evs, err := st.Events().FindEvents(context.Background(), caseID, 0, 0)
	require.NoError(t, err)
	n := 0
	for _, e := range evs {
		if e.Action == "case.viewed" {
			n++
		}
	}
	return n
}

// TestService_ReadsDoNotWaitForTheWriter: a department manager's read of
// whole resident IDs answers while the writer is busy, its case.viewed
// event queued behind it; Close, as a graceful shutdown calls it, stores
// every queued event in an intact chain, and a read after Close records
// its own before it answers.
func TestService_ReadsDoNotWaitForTheWriter(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "test.db"), store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	st := store.New(db)
	require.NoError(t, st.Migrate(ctx))
	h := &heldStore{Store: st, release: make(chan struct{})}
	svc, err := dd.NewService(dd.Config{Store: h, Clock: dd.ClockFunc(func() time.Time { return today })})
	require.NoError(t, err)
	amU, _, err := svc.CreateUser(ctx, dd.SystemActor, "李经理", dd.RoleAccountManager)
	require.NoError(t, err)
	dmU, _, err := svc.CreateUser(ctx, dd.SystemActor, "王部长", dd.RoleDepartmentManager)
	require.NoError(t, err)
	c, err := svc.CreateCase(ctx, amU.Actor(), personCase(dd.Single))
	require.NoError(t, err)

	h.held.Store(true)
	const reads = 5
	for range reads {
		got, err := svc.FindCaseByID(ctx, dmU.Actor(), c.ID)
		require.NoError(t, err, "the read answers while the writer is held")
		assert.Equal(t, "11010519491231002X", got.Applicant.IDNumber, "whole, which is why it is audited")
	}
	assert.Zero(t, viewed(t, st, c.ID), "the events wait for the writer, not the reads")

	closed := make(chan error, 1)
	go func() { closed <- svc.Close(ctx) }()
	close(h.release)
	require.NoError(t, <-closed)
	assert.Equal(t, reads, viewed(t, st, c.ID), "Close stored every queued event")

	_, err = svc.FindCaseByID(ctx, dmU.Actor(), c.ID)
	require.NoError(t, err)
	assert.Equal(t, reads+1, viewed(t, st, c.ID), "after Close a read records its event before it answers")
	_, err = dd.VerifyAudit(ctx, st, st.AuditKey(), nil)
	require.NoError(t, err)
}

// TestService_EventsShowQueuedReads: the audit trail read through the
// service shows every read answered before it, queued or not.
func TestService_EventsShowQueuedReads(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
	require.NoError(t, err)
	for range 20 {
		_, err := f.svc.FindCaseByID(ctx, f.dm, c.ID)
		require.NoError(t, err)
	}
	evs, err := f.svc.Events(ctx, f.aud, c.ID)
	require.NoError(t, err)
	n := 0
	for _, e := range evs {
		if e.Action == "case.viewed" {
			n++
		}
	}
	assert.Equal(t, 20, n)
}
