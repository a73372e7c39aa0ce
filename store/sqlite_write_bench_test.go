package store

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// BenchmarkSQLiteWrites measures the single writer's work for the API's two
// most frequent writes on a SQLite file, through the Store (no HTTP): a new
// case with its first event and checkpoint, and an event appended to an
// existing case's stream (a manager's case.viewed, which the read audit
// writes in batches of 32). From 8 goroutines at once, as the API's
// clients would, so that group commit runs as in service. ns/op is the
// writer's time per write, and a create reports its latency percentiles;
// compare runs of two versions alternated:
//
//	go test -run '^$' -bench SQLiteWrites -benchtime 2000x ./store/
//
// JINZHI_BENCH_SQLITE_PARAMS is appended to the database's path, to try a
// pragma: "?_pragma=wal_autocheckpoint(0)".
func BenchmarkSQLiteWrites(b *testing.B) {
	ctx := context.Background()
	open := func(b *testing.B) *Store {
		db, err := Open(ctx, filepath.Join(b.TempDir(), "jinzhi.db")+os.Getenv("JINZHI_BENCH_SQLITE_PARAMS"), Options{})
		require.NoError(b, err)
		b.Cleanup(func() { db.Close() })
		st := New(db)
		require.NoError(b, st.Migrate(ctx))
		return st
	}
	b.Run("create", func(b *testing.B) {
		st := open(b)
		t := &testing.T{}
		cases := make([]*duediligence.Case, b.N)
		for i := range cases {
			cases[i] = testCase(t, "owner-1", "张三")
		}
		lat := make([]time.Duration, b.N)
		b.ResetTimer()
		parallel(b, 8, func(i int) error {
			start := time.Now()
			err := st.createCase(ctx, cases[i], caseEvent(cases[i], "case.created"))
			lat[i] = time.Since(start)
			return err
		})
		b.StopTimer()
		slices.Sort(lat)
		b.ReportMetric(ms(percentile(lat, 0.50)), "p50-ms")
		b.ReportMetric(ms(percentile(lat, 0.99)), "p99-ms")
		b.ReportMetric(ms(percentile(lat, 0.999)), "p99.9-ms")
	})
	b.Run("append-batch-32", func(b *testing.B) {
		st := open(b)
		t := &testing.T{}
		const streams = 64
		cases := make([]*duediligence.Case, streams)
		for i := range cases {
			cases[i] = testCase(t, "owner-1", "张三")
			require.NoError(b, st.createCase(ctx, cases[i], caseEvent(cases[i], "case.created")))
		}
		b.ResetTimer()
		for i := 0; i < b.N; i += 32 {
			require.NoError(b, st.WithTx(ctx, func(tx duediligence.Tx) error {
				for j := i; j < min(i+32, b.N); j++ {
					if err := tx.Events().AppendEvent(ctx, caseEvent(cases[j%streams], "case.viewed")); err != nil {
						return err
					}
				}
				return nil
			}))
		}
	})
}

// parallel runs fn(0) … fn(b.N-1) from n goroutines and fails b on the
// first error.
func parallel(b *testing.B, n int, fn func(i int) error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				if err := fn(int(i)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}
