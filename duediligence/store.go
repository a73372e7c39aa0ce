package duediligence

import "context"

// Store keeps cases, users and the audit trail. Package store implements it on
// PostgreSQL and SQLite. Every method that changes data does it in one
// transaction together with the event it is given, which the store seals
// (Event.Seal) onto the end of the event's stream.
type Store interface {
	// CreateCase inserts a new case (Version 1) and its first event.
	CreateCase(ctx context.Context, c *Case, ev *Event) error
	// UpdateCase replaces the case if its stored version is still expected,
	// storing c (whose Version is expected+1) and appending ev. It returns an
	// error with CodeStale when another change won, CodeNotFound when there is
	// no such case, and CodeConflict when ev's idempotency key was used before.
	UpdateCase(ctx context.Context, c *Case, expected int, ev *Event) error
	// SubmitCase is UpdateCase that also takes the next ledger number of
	// year ("2026-000123") in the same transaction, without gaps or
	// duplicates however many submissions race: it sets c.LedgerNumber and
	// adds "ledger_number" to ev's data before sealing it.
	SubmitCase(ctx context.Context, c *Case, expected int, ev *Event, year int) error
	// FindLedger returns the cases of a year's ledger, by ledger number.
	FindLedger(ctx context.Context, year int) ([]*Case, error)
	// FindCaseByID returns the case, or an error with CodeNotFound.
	FindCaseByID(ctx context.Context, id string) (*Case, error)
	// FindCases lists cases matching f, newest first, keyset-paginated.
	FindCases(ctx context.Context, f CaseFilter) (CasePage, error)

	// FindCollateralExposure returns the collateral items of open or active
	// cases other than caseID that name one of the title certificate or
	// real-estate unit numbers (compared without spaces, bracket width or case).
	FindCollateralExposure(ctx context.Context, caseID string, titles, units []string) ([]Exposure, error)
	// FindPartyLinks returns the borrowers and guarantors of open or active
	// cases other than caseID whose resident ID or credit code is one of
	// keys (compared in upper case).
	FindPartyLinks(ctx context.Context, caseID string, keys []string) ([]PartyLink, error)

	// AppendEvent appends an event that changes no case (a download, a user
	// created) to its stream.
	AppendEvent(ctx context.Context, ev *Event) error
	// FindEvents returns a stream's events with Seq > after, in order, at most limit (0: all).
	FindEvents(ctx context.Context, stream string, after int64, limit int) ([]Event, error)
	// FindEventByIdempotencyKey returns the event an actor's key created, or CodeNotFound.
	FindEventByIdempotencyKey(ctx context.Context, actorID, key string) (*Event, error)
	// Streams lists every stream that has events.
	Streams(ctx context.Context) ([]string, error)

	// CreateUser inserts a user and its event.
	CreateUser(ctx context.Context, u *User, ev *Event) error
	// FindUserByTokenHash returns the user whose token hashes to hash, or CodeNotFound.
	FindUserByTokenHash(ctx context.Context, hash string) (*User, error)
	// FindUsers lists all users.
	FindUsers(ctx context.Context) ([]User, error)

	// Ping checks that the database answers.
	Ping(ctx context.Context) error
}

// CaseFilter selects cases for FindCases. Empty fields do not filter.
type CaseFilter struct {
	Stage Stage
	Owner string
	// Member selects the cases a user owns or co-investigates.
	Member string
	// Query matches the applicant's name (substring, case-insensitive), or
	// exactly their resident ID / credit code, or the ledger number.
	Query string
	// Limit is the page size (default 50, at most 200).
	Limit int
	// After is the cursor: the ID of the last case of the previous page.
	After string
}

// CasePage is one page of cases. Next is the cursor of the next page, empty on the last.
type CasePage struct {
	Cases []CaseSummary `json:"cases"`
	Next  string        `json:"next_cursor,omitempty"`
}
