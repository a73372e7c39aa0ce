package duediligence

import "context"

// Store keeps what the service needs, one interface per noun. Package store
// implements it on PostgreSQL and SQLite.
//
// The noun stores that Store returns read outside any transaction (on
// SQLite, from the read pool). Every change is made in a unit of work:
// WithTx runs a function with a Tx whose noun stores write, and commits what
// it wrote, or nothing, when it returns. One command is one WithTx, whatever
// it touches:
//
//	err := st.WithTx(ctx, func(tx Tx) error {
//		n, err := tx.Ledger().NextLedgerNumber(ctx, year)
//		…
//		if err := tx.Cases().UpdateCase(ctx, c, expected, c.Listing()); err != nil {
//			return err
//		}
//		return tx.Events().AppendEvent(ctx, ev)
//	})
//
// A later noun (loans, clients) adds its read interface to Store and its
// write interface to Tx, the same way.
type Store interface {
	Cases() CaseStore
	Events() EventStore
	Users() UserStore
	Ledger() LedgerStore
	Indexes() IndexStore
	// Idempotency keeps the requests sent with an Idempotency-Key and
	// their answers, outside any unit of work.
	Idempotency() IdempotencyStore
	Loans() LoanStore
	Clients() ClientStore
	Repayments() RepaymentStore
	Portfolio() PortfolioStore
	FollowUps() FollowUpStore
	// Funding reads investors and funding records (funding.go).
	Funding() FundingStore

	// WithTx runs fn in one transaction, committed when fn returns nil and
	// rolled back when it returns an error (which WithTx returns).
	//
	// fn may be run more than once: when a concurrent transaction took the
	// audit sequence number that one of fn's events wanted, WithTx rolls
	// back and runs fn again, a bounded number of times. fn must therefore
	// build what it writes from its arguments and from what it reads through
	// tx, and undo in its own variables what an earlier run set (a ledger
	// number taken in a rolled-back run is not taken).
	WithTx(ctx context.Context, fn func(tx Tx) error) error

	// Ping checks that the database answers.
	Ping(ctx context.Context) error

	// Unavailable reports whether an error of this store means that the
	// database cannot be reached or cannot serve for now (a refused or
	// broken connection, a server restarting, a locked file), from the
	// driver's codes: a condition to retry after, not a bug.
	Unavailable(err error) bool
}

// Tx is one unit of work: the noun stores that change data, each of which
// also reads what the transaction has written so far.
type Tx interface {
	Cases() CaseTx
	Events() EventTx
	Users() UserTx
	Ledger() LedgerTx
	Indexes() IndexStore
	Loans() LoanTx
	Repayments() RepaymentTx
	FollowUps() FollowUpTx
	Funding() FundingTx
}

// CaseStore reads case files and lists them.
type CaseStore interface {
	// FindCaseByID returns the case, or an error with CodeNotFound.
	FindCaseByID(ctx context.Context, id string) (*Case, error)
	// FindCases lists the cases matching f, newest first, keyset-paginated,
	// from the listings stored with them: it never reads a case file.
	FindCases(ctx context.Context, f CaseFilter) (CasePage, error)
	// CaseSeals calls fn with every stored case's CaseSeal, computed from
	// the rows as stored; an error from fn stops it and is returned.
	CaseSeals(ctx context.Context, fn func(CaseSeal) error) error
}

// CaseTx writes case files, each with its listing.
type CaseTx interface {
	CaseStore
	// CreateCase inserts a new case (Version 1), or fails with CodeConflict
	// when its ID is taken.
	CreateCase(ctx context.Context, c *Case, l Listing) error
	// UpdateCase replaces the case if its stored version is still expected,
	// storing c (whose Version is expected+1) with its listing. It returns an
	// error with CodeStale when another change won and CodeNotFound when
	// there is no such case.
	UpdateCase(ctx context.Context, c *Case, expected int, l Listing) error
}

// EventStore reads the audit trail.
type EventStore interface {
	// FindEvents returns a stream's events with Seq > after, in order, at most limit (0: all).
	FindEvents(ctx context.Context, stream string, after int64, limit int) ([]Event, error)
	// FindEventByIdempotencyKey returns the event an actor's key created, or CodeNotFound.
	FindEventByIdempotencyKey(ctx context.Context, actorID, key string) (*Event, error)
	// Streams lists every stream that has events.
	Streams(ctx context.Context) ([]string, error)
	// AuditStates returns the signed count of streams begun in each
	// shard, in shard order.
	AuditStates(ctx context.Context) ([]AuditState, error)
	// Checkpoints calls fn with every stream's checkpoint, in the order of
	// Shard, then Ordinal; an error from fn stops it and is returned.
	Checkpoints(ctx context.Context, fn func(Checkpoint) error) error
	// FindCheckpoint returns a stream's checkpoint, or CodeNotFound.
	FindCheckpoint(ctx context.Context, stream string) (*Checkpoint, error)
	// FindAuditHead returns the record of the head with digest, or
	// CodeNotFound.
	FindAuditHead(ctx context.Context, digest string) (*AuditHeadRecord, error)
}

// EventTx appends to the audit trail.
type EventTx interface {
	EventStore
	// AppendEvent seals ev (Event.Seal) onto the end of its stream and
	// stores it. It fails with CodeConflict when the actor used ev's
	// idempotency key before. With the event it writes the stream's
	// Checkpoint, signed with the store's AuditKey, and when the
	// transaction wrote the event's case, it sets ev.ContentHash to the
	// hash of the case as written.
	AppendEvent(ctx context.Context, ev *Event) error
	// SaveAuditHead records a head given out (TakeAuditHead).
	SaveAuditHead(ctx context.Context, rec AuditHeadRecord) error
}

// UserStore reads users.
type UserStore interface {
	// FindUserByTokenHash returns the user whose token hashes to hash, or CodeNotFound.
	FindUserByTokenHash(ctx context.Context, hash string) (*User, error)
	// FindUsers lists all users.
	FindUsers(ctx context.Context) ([]User, error)
	// FindUserByID returns the user, or CodeNotFound.
	FindUserByID(ctx context.Context, id string) (*User, error)
	// AuthEpoch returns the authentication epoch, a number that grows with
	// every UpdateCredentials. It is one row read by its key, cheap enough
	// for every request.
	AuthEpoch(ctx context.Context) (int64, error)
}

// UserTx adds users.
type UserTx interface {
	UserStore
	// CreateUser inserts a user, or fails with CodeConflict when its ID or
	// token is taken.
	CreateUser(ctx context.Context, u *User) error
	// UpdateCredentials stores the user's token hash, expiry and disabled
	// time, and moves the authentication epoch on. It fails with
	// CodeNotFound when there is no such user.
	UpdateCredentials(ctx context.Context, u *User) error
}

// LedgerStore reads the ledger (台帐).
type LedgerStore interface {
	// FindLedger calls fn with the listing of each case numbered in
	// f.Year, in number order, a page at a time: it never holds the year's
	// cases at once, nor reads a case file. An error from fn stops it and
	// is returned.
	FindLedger(ctx context.Context, f LedgerFilter, fn func(Listing) error) error
}

// LedgerTx takes ledger numbers.
type LedgerTx interface {
	LedgerStore
	// NextLedgerNumber takes the next number of year's ledger (1, 2, …).
	// Taken in the transaction of the submission, it has neither gaps nor
	// duplicates however many submissions race: the counter is locked until
	// the transaction ends, and a rolled-back submission gives its number
	// back. FormatLedgerNumber writes it.
	NextLedgerNumber(ctx context.Context, year int) (int, error)
}

// IndexStore answers the questions about other cases that the rules ask,
// from the index tables the store keeps with every case it writes.
type IndexStore interface {
	// FindCollateralExposure returns the collateral items of open or active
	// cases other than caseID that name one of the title certificate or
	// real-estate unit numbers (compared as NormalizeCollateralNumber
	// leaves them).
	FindCollateralExposure(ctx context.Context, caseID string, titles, units []string) ([]Exposure, error)
	// FindPartyLinks returns the borrowers and guarantors of open or active
	// cases other than caseID whose resident ID or credit code is one of
	// keys (compared in upper case).
	FindPartyLinks(ctx context.Context, caseID string, keys []string) ([]PartyLink, error)
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

// LedgerFilter selects the ledger's cases for FindLedger.
type LedgerFilter struct {
	// Year is the ledger's year: the cases whose number it begins.
	Year int
	// Member, when set, keeps the cases the user owns or co-investigates.
	Member string
}
