DROP INDEX IF EXISTS idempotency_keys_created_at;
--bun:split
DROP TABLE IF EXISTS idempotency_keys;
