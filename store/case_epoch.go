package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// FindCaseByIDWithAuthEpoch reads the case and the authentication epoch
// (UserStore.AuthEpoch) in one statement, so both are of one snapshot: the
// read of a case by ID authenticates its caller from the token cache and
// confirms the epoch here (duediligence.CaseEpochReader). ok is false when
// there is no such case.
func (s caseStore) FindCaseByIDWithAuthEpoch(ctx context.Context, id string) (_ *duediligence.Case, epoch int64, ok bool, err error) {
	defer duediligence.Wrap(&err, "CaseStore.FindCaseByIDWithAuthEpoch")
	var (
		version int
		body    string
	)
	if s.hot != nil {
		var row *sql.Row
		if row, err = s.hot.queryRow(ctx, nil, hotCaseWithEpoch, id); err == nil {
			err = row.Scan(&version, &body, &epoch)
		}
	} else {
		err = s.q.NewRaw("SELECT b.schema_version, b.body, (SELECT e.epoch FROM auth_epoch e WHERE e.id = 1) FROM case_bodies b WHERE b.case_id = ?", id).
			Scan(ctx, &version, &body, &epoch)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, false, nil
	}
	if err != nil {
		return nil, 0, false, err
	}
	c, err := decodeCase(version, []byte(body))
	if err != nil {
		return nil, 0, false, err
	}
	return c, epoch, true, nil
}

// FindCaseByIDWithAuthEpoch within a transaction sees its new cases.
func (s caseTx) FindCaseByIDWithAuthEpoch(ctx context.Context, id string) (*duediligence.Case, int64, bool, error) {
	if err := s.fresh.flush(ctx, s.tx); err != nil {
		return nil, 0, false, err
	}
	return s.caseStore.FindCaseByIDWithAuthEpoch(ctx, id)
}

// FindCaseByIDIfChanged is FindCaseByIDWithAuthEpoch that leaves the case
// out when its stored tag is still tag (duediligence.CaseTagReader): on
// PostgreSQL the tag is the case's version and the transaction that last
// wrote its file (case_bodies.xmin, which every UPDATE of the row changes,
// whatever it writes), "7/1234", read with the epoch in the one prepared
// statement that sends the file only when the tag differs. Elsewhere — on
// SQLite, which has no such column, and in a transaction — it gives no tag
// and always the case.
func (s caseStore) FindCaseByIDIfChanged(ctx context.Context, id, tag string) (_ *duediligence.Case, newTag string, epoch int64, ok bool, err error) {
	if s.hot == nil {
		c, epoch, ok, err := s.FindCaseByIDWithAuthEpoch(ctx, id)
		return c, "", epoch, ok, err
	}
	defer duediligence.Wrap(&err, "CaseStore.FindCaseByIDIfChanged")
	var (
		version sql.NullInt64
		body    sql.NullString
		row     *sql.Row
	)
	if row, err = s.hot.queryRow(ctx, nil, hotCaseIfChanged, id, tag); err == nil {
		err = row.Scan(&newTag, &version, &body, &epoch)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", 0, false, nil
	}
	if err != nil {
		return nil, "", 0, false, err
	}
	if newTag == tag {
		return nil, newTag, epoch, true, nil
	}
	if !version.Valid || !body.Valid {
		return nil, "", 0, false, duediligence.Errorf(duediligence.CodeInternal, "", "case %s: the file was not sent though its tag %q is not %q", id, newTag, tag)
	}
	c, err := decodeCase(int(version.Int64), []byte(body.String))
	if err != nil {
		return nil, "", 0, false, err
	}
	return c, newTag, epoch, true, nil
}

// FindCaseByIDIfChanged within a transaction sees its new cases, and
// gives no tag: what a transaction reads may not be committed.
func (s caseTx) FindCaseByIDIfChanged(ctx context.Context, id, _ string) (*duediligence.Case, string, int64, bool, error) {
	c, epoch, ok, err := s.FindCaseByIDWithAuthEpoch(ctx, id)
	return c, "", epoch, ok, err
}

var (
	_ duediligence.CaseEpochReader = caseStore{}
	_ duediligence.CaseTagReader   = caseStore{}
)
