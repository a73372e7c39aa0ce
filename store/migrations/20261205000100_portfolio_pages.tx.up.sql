-- The overdue page takes a loan at its oldest installment unpaid on the
-- day: the one with no installment of the loan due before it and unpaid
-- then, looked up in this index alone (it replaces loan_id, due_date,
-- which it serves as well).
CREATE INDEX IF NOT EXISTS loan_installments_loan_due_settled ON loan_installments (loan_id, due_date, settled_on);
--bun:split
DROP INDEX IF EXISTS loan_installments_loan_due;
