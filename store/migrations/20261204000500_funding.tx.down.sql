DROP TABLE IF EXISTS fundings;
--bun:split
DROP TABLE IF EXISTS investors;
