DROP INDEX IF EXISTS loan_installments_unsettled;
--bun:split
ALTER TABLE loans DROP COLUMN manual_classification;
--bun:split
ALTER TABLE loans DROP COLUMN classification;
--bun:split
ALTER TABLE loan_installments DROP COLUMN settled_on;
--bun:split
ALTER TABLE loan_installments DROP COLUMN paid_fen;
--bun:split
ALTER TABLE loan_installments DROP COLUMN owed_fen;
--bun:split
DROP TABLE IF EXISTS loan_repayments;
