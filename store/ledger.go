package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// ledgerStore reads the ledger through q: the read pool, or a transaction.
type ledgerStore struct{ q bun.IDB }

// ledgerTx takes ledger numbers in a transaction.
type ledgerTx struct {
	ledgerStore
	tx bun.Tx
}

// NextLedgerNumber takes the next number of year's ledger: the counter
// row's lock orders racing submissions until their transactions end, and a
// rolled-back one gives its number back.
func (s ledgerTx) NextLedgerNumber(ctx context.Context, year int) (n int, err error) {
	defer duediligence.Wrap(&err, "LedgerStore.NextLedgerNumber")
	if year < 1 || year > 9999 {
		return 0, duediligence.Errorf(duediligence.CodeInternal, "", "ledger year %d", year)
	}
	err = s.tx.NewRaw(`INSERT INTO ledger_counters (year, last) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last = ledger_counters.last + 1 RETURNING last`, year).Scan(ctx, &n)
	return n, err
}

// ledgerPage is how many listings FindLedger reads at a time.
const ledgerPage = 500

// FindLedger calls fn with the listing of each case of f's year, by ledger
// number, reading them a page at a time along (ledger_year, ledger_seq):
// no query stays open while fn runs.
func (s ledgerStore) FindLedger(ctx context.Context, f duediligence.LedgerFilter, fn func(duediligence.Listing) error) (err error) {
	defer duediligence.Wrap(&err, "LedgerStore.FindLedger")
	after := 0
	for {
		var rows []caseRow
		q := s.q.NewSelect().TableExpr("cases AS c").ColumnExpr("c.*").
			Where("c.ledger_year = ?", f.Year).Where("c.ledger_seq > ?", after)
		if f.Member != "" {
			q = q.Where("EXISTS (SELECT 1 FROM case_members AS m WHERE m.member = ? AND m.case_id = c.id)", f.Member)
		}
		if err := q.OrderExpr("c.ledger_seq").Limit(ledgerPage).Scan(ctx, &rows); err != nil {
			return err
		}
		for i := range rows {
			l, err := rows[i].listing()
			if err != nil {
				return err
			}
			if err := fn(l); err != nil {
				return err
			}
		}
		if len(rows) < ledgerPage {
			return nil
		}
		after = rows[len(rows)-1].LedgerSeq
	}
}
