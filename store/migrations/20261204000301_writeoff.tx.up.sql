-- Write-off (核销): the day a 损失 loan left the active book and what it
-- owed then ('' and 0 while it is in the book). Its unpaid installments
-- count as settled on that day, so the portfolio lists the loan as overdue
-- up to the day and not after, through the index it already uses.
ALTER TABLE loans ADD COLUMN written_off_on TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE loans ADD COLUMN written_off_fen BIGINT NOT NULL DEFAULT 0;
--bun:split
-- The written-off total of the portfolio: the loans written off, by day.
CREATE INDEX IF NOT EXISTS loans_written_off_on ON loans (written_off_on);
--bun:split
-- Recoveries after write-off (核销后收回): one row per posting, unique per
-- loan by its reference so that a retried posting is recorded once.
CREATE TABLE IF NOT EXISTS loan_recoveries (
	id          TEXT PRIMARY KEY,
	loan_id     TEXT NOT NULL REFERENCES loans (id),
	seq         INTEGER NOT NULL,
	reference   TEXT NOT NULL,
	amount_fen  BIGINT NOT NULL,
	received_on TEXT NOT NULL,
	payer       TEXT NOT NULL,
	channel     TEXT NOT NULL,
	request     TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	UNIQUE (loan_id, reference),
	UNIQUE (loan_id, seq)
);
