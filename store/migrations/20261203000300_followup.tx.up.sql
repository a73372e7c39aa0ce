-- The follow-up after disbursement: visits (回访), the delivery of demands
-- (催收送达, the collection log) and consultations (咨询登记), each in a table
-- of its own so that the summaries count them in the database. Dates are
-- YYYY-MM-DD text, times RFC 3339 UTC with nine fraction digits.
CREATE TABLE IF NOT EXISTS visits (
	id          TEXT PRIMARY KEY,
	case_id     TEXT NOT NULL REFERENCES cases (id),
	owner       TEXT NOT NULL,
	visited_on  TEXT NOT NULL,
	visitor     TEXT NOT NULL,
	subject     TEXT NOT NULL,
	subject_id  TEXT NOT NULL DEFAULT '',
	method      TEXT NOT NULL,
	findings    TEXT NOT NULL,
	actions     TEXT NOT NULL DEFAULT '',
	next_visit  TEXT NOT NULL DEFAULT '',
	opinion     TEXT NOT NULL DEFAULT '',
	evidence    TEXT NOT NULL DEFAULT '[]',
	recorded_by TEXT NOT NULL,
	recorded_at TEXT NOT NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS visits_case_date ON visits (case_id, visited_on);
--bun:split
-- A week's visits per account manager, and the team's (the weekly summary).
CREATE INDEX IF NOT EXISTS visits_owner_date ON visits (owner, visited_on);
--bun:split
CREATE INDEX IF NOT EXISTS visits_date ON visits (visited_on, owner);
--bun:split
CREATE TABLE IF NOT EXISTS demands (
	id           TEXT PRIMARY KEY,
	case_id      TEXT NOT NULL REFERENCES cases (id),
	addressee    TEXT NOT NULL,
	guarantee_id TEXT NOT NULL DEFAULT '',
	method       TEXT NOT NULL,
	delivered_on TEXT NOT NULL,
	proof        TEXT NOT NULL,
	recorded_by  TEXT NOT NULL,
	recorded_at  TEXT NOT NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS demands_case_date ON demands (case_id, delivered_on);
--bun:split
CREATE TABLE IF NOT EXISTS consultations (
	id             TEXT PRIMARY KEY,
	owner          TEXT NOT NULL,
	consulted_on   TEXT NOT NULL,
	prospect_name  TEXT NOT NULL,
	prospect_phone TEXT NOT NULL DEFAULT '',
	topic          TEXT NOT NULL,
	answer         TEXT NOT NULL,
	follow_up      TEXT NOT NULL DEFAULT '',
	case_id        TEXT NOT NULL DEFAULT '',
	recorded_at    TEXT NOT NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS consultations_owner_date ON consultations (owner, consulted_on, id);
--bun:split
CREATE INDEX IF NOT EXISTS consultations_date ON consultations (consulted_on, id);
--bun:split
-- The weekly summary counts a week's events by action: a range of times,
-- the actions read from the index.
CREATE INDEX IF NOT EXISTS events_at_action ON events (at, action);
