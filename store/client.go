package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The client file (客户档案) is read from case_parties (party.go), joined with
// the cases' listing columns and the loan tables: one indexed query for the
// roles, one for the loans, never a read of a case file.

// Clients reads client files.
func (s *Store) Clients() duediligence.ClientStore { return clientStore{s.db.Read} }

// clientStore reads client files from the party index.
type clientStore struct{ q bun.IDB }

// FindClientCases returns the roles of key in every case, newest case
// first; with member set, only in that user's cases (case_members).
func (s clientStore) FindClientCases(ctx context.Context, key, member string, limit int) (out []duediligence.ClientCase, err error) {
	defer duediligence.Wrap(&err, "ClientStore.FindClientCases")
	var rows []struct {
		CaseID       string `bun:"case_id"`
		Role         string `bun:"role"`
		Name         string `bun:"name"`
		Version      int    `bun:"version"`
		Stage        string `bun:"stage"`
		LedgerNumber string `bun:"ledger_number"`
		Owner        string `bun:"owner"`
		OwnerName    string `bun:"owner_name"`
		Applicant    string `bun:"applicant_name"`
		ApplicantKey string `bun:"applicant_key"`
		Amount       int64  `bun:"amount"`
		CreatedAt    string `bun:"created_at"`
	}
	q := s.q.NewSelect().TableExpr("case_parties AS p").
		ColumnExpr("p.case_id, p.role, p.name, c.version, c.stage, c.ledger_number, c.owner, c.owner_name, c.applicant_name, c.applicant_key, c.amount, c.created_at").
		Join("JOIN cases AS c ON c.id = p.case_id").
		Where("p.party_key = ?", key)
	if member != "" {
		q = q.Where("EXISTS (SELECT 1 FROM case_members AS m WHERE m.member = ? AND m.case_id = p.case_id)", member)
	}
	if err := q.OrderExpr("c.created_at DESC, p.case_id DESC, p.role").Limit(int64(limit)).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	for _, r := range rows {
		role := duediligence.ClientRole(r.Role)
		if r.Role == string(duediligence.PartyRoleBorrower) && r.ApplicantKey != key {
			role = duediligence.ClientCoBorrower
		}
		at, err := parseTime(r.CreatedAt)
		if err != nil {
			return nil, err
		}
		amount, err := money.FromFen(r.Amount)
		if err != nil {
			return nil, err
		}
		out = append(out, duediligence.ClientCase{CaseID: r.CaseID, Role: role, Stage: duediligence.Stage(r.Stage),
			LedgerNumber: r.LedgerNumber, Owner: r.Owner, OwnerName: r.OwnerName, Applicant: r.Applicant,
			Amount: amount, CreatedAt: at, Name: r.Name, Version: r.Version})
	}
	return out, nil
}

// FindClientLoans returns the loans of caseIDs: the principal disbursed
// over every tranche, less the principal repaid on their installments.
func (s clientStore) FindClientLoans(ctx context.Context, caseIDs []string) (out []duediligence.ClientLoan, err error) {
	defer duediligence.Wrap(&err, "ClientStore.FindClientLoans")
	var rows []struct {
		CaseID         string `bun:"case_id"`
		ContractNumber string `bun:"contract_number"`
		Disbursed      int64  `bun:"disbursed_fen"`
		Repaid         int64  `bun:"repaid_fen"`
		MaturityDate   string `bun:"maturity_date"`
	}
	err = s.q.NewSelect().TableExpr("loans AS l").
		ColumnExpr("l.case_id, l.contract_number, l.disbursed_fen, l.maturity_date").
		ColumnExpr("COALESCE((SELECT SUM(i.paid_principal_fen) FROM loan_installments AS i WHERE i.loan_id = l.id), 0) AS repaid_fen").
		Where("l.case_id IN (?)", bun.List(caseIDs)).
		OrderExpr("l.contract_date DESC, l.id").
		Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out = []duediligence.ClientLoan{}
	for _, r := range rows {
		disbursed, err := money.FromFen(r.Disbursed)
		if err != nil {
			return nil, err
		}
		outstanding, err := money.FromFen(r.Disbursed - r.Repaid)
		if err != nil {
			return nil, err
		}
		out = append(out, duediligence.ClientLoan{CaseID: r.CaseID, ContractNumber: r.ContractNumber,
			Disbursed: disbursed, Outstanding: outstanding, MaturityDate: r.MaturityDate})
	}
	return out, nil
}

// migrateClients gives case_parties the parties' names and has the owners
// of collateral (role mortgagor) of every stored case indexed, for the
// client file.
func migrateClients(ctx context.Context, tx bun.Tx) error {
	if err := addColumn(ctx, tx, "case_parties", "name", "TEXT NOT NULL DEFAULT ''"); err != nil {
		return err
	}
	return requestReindex(ctx, tx)
}
