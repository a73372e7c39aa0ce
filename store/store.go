package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// Store is the duediligence.Store on a DB: queries go to db.Read, every
// change is one transaction on db.Write.
type Store struct {
	db *DB
}

var _ duediligence.Store = (*Store)(nil)

// New returns a Store on db. Run Migrate before using it.
func New(db *DB) *Store { return &Store{db: db} }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) (err error) {
	defer duediligence.Wrap(&err, "Store.Ping")
	return s.db.Ping(ctx)
}

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
		err := s.db.Write.RunInTx(ctx, nil, fn)
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

// uniqueViolation reports whether err is a violated unique or primary key
// constraint, and says what it was: the constraint's name on PostgreSQL, the
// table and columns ("events.stream, events.seq") on SQLite.
func uniqueViolation(err error) (what string, ok bool) {
	if err == nil {
		return "", false
	}
	var pgErr pgdriver.Error
	if errors.As(err, &pgErr) {
		return pgErr.Field('n'), pgErr.Field('C') == "23505"
	}
	// SQLite says "UNIQUE constraint failed: TABLE.COLUMN, …" for unique and
	// primary keys alike (extended codes 2067 and 1555), in both drivers.
	const prefix = "UNIQUE constraint failed: "
	msg := err.Error()
	if i := strings.Index(msg, prefix); i >= 0 {
		return msg[i+len(prefix):], true
	}
	return "", false
}

// timeLayout is RFC 3339 in UTC with all nine fraction digits: it keeps an
// instant to the nanosecond (audit hashes cover At in RFC3339Nano) on both
// databases, and its text sorts in time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }
