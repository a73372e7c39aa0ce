-- Cases: one row per case. body is the whole duediligence.Case as JSON; the
-- other columns are copies of its fields that listing and search need.
-- Times are text in RFC 3339 UTC with nine fraction digits, which sorts as
-- it reads and keeps nanoseconds on both databases.
CREATE TABLE IF NOT EXISTS cases (
	id                TEXT PRIMARY KEY,
	version           INTEGER NOT NULL,
	stage             TEXT NOT NULL,
	owner             TEXT NOT NULL,
	applicant_name    TEXT NOT NULL,
	applicant_name_lc TEXT NOT NULL,
	applicant_key     TEXT,
	ledger_number     TEXT,
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL,
	body              TEXT NOT NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS cases_stage_id ON cases (stage, id);
--bun:split
CREATE INDEX IF NOT EXISTS cases_owner_id ON cases (owner, id);
--bun:split
CREATE INDEX IF NOT EXISTS cases_owner_stage_id ON cases (owner, stage, id);
--bun:split
CREATE INDEX IF NOT EXISTS cases_applicant_key ON cases (applicant_key);
--bun:split
CREATE INDEX IF NOT EXISTS cases_ledger_number ON cases (ledger_number);
--bun:split
-- Events: the append-only audit trail, one hash chain per stream.
CREATE TABLE IF NOT EXISTS events (
	stream          TEXT NOT NULL,
	seq             BIGINT NOT NULL,
	id              TEXT NOT NULL UNIQUE,
	at              TEXT NOT NULL,
	actor_id        TEXT NOT NULL,
	actor_role      TEXT NOT NULL,
	action          TEXT NOT NULL,
	case_id         TEXT NOT NULL,
	case_version    INTEGER NOT NULL,
	data            TEXT NOT NULL,
	idempotency_key TEXT,
	prev_hash       TEXT NOT NULL,
	hash            TEXT NOT NULL,
	PRIMARY KEY (stream, seq)
);
--bun:split
-- NULL keys (no key sent) do not collide, on either database.
CREATE UNIQUE INDEX IF NOT EXISTS events_actor_idempotency_key ON events (actor_id, idempotency_key);
--bun:split
CREATE TABLE IF NOT EXISTS users (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	role       TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);
