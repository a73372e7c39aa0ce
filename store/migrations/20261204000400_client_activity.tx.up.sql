-- The client file lists the consultations that led to a client's cases:
-- found by case, newest first.
CREATE INDEX IF NOT EXISTS consultations_case ON consultations (case_id, consulted_on);
