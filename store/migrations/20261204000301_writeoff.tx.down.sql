DROP TABLE IF EXISTS loan_recoveries;
--bun:split
DROP INDEX IF EXISTS loans_written_off_on;
--bun:split
ALTER TABLE loans DROP COLUMN written_off_fen;
--bun:split
ALTER TABLE loans DROP COLUMN written_off_on;
