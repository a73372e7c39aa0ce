package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/migrate"
)

// goMigrations are the migrations written in Go, after the SQL ones they
// follow in name order. Each runs in one transaction and, like the SQL
// ones, does no harm when run again.
var goMigrations = []migrate.Migration{
	{Name: "20261201000001", Comment: "stored_format_listings_indexes", Up: goMigration(migrateListings)},
	{Name: "20261201000020", Comment: "audit_checkpoints", Up: goMigration(migrateAuditCheckpoints)}, // audit.go
	{Name: "20261203000100", Comment: "audit_shards", Up: goMigration(migrateAuditShards)},           // audit_shards.go
	{Name: "20261203000500", Comment: "client_file", Up: goMigration(migrateClients)},                // client.go
	{Name: "20261204000401", Comment: "client_relations", Up: goMigration(migrateClientRelations)},   // client.go: amounts guaranteed, relations
	{Name: "20261206000100", Comment: "loans_oldest_unpaid", Up: goMigration(migrateOldestUnpaid)},   // portfolio_oldest.go
}

// goMigration adapts a function of a transaction to bun/migrate.
func goMigration(fn func(ctx context.Context, tx bun.Tx) error) func(context.Context, *migrate.Migrator, *migrate.Migration) error {
	return func(ctx context.Context, m *migrate.Migrator, _ *migrate.Migration) error {
		return m.DB().RunInTx(ctx, nil, fn)
	}
}

// migrateListings gives the case file a stored format of its own and lists
// their columns:
//
//   - the case files move from cases.body to case_bodies, as documents of
//     version 1 (format.go), read through the upgrade chain until the case
//     next changes;
//   - cases gains the columns of duediligence.Listing, so that lists, search
//     and the ledger read no document;
//   - case_members (member.go) and case_ngrams (search.go) are added, and
//     case_parties no longer indexes co-investigators (case_members does);
//   - case_collateral and case_parties lose their copies of the stage and
//     ledger number, which they read from cases instead;
//
// and it backfills every index table from the stored documents:
// case_collateral had no backfill when it was added, and case_parties held
// only the applicants of the cases stored before it, so that the
// shared-collateral and mutual-guarantee rules missed older cases.
func migrateListings(ctx context.Context, tx bun.Tx) error {
	exec := func(query string, args ...any) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	}
	if err := exec(`CREATE TABLE IF NOT EXISTS case_bodies (
		case_id        TEXT PRIMARY KEY,
		schema_version INTEGER NOT NULL,
		body           TEXT NOT NULL
	)`); err != nil {
		return err
	}
	hasBody, err := hasColumn(ctx, tx, "cases", "body")
	if err != nil {
		return err
	}
	if hasBody {
		// WHERE true: without it, SQLite would read ON as a join's.
		if err := exec(`INSERT INTO case_bodies (case_id, schema_version, body)
			SELECT id, 1, body FROM cases WHERE true ON CONFLICT DO NOTHING`); err != nil {
			return err
		}
		if err := exec(`ALTER TABLE cases DROP COLUMN body`); err != nil {
			return err
		}
	}
	for _, col := range []struct{ name, decl string }{
		{"owner_name", "TEXT NOT NULL DEFAULT ''"},
		{"applicant_kind", "TEXT NOT NULL DEFAULT ''"},
		{"applicant_id", "TEXT NOT NULL DEFAULT ''"},
		{"amount", "BIGINT NOT NULL DEFAULT 0"},
		{"term_months", "INTEGER NOT NULL DEFAULT 0"},
		{"annual_rate", "TEXT NOT NULL DEFAULT ''"},
		{"ledger_year", "INTEGER"},
		{"ledger_seq", "INTEGER"},
		{"submitted_at", "TEXT"},
		{"decision", "TEXT"},
		{"decided_at", "TEXT"},
		{"eligible_value", "BIGINT"},
		{"coverage", "TEXT"},
		{"collateral_kinds", "TEXT"},
		{"guarantees", "TEXT"},
	} {
		if err := addColumn(ctx, tx, "cases", col.name, col.decl); err != nil {
			return err
		}
	}
	for _, t := range []string{"case_collateral", "case_parties"} {
		for _, col := range []string{"stage", "ledger_number"} {
			if err := dropColumn(ctx, tx, t, col); err != nil {
				return err
			}
		}
	}
	// Co-investigators were indexed as parties of the role "investigator".
	if err := exec(`DELETE FROM case_parties WHERE role = 'investigator'`); err != nil {
		return err
	}
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS case_members (
			member  TEXT NOT NULL,
			case_id TEXT NOT NULL,
			stage   TEXT NOT NULL,
			PRIMARY KEY (member, case_id)
		)`,
		`CREATE INDEX IF NOT EXISTS case_members_stage ON case_members (member, stage, case_id)`,
		`CREATE INDEX IF NOT EXISTS case_members_case ON case_members (case_id)`,
		`CREATE TABLE IF NOT EXISTS case_ngrams (
			gram    TEXT NOT NULL,
			case_id TEXT NOT NULL,
			PRIMARY KEY (gram, case_id)
		)`,
		`CREATE INDEX IF NOT EXISTS case_ngrams_case ON case_ngrams (case_id)`,
		`CREATE INDEX IF NOT EXISTS cases_applicant_key_id ON cases (applicant_key, id)`,
		`DROP INDEX IF EXISTS cases_applicant_key`,
		`CREATE UNIQUE INDEX IF NOT EXISTS cases_ledger ON cases (ledger_year, ledger_seq)`,
	} {
		if err := exec(stmt); err != nil {
			return err
		}
	}
	return requestReindex(ctx, tx)
}

// backfillPage is how many case files backfill reads at a time.
const backfillPage = 500

// reindexTable holds one row while the listings and index rows wait to be
// rebuilt from the stored documents.
const reindexTable = "jinzhi_reindex"

// requestReindex asks, in the transaction of the migration that needs it,
// for the listings and index rows of every case to be rebuilt once all the
// migrations have run. A migration does not rebuild them itself: it knows
// the schema of its own version, and the rows are written with today's
// types, which may have columns that later migrations add. The request is
// a row, so a process that stops before the rebuild leaves it to the next
// start.
func requestReindex(ctx context.Context, tx bun.Tx) error {
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+reindexTable+` (id INTEGER PRIMARY KEY)`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+reindexTable+` (id) VALUES (1) ON CONFLICT DO NOTHING`)
	return err
}

// reindexIfRequested rebuilds the listings and index rows if a migration
// asked for it, in one transaction that also takes the request away. It
// runs after the last migration, on today's schema.
func reindexIfRequested(ctx context.Context, db *DB) error {
	return db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// A database migrated before requests were rows has no table.
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+reindexTable+` (id INTEGER PRIMARY KEY)`); err != nil {
			return err
		}
		var n int
		if err := tx.NewRaw(`SELECT count(*) FROM `+reindexTable).Scan(ctx, &n); err != nil || n == 0 {
			return err
		}
		if err := backfill(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+reindexTable); err != nil {
			return err
		}
		if tx.Dialect().Name() == dialect.PG {
			// The tables' statistics, for the plans of the first lists.
			_, err := tx.ExecContext(ctx, `ANALYZE cases, case_members, case_ngrams, case_collateral, case_parties`)
			return err
		}
		return nil
	})
}

// backfill rewrites the listing and the index rows of every case from its
// stored document, a page at a time, with today's row types: only
// reindexIfRequested calls it, on today's schema.
func backfill(ctx context.Context, tx bun.Tx) error {
	after := ""
	for {
		var bodies []bodyRow
		if err := tx.NewSelect().Model(&bodies).Where("case_id > ?", after).
			OrderExpr("case_id").Limit(backfillPage).Scan(ctx); err != nil {
			return err
		}
		for _, b := range bodies {
			c, err := decodeCase(b.SchemaVersion, []byte(b.Body))
			if err != nil {
				return fmt.Errorf("case %s: %w", b.CaseID, err)
			}
			// The store cannot value collateral (that takes the policy):
			// the listing's figures wait for the case's next change.
			l := c.Listing()
			row, err := newCaseRow(c, &l)
			if err != nil {
				return fmt.Errorf("case %s: %w", b.CaseID, err)
			}
			if _, err := tx.NewUpdate().Model(row).Column(listingColumns...).WherePK().Exec(ctx); err != nil {
				return err
			}
			if err := syncIndexes(ctx, tx, c, false); err != nil {
				return err
			}
		}
		if len(bodies) < backfillPage {
			return nil
		}
		after = bodies[len(bodies)-1].CaseID
	}
}

// hasColumn reports whether table has column.
func hasColumn(ctx context.Context, tx bun.Tx, table, column string) (bool, error) {
	var n int
	var err error
	if tx.Dialect().Name() == dialect.PG {
		err = tx.NewRaw(`SELECT count(*) FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?`, table, column).Scan(ctx, &n)
	} else {
		err = tx.NewRaw(`SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`, table, column).Scan(ctx, &n)
	}
	return n > 0, err
}

// addColumn adds a column unless the table has it.
func addColumn(ctx context.Context, tx bun.Tx, table, column, decl string) error {
	has, err := hasColumn(ctx, tx, table, column)
	if err != nil || has {
		return err
	}
	_, err = tx.ExecContext(ctx, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", table, column, decl))
	return err
}

// dropColumn drops a column if the table has it.
func dropColumn(ctx context.Context, tx bun.Tx, table, column string) error {
	has, err := hasColumn(ctx, tx, table, column)
	if err != nil || !has {
		return err
	}
	_, err = tx.ExecContext(ctx, fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", table, column))
	return err
}
