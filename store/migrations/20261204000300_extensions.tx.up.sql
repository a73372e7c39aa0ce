-- Extensions (展期): one row per approved extension of a loan. The
-- installments it replaced move to loan_installments_superseded, kept for
-- the loan's history and for the replay of the days before it; the new
-- ones take their place in loan_installments, so the portfolio's queries
-- read the schedule in force as they did.
CREATE TABLE IF NOT EXISTS loan_extensions (
	id              TEXT PRIMARY KEY,
	loan_id         TEXT NOT NULL REFERENCES loans (id),
	seq             INTEGER NOT NULL,
	round           INTEGER NOT NULL,
	months          INTEGER NOT NULL,
	effective_on    TEXT NOT NULL,
	maturity_before TEXT NOT NULL,
	maturity_after  TEXT NOT NULL,
	principal_fen   BIGINT NOT NULL,
	approved_by     TEXT NOT NULL,
	created_at      TEXT NOT NULL,
	UNIQUE (loan_id, seq)
);
--bun:split
CREATE TABLE IF NOT EXISTS loan_installments_superseded (
	extension_id  TEXT NOT NULL REFERENCES loan_extensions (id),
	tranche_id    TEXT NOT NULL REFERENCES loan_tranches (id),
	loan_id       TEXT NOT NULL REFERENCES loans (id),
	period        INTEGER NOT NULL,
	due_date      TEXT NOT NULL,
	principal_fen BIGINT NOT NULL,
	interest_fen  BIGINT NOT NULL,
	fee_fen       BIGINT NOT NULL,
	payment_fen   BIGINT NOT NULL,
	balance_fen   BIGINT NOT NULL,
	PRIMARY KEY (extension_id, tranche_id, period)
);
--bun:split
CREATE INDEX IF NOT EXISTS loan_installments_superseded_loan ON loan_installments_superseded (loan_id, extension_id);
