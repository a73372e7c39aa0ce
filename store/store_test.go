package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// openStoreFunc opens a fresh, migrated, empty store for one test. The
// store's db is there for tests that go behind its back.
type openStoreFunc func(t *testing.T) *Store

// TestStore runs the same suite on SQLite and on PostgreSQL; the PostgreSQL
// run skips unless JINZHI_TEST_DATABASE_URL names a server (see
// testPostgresURL).
func TestStore(t *testing.T) { onEveryBackend(t, runStoreSuite) }

// onEveryBackend runs run once per backend: SQLite in a file, SQLite in
// memory (one connection serves reads and writes: a read left open while a
// write waits would hang), and PostgreSQL, which skips unless
// JINZHI_TEST_DATABASE_URL names a server (see testPostgresURL).
func onEveryBackend(t *testing.T, run func(*testing.T, openStoreFunc)) {
	t.Run("sqlite", func(t *testing.T) { run(t, openSQLiteTestStore) })
	t.Run("sqlite_memory", func(t *testing.T) { run(t, openSQLiteMemoryTestStore) })
	t.Run("postgres", func(t *testing.T) {
		server := testPostgresURL(t)
		run(t, func(t *testing.T) *Store { return openPostgresTestStore(t, server) })
	})
}

func runStoreSuite(t *testing.T, open openStoreFunc) {
	tests := []struct {
		name string
		run  func(*testing.T, openStoreFunc)
	}{
		{"Migrate", testMigrate},
		{"CreateCase", testCreateCase},
		{"UpdateCase", testUpdateCase},
		{"UpdateCase_Contention", testUpdateCaseContention},
		{"FindCases", testFindCases},
		{"AppendEvent", testAppendEvent},
		{"AppendEvent_Concurrent", testAppendEventConcurrent},
		{"VerifyAudit_Tampering", testVerifyAuditTampering},
		{"Audit_Tampering", testAuditTampering},
		{"FrozenReport", testFrozenReport},
		{"SignUnsignedStreams", testSignUnsignedStreams},
		{"Users", testUsers},
		{"InTx_Retry", testInTxRetry},
		{"InsertEventError", testInsertEventError},
		{"AppendEvent_AroundTheStore", testAppendEventAroundTheStore},
		{"Collateral", testCollateral},
		{"Guarantees", testGuarantees},
		{"Ledger", testLedger},
		{"Loans", testLoans},
		{"FollowUp", testFollowUp},
		{"LedgerListing", testLedgerListing},
		{"IndexWrites", testIndexWrites},
		{"FindCases_Member", testFindCasesMember},
		{"Clients", testClients},
		{"Funding", testFunding},
		{"ClientRelations", testClientRelations},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open) })
	}
}

// openSQLiteTestStore opens a store on a new database file.
func openSQLiteTestStore(t *testing.T) *Store {
	t.Helper()
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "jinzhi.db"), Options{})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, db.Close()) })
	st := New(db)
	require.NoError(t, st.Migrate(t.Context()))
	return st
}

// openSQLiteMemoryTestStore opens a store on a private in-memory database.
func openSQLiteMemoryTestStore(t *testing.T) *Store {
	t.Helper()
	db, err := Open(t.Context(), ":memory:", Options{})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, db.Close()) })
	st := New(db)
	require.NoError(t, st.Migrate(t.Context()))
	return st
}

// openPostgresTestStore opens a store on a new database of its own on the
// server.
func openPostgresTestStore(t *testing.T, server string) *Store {
	t.Helper()
	db, err := Open(t.Context(), newPostgresTestDatabase(t, server), Options{})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, db.Close()) }) // before the DROP: cleanups run last first
	st := New(db)
	require.NoError(t, st.Migrate(t.Context()))
	return st
}

// newPostgresTestDatabase creates an empty database on the server, drops it
// when the test ends, and returns its URL.
func newPostgresTestDatabase(t testing.TB, server string) string {
	t.Helper()
	ctx := t.Context()
	// No read timeout: dropping a benchmark's database can take a while.
	admin, err := Open(ctx, withParam(server, "read_timeout=0"), Options{MaxConns: 1})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, admin.Close()) })

	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "jinzhi_test_" + hex.EncodeToString(b[:])
	_, err = admin.Write.ExecContext(ctx, "CREATE DATABASE "+name)
	require.NoError(t, err)
	t.Cleanup(func() {
		// t.Context is done by now.
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

// withParam adds a query parameter to a URL.
func withParam(u, param string) string {
	if strings.Contains(u, "?") {
		return u + "&" + param
	}
	return u + "?" + param
}

// TestMigrate_ConcurrentPostgres starts three migrations of one PostgreSQL
// database at once, as replicas starting together would: all succeed, and
// the schema is made once.
func TestMigrate_ConcurrentPostgres(t *testing.T) {
	dbURL := newPostgresTestDatabase(t, testPostgresURL(t))
	ctx := t.Context()
	var dbs []*DB
	for range 3 {
		db, err := Open(ctx, dbURL, Options{MaxConns: 2})
		require.NoError(t, err)
		t.Cleanup(func() { assert.NoError(t, db.Close()) })
		dbs = append(dbs, db)
	}
	errs := make([]error, len(dbs))
	var wg sync.WaitGroup
	for i, db := range dbs {
		wg.Go(func() { errs[i] = Migrate(ctx, db) })
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
	var applied int
	require.NoError(t, dbs[0].Read.NewSelect().Table(migrationsTable).ColumnExpr("count(*)").Scan(ctx, &applied))
	ups, err := fs.Glob(migrationFiles, "migrations/*.up.sql")
	require.NoError(t, err)
	require.NotEmpty(t, ups)
	assert.Equal(t, len(ups)+len(goMigrations), applied, "each migration is recorded once")
	assert.NoError(t, New(dbs[1]).Ping(ctx))

	one, err := Open(ctx, dbURL, Options{MaxConns: 1})
	require.NoError(t, err)
	defer one.Close()
	assert.ErrorContains(t, Migrate(ctx, one), "at least 2 connections", "a pool of one would wait for itself")
}

func testMigrate(t *testing.T, open openStoreFunc) {
	st := open(t) // migrated once
	ctx := t.Context()
	c := testCase(t, "owner-1", "张三")
	require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))

	require.NoError(t, st.Migrate(ctx), "a second run finds nothing to do")
	require.NoError(t, Migrate(ctx, st.db))
	got, err := st.Cases().FindCaseByID(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, c, got)

	var applied int
	require.NoError(t, st.db.Read.NewSelect().Table(migrationsTable).ColumnExpr("count(*)").Scan(ctx, &applied))
	ups, err := fs.Glob(migrationFiles, "migrations/*.up.sql")
	require.NoError(t, err)
	require.NotEmpty(t, ups)
	assert.Equal(t, len(ups)+len(goMigrations), applied, "each migration is recorded once")
}

// testUpdateCaseContention has 16 goroutines change one case at once, each
// from the version it read. Each version must be won exactly once, no change
// may be lost, and the losers must learn that they were stale.
func testUpdateCaseContention(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	c := testCase(t, "owner-1", "张三")
	c.Findings = []duediligence.Finding{}
	require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))

	const workers, tries = 16, 20
	var (
		mu      sync.Mutex
		winners = map[int]string{} // version → the finding its winner added
		stale   int
		others  []error
		wg      sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for try := range tries {
				cur, err := st.Cases().FindCaseByID(ctx, c.ID)
				if err != nil {
					mu.Lock()
					others = append(others, err)
					mu.Unlock()
					return
				}
				mark := fmt.Sprintf("w%02d-t%02d", w, try)
				read := cur.Version
				cur.Findings = append(cur.Findings, duediligence.Finding{ID: mark, Topic: duediligence.TopicOther, Evidence: []string{}})
				cur.Version = read + 1
				ev := testEvent(c.ID, "finding.added")
				ev.CaseVersion = cur.Version
				err = st.updateCase(ctx, cur, read, ev)
				mu.Lock()
				switch {
				case err == nil:
					if prev, dup := winners[cur.Version]; dup {
						others = append(others, fmt.Errorf("version %d won by %s and %s", cur.Version, prev, mark))
					}
					winners[cur.Version] = mark
				case errors.Is(err, duediligence.ErrStale):
					stale++
				default:
					others = append(others, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	require.Empty(t, others, "losers fail with ErrStale and nothing else")
	require.Equal(t, workers*tries, len(winners)+stale)
	require.NotEmpty(t, winners)
	for v := 2; v <= len(winners)+1; v++ {
		assert.Contains(t, winners, v, "version %d was won once", v)
	}

	final, err := st.Cases().FindCaseByID(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, 1+len(winners), final.Version, "no update lost")
	require.Len(t, final.Findings, len(winners))
	for i, f := range final.Findings {
		assert.Equal(t, winners[i+2], f.ID, "the finding of version %d's winner, in order", i+2)
	}
	evs, err := st.Events().FindEvents(ctx, c.ID, 0, 0)
	require.NoError(t, err)
	assert.Len(t, evs, 1+len(winners))
	assert.NoError(t, duediligence.VerifyChain(evs))
	t.Logf("%d wins, %d stale", len(winners), stale)
}

// testAppendEventConcurrent appends 8×10 events to one stream at once: they
// must end up numbered 1..80 in one unbroken chain.
func testAppendEventConcurrent(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	const workers, each = 8, 10
	errs := make(chan error, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				errs <- st.appendEvent(ctx, testEvent("stream-1", "document.downloaded"))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	evs, err := st.Events().FindEvents(ctx, "stream-1", 0, 0)
	require.NoError(t, err)
	require.Len(t, evs, workers*each)
	for i, ev := range evs {
		assert.Equal(t, int64(i+1), ev.Seq)
	}
	assert.NoError(t, duediligence.VerifyChain(evs))
	sum, err := duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
	n := sum.Events
	require.NoError(t, err)
	assert.Equal(t, workers*each, n)
}

// testInTxRetry checks that a transaction that lost its stream's sequence
// number is tried again, a bounded number of times, and others are not.
func testInTxRetry(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	failFirst := func(n int, fail error) (func(context.Context, bun.Tx) error, *int) {
		calls := 0
		return func(context.Context, bun.Tx) error {
			calls++
			if calls <= n {
				return fail
			}
			return nil
		}, &calls
	}
	fn, calls := failFirst(2, errSeqTaken)
	assert.NoError(t, st.inTx(ctx, fn))
	assert.Equal(t, 3, *calls)

	fn, calls = failFirst(maxAttempts, errSeqTaken)
	assert.ErrorIs(t, st.inTx(ctx, fn), errSeqTaken)
	assert.Equal(t, maxAttempts, *calls, "gives up after maxAttempts")

	other := errors.New("disk full")
	fn, calls = failFirst(1, other)
	assert.ErrorIs(t, st.inTx(ctx, fn), other)
	assert.Equal(t, 1, *calls, "other errors are not retried")
}

// testEvent returns an unsealed event on stream, at a time with nanoseconds
// and a zone other than UTC, both of which must survive the round trip.
func testEvent(stream, action string) *duediligence.Event {
	return &duediligence.Event{
		ID: duediligence.UUIDv7{}.NewID(), Stream: stream,
		At:      time.Now().In(time.FixedZone("CST", 8*3600)),
		ActorID: "user-1", ActorRole: duediligence.RoleAccountManager, Action: action,
		CaseVersion: 1, Data: []byte(`{"note": "数据", "n": 1}`),
	}
}
