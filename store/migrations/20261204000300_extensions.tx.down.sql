DROP TABLE IF EXISTS loan_installments_superseded;
--bun:split
DROP TABLE IF EXISTS loan_extensions;
