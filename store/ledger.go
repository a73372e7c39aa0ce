package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// SubmitCase is UpdateCase that also gives the case the next ledger number
// of year, taken in the same transaction: the counter row's lock orders
// racing submissions, and a failed one rolls its number back.
func (s *Store) SubmitCase(ctx context.Context, c *duediligence.Case, expected int, ev *duediligence.Event, year int) (err error) {
	defer duediligence.Wrap(&err, "Store.SubmitCase")
	if year < 1 || year > 9999 {
		return duediligence.Errorf(duediligence.CodeInternal, "", "ledger year %d", year)
	}
	if c.Version != expected+1 {
		return duediligence.Errorf(duediligence.CodeInternal, "", "case %s: version %d does not follow the expected %d", c.ID, c.Version, expected)
	}
	if err := checkCaseEvent(c, ev); err != nil {
		return err
	}
	data := ev.Data
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var last int
		err := tx.NewRaw(`INSERT INTO ledger_counters (year, last) VALUES (?, 1)
			ON CONFLICT (year) DO UPDATE SET last = ledger_counters.last + 1 RETURNING last`, year).Scan(ctx, &last)
		if err != nil {
			return err
		}
		c.LedgerNumber = fmt.Sprintf("%04d-%06d", year, last)
		ev.Data, err = withField(data, "ledger_number", c.LedgerNumber)
		if err != nil {
			return err
		}
		return s.updateCaseTx(ctx, tx, c, expected, ev)
	})
}

// withField returns a JSON object with one more field.
func withField(data json.RawMessage, key string, value any) (json.RawMessage, error) {
	m := map[string]json.RawMessage{}
	if len(data) > 0 && string(data) != "null" {
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, err
		}
	}
	v, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	m[key] = v
	return json.Marshal(m)
}

// FindLedger returns the cases of a year's ledger, by ledger number.
func (s *Store) FindLedger(ctx context.Context, year int) (out []*duediligence.Case, err error) {
	defer duediligence.Wrap(&err, "Store.FindLedger")
	var rows []caseRow
	err = s.db.Read.NewSelect().Model(&rows).
		Where("ledger_number LIKE ?", fmt.Sprintf("%04d-%%", year)).
		OrderExpr("ledger_number").
		Scan(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		c, err := decodeCase(r.Body)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
