package store

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// migrateOldestUnpaid gives loans the column oldest_unpaid_due: the due
// date of the loan's oldest installment unpaid now (settled_on
// 9999-12-31), NULL when nothing is owed — a loan paid off, closed or
// written off (write-off settles what was unpaid on its day). The overdue
// page walks the loans in (oldest_unpaid_due, id) order by a partial
// index, one entry per overdue loan, instead of every unpaid installment
// (portfolio.go).
//
// Triggers on loan_installments keep it, in the transaction of whatever
// changes an installment: a tranche's schedule (AddTranche), a posting or
// a reversal (SaveBook), an extension's new schedule (ExtendLoan), a
// write-off (WriteOffLoan), and any statement written later or by hand.
// An insert can only move the date earlier; an update of an installment's
// settled_on, due_date or loan, or the delete of an unpaid one, reads the
// loan's oldest unpaid again, one short range of the index on (loan_id,
// settled_on, due_date). PostgreSQL's insert trigger runs once a
// statement, so that a bulk insert updates each loan once.
func migrateOldestUnpaid(ctx context.Context, tx bun.Tx) error {
	exec := func(query string) error {
		_, err := tx.ExecContext(ctx, query)
		return err
	}
	if err := addColumn(ctx, tx, "loans", "oldest_unpaid_due", "TEXT"); err != nil {
		return err
	}
	var stmts []string
	if tx.Dialect().Name() == dialect.PG {
		stmts = []string{
			`CREATE OR REPLACE FUNCTION loans_oldest_unpaid_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE loans AS l SET oldest_unpaid_due = n.due
	FROM (SELECT loan_id, MIN(due_date) AS due FROM inserted WHERE settled_on = '9999-12-31' GROUP BY loan_id) AS n
	WHERE l.id = n.loan_id AND (l.oldest_unpaid_due IS NULL OR l.oldest_unpaid_due > n.due);
	RETURN NULL;
END $$`,
			`CREATE OR REPLACE FUNCTION loans_oldest_unpaid_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE loans AS l SET oldest_unpaid_due = m.due
	FROM (SELECT MIN(i.due_date) AS due FROM loan_installments AS i WHERE i.loan_id = OLD.loan_id AND i.settled_on = '9999-12-31') AS m
	WHERE l.id = OLD.loan_id AND l.oldest_unpaid_due IS DISTINCT FROM m.due;
	IF TG_OP = 'UPDATE' AND NEW.loan_id <> OLD.loan_id THEN
		UPDATE loans AS l SET oldest_unpaid_due = m.due
		FROM (SELECT MIN(i.due_date) AS due FROM loan_installments AS i WHERE i.loan_id = NEW.loan_id AND i.settled_on = '9999-12-31') AS m
		WHERE l.id = NEW.loan_id AND l.oldest_unpaid_due IS DISTINCT FROM m.due;
	END IF;
	RETURN NULL;
END $$`,
			`DROP TRIGGER IF EXISTS loan_installments_oldest_unpaid_insert ON loan_installments`,
			`CREATE TRIGGER loan_installments_oldest_unpaid_insert AFTER INSERT ON loan_installments
	REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION loans_oldest_unpaid_inserted()`,
			`DROP TRIGGER IF EXISTS loan_installments_oldest_unpaid_update ON loan_installments`,
			`CREATE TRIGGER loan_installments_oldest_unpaid_update AFTER UPDATE OF settled_on, due_date, loan_id ON loan_installments
	FOR EACH ROW WHEN (OLD.settled_on IS DISTINCT FROM NEW.settled_on OR OLD.due_date IS DISTINCT FROM NEW.due_date OR OLD.loan_id IS DISTINCT FROM NEW.loan_id)
	EXECUTE FUNCTION loans_oldest_unpaid_changed()`,
			`DROP TRIGGER IF EXISTS loan_installments_oldest_unpaid_delete ON loan_installments`,
			`CREATE TRIGGER loan_installments_oldest_unpaid_delete AFTER DELETE ON loan_installments
	FOR EACH ROW WHEN (OLD.settled_on = '9999-12-31') EXECUTE FUNCTION loans_oldest_unpaid_changed()`,
		}
	} else {
		const oldest = `(SELECT MIN(i.due_date) FROM loan_installments AS i WHERE i.loan_id = loans.id AND i.settled_on = '9999-12-31')`
		stmts = []string{
			`CREATE TRIGGER IF NOT EXISTS loan_installments_oldest_unpaid_insert AFTER INSERT ON loan_installments
	WHEN NEW.settled_on = '9999-12-31' BEGIN
	UPDATE loans SET oldest_unpaid_due = NEW.due_date
	WHERE id = NEW.loan_id AND (oldest_unpaid_due IS NULL OR oldest_unpaid_due > NEW.due_date);
END`,
			`CREATE TRIGGER IF NOT EXISTS loan_installments_oldest_unpaid_update AFTER UPDATE OF settled_on, due_date, loan_id ON loan_installments
	WHEN OLD.settled_on IS NOT NEW.settled_on OR OLD.due_date IS NOT NEW.due_date OR OLD.loan_id IS NOT NEW.loan_id BEGIN
	UPDATE loans SET oldest_unpaid_due = ` + oldest + ` WHERE id IN (OLD.loan_id, NEW.loan_id);
END`,
			`CREATE TRIGGER IF NOT EXISTS loan_installments_oldest_unpaid_delete AFTER DELETE ON loan_installments
	WHEN OLD.settled_on = '9999-12-31' BEGIN
	UPDATE loans SET oldest_unpaid_due = ` + oldest + ` WHERE id = OLD.loan_id;
END`,
		}
	}
	stmts = append(stmts,
		// The backfill, after the triggers, in their transaction: no
		// installment changes unseen between the two.
		`UPDATE loans SET oldest_unpaid_due = (SELECT MIN(i.due_date) FROM loan_installments AS i WHERE i.loan_id = loans.id AND i.settled_on = '9999-12-31')`,
		// The overdue loans, in the page's order; case_id for the member's
		// page, which checks membership by loan.
		`CREATE INDEX IF NOT EXISTS loans_oldest_unpaid ON loans (oldest_unpaid_due, id, case_id) WHERE oldest_unpaid_due IS NOT NULL`,
	)
	for _, s := range stmts {
		if err := exec(s); err != nil {
			return err
		}
	}
	return nil
}
