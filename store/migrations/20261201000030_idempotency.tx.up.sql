-- Idempotent requests: an Idempotency-Key with what the request was (its
-- fingerprint: SHA-256 of method, path and body) and the answer it got
-- (status 0 until it has one). Rows older than the retention are deleted.
CREATE TABLE IF NOT EXISTS idempotency_keys (
	actor_id        TEXT NOT NULL,
	idempotency_key TEXT NOT NULL,
	fingerprint     TEXT NOT NULL,
	method          TEXT NOT NULL,
	path            TEXT NOT NULL,
	status          INTEGER NOT NULL,
	header          TEXT NOT NULL,
	body            TEXT NOT NULL,
	created_at      TEXT NOT NULL,
	PRIMARY KEY (actor_id, idempotency_key)
);
--bun:split
CREATE INDEX IF NOT EXISTS idempotency_keys_created_at ON idempotency_keys (created_at);
