DROP INDEX IF EXISTS events_at_action;
--bun:split
DROP TABLE IF EXISTS consultations;
--bun:split
DROP TABLE IF EXISTS demands;
--bun:split
DROP TABLE IF EXISTS visits;
