-- Repayments (还款): one row per posting, unique per loan by its reference
-- (银行流水号) so that a retried posting is recorded once. A reversal (冲正)
-- marks the row; allocation is computed by replaying the rows that are not
-- reversed, so nothing else is undone.
CREATE TABLE IF NOT EXISTS loan_repayments (
	id              TEXT PRIMARY KEY,
	loan_id         TEXT NOT NULL REFERENCES loans (id),
	seq             INTEGER NOT NULL,
	reference       TEXT NOT NULL,
	amount_fen      BIGINT NOT NULL,
	paid_on         TEXT NOT NULL,
	payer           TEXT NOT NULL,
	channel         TEXT NOT NULL,
	kind            TEXT NOT NULL,
	request         TEXT NOT NULL,
	reversed_by     TEXT NOT NULL DEFAULT '',
	reversed_at     TEXT NOT NULL DEFAULT '',
	reversal_reason TEXT NOT NULL DEFAULT '',
	created_by      TEXT NOT NULL,
	created_at      TEXT NOT NULL,
	UNIQUE (loan_id, reference),
	UNIQUE (loan_id, seq)
);
--bun:split
-- The installment's standing after the last posting, for the portfolio:
-- what it owes (principal, interest, fees, after an early repayment), what
-- was paid of that, and the day it was paid off (9999-12-31 while unpaid, so that
-- "unsettled on a day" is one range: settled_on > the day).
ALTER TABLE loan_installments ADD COLUMN owed_fen BIGINT NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE loan_installments ADD COLUMN paid_fen BIGINT NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE loan_installments ADD COLUMN settled_on TEXT NOT NULL DEFAULT '9999-12-31';
--bun:split
UPDATE loan_installments SET owed_fen = payment_fen;
--bun:split
-- The loan's classification (五级分类) after the last posting, and a risk
-- officer's manual downgrade.
ALTER TABLE loans ADD COLUMN classification TEXT NOT NULL DEFAULT 'normal';
--bun:split
ALTER TABLE loans ADD COLUMN manual_classification TEXT NOT NULL DEFAULT '';
--bun:split
-- What is overdue as of a day: the unsettled installments due before it.
CREATE INDEX IF NOT EXISTS loan_installments_unsettled ON loan_installments (settled_on, due_date, loan_id);
