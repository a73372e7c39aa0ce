package store

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"
)

// The SQLite measurement: writeGoroutines goroutines share writeOps short
// write transactions (one INSERT each, committed with synchronous=FULL) on
// a database file, through Open's single writer connection or through a pool
// of eight. The latency of a transaction runs from asking for it (waiting
// for the connection or SQLite's lock included) to the end of its commit.
const (
	writeGoroutines = 8
	writeOps        = 2000
)

// BenchmarkSQLiteWriters backs the choice of one writer connection: with
// eight, writers wait for SQLite's lock in its busy handler, which sleeps
// and polls, so a few of them lose again and again and the tail grows; with
// one, they wait in database/sql's pool and are handed the connection as
// soon as it is free. Run it with
//
//	go test -run '^$' -bench SQLiteWriters -benchtime 1x ./store/
//
// Each iteration is writeOps transactions; p50-ms, p99-ms, p99.9-ms and
// max-ms are over all of them, tx/s is the throughput and errors counts the
// transactions that failed ("database is locked" after BusyTimeout).
func BenchmarkSQLiteWriters(b *testing.B) {
	for _, bc := range []struct {
		name    string
		writers int
	}{
		{"Open-1-writer", 1},
		{"8-writers", 8},
	} {
		b.Run(bc.name, func(b *testing.B) {
			db := openWritersDB(b, bc.writers)
			var all []time.Duration
			var errs int
			var elapsed time.Duration
			for b.Loop() {
				start := time.Now()
				lat, n := writeRound(db.Write, writeGoroutines, writeOps)
				elapsed += time.Since(start)
				all = append(all, lat...)
				errs += n
			}
			slices.Sort(all)
			b.ReportMetric(ms(percentile(all, 0.50)), "p50-ms")
			b.ReportMetric(ms(percentile(all, 0.99)), "p99-ms")
			b.ReportMetric(ms(percentile(all, 0.999)), "p99.9-ms")
			b.ReportMetric(ms(all[len(all)-1]), "max-ms")
			b.ReportMetric(float64(errs), "errors")
			b.ReportMetric(float64(len(all))/elapsed.Seconds(), "tx/s")
			b.ReportMetric(0, "ns/op") // one op is a whole round; its time says nothing
		})
	}
}

// TestSQLiteWriters runs a short round of the measurement, so that its code
// stays correct, and checks that the single writer fails no transaction.
func TestSQLiteWriters(t *testing.T) {
	for _, writers := range []int{1, 8} {
		db := openWritersDB(t, writers)
		lat, errs := writeRound(db.Write, writeGoroutines, 200)
		require.Len(t, lat, 200-errs)
		if writers == 1 {
			assert.Zero(t, errs)
		}
		var n int
		require.NoError(t, db.Read.QueryRowContext(context.Background(), "SELECT count(*) FROM scratch").Scan(&n))
		assert.Equal(t, 200-errs, n)
	}
}

// openWritersDB opens a SQLite file with Open's settings but the given
// number of writer connections, and creates the scratch table.
func openWritersDB(t testing.TB, writers int) *DB {
	t.Helper()
	ctx := context.Background()
	opt, err := Options{}.withDefaults()
	require.NoError(t, err)
	db, err := openSQLite(ctx, filepath.Join(t.TempDir(), "bench.db"), opt, writers)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	require.Equal(t, writers, db.Write.Stats().MaxOpenConnections)
	_, err = db.Write.ExecContext(ctx, `CREATE TABLE scratch (
		id INTEGER PRIMARY KEY,
		goroutine INTEGER NOT NULL,
		payload TEXT NOT NULL
	)`)
	require.NoError(t, err)
	return db
}

// writeRound runs ops one-INSERT transactions from goroutines goroutines and
// returns the latencies of those that succeeded and the number that failed.
func writeRound(w *bun.DB, goroutines, ops int) (latencies []time.Duration, errs int) {
	ctx := context.Background()
	var next atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	latencies = make([]time.Duration, 0, ops)
	for g := range goroutines {
		wg.Go(func() {
			var mine []time.Duration
			failed := 0
			for next.Add(1) <= int64(ops) {
				start := time.Now()
				err := w.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
					_, err := tx.ExecContext(ctx, "INSERT INTO scratch (goroutine, payload) VALUES (?, ?)", g, "a short case event")
					return err
				})
				if err != nil {
					failed++
					continue
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			errs += failed
			mu.Unlock()
		})
	}
	wg.Wait()
	return latencies, errs
}

// percentile returns the p-quantile (0 < p ≤ 1) of sorted, by the
// nearest-rank method.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(float64(len(sorted))*p+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
