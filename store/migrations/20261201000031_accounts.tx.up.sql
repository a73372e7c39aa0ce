-- Accounts: a token's expiry (NULL: created before expiries, whose token
-- expires the policy's lifetime after created_at) and when the user was
-- disabled (revoked).
ALTER TABLE users ADD COLUMN expires_at TEXT;
--bun:split
ALTER TABLE users ADD COLUMN disabled_at TEXT;
--bun:split
-- The authentication epoch: one row, whose number grows with every
-- revocation and rotation. Each replica keeps the tokens it has seen in
-- memory with the epoch they were read at, and reads this row (by primary
-- key) on every request: a new number empties its cache, so a revocation
-- on one replica is refused at once by every other.
CREATE TABLE IF NOT EXISTS auth_epoch (
	id    INTEGER PRIMARY KEY,
	epoch BIGINT NOT NULL
);
--bun:split
INSERT INTO auth_epoch (id, epoch) VALUES (1, 0) ON CONFLICT DO NOTHING;
