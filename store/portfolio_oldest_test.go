package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

func TestOldestUnpaid(t *testing.T) { onEveryBackend(t, testOldestUnpaid) }

// testOldestUnpaid follows a loan's oldest unpaid installment
// (loans.oldest_unpaid_due) through what the post-loan work writes: the
// tranche's schedule, repayments, a reversal, an extension, the repayment
// that closes the loan, its reversal and a write-off. At each step it is
// what the installments say, and the overdue page shows the loan from it.
func testOldestUnpaid(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	c := testCase(t, "owner-1", "借款人")
	require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
	at := time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC)
	l := &duediligence.Loan{ID: "loan-1", CaseID: c.ID, ContractNumber: "2026-000001-JK", Borrower: "借款人",
		Approved: money.MustMoney("120000.00"), Disbursed: money.MustMoney("120000.00"), AnnualRate: money.MustRate("0.06"), TermMonths: 12,
		Method: contracts.EqualPrincipal, ContractDate: money.MustDate("2026-03-01"), Maturity: money.MustDate("2027-03-02"),
		Tranches: []duediligence.Tranche{}, CreatedAt: at}
	s, err := contracts.NewSchedule(contracts.Terms{Principal: l.Approved, AnnualRate: l.AnnualRate, TermMonths: 12, Method: l.Method,
		Disbursement: money.MustDate("2026-03-02")})
	require.NoError(t, err)
	tr := &duediligence.Tranche{ID: "tr-1", Seq: 1, ReceiptNumber: "2026-000001-JK-1", Amount: l.Approved, DisbursedOn: money.MustDate("2026-03-02"),
		Maturity: l.Maturity, Account: "6222", CreatedBy: "fin-1", CreatedAt: at, Installments: s.Installments}

	// oldest checks the column against the installments and the overdue
	// page as of asOf; want is "" when nothing is owed.
	oldest := func(t *testing.T, want string, asOf string) {
		t.Helper()
		var got, def sql.NullString
		require.NoError(t, st.db.Read.NewSelect().TableExpr("loans").ColumnExpr("oldest_unpaid_due").Where("id = ?", l.ID).Scan(ctx, &got))
		require.NoError(t, st.db.Read.NewSelect().TableExpr("loan_installments").ColumnExpr("MIN(due_date)").
			Where("loan_id = ?", l.ID).Where("settled_on = ?", unsettled).Scan(ctx, &def))
		assert.Equal(t, want, got.String, "loans.oldest_unpaid_due")
		assert.Equal(t, def, got, "the oldest unpaid installment")
		page, err := st.Portfolio().FindOverdue(ctx, duediligence.PortfolioFilter{AsOf: money.MustDate(asOf), Limit: 10})
		require.NoError(t, err)
		if want == "" || want >= asOf {
			assert.Empty(t, page, "overdue as of %s", asOf)
		} else if assert.Len(t, page, 1, "overdue as of %s", asOf) {
			assert.Equal(t, want, page[0].OldestDue.String())
		}
	}
	// save writes the installments' standing: those of the periods in paid
	// paid off on the day given, the others unpaid.
	save := func(t *testing.T, paid map[int]string) {
		t.Helper()
		got, err := st.Loans().FindLoanByCase(ctx, c.ID)
		require.NoError(t, err)
		var rows []duediligence.BookRow
		for _, in := range got.Tranches[0].Installments {
			r := duediligence.BookRow{TrancheID: tr.ID, Period: in.Period, Owed: in.Payment}
			if day, ok := paid[in.Period]; ok {
				r.Paid, r.PaidPrinc, r.PaidInt, r.SettledOn = in.Payment, in.Principal, in.Interest, money.MustDate(day)
			}
			rows = append(rows, r)
		}
		require.NoError(t, st.WithTx(ctx, func(tx duediligence.Tx) error {
			return tx.Repayments().SaveBook(ctx, l.ID, rows, duediligence.ClassNormal, nil)
		}))
	}

	require.NoError(t, st.WithTx(ctx, func(tx duediligence.Tx) error {
		if err := tx.Loans().CreateLoan(ctx, l); err != nil {
			return err
		}
		return tx.Loans().AddTranche(ctx, l, tr)
	}))
	oldest(t, "2026-04-02", "2026-04-10")

	// Two repayments, then the second reversed.
	save(t, map[int]string{1: "2026-04-02", 2: "2026-05-02"})
	oldest(t, "2026-06-02", "2026-06-10")
	save(t, map[int]string{1: "2026-04-02"})
	oldest(t, "2026-05-02", "2026-06-10")

	// Four paid, and an extension from 2026-07-15: the eight installments
	// still to fall due give way to a schedule of 13, whose first falls due
	// a month after the one it replaces.
	save(t, map[int]string{1: "2026-04-02", 2: "2026-06-05", 3: "2026-06-05", 4: "2026-07-02"})
	oldest(t, "2026-08-02", "2026-07-15")
	locked, err := st.Loans().FindLoanByCase(ctx, c.ID)
	require.NoError(t, err)
	x := &duediligence.LoanExtension{ID: "ext-1", Seq: 1, Round: 2, Months: 6, EffectiveOn: money.MustDate("2026-07-15"),
		MaturityBefore: l.Maturity, MaturityAfter: money.MustDate("2027-09-02"), Principal: money.MustMoney("80000.00"), ApprovedBy: "dm-1", CreatedAt: at}
	for _, in := range locked.Tranches[0].Installments[4:] {
		x.Superseded = append(x.Superseded, duediligence.TrancheInstallment{TrancheID: tr.ID, Installment: in})
	}
	ns, err := contracts.NewSchedule(contracts.Terms{Principal: x.Principal, AnnualRate: l.AnnualRate, TermMonths: 13, Method: l.Method,
		Disbursement: money.MustDate("2026-08-02")})
	require.NoError(t, err)
	for i := range ns.Installments {
		ns.Installments[i].Period += 4
	}
	locked.Maturity, locked.Tranches[0].Maturity = x.MaturityAfter, x.MaturityAfter
	require.NoError(t, st.WithTx(ctx, func(tx duediligence.Tx) error {
		return tx.Loans().ExtendLoan(ctx, locked, x, [][]contracts.Installment{ns.Installments})
	}))
	oldest(t, "2026-09-02", "2026-09-10")

	// The repayment that pays everything closes the loan; reversed, the
	// last three are owed again.
	all := map[int]string{}
	for p := 1; p <= 17; p++ {
		all[p] = "2026-09-10"
	}
	save(t, all)
	oldest(t, "", "2026-09-20")
	delete(all, 15)
	delete(all, 16)
	delete(all, 17)
	save(t, all)
	got, err := st.Loans().FindLoanByCase(ctx, c.ID)
	require.NoError(t, err)
	require.Len(t, got.Tranches[0].Installments, 17)
	due15 := got.Tranches[0].Installments[14].DueDate.String()
	oldest(t, due15, "2027-09-20")

	// Written off: nothing is owed on the book.
	require.NoError(t, st.WithTx(ctx, func(tx duediligence.Tx) error {
		return tx.Loans().WriteOffLoan(ctx, l.ID, money.MustDate("2027-09-30"), money.MustMoney("20000.00"))
	}))
	oldest(t, "", "2027-10-10")

	// The migration fills the column in, and does no harm run again.
	save(t, map[int]string{1: "2026-04-02"})
	_, err = st.db.Write.NewUpdate().Table("loans").Set("oldest_unpaid_due = NULL").Where("id = ?", l.ID).Exec(ctx)
	require.NoError(t, err)
	for range 2 {
		require.NoError(t, st.db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return migrateOldestUnpaid(ctx, tx) }))
		oldest(t, "2026-05-02", "2026-06-10")
	}
}

// planText is how the database would run q, as text.
func planText(t *testing.T, db *DB, q string) string {
	t.Helper()
	var plan []string
	err := db.Write.RunInTx(t.Context(), nil, func(ctx context.Context, tx bun.Tx) error {
		explain := "EXPLAIN QUERY PLAN "
		if db.Dialect == Postgres {
			if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
				return err
			}
			explain = "EXPLAIN "
		}
		rows, err := tx.QueryContext(ctx, explain+q)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			plan = append(plan, fmt.Sprint(vals...))
		}
		return rows.Err()
	})
	require.NoError(t, err)
	return strings.Join(plan, "\n")
}
