package store

import (
	"context"
	"fmt"
	"strings"

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

// indexModels are the index rows of c, as bun models (pointers to
// slices), each row once, its tables without rows left out.
func indexModels(c *duediligence.Case) []any {
	var ms []any
	if rows := unique(memberRows(c)); len(rows) > 0 {
		ms = append(ms, &rows)
	}
	if rows := unique(ngramRows(c)); len(rows) > 0 {
		ms = append(ms, &rows)
	}
	if rows := unique(collateralRows(c)); len(rows) > 0 {
		ms = append(ms, &rows)
	}
	if rows := unique(partyRows(c)); len(rows) > 0 {
		ms = append(ms, &rows)
	}
	if rows := unique(relationRows(c)); len(rows) > 0 {
		ms = append(ms, &rows)
	}
	return ms
}

// unique is rows without repeats, in their order.
func unique[R comparable](rows []R) []R {
	seen := make(map[R]bool, len(rows))
	out := rows[:0:0]
	for _, r := range rows {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// hotSyncIndexes makes a case's rows in the five index tables those of
// parameters $2 … $6 (JSON, as freshArgs gives them, in freshTables'
// order), the case's ID $1, in one prepared statement on PostgreSQL
// instead of syncRows' read of each table and its deletes and inserts: a
// row whose key is not wanted is deleted, a wanted row inserted, and one
// whose key is there with other values updated — only where it differs,
// so that a change touching nothing an index holds writes nothing to it.
// No row is touched by two of its parts, whose order PostgreSQL leaves
// open.
var hotSyncIndexes = syncIndexesStatement()

func syncIndexesStatement() string {
	var parts []string
	for i, t := range freshTables[2:] {
		want := fmt.Sprintf("json_populate_recordset(NULL::%s, $%d::json)", t.SQLName, i+2)
		var keys, match, cols, data, excluded []string
		for _, f := range t.PKs {
			keys = append(keys, string(f.SQLName))
			match = append(match, fmt.Sprintf("w.%s = x.%s", f.SQLName, f.SQLName))
		}
		for _, f := range t.Fields {
			cols = append(cols, string(f.SQLName))
		}
		for _, f := range t.DataFields {
			data = append(data, "x."+string(f.SQLName))
			excluded = append(excluded, "EXCLUDED."+string(f.SQLName))
		}
		onConflict := "DO NOTHING"
		if len(data) > 0 {
			var set []string
			for _, f := range t.DataFields {
				set = append(set, fmt.Sprintf("%s = EXCLUDED.%s", f.SQLName, f.SQLName))
			}
			onConflict = fmt.Sprintf("DO UPDATE SET %s WHERE (%s) IS DISTINCT FROM (%s)",
				strings.Join(set, ", "), strings.Join(data, ", "), strings.Join(excluded, ", "))
		}
		list := strings.Join(cols, ", ")
		parts = append(parts,
			fmt.Sprintf("d%d AS (DELETE FROM %s x WHERE x.case_id = $1 AND NOT EXISTS (SELECT 1 FROM %s w WHERE %s))",
				i, t.SQLName, want, strings.Join(match, " AND ")),
			fmt.Sprintf("i%d AS (INSERT INTO %s AS x (%s) SELECT %s FROM %s ON CONFLICT (%s) %s)",
				i, t.SQLName, list, list, want, strings.Join(keys, ", "), onConflict))
	}
	return "WITH " + strings.Join(parts, ",\n") + "\nSELECT 1"
}

// syncIndexesPrepared is syncIndexes by hotSyncIndexes. It reports false,
// having done nothing, when a row has no JSON form here (freshArgs).
func syncIndexesPrepared(ctx context.Context, tx bun.Tx, hot *hotStatements, c *duediligence.Case) (bool, error) {
	args, ok := freshArgs(indexModels(c))
	if !ok {
		return false, nil
	}
	_, err := hot.exec(ctx, tx.Tx, hotSyncIndexes, append([]any{c.ID}, args[2:]...)...)
	return true, err
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
