DROP INDEX IF EXISTS consultations_case;
