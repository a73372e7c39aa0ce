DROP TABLE IF EXISTS auth_epoch;
--bun:split
ALTER TABLE users DROP COLUMN disabled_at;
--bun:split
ALTER TABLE users DROP COLUMN expires_at;
