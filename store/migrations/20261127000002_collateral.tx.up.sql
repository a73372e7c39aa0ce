CREATE TABLE IF NOT EXISTS case_collateral (
    case_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    ledger_number TEXT NULL,
    title_number TEXT NULL,
    unit_number TEXT NULL,
    PRIMARY KEY (case_id, item_id)
);
--bun:split
CREATE INDEX IF NOT EXISTS case_collateral_title ON case_collateral (title_number);
--bun:split
CREATE INDEX IF NOT EXISTS case_collateral_unit ON case_collateral (unit_number);
