DROP TABLE IF EXISTS case_collateral;
