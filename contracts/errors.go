package contracts

import "errors"

// Sentinel errors. Every error of the package wraps one of them, so callers
// branch with errors.Is; an error about an input's fields also lists each
// field as a *check.FieldError (errors.As), with its JSON path and reason.
var (
	// ErrInvalidTerms: terms that cannot make a schedule (Terms.Validate,
	// NewSchedule).
	ErrInvalidTerms = errors.New("contracts: invalid terms")
	// ErrInvalidOverdue: an overdue computation's input is invalid
	// (OverdueInterest).
	ErrInvalidOverdue = errors.New("contracts: invalid overdue input")
	// ErrInvalidCapPolicy: a cap policy that cannot work: an unknown regime,
	// or the custom regime without its cap (CheckRateCap).
	ErrInvalidCapPolicy = errors.New("contracts: invalid cap policy")
	// ErrOutOfRange: an amount of a schedule left Money's range. Terms'
	// limits make it unreachable for valid terms.
	ErrOutOfRange = errors.New("contracts: amount out of range")
	// ErrInvalidLPR: an LPR row or an LPR file that cannot be read (a bad
	// date, tenor or rate, a wrong header, trailing data).
	ErrInvalidLPR = errors.New("contracts: invalid LPR row")
	// ErrLPRConflict: two LPR rows for the same date and tenor disagree.
	ErrLPRConflict = errors.New("contracts: LPR rows conflict")
	// ErrLPRHistory: a row given to Extend is older than the table's latest
	// row of its tenor; the published history is not rewritten.
	ErrLPRHistory = errors.New("contracts: LPR row older than the latest known row")
)

// ErrNoIRR (irr.go) and ErrNoLPR (lpr.go) complete the set.
