DROP TABLE IF EXISTS users;
--bun:split
DROP TABLE IF EXISTS events;
--bun:split
DROP TABLE IF EXISTS cases;
