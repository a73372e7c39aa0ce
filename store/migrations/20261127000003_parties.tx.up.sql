CREATE TABLE IF NOT EXISTS case_parties (
    case_id TEXT NOT NULL,
    role TEXT NOT NULL,
    party_key TEXT NOT NULL,
    stage TEXT NOT NULL,
    ledger_number TEXT NULL,
    PRIMARY KEY (case_id, role, party_key)
);
--bun:split
CREATE INDEX IF NOT EXISTS case_parties_key ON case_parties (party_key);
--bun:split
-- Cases stored before this table existed have no guarantors; their
-- applicants are indexed here, the co-borrowers on the case's next change.
INSERT INTO case_parties (case_id, role, party_key, stage, ledger_number)
SELECT id, 'borrower', applicant_key, stage, ledger_number FROM cases WHERE applicant_key IS NOT NULL
ON CONFLICT DO NOTHING;
