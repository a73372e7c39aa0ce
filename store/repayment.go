package store

import (
	"context"
	"encoding/json"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// repaymentRow is a row of loan_repayments.
type repaymentRow struct {
	bun.BaseModel `bun:"table:loan_repayments"`

	ID             string `bun:"id,pk"`
	LoanID         string `bun:"loan_id"`
	Seq            int    `bun:"seq"`
	Reference      string `bun:"reference"`
	AmountFen      int64  `bun:"amount_fen"`
	PaidOn         string `bun:"paid_on"`
	Payer          string `bun:"payer"`
	Channel        string `bun:"channel"`
	Kind           string `bun:"kind"`
	Request        string `bun:"request"`
	ReversedBy     string `bun:"reversed_by"`
	ReversedAt     string `bun:"reversed_at"`
	ReversalReason string `bun:"reversal_reason"`
	CreatedBy      string `bun:"created_by"`
	CreatedAt      string `bun:"created_at"`
}

// repaymentStore reads repayments through q.
type repaymentStore struct{ q bun.IDB }

// repaymentTx writes repayments in a transaction.
type repaymentTx struct {
	repaymentStore
	tx bun.Tx
}

// Repayments reads repayments from the read pool.
func (s *Store) Repayments() duediligence.RepaymentStore { return repaymentStore{s.db.Read} }

// Repayments writes repayments in the unit of work.
func (u unit) Repayments() duediligence.RepaymentTx {
	return repaymentTx{repaymentStore{u.tx}, u.tx}
}

// FindRepayments reads a loan's repayments in the order posted.
func (s repaymentStore) FindRepayments(ctx context.Context, loanID string) (out []duediligence.Repayment, err error) {
	defer duediligence.Wrap(&err, "RepaymentStore.FindRepayments")
	var rows []repaymentRow
	if err := s.q.NewSelect().Model(&rows).Where("loan_id = ?", loanID).OrderExpr("seq").Scan(ctx); err != nil {
		return nil, err
	}
	var d decoder
	out = make([]duediligence.Repayment, 0, len(rows))
	for _, r := range rows {
		rep := duediligence.Repayment{ID: r.ID, Seq: r.Seq, Reference: r.Reference, Amount: fen(&d, r.AmountFen), Date: d.date(r.PaidOn),
			Payer: r.Payer, Channel: r.Channel, Kind: duediligence.RepaymentKind(r.Kind), Request: r.Request, CreatedBy: r.CreatedBy}
		if rep.CreatedAt, err = parseTime(r.CreatedAt); err != nil {
			return nil, err
		}
		if r.ReversedAt != "" {
			at, err := parseTime(r.ReversedAt)
			if err != nil {
				return nil, err
			}
			rep.Reversed = &duediligence.Reversal{By: r.ReversedBy, Reason: r.ReversalReason, At: at}
		}
		out = append(out, rep)
	}
	if d.err != nil {
		return nil, d.err
	}
	return out, nil
}

// AddRepayment inserts a repayment.
func (s repaymentTx) AddRepayment(ctx context.Context, loanID string, r *duediligence.Repayment) (err error) {
	defer duediligence.Wrap(&err, "RepaymentStore.AddRepayment")
	var e encoder
	row := &repaymentRow{ID: r.ID, LoanID: loanID, Seq: r.Seq, Reference: r.Reference, AmountFen: r.Amount.Fen(), PaidOn: e.date(r.Date),
		Payer: r.Payer, Channel: r.Channel, Kind: string(r.Kind), Request: r.Request, CreatedBy: r.CreatedBy, CreatedAt: formatTime(r.CreatedAt)}
	if e.err != nil {
		return e.err
	}
	if _, err := s.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		if v, ok := violation(err); ok && v.unique {
			return duediligence.Errorf(duediligence.CodeConflict, "", "loan %s has a repayment with reference %q", loanID, r.Reference)
		}
		return err
	}
	return nil
}

// ReverseRepayment marks a repayment reversed.
func (s repaymentTx) ReverseRepayment(ctx context.Context, loanID, id string, rv duediligence.Reversal) (err error) {
	defer duediligence.Wrap(&err, "RepaymentStore.ReverseRepayment")
	res, err := s.tx.NewUpdate().Model((*repaymentRow)(nil)).Set("reversed_by = ?", rv.By).Set("reversed_at = ?", formatTime(rv.At)).
		Set("reversal_reason = ?", rv.Reason).Where("loan_id = ?", loanID).Where("id = ?", id).Where("reversed_at = ''").Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return duediligence.Errorf(duediligence.CodeConflict, "", "repayment %s is reversed already", id)
	}
	return nil
}

// SaveBook writes the installments' standing and the loan's classification.
func (s repaymentTx) SaveBook(ctx context.Context, loanID string, rows []duediligence.BookRow, class duediligence.Classification, manual *duediligence.ManualClassification) (err error) {
	defer duediligence.Wrap(&err, "RepaymentStore.SaveBook")
	var e encoder
	for _, r := range rows {
		settled := unsettled
		if !r.SettledOn.IsZero() {
			settled = e.date(r.SettledOn)
		}
		_, err := s.tx.NewUpdate().Model((*installmentRow)(nil)).
			Set("owed_fen = ?", r.Owed.Fen()).Set("paid_fen = ?", r.Paid.Fen()).
			Set("paid_principal_fen = ?", r.PaidPrinc.Fen()).Set("paid_interest_fen = ?", r.PaidInt.Fen()).
			Set("settled_on = ?", settled).Set("days_past_due = ?", r.DaysPastDue).
			Where("tranche_id = ?", r.TrancheID).Where("period = ?", r.Period).Exec(ctx)
		if err != nil {
			return err
		}
	}
	if e.err != nil {
		return e.err
	}
	m := ""
	if manual != nil {
		b, err := json.Marshal(manual)
		if err != nil {
			return err
		}
		m = string(b)
	}
	_, err = s.tx.NewUpdate().Model((*loanRow)(nil)).Set("classification = ?", string(class)).Set("manual_classification = ?", m).
		Where("id = ?", loanID).Exec(ctx)
	return err
}

// unsettled is the settled_on of an installment not paid off.
const unsettled = "9999-12-31"

// decodeManual reads a loan's manual classification.
func decodeManual(s string) (*duediligence.ManualClassification, error) {
	if s == "" {
		return nil, nil
	}
	var m duediligence.ManualClassification
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, err
	}
	return &m, nil
}
