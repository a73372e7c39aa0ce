package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// The shorthands below make each change as one command of the service
// would: in a unit of work of its own, with its event.

func (s *Store) createCase(ctx context.Context, c *duediligence.Case, ev *duediligence.Event) error {
	return s.WithTx(ctx, func(tx duediligence.Tx) error {
		if err := tx.Cases().CreateCase(ctx, c, c.Listing()); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, ev)
	})
}

func (s *Store) updateCase(ctx context.Context, c *duediligence.Case, expected int, ev *duediligence.Event) error {
	return s.WithTx(ctx, func(tx duediligence.Tx) error {
		if err := tx.Cases().UpdateCase(ctx, c, expected, c.Listing()); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, ev)
	})
}

// submitCase is updateCase that takes the next ledger number of year for
// the case, as a submission does, and names it in the event.
func (s *Store) submitCase(ctx context.Context, c *duediligence.Case, expected int, ev *duediligence.Event, year int) error {
	data := ev.Data
	return s.WithTx(ctx, func(tx duediligence.Tx) error {
		n, err := tx.Ledger().NextLedgerNumber(ctx, year)
		if err != nil {
			return err
		}
		c.LedgerNumber = duediligence.FormatLedgerNumber(year, n)
		m := map[string]any{}
		if err := json.Unmarshal(data, &m); err != nil {
			return err
		}
		m["ledger_number"] = c.LedgerNumber
		if ev.Data, err = json.Marshal(m); err != nil {
			return err
		}
		if err := tx.Cases().UpdateCase(ctx, c, expected, c.Listing()); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, ev)
	})
}

func (s *Store) appendEvent(ctx context.Context, ev *duediligence.Event) error {
	return s.WithTx(ctx, func(tx duediligence.Tx) error { return tx.Events().AppendEvent(ctx, ev) })
}

func (s *Store) createUser(ctx context.Context, u *duediligence.User, ev *duediligence.Event) error {
	return s.WithTx(ctx, func(tx duediligence.Tx) error {
		if err := tx.Users().CreateUser(ctx, u); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, ev)
	})
}

// ledger returns the listings of a year's ledger.
func (s *Store) ledger(ctx context.Context, f duediligence.LedgerFilter) ([]duediligence.Listing, error) {
	var out []duediligence.Listing
	err := s.Ledger().FindLedger(ctx, f, func(l duediligence.Listing) error {
		out = append(out, l)
		return nil
	})
	return out, err
}

// hook adds a query hook to the store's writer (write) or reader, which are
// one and the same handle on PostgreSQL and in memory.
func (s *Store) hook(h bun.QueryHook, write bool) {
	hots := []*hotStatements{s.db.hot}
	if write && s.db.writeHot != s.db.hot {
		hots = append(hots, s.db.writeHot) // SQLite's writer's own
	}
	for _, hot := range hots {
		if hot == nil {
			continue
		}
		// The prepared statements run beside bun: h sees them as it sees
		// bun's, with the arguments in the text as bun puts them (which
		// EXPLAIN needs).
		hot.trace = func(query string, args []any) {
			for i := len(args); i > 0; i-- {
				arg := fmt.Sprint(args[i-1])
				if args[i-1] == nil {
					arg = "NULL"
				}
				if _, ok := args[i-1].(string); ok {
					arg = "'" + strings.ReplaceAll(arg, "'", "''") + "'"
				}
				query = strings.ReplaceAll(query, "$"+strconv.Itoa(i), arg)
			}
			h.AfterQuery(context.Background(), &bun.QueryEvent{Query: query})
		}
	}
	if s.db.Read == s.db.Write {
		c := s.db.Write.WithQueryHook(h)
		s.db.Read, s.db.Write = c, c
		return
	}
	if write {
		s.db.Write = s.db.Write.WithQueryHook(h)
	} else {
		s.db.Read = s.db.Read.WithQueryHook(h)
	}
}
