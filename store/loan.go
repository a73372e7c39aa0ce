package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// loanRow is a row of loans.
type loanRow struct {
	bun.BaseModel `bun:"table:loans"`

	ID             string `bun:"id,pk"`
	CaseID         string `bun:"case_id"`
	ContractNumber string `bun:"contract_number"`
	Borrower       string `bun:"borrower"`
	ApprovedFen    int64  `bun:"approved_fen"`
	DisbursedFen   int64  `bun:"disbursed_fen"`
	AnnualRate     string `bun:"annual_rate"`
	TermMonths     int    `bun:"term_months"`
	Method         string `bun:"method"`
	ContractDate   string `bun:"contract_date"`
	MaturityDate   string `bun:"maturity_date"`
	CreatedAt      string `bun:"created_at"`
	UpdatedAt      string `bun:"updated_at"`
	// Manual is the risk officer's downgrade as JSON, or '' (repayment.go).
	Manual string `bun:"manual_classification"`
	// WrittenOffOn is the day of the write-off, or '' (writeoff.go).
	WrittenOffOn  string `bun:"written_off_on"`
	WrittenOffFen int64  `bun:"written_off_fen"`
}

// trancheRow is a row of loan_tranches.
type trancheRow struct {
	bun.BaseModel `bun:"table:loan_tranches"`

	ID            string `bun:"id,pk"`
	LoanID        string `bun:"loan_id"`
	Seq           int    `bun:"seq"`
	ReceiptNumber string `bun:"receipt_number"`
	AmountFen     int64  `bun:"amount_fen"`
	DisbursedOn   string `bun:"disbursed_on"`
	MaturityDate  string `bun:"maturity_date"`
	Account       string `bun:"account"`
	Payee         string `bun:"payee"`
	PayeeAccount  string `bun:"payee_account"`
	Evidence      string `bun:"evidence"`
	CreatedBy     string `bun:"created_by"`
	CreatedAt     string `bun:"created_at"`
}

// installmentRow is a row of loan_installments.
type installmentRow struct {
	bun.BaseModel `bun:"table:loan_installments"`

	TrancheID    string `bun:"tranche_id,pk"`
	LoanID       string `bun:"loan_id"`
	Period       int    `bun:"period,pk"`
	DueDate      string `bun:"due_date"`
	PrincipalFen int64  `bun:"principal_fen"`
	InterestFen  int64  `bun:"interest_fen"`
	FeeFen       int64  `bun:"fee_fen"`
	PaymentFen   int64  `bun:"payment_fen"`
	BalanceFen   int64  `bun:"balance_fen"`
	OwedFen      int64  `bun:"owed_fen"`
}

// loanStore reads loans through q: the read pool, or a transaction.
type loanStore struct{ q bun.IDB }

// loanTx writes loans in a transaction.
type loanTx struct {
	loanStore
	tx bun.Tx
}

// Loans reads loans from the read pool.
func (s *Store) Loans() duediligence.LoanStore { return loanStore{s.db.Read} }

// Loans writes loans in the unit of work.
func (u unit) Loans() duediligence.LoanTx { return loanTx{loanStore{u.tx}, u.tx} }

// FindLoanByCase reads a case's loan, its tranches and their installments.
func (s loanStore) FindLoanByCase(ctx context.Context, caseID string) (l *duediligence.Loan, err error) {
	defer duediligence.Wrap(&err, "LoanStore.FindLoanByCase")
	return s.find(ctx, caseID, false)
}

// LockLoanByCase is FindLoanByCase holding the loan's row until the
// transaction ends: on PostgreSQL by SELECT … FOR UPDATE; SQLite has one
// writer, so its transactions are serialised already.
func (s loanTx) LockLoanByCase(ctx context.Context, caseID string) (l *duediligence.Loan, err error) {
	defer duediligence.Wrap(&err, "LoanStore.LockLoanByCase")
	return s.find(ctx, caseID, s.tx.Dialect().Name() == dialect.PG)
}

func (s loanStore) find(ctx context.Context, caseID string, lock bool) (*duediligence.Loan, error) {
	var row loanRow
	q := s.q.NewSelect().Model(&row).Where("case_id = ?", caseID)
	if lock {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "case %s has no loan", caseID)
		}
		return nil, err
	}
	var trs []trancheRow
	if err := s.q.NewSelect().Model(&trs).Where("loan_id = ?", row.ID).OrderExpr("seq").Scan(ctx); err != nil {
		return nil, err
	}
	var ins []installmentRow
	if err := s.q.NewSelect().Model(&ins).Where("loan_id = ?", row.ID).OrderExpr("tranche_id, period").Scan(ctx); err != nil {
		return nil, err
	}
	var d decoder
	l := &duediligence.Loan{ID: row.ID, CaseID: row.CaseID, ContractNumber: row.ContractNumber, Borrower: row.Borrower,
		Approved: fen(&d, row.ApprovedFen), Disbursed: fen(&d, row.DisbursedFen), AnnualRate: d.rate(row.AnnualRate),
		TermMonths: row.TermMonths, Method: contracts.RepaymentMethod(row.Method), ContractDate: d.date(row.ContractDate),
		Maturity: d.date(row.MaturityDate), Tranches: []duediligence.Tranche{}}
	var err error
	if l.CreatedAt, err = parseTime(row.CreatedAt); err != nil {
		return nil, err
	}
	if row.WrittenOffOn != "" {
		l.WrittenOffOn, l.WrittenOff = d.date(row.WrittenOffOn), fen(&d, row.WrittenOffFen)
	}
	if l.Manual, err = decodeManual(row.Manual); err != nil {
		return nil, err
	}
	for _, tr := range trs {
		t := duediligence.Tranche{ID: tr.ID, Seq: tr.Seq, ReceiptNumber: tr.ReceiptNumber, Amount: fen(&d, tr.AmountFen),
			DisbursedOn: d.date(tr.DisbursedOn), Maturity: d.date(tr.MaturityDate), Account: tr.Account, CreatedBy: tr.CreatedBy,
			Installments: []contracts.Installment{}}
		if tr.Payee != "" {
			t.Entrusted = &duediligence.EntrustedPayment{Payee: tr.Payee, Account: tr.PayeeAccount, Evidence: tr.Evidence}
		}
		if t.CreatedAt, err = parseTime(tr.CreatedAt); err != nil {
			return nil, err
		}
		for _, in := range ins {
			if in.TrancheID == tr.ID {
				t.Installments = append(t.Installments, contracts.Installment{Period: in.Period, DueDate: d.date(in.DueDate),
					Payment: fen(&d, in.PaymentFen), Principal: fen(&d, in.PrincipalFen), Interest: fen(&d, in.InterestFen),
					Fee: fen(&d, in.FeeFen), Balance: fen(&d, in.BalanceFen)})
			}
		}
		l.Tranches = append(l.Tranches, t)
	}
	if l.Extensions, err = s.findExtensions(ctx, row.ID, &d); err != nil {
		return nil, err
	}
	if d.err != nil {
		return nil, d.err
	}
	return l, nil
}

// fen reads an amount in fen, keeping the decoder's first error.
func fen(d *decoder, f int64) money.Money {
	m, err := money.FromFen(f)
	if err != nil {
		d.fail(err)
	}
	return m
}

// CreateLoan inserts a loan without tranches.
func (s loanTx) CreateLoan(ctx context.Context, l *duediligence.Loan) (err error) {
	defer duediligence.Wrap(&err, "LoanStore.CreateLoan")
	var e encoder
	now := formatTime(l.CreatedAt)
	row := &loanRow{ID: l.ID, CaseID: l.CaseID, ContractNumber: l.ContractNumber, Borrower: l.Borrower,
		ApprovedFen: l.Approved.Fen(), DisbursedFen: l.Disbursed.Fen(), AnnualRate: l.AnnualRate.String(), TermMonths: l.TermMonths,
		Method: string(l.Method), ContractDate: e.date(l.ContractDate), MaturityDate: e.date(l.Maturity), CreatedAt: now, UpdatedAt: now}
	if e.err != nil {
		return e.err
	}
	if _, err := s.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		if v, ok := violation(err); ok && v.unique {
			return duediligence.Errorf(duediligence.CodeConflict, "", "case %s has a loan already", l.CaseID)
		}
		return err
	}
	return nil
}

// AddTranche inserts a tranche and its installments and updates the loan's
// totals.
func (s loanTx) AddTranche(ctx context.Context, l *duediligence.Loan, t *duediligence.Tranche) (err error) {
	defer duediligence.Wrap(&err, "LoanStore.AddTranche")
	var e encoder
	row := &trancheRow{ID: t.ID, LoanID: l.ID, Seq: t.Seq, ReceiptNumber: t.ReceiptNumber, AmountFen: t.Amount.Fen(),
		DisbursedOn: e.date(t.DisbursedOn), MaturityDate: e.date(t.Maturity), Account: t.Account, CreatedBy: t.CreatedBy, CreatedAt: formatTime(t.CreatedAt)}
	if p := t.Entrusted; p != nil {
		row.Payee, row.PayeeAccount, row.Evidence = p.Payee, p.Account, p.Evidence
	}
	rows := make([]installmentRow, len(t.Installments))
	for i, in := range t.Installments {
		rows[i] = installmentRow{TrancheID: t.ID, LoanID: l.ID, Period: in.Period, DueDate: e.date(in.DueDate),
			PrincipalFen: in.Principal.Fen(), InterestFen: in.Interest.Fen(), FeeFen: in.Fee.Fen(), PaymentFen: in.Payment.Fen(), BalanceFen: in.Balance.Fen(), OwedFen: in.Payment.Fen()}
	}
	if e.err != nil {
		return e.err
	}
	if _, err := s.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		if v, ok := violation(err); ok && v.unique {
			return duediligence.Errorf(duediligence.CodeConflict, "", "loan %s has tranche %d already", l.ID, t.Seq)
		}
		return err
	}
	if len(rows) > 0 {
		if _, err := s.tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return err
		}
	}
	_, err = s.tx.NewUpdate().Model((*loanRow)(nil)).
		Set("disbursed_fen = ?", l.Disbursed.Fen()).Set("maturity_date = ?", e.date(l.Maturity)).Set("updated_at = ?", formatTime(t.CreatedAt)).
		Where("id = ?", l.ID).Exec(ctx)
	return err
}
