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

// syncIndexParts are the parts of a WITH that make a case's rows in the
// five index tables those of parameters $first … $first+4 (JSON, as
// freshArgs gives them, in freshTables' order), the case's ID $1, in one
// statement instead of syncRows' read of each table and its deletes and
// inserts: a row whose key is not wanted is deleted, a wanted row
// inserted, and one whose key is there with other values updated — only
// where it differs, so that a change touching nothing an index holds
// writes nothing to it. No row is touched by two parts, whose order
// PostgreSQL leaves open. gate is a condition every part holds to.
func syncIndexParts(first int, gate string) []string {
	var parts []string
	for i, t := range freshTables[2:] {
		want := fmt.Sprintf("json_populate_recordset(NULL::%s, $%d::json)", t.SQLName, first+i)
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
			fmt.Sprintf("d%d AS (DELETE FROM %s x WHERE x.case_id = $1 AND %s AND NOT EXISTS (SELECT 1 FROM %s w WHERE %s))",
				i, t.SQLName, gate, want, strings.Join(match, " AND ")),
			fmt.Sprintf("i%d AS (INSERT INTO %s AS x (%s) SELECT %s FROM %s WHERE %s ON CONFLICT (%s) %s)",
				i, t.SQLName, list, list, want, gate, strings.Join(keys, ", "), onConflict))
	}
	return parts
}

// hotUpdateCase stores a change of a case on PostgreSQL in one prepared
// statement: its listing ($3, the cases row as JSON) and version, if the
// stored case ($1) is still at version $2; its file ($4 schema version, $5
// the document, a parameter rather than a literal the database parses);
// and its index rows ($6 … $10, syncIndexParts). It answers how many cases
// it changed: 0 when the case moved on or is not there, and then it
// changed nothing. bun's statements wrote the file's 5–100 kB into the
// text, and read the five index tables before writing them: seven round
// trips and more, now one.
var hotUpdateCase = updateCaseStatement()

func updateCaseStatement() string {
	cols := strings.Join(listingColumns, ", ")
	parts := []string{
		fmt.Sprintf("c AS (UPDATE %s x SET version = x.version + 1, (%s) = (SELECT %s FROM json_populate_recordset(NULL::%s, $3::json)) WHERE x.id = $1 AND x.version = $2 RETURNING x.id)",
			freshTables[0].SQLName, cols, cols, freshTables[0].SQLName),
		fmt.Sprintf("b AS (UPDATE %s SET schema_version = $4, body = $5 WHERE case_id = $1 AND EXISTS (SELECT 1 FROM c))", freshTables[1].SQLName),
	}
	parts = append(parts, syncIndexParts(6, "EXISTS (SELECT 1 FROM c)")...)
	return "WITH " + strings.Join(parts, ",\n") + "\nSELECT count(*) FROM c"
}

// updateCasePrepared is UpdateCase's writes by hotUpdateCase. ok is false,
// having done nothing, when a row has no JSON form here (freshArgs);
// updated is false when the case is not at version expected.
func updateCasePrepared(ctx context.Context, tx bun.Tx, hot *hotStatements, c *duediligence.Case, expected int, row *caseRow, body *bodyRow) (updated, ok bool, err error) {
	listing, ok := freshArgs([]any{row})
	if !ok {
		return false, false, nil
	}
	indexes, ok := freshArgs(indexModels(c))
	if !ok {
		return false, false, nil
	}
	args := append([]any{c.ID, expected, listing[0], body.SchemaVersion, body.Body}, indexes[2:]...)
	r, err := hot.queryRow(ctx, tx.Tx, hotUpdateCase, args...)
	if err != nil {
		return false, true, err
	}
	var n int
	if err := r.Scan(&n); err != nil {
		return false, true, err
	}
	return n > 0, true, nil
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
