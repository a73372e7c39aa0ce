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

var _ duediligence.CaseEpochReader = caseStore{}
