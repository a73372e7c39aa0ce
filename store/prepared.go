package store

import (
	"context"
	"database/sql"
	"sync"
)

// hotStatements are the statements of the API's most frequent requests —
// a case read by ID with the authentication epoch, the epoch alone, a user
// by token hash, and the signed count and checkpoint of a new case's
// stream — prepared on PostgreSQL; and the four that append an event to a
// stream, prepared on SQLite's writer as well (DB.writeHot). SQLite parses
// a statement each time it is run (the driver keeps no cache, and bun
// writes the arguments into the text), which was a quarter of the single
// writer's time for an append (BenchmarkSQLiteWrites).
//
// pgdriver sends other statements in the simple protocol with their
// arguments formatted into the text, which PostgreSQL parses and plans
// each time. A prepared statement is parsed once per connection (Parse,
// Describe) and then executed by Bind and Execute with its arguments as
// parameters, in the one round trip a simple query takes. database/sql
// prepares a statement on each connection of the pool the first time it
// runs there, and again on a new connection; a statement prepared on a
// connection lives as long as the connection.
//
// The statements name their columns, so a migration that adds a column
// changes nothing; one that changes a named column's type fails the
// statement with "cached plan must not change result type" until the
// connection is replaced: restart the servers after such a migration.
type hotStatements struct {
	db *sql.DB
	// pg says the statements run on PostgreSQL, which the PostgreSQL-only
	// ones (hotSignShard's data-modifying WITH) need.
	pg bool
	mu sync.Mutex
	// stmts are the prepared statements by query text.
	stmts map[string]*sql.Stmt
	// trace, when set (by tests), is called with each statement run and
	// its arguments, as a bun query hook is with the statements bun runs.
	trace func(query string, args []any)
}

// The hot statements' texts, in PostgreSQL's placeholders ($1, which
// SQLite reads as the first argument too).
const (
	// hotLastEvent, hotInsertEvent, hotCheckpointOf and hotUpdateCheckpoint
	// append an event to an existing stream, on either database: every
	// command, and every case.viewed, runs them.
	hotLastEvent   = `SELECT seq, hash FROM events WHERE stream = $1 ORDER BY seq DESC LIMIT 1`
	hotInsertEvent = `INSERT INTO events (stream, seq, id, at, actor_id, actor_role, action, case_id, case_version, data, idempotency_key, content_hash, prev_hash, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`
	hotCheckpointOf     = `SELECT shard, ordinal, seq, hash FROM audit_checkpoints WHERE stream = $1`
	hotUpdateCheckpoint = `UPDATE audit_checkpoints SET seq = $2, hash = $3, key_id = $4, mac = $5 WHERE stream = $1`
	hotCaseWithEpoch    = `SELECT b.schema_version, b.body, (SELECT e.epoch FROM auth_epoch e WHERE e.id = 1) FROM case_bodies b WHERE b.case_id = $1`
	hotCaseByID         = `SELECT schema_version, body FROM case_bodies WHERE case_id = $1`
	hotAuthEpoch        = `SELECT epoch FROM auth_epoch WHERE id = 1`
	hotUserByToken      = `SELECT id, name, role, token_hash, created_at, expires_at, disabled_at FROM users WHERE token_hash = $1`
	// hotLockHead locks an existing stream's checkpoint row and reads the
	// stream's head from it — the checkpoint is rewritten by every append,
	// in the append's transaction — with the shard and ordinal the new
	// checkpoint is signed over: on PostgreSQL one statement instead of an
	// advisory lock, the last event and the checkpoint. A transaction that
	// waited for the row lock reads the row as the one before it committed
	// it (READ COMMITTED re-reads a row it waited for), so appends to one
	// stream queue here, each on the head the previous one left.
	hotLockHead = `SELECT seq, hash, shard, ordinal FROM audit_checkpoints WHERE stream = $1 FOR UPDATE`
	// hotAppendSigned inserts the event ($1 … $14, as hotInsertEvent) and
	// writes the stream's new signed checkpoint ($15 … $18, as
	// hotUpdateCheckpoint) in one statement.
	hotAppendSigned = `WITH appended AS (` + hotInsertEvent + `)
UPDATE audit_checkpoints SET seq = $15, hash = $16, key_id = $17, mac = $18 WHERE stream = $1`
	// hotRaiseShard locks the shard's count of streams and raises it in one
	// statement; the count's new MAC is written with the checkpoint.
	hotRaiseShard = `UPDATE audit_shards SET streams = streams + 1 WHERE shard = $1 RETURNING streams`
	// hotSignShard writes the raised count's MAC and inserts the new
	// stream's checkpoint: both are signed over the ordinal the raise gave.
	hotSignShard = `WITH signed AS (UPDATE audit_shards SET key_id = $2, mac = $3 WHERE shard = $1)
INSERT INTO audit_checkpoints (stream, shard, ordinal, seq, hash, key_id, mac) VALUES ($4, $1, $5, $6, $7, $8, $9) ON CONFLICT (stream) DO NOTHING`
	// hotCaseIfChanged is hotCaseWithEpoch that reads the case's tag, its
	// version and the transaction that last wrote its file, and sends the
	// file only when the tag is not $2: a server that holds the case at
	// that tag receives a few bytes instead of the document.
	hotCaseIfChanged = `SELECT t.tag, CASE WHEN t.tag = $2 THEN NULL ELSE b.schema_version END, CASE WHEN t.tag = $2 THEN NULL ELSE b.body END,
(SELECT e.epoch FROM auth_epoch e WHERE e.id = 1)
FROM case_bodies b JOIN cases c ON c.id = b.case_id CROSS JOIN LATERAL (SELECT c.version::text || '/' || b.xmin::text AS tag) t
WHERE b.case_id = $1`
)

func newHotStatements(db *sql.DB, pg bool) *hotStatements {
	return &hotStatements{db: db, pg: pg, stmts: map[string]*sql.Stmt{}}
}

// appendQueries are the statements of an append to an existing stream.
var appendQueries = []string{hotLastEvent, hotInsertEvent, hotCheckpointOf, hotUpdateCheckpoint}

// prepare prepares the queries not prepared yet.
func (h *hotStatements) prepare(ctx context.Context, queries ...string) error {
	for _, q := range queries {
		if _, err := h.stmt(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// onPostgres reports whether h holds PostgreSQL's statements (and is set).
func (h *hotStatements) onPostgres() bool { return h != nil && h.pg }

// stmt returns the prepared statement of query, preparing it (on one
// connection; database/sql prepares it on the others as they run it) the
// first time.
func (h *hotStatements) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if st, ok := h.stmts[query]; ok {
		return st, nil
	}
	st, err := h.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	h.stmts[query] = st
	return st, nil
}

// queryRow runs query, prepared, on the pool; with tx (not nil), in the
// transaction, on its connection.
func (h *hotStatements) queryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Row, error) {
	st, err := h.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if tx != nil {
		st = tx.StmtContext(ctx, st)
	}
	if h.trace != nil {
		h.trace(query, args)
	}
	return st.QueryRowContext(ctx, args...), nil
}

// exec runs query, prepared, in tx.
func (h *hotStatements) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	st, err := h.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if h.trace != nil {
		h.trace(query, args)
	}
	return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

// close closes the prepared statements.
func (h *hotStatements) close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	var first error
	for q, st := range h.stmts {
		if err := st.Close(); err != nil && first == nil {
			first = err
		}
		delete(h.stmts, q)
	}
	return first
}
