-- The funders of loans (issue 15): registered investors, clients of the
-- lender found by resident ID or credit code, and one funding record per
-- case — own funds, co-lenders, chosen investors, teaser showings,
-- interests, commitments and notice deliveries — kept as one JSON document
-- locked while it changes, so that concurrent commitments are serialised.
-- Times are RFC 3339 UTC with nine fraction digits.
CREATE TABLE IF NOT EXISTS investors (
	id            TEXT PRIMARY KEY,
	party_key     TEXT NOT NULL UNIQUE,
	kind          TEXT NOT NULL,
	name          TEXT NOT NULL,
	registered_by TEXT NOT NULL,
	registered_at TEXT NOT NULL,
	data          TEXT NOT NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS investors_registered_by ON investors (registered_by, registered_at);
--bun:split
CREATE TABLE IF NOT EXISTS fundings (
	case_id    TEXT PRIMARY KEY REFERENCES cases (id),
	data       TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
