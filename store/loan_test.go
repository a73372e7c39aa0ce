package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// testLoans stores a loan with two tranches and reads it back whole, and
// answers the due-date question the post-loan work asks of the tables.
func testLoans(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	c := testCase(t, "owner-1", "借款人")
	require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))

	_, err := st.Loans().FindLoanByCase(ctx, c.ID)
	require.ErrorIs(t, err, duediligence.ErrNotFound)

	at := time.Date(2026, 3, 2, 1, 30, 0, 123456789, time.UTC)
	l := &duediligence.Loan{ID: "loan-1", CaseID: c.ID, ContractNumber: "2026-000001-JK", Borrower: "借款人",
		Approved: money.MustMoney("500000.00"), AnnualRate: money.MustRate("0.085"), TermMonths: 12, Method: contracts.EqualPrincipal,
		ContractDate: money.MustDate("2026-03-01"), Maturity: money.MustDate("2027-03-02"), Tranches: []duediligence.Tranche{}, CreatedAt: at}
	tranche := func(seq int, amount, on string) *duediligence.Tranche {
		s, err := contracts.NewSchedule(contracts.Terms{Principal: money.MustMoney(amount), AnnualRate: l.AnnualRate, TermMonths: 12,
			Method: l.Method, Disbursement: money.MustDate(on)})
		require.NoError(t, err)
		return &duediligence.Tranche{ID: "tr-" + on, Seq: seq, ReceiptNumber: l.ContractNumber + "-" + string(rune('0'+seq)), Amount: money.MustMoney(amount),
			DisbursedOn: money.MustDate(on), Maturity: money.MustDate(on).AddMonths(12), Account: "6222", CreatedBy: "fin-1", CreatedAt: at,
			Installments: s.Installments}
	}
	t1, t2 := tranche(1, "300000.00", "2026-03-02"), tranche(2, "200000.00", "2026-04-15")
	t2.Entrusted = &duediligence.EntrustedPayment{Payee: "某供应商", Account: "6228", Evidence: "doc-1"}
	err = st.WithTx(ctx, func(tx duediligence.Tx) error {
		if err := tx.Loans().CreateLoan(ctx, l); err != nil {
			return err
		}
		l.Disbursed = t1.Amount
		return tx.Loans().AddTranche(ctx, l, t1)
	})
	require.NoError(t, err)
	err = st.WithTx(ctx, func(tx duediligence.Tx) error {
		return tx.Loans().CreateLoan(ctx, &duediligence.Loan{ID: "loan-2", CaseID: c.ID, CreatedAt: at})
	})
	require.ErrorIs(t, err, duediligence.ErrConflict, "one loan per case")
	err = st.WithTx(ctx, func(tx duediligence.Tx) error {
		locked, err := tx.Loans().LockLoanByCase(ctx, c.ID)
		if err != nil {
			return err
		}
		locked.Disbursed, locked.Maturity = money.MustMoney("500000.00"), t2.Maturity
		return tx.Loans().AddTranche(ctx, locked, t2)
	})
	require.NoError(t, err)

	got, err := st.Loans().FindLoanByCase(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "500000.00", got.Disbursed.String())
	assert.Equal(t, t2.Maturity, got.Maturity)
	require.Len(t, got.Tranches, 2)
	assert.Equal(t, *t1, got.Tranches[0])
	assert.Equal(t, *t2, got.Tranches[1])

	// What falls due in May 2026, across loans: one row of each tranche.
	n, err := st.db.Read.NewSelect().TableExpr("loan_installments").
		Where("due_date >= ?", "2026-05-01").Where("due_date < ?", "2026-06-01").Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(2), n)
}
