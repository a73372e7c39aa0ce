-- Loans: the loan a disbursement creates, in its own tables so that the
-- portfolio (what is overdue as of a date, what matures within N days) is
-- one indexed query, never a read of the case files. Amounts are integer
-- fen, dates YYYY-MM-DD text (which sorts as it reads), times RFC 3339 UTC.
CREATE TABLE IF NOT EXISTS loans (
	id              TEXT PRIMARY KEY,
	case_id         TEXT NOT NULL UNIQUE REFERENCES cases (id),
	contract_number TEXT NOT NULL,
	borrower        TEXT NOT NULL,
	approved_fen    BIGINT NOT NULL,
	disbursed_fen   BIGINT NOT NULL,
	annual_rate     TEXT NOT NULL,
	term_months     INTEGER NOT NULL,
	method          TEXT NOT NULL,
	contract_date   TEXT NOT NULL,
	maturity_date   TEXT NOT NULL,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS loans_maturity_date ON loans (maturity_date, id);
--bun:split
-- One row per disbursement (放款笔次) and its loan receipt (借款借据).
CREATE TABLE IF NOT EXISTS loan_tranches (
	id             TEXT PRIMARY KEY,
	loan_id        TEXT NOT NULL REFERENCES loans (id),
	seq            INTEGER NOT NULL,
	receipt_number TEXT NOT NULL UNIQUE,
	amount_fen     BIGINT NOT NULL,
	disbursed_on   TEXT NOT NULL,
	maturity_date  TEXT NOT NULL,
	account        TEXT NOT NULL,
	payee          TEXT NOT NULL DEFAULT '',
	payee_account  TEXT NOT NULL DEFAULT '',
	evidence       TEXT NOT NULL DEFAULT '',
	created_by     TEXT NOT NULL,
	created_at     TEXT NOT NULL,
	UNIQUE (loan_id, seq)
);
--bun:split
-- One row per installment of a tranche, from its actual disbursement date.
-- paid_*_fen and days_past_due are kept by the post-loan postings.
CREATE TABLE IF NOT EXISTS loan_installments (
	tranche_id         TEXT NOT NULL REFERENCES loan_tranches (id),
	loan_id            TEXT NOT NULL REFERENCES loans (id),
	period             INTEGER NOT NULL,
	due_date           TEXT NOT NULL,
	principal_fen      BIGINT NOT NULL,
	interest_fen       BIGINT NOT NULL,
	fee_fen            BIGINT NOT NULL,
	payment_fen        BIGINT NOT NULL,
	balance_fen        BIGINT NOT NULL,
	paid_principal_fen BIGINT NOT NULL DEFAULT 0,
	paid_interest_fen  BIGINT NOT NULL DEFAULT 0,
	days_past_due      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (tranche_id, period)
);
--bun:split
-- What falls due (or is overdue) as of a date, across the portfolio.
CREATE INDEX IF NOT EXISTS loan_installments_due_date ON loan_installments (due_date, loan_id);
--bun:split
CREATE INDEX IF NOT EXISTS loan_installments_loan_due ON loan_installments (loan_id, due_date);
