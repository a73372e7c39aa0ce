CREATE INDEX IF NOT EXISTS loan_installments_loan_due ON loan_installments (loan_id, due_date);
--bun:split
DROP INDEX IF EXISTS loan_installments_loan_due_settled;
