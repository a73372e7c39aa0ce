package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// syncIndexes makes the index rows of c those its current state asks for:
// its members (member.go), the n-grams of its applicant's name (search.go),
// its collateral (collateral.go) and its parties (party.go). A new case has
// none yet.
func syncIndexes(ctx context.Context, tx bun.IDB, c *duediligence.Case, created bool) error {
	if err := syncRows(ctx, tx, c.ID, memberRows(c), created); err != nil {
		return err
	}
	if err := syncRows(ctx, tx, c.ID, ngramRows(c), created); err != nil {
		return err
	}
	if err := syncRows(ctx, tx, c.ID, collateralRows(c), created); err != nil {
		return err
	}
	if err := syncRows(ctx, tx, c.ID, partyRows(c), created); err != nil {
		return err
	}
	return syncRows(ctx, tx, c.ID, relationRows(c), created)
}

// indexModels are the index rows of a new case, as bun models (pointers
// to slices), its tables without rows left out.
func indexModels(c *duediligence.Case) []any {
	var ms []any
	if rows := memberRows(c); len(rows) > 0 {
		ms = append(ms, &rows)
	}
	if rows := ngramRows(c); len(rows) > 0 {
		ms = append(ms, &rows)
	}
	if rows := collateralRows(c); len(rows) > 0 {
		ms = append(ms, &rows)
	}
	if rows := partyRows(c); len(rows) > 0 {
		ms = append(ms, &rows)
	}
	if rows := relationRows(c); len(rows) > 0 {
		ms = append(ms, &rows)
	}
	return ms
}

// syncRows makes the rows of an index table for a case exactly want. It
// reads what is there and writes only the difference, so a change that
// touches nothing an index holds writes nothing to it. R is the table's bun
// model, whose primary key includes case_id; fresh skips the read for a case
// with no rows yet.
func syncRows[R comparable](ctx context.Context, tx bun.IDB, caseID string, want []R, fresh bool) error {
	var have []R
	if !fresh {
		if err := tx.NewSelect().Model(&have).Where("case_id = ?", caseID).Scan(ctx); err != nil {
			return err
		}
	}
	wanted := make(map[R]bool, len(want))
	for _, r := range want {
		wanted[r] = true
	}
	var gone []R
	for _, r := range have {
		if wanted[r] {
			delete(wanted, r)
		} else {
			gone = append(gone, r)
		}
	}
	var added []R
	for _, r := range want {
		if wanted[r] {
			added = append(added, r)
			delete(wanted, r) // once, if want repeats it
		}
	}
	if len(gone) > 0 {
		if _, err := tx.NewDelete().Model(&gone).WherePK().Exec(ctx); err != nil {
			return err
		}
	}
	if len(added) > 0 {
		if _, err := tx.NewInsert().Model(&added).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
