package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// freshStreams are the cases a transaction creates. A new case's audit
// stream is empty — its ID is new, and no other transaction can append to
// it before this one commits the case — so its first event needs neither
// the stream's lock nor a read of the previous event: it is sequence 1 on
// no previous hash. On PostgreSQL the new case's rows (listing, body,
// index rows) also wait for that event, to go with it in one statement of
// data-modifying CTEs: creating a case is BEGIN, one INSERT, COMMIT.
type freshStreams struct {
	cases map[string]*freshCase
}

type freshCase struct {
	// pending are the rows not yet sent (PostgreSQL only), as bun models:
	// the listing first.
	pending []any
	// appended: the stream has its first event; later ones are appended
	// the ordinary way, behind it.
	appended bool
}

// add records a new case and its rows: sent now on SQLite, where a
// statement is a function call, and with its first event on PostgreSQL.
func (f *freshStreams) add(ctx context.Context, tx bun.Tx, id string, rows []any) error {
	if f.cases == nil {
		f.cases = map[string]*freshCase{}
	}
	if f.cases[id] != nil {
		return caseExists(id)
	}
	fc := &freshCase{}
	if tx.Dialect().Name() == dialect.PG {
		fc.pending = rows
	} else if err := execInserts(ctx, tx, id, rows); err != nil {
		return err
	}
	f.cases[id] = fc
	return nil
}

// has reports whether stream is a case created in this transaction that
// has no event yet.
func (f *freshStreams) has(stream string) bool {
	fc := f.cases[stream]
	return fc != nil && !fc.appended
}

// appendFirst seals ev as the first event of its new stream and inserts it,
// with the case's pending rows.
func (f *freshStreams) appendFirst(ctx context.Context, tx bun.Tx, key *duediligence.AuditKey, hot *hotStatements, ev *duediligence.Event) error {
	if ev.ID == "" {
		return duediligence.Errorf(duediligence.CodeInternal, "", "an event needs an ID and a stream")
	}
	fc := f.cases[ev.Stream]
	if err := ev.Seal(nil); err != nil {
		return err
	}
	var err error
	if hot.onPostgres() {
		// PostgreSQL: the stream's signed checkpoint goes in the same
		// statement, once the shard's count is locked and raised (one
		// prepared statement before it): a create is BEGIN, the raise, the
		// INSERT, COMMIT.
		st, c, rerr := raiseShard(ctx, tx, key, hot, ev, duediligence.AuditShardOf(ev.Stream, auditShardCount))
		if rerr != nil {
			return rerr
		}
		if args, ok := freshArgs(fc.pending); ok {
			args = append(args, st.Shard, st.KeyID, st.MAC, c.Stream, c.Ordinal, c.Seq, c.Hash, c.KeyID, c.MAC)
			args = append(args, newEventRow(ev).insertArgs()...)
			_, err = hot.exec(ctx, tx.Tx, hotCreateCase, args...)
		} else {
			q := firstEventQuery(tx, ev, fc.pending).
				With("shard", tx.NewUpdate().Model(&shardRow{Shard: st.Shard, Streams: st.Streams, KeyID: st.KeyID, MAC: st.MAC}).
					Column("key_id", "mac").WherePK()).
				With("checkpoint", tx.NewInsert().Model(&checkpointRow{Stream: c.Stream, Shard: c.Shard, Ordinal: c.Ordinal,
					Seq: c.Seq, Hash: c.Hash, KeyID: c.KeyID, MAC: c.MAC}))
			_, err = q.Exec(ctx)
		}
	} else {
		_, err = firstEventQuery(tx, ev, fc.pending).Exec(ctx)
	}
	if err != nil {
		// Whichever of the statement's inserts PostgreSQL checks first: a
		// case (or its stream: the case's ID names it) that is there already.
		v, ok := violation(err)
		switch {
		case ok && (v.constraint == "cases_pkey" || v.constraint == "case_bodies_pkey" || v.constraint == "events_pkey"):
			return caseExists(ev.Stream)
		case ok && v.unique && strings.HasPrefix(v.constraint, "audit_checkpoints"):
			// As in signCheckpoint: a concurrent transaction signed the
			// stream first.
			return errSeqTaken
		}
		return insertEventError(ctx, tx, err, ev)
	}
	fc.pending, fc.appended = nil, true
	if hot.onPostgres() {
		return nil
	}
	return writeFirstCheckpoint(ctx, tx, key, hot, ev)
}

// firstEventQuery is bun's insert of ev with the rows of its new case
// before it, in data-modifying WITHs.
func firstEventQuery(tx bun.Tx, ev *duediligence.Event, rows []any) *bun.InsertQuery {
	q := tx.NewInsert().Model(newEventRow(ev))
	for i, m := range rows {
		q = q.With("new"+strconv.Itoa(i), tx.NewInsert().Model(m))
	}
	return q
}

// flush sends the rows of new cases that got no event (yet): at the end of
// the transaction, and before anything in it reads or changes cases, so
// that it sees the new ones.
func (f *freshStreams) flush(ctx context.Context, tx bun.Tx) error {
	for id, fc := range f.cases {
		if err := execInserts(ctx, tx, id, fc.pending); err != nil {
			return err
		}
		fc.pending = nil
	}
	return nil
}

// execInserts inserts a new case's rows one model at a time; the first is
// its listing, whose primary key says whether the ID is taken.
func execInserts(ctx context.Context, tx bun.Tx, id string, rows []any) error {
	for _, m := range rows {
		if _, err := tx.NewInsert().Model(m).Exec(ctx); err != nil {
			if v, ok := violation(err); ok && v.unique {
				return caseExists(id)
			}
			return err
		}
	}
	return nil
}

// The reads and writes of a transaction that see its new cases.

func (s caseTx) FindCaseByID(ctx context.Context, id string) (*duediligence.Case, error) {
	if err := s.fresh.flush(ctx, s.tx); err != nil {
		return nil, err
	}
	return s.caseStore.FindCaseByID(ctx, id)
}

func (s caseTx) FindCases(ctx context.Context, f duediligence.CaseFilter) (duediligence.CasePage, error) {
	if err := s.fresh.flush(ctx, s.tx); err != nil {
		return duediligence.CasePage{}, err
	}
	return s.caseStore.FindCases(ctx, f)
}

// indexTx reads the index tables in a transaction.
type indexTx struct {
	indexStore
	tx    bun.Tx
	fresh *freshStreams
}

func (s indexTx) FindCollateralExposure(ctx context.Context, caseID string, titles, units []string) ([]duediligence.Exposure, error) {
	if err := s.fresh.flush(ctx, s.tx); err != nil {
		return nil, err
	}
	return s.indexStore.FindCollateralExposure(ctx, caseID, titles, units)
}

func (s indexTx) FindPartyLinks(ctx context.Context, caseID string, keys []string) ([]duediligence.PartyLink, error) {
	if err := s.fresh.flush(ctx, s.tx); err != nil {
		return nil, err
	}
	return s.indexStore.FindPartyLinks(ctx, caseID, keys)
}
