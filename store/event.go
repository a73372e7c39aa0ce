package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// eventRow is an audit event as stored.
type eventRow struct {
	bun.BaseModel `bun:"table:events"`

	Stream string `bun:"stream,pk"`
	Seq    int64  `bun:"seq,pk"`
	ID     string `bun:"id"`
	// At is text (see timeLayout): the hash covers it to the nanosecond,
	// which PostgreSQL's timestamps (microseconds) would not keep.
	At          string `bun:"at"`
	ActorID     string `bun:"actor_id"`
	ActorRole   string `bun:"actor_role"`
	Action      string `bun:"action"`
	CaseID      string `bun:"case_id"`
	CaseVersion int    `bun:"case_version"`
	// Data is the event's JSON as given, byte for byte.
	Data string `bun:"data"`
	// IdempotencyKey is NULL when there is none, so that the unique index
	// on (actor_id, idempotency_key) lets keyless events be.
	IdempotencyKey string `bun:"idempotency_key,nullzero"`
	// ContentHash is NULL for events that wrote no case.
	ContentHash string `bun:"content_hash,nullzero"`
	PrevHash    string `bun:"prev_hash"`
	Hash        string `bun:"hash"`
}

func newEventRow(ev *duediligence.Event) *eventRow {
	return &eventRow{
		Stream: ev.Stream, Seq: ev.Seq, ID: ev.ID, At: formatTime(ev.At), ActorID: ev.ActorID,
		ActorRole: string(ev.ActorRole), Action: ev.Action, CaseID: ev.CaseID, CaseVersion: ev.CaseVersion,
		Data: string(ev.Data), IdempotencyKey: ev.IdempotencyKey, ContentHash: ev.ContentHash, PrevHash: ev.PrevHash, Hash: ev.Hash,
	}
}

func (r *eventRow) event() (duediligence.Event, error) {
	at, err := parseTime(r.At)
	if err != nil {
		return duediligence.Event{}, err
	}
	ev := duediligence.Event{
		ID: r.ID, Stream: r.Stream, Seq: r.Seq, At: at, ActorID: r.ActorID,
		ActorRole: duediligence.Role(r.ActorRole), Action: r.Action, CaseID: r.CaseID,
		CaseVersion: r.CaseVersion, IdempotencyKey: r.IdempotencyKey, ContentHash: r.ContentHash, PrevHash: r.PrevHash, Hash: r.Hash,
	}
	if r.Data != "" {
		ev.Data = json.RawMessage(r.Data)
	}
	return ev, nil
}

// eventStore reads the audit trail through q: the read pool, or a
// transaction.
type eventStore struct{ q bun.IDB }

// eventTx appends to the audit trail in a transaction.
type eventTx struct {
	eventStore
	tx      bun.Tx
	key     *duediligence.AuditKey
	hot     *hotStatements
	written map[string]string
	fresh   *freshStreams
}

// AppendEvent seals ev onto the end of its stream and inserts it. When a
// concurrent transaction appended to the stream first it returns
// errSeqTaken, for inTx to try again.
func (s eventTx) AppendEvent(ctx context.Context, ev *duediligence.Event) (err error) {
	defer duediligence.Wrap(&err, "EventStore.AppendEvent")
	// The event records the case as this transaction wrote it, if it did.
	ev.ContentHash = ""
	if ev.CaseID != "" {
		ev.ContentHash = s.written[ev.CaseID]
	}
	if s.fresh.has(ev.Stream) {
		return s.fresh.appendFirst(ctx, s.tx, s.key, s.hot, ev)
	}
	return appendEvent(ctx, s.tx, s.key, s.hot, ev)
}

func appendEvent(ctx context.Context, tx bun.Tx, key *duediligence.AuditKey, hot *hotStatements, ev *duediligence.Event) error {
	if ev.ID == "" || ev.Stream == "" {
		return duediligence.Errorf(duediligence.CodeInternal, "", "an event needs an ID and a stream")
	}
	if appended, err := appendAtCheckpoint(ctx, tx, key, hot, ev); appended || err != nil {
		return err
	}
	// No checkpoint (or SQLite, whose one writer needs no lock): a new
	// stream, one written before checkpoints, or one whose checkpoint is
	// gone; the head is its last event.
	if tx.Dialect().Name() == dialect.PG {
		// Appends to one stream wait for each other here, until the
		// previous one commits, instead of colliding on (stream, seq) and
		// starting over: with a few at once, some would lose every retry.
		// The lock is per stream (by a 64-bit hash of its name) and ends
		// with the transaction. On SQLite the one writer already takes
		// transactions one at a time.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", ev.Stream); err != nil {
			return err
		}
		// The stream's first checkpoint may have been committed while this
		// waited: then the append is by the checkpoint, under its row lock,
		// as every other append to the stream now is — one on the last
		// event instead would wait for theirs while they wait for it.
		if appended, err := appendAtCheckpoint(ctx, tx, key, hot, ev); appended || err != nil {
			return err
		}
	}
	var last eventRow
	var err error
	if hot != nil {
		var row *sql.Row
		if row, err = hot.queryRow(ctx, tx.Tx, hotLastEvent, ev.Stream); err == nil {
			err = row.Scan(&last.Seq, &last.Hash)
		}
	} else {
		err = tx.NewSelect().Model(&last).Column("seq", "hash").
			Where("stream = ?", ev.Stream).OrderExpr("seq DESC").Limit(1).Scan(ctx)
	}
	var prev *duediligence.Event
	switch {
	case err == nil:
		prev = &duediligence.Event{Stream: ev.Stream, Seq: last.Seq, Hash: last.Hash}
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if err := ev.Seal(prev); err != nil {
		return err
	}
	if err := insertEvent(ctx, tx, hot, newEventRow(ev)); err != nil {
		return insertEventError(ctx, tx, err, ev)
	}
	return writeCheckpoint(ctx, tx, key, hot, ev)
}

// appendAtCheckpoint appends ev to its stream on PostgreSQL in two
// statements: hotLockHead locks the stream's checkpoint and reads the head
// from it, and hotAppendSigned inserts ev with the new signed checkpoint.
// It reports false, having changed nothing, when the stream has no
// checkpoint, or off PostgreSQL's prepared statements.
func appendAtCheckpoint(ctx context.Context, tx bun.Tx, key *duediligence.AuditKey, hot *hotStatements, ev *duediligence.Event) (bool, error) {
	if !hot.onPostgres() {
		return false, nil
	}
	row, err := hot.queryRow(ctx, tx.Tx, hotLockHead, ev.Stream)
	if err != nil {
		return false, err
	}
	cp := checkpointRow{Stream: ev.Stream}
	switch err := row.Scan(&cp.Seq, &cp.Hash, &cp.Shard, &cp.Ordinal); {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, err
	}
	if err := ev.Seal(&duediligence.Event{Stream: ev.Stream, Seq: cp.Seq, Hash: cp.Hash}); err != nil {
		return true, err
	}
	c := duediligence.Checkpoint{Stream: ev.Stream, Shard: cp.Shard, Ordinal: cp.Ordinal, Seq: ev.Seq, Hash: ev.Hash}
	key.SignCheckpoint(&c)
	args := append(newEventRow(ev).insertArgs(), c.Seq, c.Hash, c.KeyID, c.MAC)
	if _, err := hot.exec(ctx, tx.Tx, hotAppendSigned, args...); err != nil {
		err = insertEventError(ctx, tx, err, ev)
		if errors.Is(err, errSeqTaken) {
			// No other append could have taken the number while the
			// checkpoint is locked: the stream holds an event its signed
			// head does not, which no retry mends.
			return true, errAroundTheStore(ev.Stream, cp.Seq)
		}
		return true, err
	}
	return true, nil
}

// insertEvent inserts an event's row, through the prepared statement when
// there is one.
func insertEvent(ctx context.Context, tx bun.Tx, hot *hotStatements, r *eventRow) error {
	if hot == nil {
		_, err := tx.NewInsert().Model(r).Exec(ctx)
		return err
	}
	_, err := hot.exec(ctx, tx.Tx, hotInsertEvent, r.insertArgs()...)
	return err
}

// insertArgs are hotInsertEvent's parameters for r, $1 … $14.
func (r *eventRow) insertArgs() []any {
	return []any{r.Stream, r.Seq, r.ID, r.At, r.ActorID, r.ActorRole, r.Action, r.CaseID,
		r.CaseVersion, r.Data, orNull(r.IdempotencyKey), orNull(r.ContentHash), r.PrevHash, r.Hash}
}

// insertEventError explains the error of inserting ev: a sequence number
// taken (errSeqTaken), a used idempotency key or event ID (CodeConflict), or
// something else. PostgreSQL names the violated constraint; SQLite does not
// (but in its message, which is not for programs), so there the
// transaction, which a failed statement does not end, asks which one holds.
func insertEventError(ctx context.Context, tx bun.Tx, err error, ev *duediligence.Event) error {
	v, ok := violation(err)
	if !ok || !v.unique {
		return err
	}
	idemConflict := duediligence.Errorf(duediligence.CodeConflict, "", "idempotency key %q was used before", ev.IdempotencyKey)
	switch v.constraint {
	case "events_pkey":
		return errSeqTaken
	case "events_actor_idempotency_key":
		return idemConflict
	case "":
		if ev.IdempotencyKey != "" && exists(ctx, tx.NewSelect().Table("events").
			Where("actor_id = ?", ev.ActorID).Where("idempotency_key = ?", ev.IdempotencyKey)) {
			return idemConflict
		}
		if exists(ctx, tx.NewSelect().Table("events").Where("stream = ?", ev.Stream).Where("seq = ?", ev.Seq)) {
			return errSeqTaken
		}
	}
	return duediligence.Errorf(duediligence.CodeConflict, "", "event %s exists already", ev.ID)
}

// exists reports whether q finds a row; an error counts as no.
func exists(ctx context.Context, q *bun.SelectQuery) bool {
	ok, err := q.Exists(ctx)
	return err == nil && ok
}

// FindEvents returns a stream's events with Seq > after, in order, at most
// limit of them (0: all).
func (s eventStore) FindEvents(ctx context.Context, stream string, after int64, limit int) (_ []duediligence.Event, err error) {
	defer duediligence.Wrap(&err, "EventStore.FindEvents")
	var rows []eventRow
	q := s.q.NewSelect().Model(&rows).
		Where("stream = ?", stream).Where("seq > ?", after).OrderExpr("seq ASC")
	if limit > 0 {
		q = q.Limit(int64(limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	evs := make([]duediligence.Event, len(rows))
	for i := range rows {
		if evs[i], err = rows[i].event(); err != nil {
			return nil, err
		}
	}
	return evs, nil
}

// FindEventByIdempotencyKey returns the event an actor's key created, or an
// error with CodeNotFound.
func (s eventStore) FindEventByIdempotencyKey(ctx context.Context, actorID, key string) (_ *duediligence.Event, err error) {
	defer duediligence.Wrap(&err, "EventStore.FindEventByIdempotencyKey")
	var row eventRow
	if key != "" {
		err = s.q.NewSelect().Model(&row).
			Where("actor_id = ?", actorID).Where("idempotency_key = ?", key).Scan(ctx)
	}
	if key == "" || errors.Is(err, sql.ErrNoRows) {
		return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "no event with idempotency key %q of %s", key, actorID)
	}
	if err != nil {
		return nil, err
	}
	ev, err := row.event()
	if err != nil {
		return nil, err
	}
	return &ev, nil
}

// Streams lists every stream that has events, in order.
func (s eventStore) Streams(ctx context.Context) (_ []string, err error) {
	defer duediligence.Wrap(&err, "EventStore.Streams")
	streams := []string{}
	err = s.q.NewSelect().Table("events").ColumnExpr("DISTINCT stream").OrderExpr("stream").Scan(ctx, &streams)
	return streams, err
}

// orNull is s, or NULL for "", as bun's nullzero writes an empty key or
// hash.
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}
