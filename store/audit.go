package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// The audit trail's signatures (duediligence.AuditKey): with every event it
// appends, the store rewrites its stream's checkpoint (audit_checkpoints),
// signed, and when the stream is new the signed count of streams of the
// stream's shard (audit_shards, audit_shards.go); a head given out
// (audit_heads) keeps each stream's place and length then. An
// event that changes a case records the hash of the case's rows as written
// (events.content_hash, see contentHash).

// checkpointRow is a duediligence.Checkpoint as stored.
type checkpointRow struct {
	bun.BaseModel `bun:"table:audit_checkpoints"`

	Stream  string `bun:"stream,pk"`
	Shard   int    `bun:"shard"`
	Ordinal int64  `bun:"ordinal"`
	Seq     int64  `bun:"seq"`
	Hash    string `bun:"hash"`
	KeyID   string `bun:"key_id"`
	MAC     string `bun:"mac"`
}

func (r *checkpointRow) checkpoint() duediligence.Checkpoint {
	return duediligence.Checkpoint{Stream: r.Stream, Shard: r.Shard, Ordinal: r.Ordinal, Seq: r.Seq, Hash: r.Hash, KeyID: r.KeyID, MAC: r.MAC}
}

// headRow is a head given out.
type headRow struct {
	bun.BaseModel `bun:"table:audit_heads"`

	Digest string `bun:"digest,pk"`
	// Seqs are the streams the head covered, in its order, as
	// SHARD.ORDINAL.SEQ, comma-separated (formatHeadStreams).
	Seqs string `bun:"seqs"`
}

// migrateAuditCheckpoints adds the tables of the audit trail's signatures
// and the events' content hashes. The streams written before it are signed
// by SignUnsignedStreams, which needs the key (serve and migrate run it).
func migrateAuditCheckpoints(ctx context.Context, tx bun.Tx) error {
	for _, q := range []string{
		`CREATE TABLE IF NOT EXISTS audit_checkpoints (
			stream  TEXT PRIMARY KEY,
			ordinal BIGINT NOT NULL UNIQUE,
			seq     BIGINT NOT NULL,
			hash    TEXT NOT NULL,
			key_id  TEXT NOT NULL,
			mac     TEXT NOT NULL
		)`,
		`CREATE TABLE IF NOT EXISTS audit_state (
			id      INTEGER PRIMARY KEY,
			streams BIGINT NOT NULL,
			key_id  TEXT NOT NULL,
			mac     TEXT NOT NULL
		)`,
		`INSERT INTO audit_state (id, streams, key_id, mac) VALUES (1, 0, '', '') ON CONFLICT DO NOTHING`,
		`CREATE TABLE IF NOT EXISTS audit_heads (
			digest TEXT PRIMARY KEY,
			seqs   TEXT NOT NULL
		)`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	has, err := hasColumn(ctx, tx, "events", "content_hash")
	if err != nil || has {
		return err
	}
	_, err = tx.ExecContext(ctx, `ALTER TABLE events ADD COLUMN content_hash TEXT`)
	return err
}

// sealedCase is what a case's content hash covers: its document, as
// stored, and the columns of its listing that say what the case is (the
// ones lists, search and the ledger show). Listing columns added later are
// not covered, so that the hashes recorded before them still verify.
type sealedCase struct {
	ID            string `json:"id"`
	Version       int    `json:"version"`
	Stage         string `json:"stage"`
	Owner         string `json:"owner"`
	ApplicantKind string `json:"applicant_kind"`
	ApplicantName string `json:"applicant_name"`
	ApplicantKey  string `json:"applicant_key"`
	ApplicantID   string `json:"applicant_id"`
	Amount        int64  `json:"amount"`
	TermMonths    int    `json:"term_months"`
	AnnualRate    string `json:"annual_rate"`
	LedgerNumber  string `json:"ledger_number"`
	SubmittedAt   string `json:"submitted_at"`
	Decision      string `json:"decision"`
	DecidedAt     string `json:"decided_at"`
	CreatedAt     string `json:"created_at"`
	SchemaVersion int    `json:"schema_version"`
	Body          string `json:"body"`
}

// contentHash is the hex SHA-256 of a case's rows as stored.
func contentHash(r *caseRow, b *bodyRow) string {
	doc, _ := json.Marshal(sealedCase{ // strings and numbers only: it cannot fail
		ID: r.ID, Version: r.Version, Stage: r.Stage, Owner: r.Owner, ApplicantKind: r.ApplicantKind,
		ApplicantName: r.ApplicantName, ApplicantKey: r.ApplicantKey, ApplicantID: r.ApplicantID,
		Amount: r.Amount, TermMonths: r.TermMonths, AnnualRate: r.AnnualRate, LedgerNumber: r.LedgerNumber,
		SubmittedAt: r.SubmittedAt, Decision: r.Decision, DecidedAt: r.DecidedAt, CreatedAt: r.CreatedAt,
		SchemaVersion: b.SchemaVersion, Body: b.Body,
	})
	h := sha256.Sum256(append([]byte("jinzhi/case/v1\n"), doc...))
	return hex.EncodeToString(h[:])
}

// errAroundTheStore is the error of an append to a stream whose last
// event is not the head its signed checkpoint holds (at seq): an event was
// written, or one deleted, around the store. The append is refused, since
// chaining onto such an event would sign it; no retry mends it.
func errAroundTheStore(stream string, seq int64) error {
	return duediligence.Errorf(duediligence.CodeInternal, "",
		"audit stream %s does not end at its signed checkpoint (seq %d): the trail was written around the store; run jinzhi audit verify", stream, seq)
}

// writeCheckpoint signs and stores the checkpoint of ev's stream, which ev
// now ends; a new stream takes the next ordinal of its shard, counted in
// audit_shards.
func writeCheckpoint(ctx context.Context, tx bun.Tx, key *duediligence.AuditKey, hot *hotStatements, ev *duediligence.Event) error {
	return signCheckpoint(ctx, tx, key, hot, ev, false)
}

// writeFirstCheckpoint is writeCheckpoint for a stream this transaction
// created (fresh.go): it has no checkpoint to look up.
func writeFirstCheckpoint(ctx context.Context, tx bun.Tx, key *duediligence.AuditKey, hot *hotStatements, ev *duediligence.Event) error {
	return signCheckpoint(ctx, tx, key, hot, ev, true)
}

func signCheckpoint(ctx context.Context, tx bun.Tx, key *duediligence.AuditKey, hot *hotStatements, ev *duediligence.Event, fresh bool) error {
	cp := checkpointRow{Shard: duediligence.AuditShardOf(ev.Stream, auditShardCount)}
	err := sql.ErrNoRows
	if !fresh {
		if hot != nil {
			var row *sql.Row
			if row, err = hot.queryRow(ctx, tx.Tx, hotCheckpointOf, ev.Stream); err == nil {
				err = row.Scan(&cp.Shard, &cp.Ordinal, &cp.Seq, &cp.Hash)
			}
		} else {
			err = tx.NewSelect().Model(&cp).Column("shard", "ordinal", "seq", "hash").Where("stream = ?", ev.Stream).Scan(ctx)
		}
	}
	exists := err == nil
	if exists && (cp.Seq != ev.Seq-1 || cp.Hash != ev.PrevHash) {
		return errAroundTheStore(ev.Stream, cp.Seq)
	}
	switch {
	case errors.Is(err, sql.ErrNoRows) && hot.onPostgres():
		return signNewStream(ctx, tx, key, hot, ev, cp.Shard)
	case errors.Is(err, sql.ErrNoRows):
		// A new stream, or one written before checkpoints (or whose
		// checkpoint was deleted: its old ordinal stays missing).
		if cp.Ordinal, err = nextOrdinal(ctx, tx, key, cp.Shard); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	c := duediligence.Checkpoint{Stream: ev.Stream, Shard: cp.Shard, Ordinal: cp.Ordinal, Seq: ev.Seq, Hash: ev.Hash}
	key.SignCheckpoint(&c)
	row := &checkpointRow{Stream: c.Stream, Shard: c.Shard, Ordinal: c.Ordinal, Seq: c.Seq, Hash: c.Hash, KeyID: c.KeyID, MAC: c.MAC}
	if exists {
		if hot != nil {
			_, err = hot.exec(ctx, tx.Tx, hotUpdateCheckpoint, row.Stream, row.Seq, row.Hash, row.KeyID, row.MAC)
		} else {
			_, err = tx.NewUpdate().Model(row).Column("seq", "hash", "key_id", "mac").WherePK().Exec(ctx)
		}
		return err
	}
	res, err := tx.NewInsert().Model(row).On("CONFLICT (stream) DO NOTHING").Exec(ctx)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		// A concurrent transaction signed the stream first (the first
		// start with a key, signing the streams before it): start over.
		if err == nil {
			err = errSeqTaken
		}
		return err
	}
	return nil
}

// signNewStream is signCheckpoint for a stream without a checkpoint on
// PostgreSQL, in two prepared statements instead of three: the shard's
// count locked and raised in one, its new MAC written with the stream's
// checkpoint in the other.
func signNewStream(ctx context.Context, tx bun.Tx, key *duediligence.AuditKey, hot *hotStatements, ev *duediligence.Event, shard int) error {
	s, c, err := raiseShard(ctx, tx, key, hot, ev, shard)
	if err != nil {
		return err
	}
	res, err := hot.exec(ctx, tx.Tx, hotSignShard, shard, s.KeyID, s.MAC, c.Stream, c.Ordinal, c.Seq, c.Hash, c.KeyID, c.MAC)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		// As in signCheckpoint: a concurrent transaction signed it first.
		if err == nil {
			err = errSeqTaken
		}
		return err
	}
	return nil
}

// raiseShard locks the count of streams of ev's shard and raises it (one
// prepared statement on PostgreSQL), and returns the raised count and ev's
// checkpoint at the ordinal it gives, both signed, for the caller to write.
func raiseShard(ctx context.Context, tx bun.Tx, key *duediligence.AuditKey, hot *hotStatements, ev *duediligence.Event, shard int) (duediligence.AuditState, duediligence.Checkpoint, error) {
	row, err := hot.queryRow(ctx, tx.Tx, hotRaiseShard, shard)
	if err != nil {
		return duediligence.AuditState{}, duediligence.Checkpoint{}, err
	}
	s := duediligence.AuditState{Shard: shard}
	if err := row.Scan(&s.Streams); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			err = missingShard(shard)
		}
		return duediligence.AuditState{}, duediligence.Checkpoint{}, err
	}
	key.SignAuditState(&s)
	c := duediligence.Checkpoint{Stream: ev.Stream, Shard: shard, Ordinal: s.Streams, Seq: ev.Seq, Hash: ev.Hash}
	key.SignCheckpoint(&c)
	return s, c, nil
}

// Checkpoints calls fn with every checkpoint in the order of shard and
// ordinal, a page at a time. An error of fn is returned as it is.
func (s eventStore) Checkpoints(ctx context.Context, fn func(duediligence.Checkpoint) error) error {
	shard, after := -1, int64(0)
	for {
		var rows []checkpointRow
		if err := s.q.NewSelect().Model(&rows).Where("shard > ? OR (shard = ? AND ordinal > ?)", shard, shard, after).
			OrderExpr("shard ASC, ordinal ASC").Limit(1000).Scan(ctx); err != nil {
			return wrapped("EventStore.Checkpoints", err)
		}
		for i := range rows {
			if err := fn(rows[i].checkpoint()); err != nil {
				return err
			}
		}
		if len(rows) < 1000 {
			return nil
		}
		shard, after = rows[len(rows)-1].Shard, rows[len(rows)-1].Ordinal
	}
}

// FindCheckpoint returns a stream's checkpoint, or CodeNotFound.
func (s eventStore) FindCheckpoint(ctx context.Context, stream string) (_ *duediligence.Checkpoint, err error) {
	defer duediligence.Wrap(&err, "EventStore.FindCheckpoint")
	var row checkpointRow
	err = s.q.NewSelect().Model(&row).Where("stream = ?", stream).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "stream %s has no checkpoint", stream)
	}
	if err != nil {
		return nil, err
	}
	c := row.checkpoint()
	return &c, nil
}

// FindAuditHead returns the record of a head given out, or CodeNotFound.
func (s eventStore) FindAuditHead(ctx context.Context, digest string) (_ *duediligence.AuditHeadRecord, err error) {
	defer duediligence.Wrap(&err, "EventStore.FindAuditHead")
	var row headRow
	err = s.q.NewSelect().Model(&row).Where("digest = ?", digest).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "no audit head %s", digest)
	}
	if err != nil {
		return nil, err
	}
	streams, err := parseHeadStreams(row.Seqs)
	if err != nil {
		return nil, err
	}
	return &duediligence.AuditHeadRecord{Digest: row.Digest, Streams: streams}, nil
}

// SaveAuditHead records a head given out; the same head again changes nothing.
func (s eventTx) SaveAuditHead(ctx context.Context, rec duediligence.AuditHeadRecord) (err error) {
	defer duediligence.Wrap(&err, "EventTx.SaveAuditHead")
	_, err = s.tx.NewInsert().Model(&headRow{Digest: rec.Digest, Seqs: formatHeadStreams(rec.Streams)}).On("CONFLICT DO NOTHING").Exec(ctx)
	return err
}

// CaseSeals calls fn with the seal of every stored case, in ID order, a
// page at a time, computed from its rows as they are. An error of fn is
// returned as it is.
func (s caseStore) CaseSeals(ctx context.Context, fn func(duediligence.CaseSeal) error) error {
	fail := func(err error) error { return wrapped("CaseStore.CaseSeals", err) }
	after := ""
	const page = 200
	for {
		var rows []caseRow
		if err := s.q.NewSelect().Model(&rows).Where("id > ?", after).OrderExpr("id ASC").Limit(page).Scan(ctx); err != nil {
			return fail(err)
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]string, len(rows))
		for i := range rows {
			ids[i] = rows[i].ID
		}
		var bodies []bodyRow
		if err := s.q.NewSelect().Model(&bodies).Where("case_id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
			return fail(err)
		}
		byID := make(map[string]*bodyRow, len(bodies))
		for i := range bodies {
			byID[bodies[i].CaseID] = &bodies[i]
		}
		for i := range rows {
			r := &rows[i]
			seal := duediligence.CaseSeal{ID: r.ID, Version: r.Version}
			if b := byID[r.ID]; b != nil {
				seal.ContentHash = contentHash(r, b)
				seal.ReportProblem = frozenReportProblem(b)
			}
			if err := fn(seal); err != nil {
				return err
			}
		}
		if len(rows) < page {
			return nil
		}
		after = rows[len(rows)-1].ID
	}
}

// SignUnsignedStreams signs the checkpoints of the streams written before
// the audit trail was signed, and the counts of its shards, once: on a
// database whose counts of streams are still 0 and that has no checkpoint. After that a stream without a
// checkpoint is one whose checkpoint was deleted, which VerifyAudit
// reports, and it signs nothing. It returns how many streams it signed.
func (s *Store) SignUnsignedStreams(ctx context.Context) (n int, err error) {
	defer duediligence.Wrap(&err, "Store.SignUnsignedStreams")
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		n = 0
		// Shard 0's row, locked, keeps two replicas starting at once from
		// both signing.
		var first shardRow
		q := tx.NewSelect().Model(&first).Where("shard = 0")
		if tx.Dialect().Name() == dialect.PG {
			q = q.For("UPDATE")
		}
		if err := q.Scan(ctx); err != nil {
			return err
		}
		if ok, err := tx.NewSelect().Table("audit_shards").Where("streams > 0").Exists(ctx); err != nil || ok {
			return err
		}
		if ok, err := tx.NewSelect().Table("audit_checkpoints").Exists(ctx); err != nil || ok {
			return err
		}
		if err := signEmptyShards(ctx, tx, s.key); err != nil {
			return err
		}
		streams, err := eventStore{tx}.Streams(ctx)
		if err != nil {
			return err
		}
		for _, stream := range streams {
			var last eventRow
			if err := tx.NewSelect().Model(&last).Column("stream", "seq", "hash").
				Where("stream = ?", stream).OrderExpr("seq DESC").Limit(1).Scan(ctx); err != nil {
				return err
			}
			if err := writeCheckpoint(ctx, tx, s.key, nil, &duediligence.Event{Stream: stream, Seq: last.Seq, Hash: last.Hash}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// frozenReportProblem says why the frozen report in b does not verify, or
// "" when it does, or when there is none (or the document does not
// decode, which its content hash shows).
func frozenReportProblem(b *bodyRow) string {
	var doc struct {
		Report *reportDoc `json:"report"`
	}
	if b.SchemaVersion != schemaVersion || json.Unmarshal([]byte(b.Body), &doc) != nil || doc.Report == nil {
		return ""
	}
	r := doc.Report
	if r.Hash == "" {
		return ""
	}
	var d decoder
	rep := d.report(r)
	if err := rep.VerifyFrozen(); err != nil {
		return err.Error()
	}
	return ""
}

// wrapped is err as duediligence.Wrap leaves it, for a method that returns
// its callback's errors unwrapped and its own wrapped.
func wrapped(op string, err error) error {
	defer duediligence.Wrap(&err, op)
	return err
}
