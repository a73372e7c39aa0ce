package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// investorRow is a row of investors: the investor as JSON, with its key
// (resident ID or credit code, unique) and who registered it beside.
type investorRow struct {
	bun.BaseModel `bun:"table:investors"`

	ID           string `bun:"id,pk"`
	PartyKey     string `bun:"party_key"`
	Kind         string `bun:"kind"`
	Name         string `bun:"name"`
	RegisteredBy string `bun:"registered_by"`
	RegisteredAt string `bun:"registered_at"`
	Data         string `bun:"data"`
}

// fundingRow is a row of fundings: a case's funding record as JSON.
type fundingRow struct {
	bun.BaseModel `bun:"table:fundings"`

	CaseID    string `bun:"case_id,pk"`
	Data      string `bun:"data"`
	UpdatedAt string `bun:"updated_at"`
}

// fundingStore reads investors and funding records through q.
type fundingStore struct{ q bun.IDB }

// fundingTx writes them in a transaction.
type fundingTx struct {
	fundingStore
	tx bun.Tx
}

// Funding reads investors and funding records from the read pool.
func (s *Store) Funding() duediligence.FundingStore { return fundingStore{s.db.Read} }

// Funding writes them in the unit of work.
func (u unit) Funding() duediligence.FundingTx { return fundingTx{fundingStore{u.tx}, u.tx} }

// FindInvestorByID returns an investor, or CodeNotFound.
func (s fundingStore) FindInvestorByID(ctx context.Context, id string) (_ *duediligence.Investor, err error) {
	defer duediligence.Wrap(&err, "FundingStore.FindInvestorByID")
	var row investorRow
	if err := s.q.NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "no investor %s", id)
		}
		return nil, err
	}
	return decodeInvestor(row)
}

// FindInvestors lists investors, oldest first.
func (s fundingStore) FindInvestors(ctx context.Context, registeredBy string, limit int) (_ []duediligence.Investor, err error) {
	defer duediligence.Wrap(&err, "FundingStore.FindInvestors")
	var rows []investorRow
	q := s.q.NewSelect().Model(&rows).OrderExpr("registered_at, id").Limit(int64(limit))
	if registeredBy != "" {
		q = q.Where("registered_by = ?", registeredBy)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]duediligence.Investor, 0, len(rows))
	for _, r := range rows {
		inv, err := decodeInvestor(r)
		if err != nil {
			return nil, err
		}
		out = append(out, *inv)
	}
	return out, nil
}

func decodeInvestor(r investorRow) (*duediligence.Investor, error) {
	var inv duediligence.Investor
	if err := json.Unmarshal([]byte(r.Data), &inv); err != nil {
		return nil, duediligence.Errorf(duediligence.CodeInternal, "", "investor %s: %v", r.ID, err)
	}
	return &inv, nil
}

// CreateInvestor inserts an investor; its key is registered once.
func (s fundingTx) CreateInvestor(ctx context.Context, inv *duediligence.Investor) (err error) {
	defer duediligence.Wrap(&err, "FundingStore.CreateInvestor")
	data, err := json.Marshal(inv)
	if err != nil {
		return err
	}
	row := &investorRow{ID: inv.ID, PartyKey: strings.ToUpper(inv.Party.Identifier()), Kind: string(inv.Party.Kind), Name: inv.Party.Name,
		RegisteredBy: inv.RegisteredBy, RegisteredAt: formatTime(inv.RegisteredAt), Data: string(data)}
	if _, err := s.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		if v, ok := violation(err); ok && v.unique {
			return duediligence.Errorf(duediligence.CodeConflict, "", "an investor with this key is registered")
		}
		return err
	}
	return nil
}

// FindFunding returns a case's funding record, or CodeNotFound.
func (s fundingStore) FindFunding(ctx context.Context, caseID string) (_ *duediligence.Funding, err error) {
	defer duediligence.Wrap(&err, "FundingStore.FindFunding")
	return s.find(ctx, caseID, false)
}

func (s fundingStore) find(ctx context.Context, caseID string, lock bool) (*duediligence.Funding, error) {
	var row fundingRow
	q := s.q.NewSelect().Model(&row).Where("case_id = ?", caseID)
	if lock {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "case %s has no funding record", caseID)
		}
		return nil, err
	}
	var f duediligence.Funding
	if err := json.Unmarshal([]byte(row.Data), &f); err != nil {
		return nil, duediligence.Errorf(duediligence.CodeInternal, "", "funding of case %s: %v", caseID, err)
	}
	return &f, nil
}

// LockFunding returns the case's funding record, creating an empty one
// first if it has none, and holds its row until the transaction ends: on
// PostgreSQL by SELECT … FOR UPDATE (a concurrent first insert waits on
// the row's key, then finds it); SQLite has one writer, so its
// transactions are serialised already.
func (s fundingTx) LockFunding(ctx context.Context, caseID string) (_ *duediligence.Funding, err error) {
	defer duediligence.Wrap(&err, "FundingStore.LockFunding")
	empty := duediligence.EmptyFunding(caseID)
	data, err := json.Marshal(empty)
	if err != nil {
		return nil, err
	}
	row := &fundingRow{CaseID: caseID, Data: string(data), UpdatedAt: formatTime(empty.UpdatedAt)}
	if _, err := s.tx.NewInsert().Model(row).On("CONFLICT (case_id) DO NOTHING").Exec(ctx); err != nil {
		return nil, err
	}
	return s.find(ctx, caseID, s.tx.Dialect().Name() == dialect.PG)
}

// SaveFunding stores a funding record LockFunding returned.
func (s fundingTx) SaveFunding(ctx context.Context, f *duediligence.Funding) (err error) {
	defer duediligence.Wrap(&err, "FundingStore.SaveFunding")
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	res, err := s.tx.NewUpdate().Model((*fundingRow)(nil)).Set("data = ?", string(data)).Set("updated_at = ?", formatTime(f.UpdatedAt)).
		Where("case_id = ?", f.CaseID).Exec(ctx)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n != 1 {
		return duediligence.Errorf(duediligence.CodeNotFound, "", "case %s has no funding record to save", f.CaseID)
	}
	return nil
}

// LockInvestor returns an investor and holds its row until the
// transaction ends (FOR UPDATE on PostgreSQL; SQLite's one writer
// serialises), or CodeNotFound.
func (s fundingTx) LockInvestor(ctx context.Context, id string) (_ *duediligence.Investor, err error) {
	defer duediligence.Wrap(&err, "FundingStore.LockInvestor")
	var row investorRow
	q := s.tx.NewSelect().Model(&row).Where("id = ?", id)
	if s.tx.Dialect().Name() == dialect.PG {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "no investor %s", id)
		}
		return nil, err
	}
	return decodeInvestor(row)
}

// SaveInvestor stores an investor LockInvestor returned: its document,
// with its assessments; its key and who registered it do not change.
func (s fundingTx) SaveInvestor(ctx context.Context, inv *duediligence.Investor) (err error) {
	defer duediligence.Wrap(&err, "FundingStore.SaveInvestor")
	data, err := json.Marshal(inv)
	if err != nil {
		return err
	}
	res, err := s.tx.NewUpdate().Model((*investorRow)(nil)).Set("data = ?", string(data)).Where("id = ?", inv.ID).Exec(ctx)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n != 1 {
		return duediligence.Errorf(duediligence.CodeNotFound, "", "no investor %s to save", inv.ID)
	}
	return nil
}
