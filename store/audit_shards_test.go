package store

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestMigrateAuditShards puts a database back to the audit trail of before
// the shards (one signed count of all streams, checkpoints numbered among
// all streams, signed as then, a head given out), and migrates it: the
// trail verifies, the head still proves nothing went back, and tampering
// done before the migration is still reported after it.
func TestMigrateAuditShards(t *testing.T) { onEveryBackend(t, testMigrateAuditShards) }

func testMigrateAuditShards(t *testing.T, open openStoreFunc) {
	t.Run("Intact", func(t *testing.T) {
		f := newAuditFixture(t, open)
		ctx := t.Context()
		h, err := duediligence.TakeAuditHead(ctx, f.st, f.st.AuditKey())
		require.NoError(t, err)
		f.unshard(t, nil)
		require.ErrorContains(t, Migrate(ctx, f.st.db), "needs the audit key", "the function Migrate has no key to sign with")
		require.NoError(t, f.st.Migrate(ctx))
		require.Equal(t, duediligence.AuditSummary{Events: 13, Streams: 4, Cases: 3}, f.verify(t, nil))
		f.verify(t, &h)
		// And the trail goes on in the shards.
		c := testCase(t, "owner-1", "赵六")
		require.NoError(t, f.st.createCase(ctx, c, caseEvent(c, "case.created")))
		next := changed(f.cases[0])
		require.NoError(t, f.st.updateCase(ctx, next, f.cases[0].Version, caseEvent(next, "case.updated")))
		f.verify(t, &h)
	})
	t.Run("StreamDeletedBefore", func(t *testing.T) {
		f := newAuditFixture(t, open)
		victim := f.cases[1].ID
		f.unshard(t, func(tx bun.Tx) {
			for _, table := range []string{"case_members", "case_ngrams", "case_collateral", "case_parties", "case_bodies"} {
				_, err := tx.ExecContext(t.Context(), `DELETE FROM `+table+` WHERE case_id = ?`, victim)
				require.NoError(t, err)
			}
			for _, q := range []string{`DELETE FROM cases WHERE id = ?`, `DELETE FROM events WHERE stream = ?`, `DELETE FROM audit_checkpoints WHERE stream = ?`} {
				_, err := tx.ExecContext(t.Context(), q, victim)
				require.NoError(t, err)
			}
		})
		require.NoError(t, f.st.Migrate(t.Context()))
		f.wantFinding(t, nil, duediligence.FindingDeleted, "", "the signed count of audit shard 0 says")
	})
	t.Run("CheckpointForgedBefore", func(t *testing.T) {
		f := newAuditFixture(t, open)
		victim := f.cases[2].ID
		f.unshard(t, func(tx bun.Tx) {
			_, err := tx.ExecContext(t.Context(), `DELETE FROM events WHERE stream = ? AND seq > 3`, victim)
			require.NoError(t, err)
			_, err = tx.ExecContext(t.Context(), `UPDATE audit_checkpoints SET seq = 3, hash = (SELECT hash FROM events WHERE stream = ? AND seq = 3) WHERE stream = ?`, victim, victim)
			require.NoError(t, err)
		})
		require.NoError(t, f.st.Migrate(t.Context()))
		f.wantFinding(t, nil, duediligence.FindingCheckpoint, victim, "signature does not match")
	})
	t.Run("CountLoweredBefore", func(t *testing.T) {
		f := newAuditFixture(t, open)
		f.unshard(t, func(tx bun.Tx) {
			_, err := tx.ExecContext(t.Context(), `UPDATE audit_state SET streams = streams - 1`)
			require.NoError(t, err)
		})
		require.NoError(t, f.st.Migrate(t.Context()))
		f.wantFinding(t, nil, duediligence.FindingCheckpoint, "", "the count of audit streams of shard 0 does not match")
	})
}

// unshard rewrites the fixture's trail as the code of before the shards
// stored it: checkpoints numbered in their present order among all
// streams and signed as then, the signed count of all streams in
// audit_state, the heads' streams as their lengths by ordinal; it runs
// tamper in the same transaction, and marks the migration to shards as not
// applied.
func (f *auditFixture) unshard(t *testing.T, tamper func(tx bun.Tx)) {
	t.Helper()
	ctx := t.Context()
	key := f.st.AuditKey()
	var cps []duediligence.Checkpoint
	require.NoError(t, f.st.Events().Checkpoints(ctx, func(c duediligence.Checkpoint) error {
		cps = append(cps, c)
		return nil
	}))
	var heads []headRow
	require.NoError(t, f.st.db.Read.NewSelect().Model(&heads).Scan(ctx))
	require.NoError(t, f.st.db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, q := range []string{`DROP TABLE audit_checkpoints`, `DROP TABLE audit_shards`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		if err := migrateAuditCheckpoints(ctx, tx); err != nil {
			return err
		}
		for i, c := range cps {
			old := duediligence.Checkpoint{Stream: c.Stream, Ordinal: int64(i + 1), Seq: c.Seq, Hash: c.Hash}
			key.SignCheckpointV1(&old)
			if _, err := tx.ExecContext(ctx, `INSERT INTO audit_checkpoints (stream, ordinal, seq, hash, key_id, mac) VALUES (?, ?, ?, ?, ?, ?)`,
				old.Stream, old.Ordinal, old.Seq, old.Hash, old.KeyID, old.MAC); err != nil {
				return err
			}
		}
		id, mac := key.SignAuditStateV1(int64(len(cps)))
		if _, err := tx.ExecContext(ctx, `UPDATE audit_state SET streams = ?, key_id = ?, mac = ? WHERE id = 1`, len(cps), id, mac); err != nil {
			return err
		}
		for _, h := range heads {
			streams, err := parseHeadStreams(h.Seqs)
			if err != nil {
				return err
			}
			seqs := make([]string, len(streams))
			for i, hs := range streams {
				require.Equal(t, cps[i].Shard, hs.Shard, "a head taken after the last stream began")
				seqs[i] = strconv.FormatInt(hs.Seq, 10)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE audit_heads SET seqs = ? WHERE digest = ?`, strings.Join(seqs, ","), h.Digest); err != nil {
				return err
			}
		}
		if tamper != nil {
			tamper(tx)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM `+migrationsTable+` WHERE name = '20261203000100'`)
		return err
	}))
}

// BenchmarkCreateCases_AuditShards creates cases from 8 clients at once on
// PostgreSQL, with the streams counted in one shard (one row every new case
// locks, as before the shards) and in duediligence.AuditShards, in the same
// run: creates/s of each, and their ratio is the sub-benchmarks' ns/op.
func BenchmarkCreateCases_AuditShards(b *testing.B) {
	u := os.Getenv("JINZHI_TEST_DATABASE_URL")
	if u == "" {
		b.Skip("needs PostgreSQL (JINZHI_TEST_DATABASE_URL)")
	}
	const clients = 8
	for _, shards := range []int{1, duediligence.AuditShards} {
		b.Run(fmt.Sprintf("shards=%d", shards), func(b *testing.B) {
			db, err := Open(context.Background(), newPostgresTestDatabase(b, u), Options{MaxConns: 2 * clients})
			require.NoError(b, err)
			b.Cleanup(func() { db.Close() })
			st := New(db)
			require.NoError(b, st.Migrate(context.Background()))
			saved := auditShardCount
			auditShardCount = shards
			b.Cleanup(func() { auditShardCount = saved })

			t := &testing.T{}
			cases := make([]*duediligence.Case, b.N)
			for i := range cases {
				cases[i] = testCase(t, "owner-1", "张三")
			}
			b.ResetTimer()
			start := time.Now()
			parallel(b, clients, func(i int) error {
				return st.createCase(context.Background(), cases[i], caseEvent(cases[i], "case.created"))
			})
			b.StopTimer()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "creates/s")
		})
	}
}
