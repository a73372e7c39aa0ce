DROP TABLE IF EXISTS case_parties;
