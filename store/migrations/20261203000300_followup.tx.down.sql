DROP INDEX IF EXISTS events_action_at;
--bun:split
DROP TABLE IF EXISTS consultations;
--bun:split
DROP TABLE IF EXISTS demands;
--bun:split
DROP TABLE IF EXISTS visits;
