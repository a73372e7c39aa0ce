DROP INDEX IF EXISTS cases_ledger_number_unique;
--bun:split
DROP TABLE IF EXISTS ledger_counters;
