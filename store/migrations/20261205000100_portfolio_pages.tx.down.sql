DROP INDEX IF EXISTS loan_installments_loan_unsettled;
