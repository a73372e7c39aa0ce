package store

import (
	"context"
	"fmt"

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

// FindLedger calls fn with the listing of each case of f's year, by ledger number.
func (s ledgerStore) FindLedger(ctx context.Context, f duediligence.LedgerFilter, fn func(duediligence.Listing) error) (err error) {
	defer duediligence.Wrap(&err, "LedgerStore.FindLedger")
	var rows []caseRow
	err = s.q.NewSelect().Model(&rows).
		Where("ledger_number LIKE ?", fmt.Sprintf("%04d-%%", f.Year)).
		OrderExpr("ledger_number").
		Scan(ctx)
	if err != nil {
		return err
	}
	for _, r := range rows {
		c, err := decodeCase(r.Body)
		if err != nil {
			return err
		}
		if f.Member != "" && c.Owner != f.Member && !isCoInvestigator(c, f.Member) {
			continue
		}
		if err := fn(c.Listing()); err != nil {
			return err
		}
	}
	return nil
}

func isCoInvestigator(c *duediligence.Case, id string) bool {
	for _, ci := range c.CoInvestigators {
		if ci.ID == id {
			return true
		}
	}
	return false
}
