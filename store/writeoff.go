package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// recoveryRow is a row of loan_recoveries.
type recoveryRow struct {
	bun.BaseModel `bun:"table:loan_recoveries"`

	ID         string `bun:"id,pk"`
	LoanID     string `bun:"loan_id"`
	Seq        int    `bun:"seq"`
	Reference  string `bun:"reference"`
	AmountFen  int64  `bun:"amount_fen"`
	ReceivedOn string `bun:"received_on"`
	Payer      string `bun:"payer"`
	Channel    string `bun:"channel"`
	Request    string `bun:"request"`
	CreatedBy  string `bun:"created_by"`
	CreatedAt  string `bun:"created_at"`
}

// FindRecoveries reads a loan's recoveries in the order posted.
func (s loanStore) FindRecoveries(ctx context.Context, loanID string) (out []duediligence.Recovery, err error) {
	defer duediligence.Wrap(&err, "LoanStore.FindRecoveries")
	var rows []recoveryRow
	if err := s.q.NewSelect().Model(&rows).Where("loan_id = ?", loanID).OrderExpr("seq").Scan(ctx); err != nil {
		return nil, err
	}
	var d decoder
	out = make([]duediligence.Recovery, 0, len(rows))
	for _, r := range rows {
		rec := duediligence.Recovery{ID: r.ID, Seq: r.Seq, Reference: r.Reference, Amount: fen(&d, r.AmountFen), Date: d.date(r.ReceivedOn),
			Payer: r.Payer, Channel: r.Channel, Request: r.Request, CreatedBy: r.CreatedBy}
		if rec.CreatedAt, err = parseTime(r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, d.err
}

// AddRecovery inserts a recovery.
func (s loanTx) AddRecovery(ctx context.Context, loanID string, r *duediligence.Recovery) (err error) {
	defer duediligence.Wrap(&err, "LoanStore.AddRecovery")
	var e encoder
	row := &recoveryRow{ID: r.ID, LoanID: loanID, Seq: r.Seq, Reference: r.Reference, AmountFen: r.Amount.Fen(), ReceivedOn: e.date(r.Date),
		Payer: r.Payer, Channel: r.Channel, Request: r.Request, CreatedBy: r.CreatedBy, CreatedAt: formatTime(r.CreatedAt)}
	if e.err != nil {
		return e.err
	}
	if _, err := s.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		if v, ok := violation(err); ok && v.unique {
			return duediligence.Errorf(duediligence.CodeConflict, "", "loan %s has a recovery with reference %q", loanID, r.Reference)
		}
		return err
	}
	return nil
}

// WriteOffLoan marks the loan written off and its unpaid installments
// settled on the day.
func (s loanTx) WriteOffLoan(ctx context.Context, loanID string, on money.Date, amount money.Money) (err error) {
	defer duediligence.Wrap(&err, "LoanStore.WriteOffLoan")
	var e encoder
	day := e.date(on)
	if e.err != nil {
		return e.err
	}
	if _, err := s.tx.NewUpdate().Model((*installmentRow)(nil)).Set("settled_on = ?", day).
		Where("loan_id = ?", loanID).Where("settled_on = ?", unsettled).Exec(ctx); err != nil {
		return err
	}
	_, err = s.tx.NewUpdate().Model((*loanRow)(nil)).Set("written_off_on = ?", day).Set("written_off_fen = ?", amount.Fen()).
		Where("id = ?", loanID).Exec(ctx)
	return err
}
