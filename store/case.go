package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// caseRow is a case as stored: Body is the whole case as JSON, the other
// columns copy the fields that FindCases filters on.
type caseRow struct {
	bun.BaseModel `bun:"table:cases"`

	ID            string `bun:"id,pk"`
	Version       int    `bun:"version"`
	Stage         string `bun:"stage"`
	Owner         string `bun:"owner"`
	ApplicantName string `bun:"applicant_name"`
	// ApplicantNameLC is ApplicantName in lower case, lowered in Go (SQLite's
	// lower() knows only ASCII) for case-insensitive search.
	ApplicantNameLC string `bun:"applicant_name_lc"`
	// ApplicantKey is the applicant's resident ID or credit code; NULL when
	// not known yet.
	ApplicantKey string `bun:"applicant_key,nullzero"`
	LedgerNumber string `bun:"ledger_number,nullzero"`
	CreatedAt    string `bun:"created_at"`
	UpdatedAt    string `bun:"updated_at"`
	Body         string `bun:"body"`
}

func newCaseRow(c *duediligence.Case) (*caseRow, error) {
	body, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	// A case that does not read back (a zero value whose type refuses to
	// unmarshal it, say) would break every listing that includes it.
	if _, err := decodeCase(string(body)); err != nil {
		return nil, duediligence.Errorf(duediligence.CodeInternal, "", "case %s would not read back: %v", c.ID, err)
	}
	return &caseRow{
		ID: c.ID, Version: c.Version, Stage: string(c.Stage), Owner: c.Owner,
		ApplicantName: c.Applicant.Name, ApplicantNameLC: strings.ToLower(c.Applicant.Name),
		ApplicantKey: strings.ToUpper(c.Applicant.Identifier()), LedgerNumber: c.LedgerNumber,
		CreatedAt: formatTime(c.CreatedAt), UpdatedAt: formatTime(c.UpdatedAt), Body: string(body),
	}, nil
}

func decodeCase(body string) (*duediligence.Case, error) {
	var c duediligence.Case
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// caseStore reads cases through q: the read pool, or a transaction.
type caseStore struct{ q bun.IDB }

// caseTx writes cases in a transaction.
type caseTx struct {
	caseStore
	tx bun.Tx
}

// CreateCase inserts a new case (Version 1).
func (s caseTx) CreateCase(ctx context.Context, c *duediligence.Case, l duediligence.Listing) (err error) {
	defer duediligence.Wrap(&err, "CaseStore.CreateCase")
	if c.ID == "" || c.Version != 1 {
		return duediligence.Errorf(duediligence.CodeInternal, "", "a new case needs an ID and version 1, not %q version %d", c.ID, c.Version)
	}
	row, err := newCaseRow(c)
	if err != nil {
		return err
	}
	if _, err := s.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		if v, ok := violation(err); ok && v.unique {
			return duediligence.Errorf(duediligence.CodeConflict, "", "case %s exists already", c.ID)
		}
		return err
	}
	if err := syncCollateral(ctx, s.tx, c); err != nil {
		return err
	}
	return syncParties(ctx, s.tx, c)
}

// UpdateCase stores c, whose Version is expected+1, if the stored case is
// still at version expected. Of two changes made on the same version, the
// second finds the version moved on and fails with CodeStale.
func (s caseTx) UpdateCase(ctx context.Context, c *duediligence.Case, expected int, l duediligence.Listing) (err error) {
	defer duediligence.Wrap(&err, "CaseStore.UpdateCase")
	if c.Version != expected+1 {
		return duediligence.Errorf(duediligence.CodeInternal, "", "case %s: version %d does not follow the expected %d", c.ID, c.Version, expected)
	}
	row, err := newCaseRow(c)
	if err != nil {
		return err
	}
	res, err := s.tx.NewUpdate().Model(row).
		Set("version = version + 1").
		Column("stage", "owner", "applicant_name", "applicant_name_lc", "applicant_key",
			"ledger_number", "created_at", "updated_at", "body").
		Where("id = ?", c.ID).
		Where("version = ?", expected).
		Exec(ctx)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return staleOrMissing(ctx, s.tx, c.ID, expected)
	}
	if err := syncCollateral(ctx, s.tx, c); err != nil {
		return err
	}
	return syncParties(ctx, s.tx, c)
}

// staleOrMissing explains why no row had id at version expected.
func staleOrMissing(ctx context.Context, tx bun.IDB, id string, expected int) error {
	var version int
	err := tx.NewSelect().Table("cases").Column("version").Where("id = ?", id).Scan(ctx, &version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return duediligence.Errorf(duediligence.CodeNotFound, "", "no case %s", id)
	case err != nil:
		return err
	}
	return duediligence.Errorf(duediligence.CodeStale, "", "case %s is at version %d, not %d", id, version, expected)
}

// FindCaseByID returns the case, or an error with CodeNotFound.
func (s caseStore) FindCaseByID(ctx context.Context, id string) (_ *duediligence.Case, err error) {
	defer duediligence.Wrap(&err, "CaseStore.FindCaseByID")
	var body string
	err = s.q.NewSelect().Table("cases").Column("body").Where("id = ?", id).Scan(ctx, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "no case %s", id)
	}
	if err != nil {
		return nil, err
	}
	return decodeCase(body)
}

// Page sizes of FindCases, as duediligence.CaseFilter documents them.
const (
	defaultPageSize = 50
	maxPageSize     = 200
)

// likeEscaper escapes LIKE's wildcards (and its escape character, "!") so
// that a query matches literally.
var likeEscaper = strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")

// FindCases lists the cases matching f, newest first (case IDs are UUIDv7,
// so their order is the order of creation), one page at a time: f.After is
// the last ID of the previous page.
func (s caseStore) FindCases(ctx context.Context, f duediligence.CaseFilter) (_ duediligence.CasePage, err error) {
	defer duediligence.Wrap(&err, "CaseStore.FindCases")
	limit := f.Limit
	if limit <= 0 {
		limit = defaultPageSize
	}
	limit = min(limit, maxPageSize)

	var bodies []string
	q := s.q.NewSelect().Table("cases").Column("body")
	if f.Stage != "" {
		q = q.Where("stage = ?", f.Stage)
	}
	if f.Owner != "" {
		q = q.Where("owner = ?", f.Owner)
	}
	if f.Member != "" {
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("owner = ?", f.Member).
				WhereOr("id IN (SELECT case_id FROM case_parties WHERE role = ? AND party_key = ?)", string(duediligence.PartyRoleInvestigator), f.Member)
		})
	}
	if text := strings.TrimSpace(f.Query); text != "" {
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("applicant_name_lc LIKE ? ESCAPE '!'", "%"+likeEscaper.Replace(strings.ToLower(text))+"%").
				WhereOr("applicant_key = ?", strings.ToUpper(text)).
				WhereOr("ledger_number = ?", text)
		})
	}
	if f.After != "" {
		q = q.Where("id < ?", f.After)
	}
	// One more than a page tells whether there is a next page.
	if err := q.OrderExpr("id DESC").Limit(int64(limit)+1).Scan(ctx, &bodies); err != nil {
		return duediligence.CasePage{}, err
	}

	page := duediligence.CasePage{Cases: make([]duediligence.CaseSummary, 0, min(len(bodies), limit))}
	for i, body := range bodies {
		if i == limit {
			page.Next = page.Cases[limit-1].ID
			break
		}
		c, err := decodeCase(body)
		if err != nil {
			return duediligence.CasePage{}, err
		}
		page.Cases = append(page.Cases, c.Summary())
	}
	return page, nil
}
