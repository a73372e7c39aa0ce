package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// extensionRow is a row of loan_extensions.
type extensionRow struct {
	bun.BaseModel `bun:"table:loan_extensions"`

	ID             string `bun:"id,pk"`
	LoanID         string `bun:"loan_id"`
	Seq            int    `bun:"seq"`
	Round          int    `bun:"round"`
	Months         int    `bun:"months"`
	EffectiveOn    string `bun:"effective_on"`
	MaturityBefore string `bun:"maturity_before"`
	MaturityAfter  string `bun:"maturity_after"`
	PrincipalFen   int64  `bun:"principal_fen"`
	ApprovedBy     string `bun:"approved_by"`
	CreatedAt      string `bun:"created_at"`
}

// supersededRow is a row of loan_installments_superseded.
type supersededRow struct {
	bun.BaseModel `bun:"table:loan_installments_superseded"`

	ExtensionID  string `bun:"extension_id,pk"`
	TrancheID    string `bun:"tranche_id,pk"`
	LoanID       string `bun:"loan_id"`
	Period       int    `bun:"period,pk"`
	DueDate      string `bun:"due_date"`
	PrincipalFen int64  `bun:"principal_fen"`
	InterestFen  int64  `bun:"interest_fen"`
	FeeFen       int64  `bun:"fee_fen"`
	PaymentFen   int64  `bun:"payment_fen"`
	BalanceFen   int64  `bun:"balance_fen"`
}

// findExtensions reads a loan's extensions with the installments each
// superseded.
func (s loanStore) findExtensions(ctx context.Context, loanID string, d *decoder) ([]duediligence.LoanExtension, error) {
	var rows []extensionRow
	if err := s.q.NewSelect().Model(&rows).Where("loan_id = ?", loanID).OrderExpr("seq").Scan(ctx); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	var sup []supersededRow
	if err := s.q.NewSelect().Model(&sup).Where("loan_id = ?", loanID).OrderExpr("extension_id, tranche_id, period").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]duediligence.LoanExtension, 0, len(rows))
	for _, r := range rows {
		x := duediligence.LoanExtension{ID: r.ID, Seq: r.Seq, Round: r.Round, Months: r.Months, EffectiveOn: d.date(r.EffectiveOn),
			MaturityBefore: d.date(r.MaturityBefore), MaturityAfter: d.date(r.MaturityAfter), Principal: fen(d, r.PrincipalFen),
			ApprovedBy: r.ApprovedBy, Superseded: []duediligence.TrancheInstallment{}}
		var err error
		if x.CreatedAt, err = parseTime(r.CreatedAt); err != nil {
			return nil, err
		}
		for _, in := range sup {
			if in.ExtensionID == r.ID {
				x.Superseded = append(x.Superseded, duediligence.TrancheInstallment{TrancheID: in.TrancheID, Installment: contracts.Installment{
					Period: in.Period, DueDate: d.date(in.DueDate), Payment: fen(d, in.PaymentFen), Principal: fen(d, in.PrincipalFen),
					Interest: fen(d, in.InterestFen), Fee: fen(d, in.FeeFen), Balance: fen(d, in.BalanceFen)}})
			}
		}
		out = append(out, x)
	}
	return out, nil
}

// ExtendLoan records an extension: the superseded installments move to
// loan_installments_superseded, each tranche's new ones take their place,
// and the maturities move.
func (s loanTx) ExtendLoan(ctx context.Context, l *duediligence.Loan, x *duediligence.LoanExtension, schedules [][]contracts.Installment) (err error) {
	defer duediligence.Wrap(&err, "LoanStore.ExtendLoan")
	var e encoder
	row := &extensionRow{ID: x.ID, LoanID: l.ID, Seq: x.Seq, Round: x.Round, Months: x.Months, EffectiveOn: e.date(x.EffectiveOn),
		MaturityBefore: e.date(x.MaturityBefore), MaturityAfter: e.date(x.MaturityAfter), PrincipalFen: x.Principal.Fen(),
		ApprovedBy: x.ApprovedBy, CreatedAt: formatTime(x.CreatedAt)}
	sup := make([]supersededRow, len(x.Superseded))
	for i, in := range x.Superseded {
		sup[i] = supersededRow{ExtensionID: x.ID, TrancheID: in.TrancheID, LoanID: l.ID, Period: in.Period, DueDate: e.date(in.DueDate),
			PrincipalFen: in.Principal.Fen(), InterestFen: in.Interest.Fen(), FeeFen: in.Fee.Fen(), PaymentFen: in.Payment.Fen(), BalanceFen: in.Balance.Fen()}
	}
	var rows []installmentRow
	for ti, sched := range schedules {
		for _, in := range sched {
			rows = append(rows, installmentRow{TrancheID: l.Tranches[ti].ID, LoanID: l.ID, Period: in.Period, DueDate: e.date(in.DueDate),
				PrincipalFen: in.Principal.Fen(), InterestFen: in.Interest.Fen(), FeeFen: in.Fee.Fen(), PaymentFen: in.Payment.Fen(),
				BalanceFen: in.Balance.Fen(), OwedFen: in.Payment.Fen()})
		}
	}
	effective := e.date(x.EffectiveOn)
	if e.err != nil {
		return e.err
	}
	if _, err := s.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		if v, ok := violation(err); ok && v.unique {
			return duediligence.Errorf(duediligence.CodeConflict, "", "loan %s has extension %d already", l.ID, x.Seq)
		}
		return err
	}
	if len(sup) > 0 {
		if _, err := s.tx.NewInsert().Model(&sup).Exec(ctx); err != nil {
			return err
		}
	}
	for ti, sched := range schedules {
		if len(sched) == 0 {
			continue
		}
		if _, err := s.tx.NewDelete().Model((*installmentRow)(nil)).Where("tranche_id = ?", l.Tranches[ti].ID).
			Where("due_date > ?", effective).Exec(ctx); err != nil {
			return err
		}
		if _, err := s.tx.NewUpdate().Model((*trancheRow)(nil)).Set("maturity_date = ?", e.date(l.Tranches[ti].Maturity)).
			Where("id = ?", l.Tranches[ti].ID).Exec(ctx); err != nil {
			return err
		}
	}
	if len(rows) > 0 {
		if _, err := s.tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return err
		}
	}
	_, err = s.tx.NewUpdate().Model((*loanRow)(nil)).Set("maturity_date = ?", e.date(l.Maturity)).
		Set("updated_at = ?", formatTime(x.CreatedAt)).Where("id = ?", l.ID).Exec(ctx)
	return err
}
