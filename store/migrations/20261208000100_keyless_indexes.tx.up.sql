-- Index only the rows that have the value: a new case has no ledger number
-- yet and most events no idempotency key, so each create and each append
-- wrote index entries that no query reads (every lookup names a value,
-- which implies IS NOT NULL, so the partial indexes serve it). The plain
-- index on ledger_number repeated the unique one.
DROP INDEX IF EXISTS cases_ledger_number;
DROP INDEX IF EXISTS cases_ledger_number_unique;
CREATE UNIQUE INDEX cases_ledger_number_unique ON cases (ledger_number) WHERE ledger_number IS NOT NULL;
DROP INDEX IF EXISTS cases_ledger;
CREATE UNIQUE INDEX cases_ledger ON cases (ledger_year, ledger_seq) WHERE ledger_year IS NOT NULL;
DROP INDEX IF EXISTS events_actor_idempotency_key;
CREATE UNIQUE INDEX events_actor_idempotency_key ON events (actor_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
