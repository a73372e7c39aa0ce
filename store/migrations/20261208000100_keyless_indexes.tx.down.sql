DROP INDEX IF EXISTS events_actor_idempotency_key;
CREATE UNIQUE INDEX events_actor_idempotency_key ON events (actor_id, idempotency_key);
DROP INDEX IF EXISTS cases_ledger;
CREATE UNIQUE INDEX cases_ledger ON cases (ledger_year, ledger_seq);
DROP INDEX IF EXISTS cases_ledger_number_unique;
CREATE UNIQUE INDEX cases_ledger_number_unique ON cases (ledger_number);
CREATE INDEX cases_ledger_number ON cases (ledger_number);
