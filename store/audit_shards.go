package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// The signed count of streams is kept in duediligence.AuditShards shards
// (audit_shards), one row each: a new stream takes the next ordinal of its
// shard, the FNV hash of its name (duediligence.AuditShard). On PostgreSQL
// a new case locks the row of its shard until it commits; with one row for
// every stream, as before the shards, all new cases waited for each other
// there.

// auditShardCount is the number of shards new streams are counted in. It
// is duediligence.AuditShards, which VerifyAudit checks; only
// BenchmarkCreateCases_AuditShards sets it to 1, to compare with one row.
var auditShardCount = duediligence.AuditShards

// shardRow is one row of audit_shards.
type shardRow struct {
	bun.BaseModel `bun:"table:audit_shards"`

	Shard   int    `bun:"shard,pk"`
	Streams int64  `bun:"streams"`
	KeyID   string `bun:"key_id"`
	MAC     string `bun:"mac"`
}

// nextOrdinal counts one more stream in its shard's row, signed, and
// returns its number. On PostgreSQL the row stays locked until the
// transaction ends, so that the new streams of one shard take their
// numbers one at a time; on SQLite the one writer already does.
func nextOrdinal(ctx context.Context, tx bun.Tx, key *duediligence.AuditKey, shard int) (int64, error) {
	var st shardRow
	q := tx.NewSelect().Model(&st).Where("shard = ?", shard)
	if tx.Dialect().Name() == dialect.PG {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, missingShard(shard)
		}
		return 0, err
	}
	s := duediligence.AuditState{Shard: shard, Streams: st.Streams + 1}
	key.SignAuditState(&s)
	if _, err := tx.NewUpdate().Model(&shardRow{Shard: shard, Streams: s.Streams, KeyID: s.KeyID, MAC: s.MAC}).
		Column("streams", "key_id", "mac").WherePK().Exec(ctx); err != nil {
		return 0, err
	}
	return s.Streams, nil
}

// missingShard is the error of a shard whose count of streams is missing.
func missingShard(shard int) error {
	return duediligence.Errorf(duediligence.CodeInternal, "", "the count of audit shard %d is missing (deleted behind the application)", shard)
}

// AuditStates returns the signed count of streams of every shard, in
// shard order.
func (s eventStore) AuditStates(ctx context.Context) (_ []duediligence.AuditState, err error) {
	defer duediligence.Wrap(&err, "EventStore.AuditStates")
	var rows []shardRow
	if err := s.q.NewSelect().Model(&rows).OrderExpr("shard ASC").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]duediligence.AuditState, len(rows))
	for i, r := range rows {
		out[i] = duediligence.AuditState{Shard: r.Shard, Streams: r.Streams, KeyID: r.KeyID, MAC: r.MAC}
	}
	return out, nil
}

// formatHeadStreams writes the streams of a head as audit_heads.seqs holds
// them: SHARD.ORDINAL.SEQ, comma-separated.
func formatHeadStreams(streams []duediligence.HeadStream) string {
	var b strings.Builder
	for i, hs := range streams {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%d.%d.%d", hs.Shard, hs.Ordinal, hs.Seq)
	}
	return b.String()
}

func parseHeadStreams(text string) ([]duediligence.HeadStream, error) {
	if text == "" {
		return nil, nil
	}
	fields := strings.Split(text, ",")
	out := make([]duediligence.HeadStream, len(fields))
	for i, f := range fields {
		parts := strings.Split(f, ".")
		if len(parts) != 3 {
			return nil, fmt.Errorf("audit head record: %q is not SHARD.ORDINAL.SEQ", f)
		}
		var n [3]int64
		for j, p := range parts {
			v, err := strconv.ParseInt(p, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("audit head record: %q is not SHARD.ORDINAL.SEQ", f)
			}
			n[j] = v
		}
		out[i] = duediligence.HeadStream{Shard: int(n[0]), Ordinal: n[1], Seq: n[2]}
	}
	return out, nil
}

// migrationKey carries the store's audit key to the migrations that sign
// (Store.Migrate).
type migrationKey struct{}

func withMigrationKey(ctx context.Context, key *duediligence.AuditKey) context.Context {
	return context.WithValue(ctx, migrationKey{}, key)
}

// signEmptyShards signs the counts of 0 that are not signed: on a
// database that has no stream yet (SignUnsignedStreams).
func signEmptyShards(ctx context.Context, tx bun.Tx, key *duediligence.AuditKey) error {
	var rows []shardRow
	if err := tx.NewSelect().Model(&rows).Where("streams = 0 AND mac = ''").Scan(ctx); err != nil {
		return err
	}
	for _, r := range rows {
		s := duediligence.AuditState{Shard: r.Shard}
		key.SignAuditState(&s)
		if _, err := tx.NewUpdate().Model(&shardRow{Shard: r.Shard, KeyID: s.KeyID, MAC: s.MAC}).Column("key_id", "mac").WherePK().Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// migrateAuditShards moves the signed count of streams (the one row of
// audit_state) into audit_shards, and every checkpoint into its stream's
// shard, numbered in the shard in the order the streams began. It signs
// what it moves with the store's key (Store.Migrate gives it), and only
// what verified with it before: a checkpoint whose signature did not match
// keeps the one it had, which does not match after either; an ordinal
// missing before (a stream deleted with its checkpoint), or a signed count
// above the checkpoints, is counted in shard 0 without a checkpoint, where
// VerifyAudit still reports it. The heads given out are rewritten to name
// the streams they covered by their new places; their digests stay as they
// were (their order is the ordinals').
func migrateAuditShards(ctx context.Context, tx bun.Tx) error {
	exec := func(q string) error {
		_, err := tx.ExecContext(ctx, q)
		return err
	}
	if err := exec(`CREATE TABLE IF NOT EXISTS audit_shards (
		shard   INTEGER PRIMARY KEY,
		streams BIGINT NOT NULL,
		key_id  TEXT NOT NULL,
		mac     TEXT NOT NULL
	)`); err != nil {
		return err
	}
	done, err := hasColumn(ctx, tx, "audit_checkpoints", "shard")
	if err != nil || done {
		return err
	}

	type oldCheckpoint struct {
		Stream  string `bun:"stream"`
		Ordinal int64  `bun:"ordinal"`
		Seq     int64  `bun:"seq"`
		Hash    string `bun:"hash"`
		KeyID   string `bun:"key_id"`
		MAC     string `bun:"mac"`
	}
	var old []oldCheckpoint
	if err := tx.NewSelect().Table("audit_checkpoints").Column("stream", "ordinal", "seq", "hash", "key_id", "mac").
		OrderExpr("ordinal ASC").Scan(ctx, &old); err != nil {
		return err
	}
	var state struct {
		Streams int64  `bun:"streams"`
		KeyID   string `bun:"key_id"`
		MAC     string `bun:"mac"`
	}
	if err := tx.NewSelect().Table("audit_state").Column("streams", "key_id", "mac").Where("id = 1").Scan(ctx, &state); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	key, _ := ctx.Value(migrationKey{}).(*duediligence.AuditKey)
	if key == nil && (len(old) > 0 || state.Streams > 0) {
		return errors.New("moving the audit trail's signed checkpoints into shards needs the audit key: migrate with Store.Migrate of a store made WithAuditKey (jinzhi migrate)")
	}

	if err := exec(`CREATE TABLE audit_checkpoints_sharded (
		stream  TEXT PRIMARY KEY,
		shard   INTEGER NOT NULL,
		ordinal BIGINT NOT NULL,
		seq     BIGINT NOT NULL,
		hash    TEXT NOT NULL,
		key_id  TEXT NOT NULL,
		mac     TEXT NOT NULL,
		UNIQUE (shard, ordinal)
	)`); err != nil {
		return err
	}
	counts := make([]int64, duediligence.AuditShards)
	placeOf := map[int64][2]int64{} // old ordinal → shard, new ordinal
	missing := int64(0)
	next := int64(1)
	for _, o := range old {
		if o.Ordinal > next {
			missing += o.Ordinal - next
		}
		next = o.Ordinal + 1
		c := duediligence.Checkpoint{Stream: o.Stream, Ordinal: o.Ordinal, Seq: o.Seq, Hash: o.Hash, KeyID: o.KeyID, MAC: o.MAC}
		valid := key.CheckCheckpointV1(c) == nil
		c.Shard = duediligence.AuditShard(o.Stream)
		counts[c.Shard]++
		c.Ordinal = counts[c.Shard]
		placeOf[o.Ordinal] = [2]int64{int64(c.Shard), c.Ordinal}
		if valid {
			key.SignCheckpoint(&c)
		}
		row := &checkpointRow{Stream: c.Stream, Shard: c.Shard, Ordinal: c.Ordinal, Seq: c.Seq, Hash: c.Hash, KeyID: c.KeyID, MAC: c.MAC}
		if _, err := tx.NewInsert().Model(row).ModelTableExpr("audit_checkpoints_sharded").Exec(ctx); err != nil {
			return err
		}
	}
	if state.Streams >= next {
		missing += state.Streams - next + 1
	}
	stateValid := key == nil || key.CheckAuditStateV1(state.Streams, state.KeyID, state.MAC) == nil
	for shard := range counts {
		s := duediligence.AuditState{Shard: shard, Streams: counts[shard]}
		if shard == 0 {
			s.Streams += missing
		}
		switch {
		case shard == 0 && !stateValid:
			s.KeyID, s.MAC = state.KeyID, state.MAC // does not match after either
		case key != nil:
			key.SignAuditState(&s)
		}
		// Without a key (the function Migrate of an empty database) the
		// counts of 0 stay unsigned, until SignUnsignedStreams signs them.
		if _, err := tx.NewInsert().Model(&shardRow{Shard: shard, Streams: s.Streams, KeyID: s.KeyID, MAC: s.MAC}).
			On("CONFLICT (shard) DO NOTHING").Exec(ctx); err != nil {
			return err
		}
	}

	var heads []headRow
	if err := tx.NewSelect().Model(&heads).Scan(ctx); err != nil {
		return err
	}
	for _, h := range heads {
		var streams []duediligence.HeadStream
		if h.Seqs != "" {
			for i, f := range strings.Split(h.Seqs, ",") {
				seq, err := strconv.ParseInt(f, 10, 64)
				if err != nil {
					return fmt.Errorf("audit head %s: %w", h.Digest, err)
				}
				p, ok := placeOf[int64(i+1)]
				if !ok {
					p = [2]int64{-1, int64(i + 1)} // a stream gone before the shards
				}
				streams = append(streams, duediligence.HeadStream{Shard: int(p[0]), Ordinal: p[1], Seq: seq})
			}
		}
		if _, err := tx.NewUpdate().Model(&headRow{Digest: h.Digest, Seqs: formatHeadStreams(streams)}).Column("seqs").WherePK().Exec(ctx); err != nil {
			return err
		}
	}
	for _, q := range []string{
		`DROP TABLE audit_checkpoints`,
		`ALTER TABLE audit_checkpoints_sharded RENAME TO audit_checkpoints`,
		`DROP TABLE IF EXISTS audit_state`,
	} {
		if err := exec(q); err != nil {
			return err
		}
	}
	return nil
}
