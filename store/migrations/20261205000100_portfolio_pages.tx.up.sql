-- The overdue page takes a loan at its oldest installment unpaid on the
-- day: the one with no installment of the loan unpaid then and due before
-- it, which is one short range of this index (the first of the loan's
-- unpaid ones, or of those paid off after the day).
CREATE INDEX IF NOT EXISTS loan_installments_loan_unsettled ON loan_installments (loan_id, settled_on, due_date);
