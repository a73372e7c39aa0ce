-- The ledger (台帐): the last number given each year. A submission takes the
-- next one in its own transaction, so a failed submission gives it back and
-- numbers have neither gaps nor duplicates.
CREATE TABLE IF NOT EXISTS ledger_counters (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS cases_ledger_number_unique ON cases (ledger_number);
