package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// Store is the duediligence.Store on a DB: its noun stores read from
// db.Read, and each unit of work (WithTx) is one transaction on db.Write.
type Store struct {
	db  *DB
	key *duediligence.AuditKey
	// group shares the SQLite writer's transactions (group.go); nil on
	// PostgreSQL, whose many connections commit on their own.
	group *groupCommit
}

var _ duediligence.Store = (*Store)(nil)

// Option configures New.
type Option func(*Store)

// WithAuditKey signs the audit trail's checkpoints with key. A database
// that outlives the process needs it, the same on every process that opens
// the database: without it New makes a key of its own, which no later
// process has, so that the trail it signs verifies only in this one
// (right for an in-memory database, a test or an example).
func WithAuditKey(key *duediligence.AuditKey) Option {
	return func(s *Store) { s.key = key }
}

// New returns a Store on db. Run Migrate before using it.
func New(db *DB, opts ...Option) *Store {
	s := &Store{db: db}
	if db.Dialect == SQLite {
		s.group = &groupCommit{db: db}
	}
	for _, o := range opts {
		o(s)
	}
	if s.key == nil {
		s.key = duediligence.GenerateAuditKey()
	}
	return s
}

// AuditKey returns the key that signs the audit trail.
func (s *Store) AuditKey() *duediligence.AuditKey { return s.key }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) (err error) {
	defer duediligence.Wrap(&err, "Store.Ping")
	return s.db.Ping(ctx)
}

// Cases reads cases from the read pool.
func (s *Store) Cases() duediligence.CaseStore { return caseStore{s.db.Read, s.db.hot} }

// Events reads the audit trail from the read pool.
func (s *Store) Events() duediligence.EventStore { return eventStore{s.db.Read} }

// Users reads users from the read pool.
func (s *Store) Users() duediligence.UserStore { return userStore{s.db.Read, s.db.hot} }

// Ledger reads the ledger from the read pool.
func (s *Store) Ledger() duediligence.LedgerStore { return ledgerStore{s.db.Read} }

// Indexes reads the index tables from the read pool.
func (s *Store) Indexes() duediligence.IndexStore { return indexStore{s.db.Read} }

// WithTx runs fn in a transaction on the writer, and runs it again (at most
// maxAttempts times in all) while an event it appends finds its stream's
// sequence number taken by a concurrent transaction.
func (s *Store) WithTx(ctx context.Context, fn func(duediligence.Tx) error) (err error) {
	if s.group == nil {
		s.db.prepareWriter(ctx) // group commit does it on SQLite
	}
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		u := unit{tx: tx, key: s.key, hot: s.db.appendStatements(), written: map[string]string{}, fresh: &freshStreams{}}
		if err := fn(u); err != nil {
			return err
		}
		return u.fresh.flush(ctx, tx)
	})
}

// unit is the duediligence.Tx of one transaction.
type unit struct {
	tx  bun.Tx
	key *duediligence.AuditKey
	// hot are the prepared statements that an append to the audit trail
	// runs in the transaction (DB.writeHot); on PostgreSQL, a new stream's
	// checkpoint too.
	hot *hotStatements
	// written holds the content hash of each case the transaction wrote,
	// by ID, for the event that records the change.
	written map[string]string
	// fresh are the cases this transaction created (fresh.go).
	fresh *freshStreams
}

func (u unit) Cases() duediligence.CaseTx {
	return caseTx{caseStore{u.tx, nil}, u.tx, u.written, u.fresh, u.hot}
}
func (u unit) Events() duediligence.EventTx {
	return eventTx{eventStore{u.tx}, u.tx, u.key, u.hot, u.written, u.fresh}
}
func (u unit) Users() duediligence.UserTx       { return userTx{userStore{u.tx, nil}, u.tx} }
func (u unit) Ledger() duediligence.LedgerTx    { return ledgerTx{ledgerStore{u.tx}, u.tx} }
func (u unit) Indexes() duediligence.IndexStore { return indexTx{indexStore{u.tx}, u.tx, u.fresh} }

// maxAttempts bounds how often a change is tried when concurrent appends to
// the same audit stream keep taking the sequence number it wanted.
const maxAttempts = 10

// errSeqTaken says that another transaction appended to the stream first.
// The change is tried again from the start, on the new end of the stream.
var errSeqTaken = errors.New("another transaction appended to the audit stream first")

// inTx runs fn in a transaction on the writer, and runs it again (at most
// maxAttempts times in all, with a short random pause) while it fails with
// errSeqTaken. fn must be safe to repeat: it starts from what the database
// holds, not from what an earlier attempt did.
func (s *Store) inTx(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	for attempt := 1; ; attempt++ {
		var err error
		if s.group != nil {
			err = s.group.run(ctx, fn)
		} else {
			err = s.db.Write.RunInTx(ctx, nil, fn)
		}
		if !errors.Is(err, errSeqTaken) || attempt == maxAttempts {
			return err
		}
		// Random pauses spread the losers out so that they do not collide
		// again; the range grows with each attempt, to 32 ms.
		pause := time.Duration(rand.Int64N(int64(time.Millisecond) << min(attempt, 5)))
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// constraintViolation is what a driver reports of a violated constraint, read
// from its error codes, never from its message.
type constraintViolation struct {
	// unique: a unique or primary key constraint.
	unique bool
	// constraint is the constraint's name on PostgreSQL; SQLite does not
	// give it (outside its message), so it is empty there.
	constraint string
}

// violation reports whether err is a violated constraint, and which.
func violation(err error) (constraintViolation, bool) {
	var pgErr pgdriver.Error
	if errors.As(err, &pgErr) {
		// SQLSTATE class 23 is integrity constraint violation; 23505 is
		// unique_violation.
		code := pgErr.Field('C')
		if !strings.HasPrefix(code, "23") {
			return constraintViolation{}, false
		}
		return constraintViolation{unique: code == "23505", constraint: pgErr.Field('n')}, true
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		// Extended result codes: the primary code is the low byte.
		code := liteErr.Code()
		if code&0xff != sqlite3.SQLITE_CONSTRAINT {
			return constraintViolation{}, false
		}
		return constraintViolation{unique: code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY}, true
	}
	return constraintViolation{}, false
}

// timeLayout is RFC 3339 in UTC with all nine fraction digits: it keeps an
// instant to the nanosecond (audit hashes cover At in RFC3339Nano) on both
// databases, and its text sorts in time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }
