DROP TABLE IF EXISTS loan_installments;
--bun:split
DROP TABLE IF EXISTS loan_tranches;
--bun:split
DROP TABLE IF EXISTS loans;
