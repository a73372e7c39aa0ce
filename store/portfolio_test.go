package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// seedLoans gives each of the first n cases a loan of one tranche of 36
// monthly installments of 1,000.00 from 2026-01-15 (loan i disbursed i
// days later), the first paid installments settled on their due dates:
// loan i has i%5 installments paid. It returns the loans' case IDs.
// (Loan i is disbursed on 2026-01-15 plus i%300 days.)
func seedLoans(t *testing.T, st *Store, n int) []string {
	t.Helper()
	ctx := context.Background()
	var ids []string
	require.NoError(t, st.db.Read.NewSelect().Table("cases").Column("id").OrderExpr("id").Limit(int64(n)).Scan(ctx, &ids))
	require.Len(t, ids, n)
	start := money.MustDate("2026-01-15")
	err := st.db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for i, caseID := range ids {
			on := start.AddDays(i % 300)
			id := fmt.Sprintf("loan-%05d", i)
			l := &loanRow{ID: id, CaseID: caseID, ContractNumber: fmt.Sprintf("2026-%06d-JK", i+1), Borrower: "借款人", ApprovedFen: 3600000,
				DisbursedFen: 3600000, AnnualRate: "0.08", TermMonths: 36, Method: "equal_principal", ContractDate: on.String(),
				MaturityDate: on.AddMonths(36).String(), CreatedAt: "2026-01-01T00:00:00Z", UpdatedAt: "2026-01-01T00:00:00Z"}
			tr := &trancheRow{ID: id + "-1", LoanID: id, Seq: 1, ReceiptNumber: l.ContractNumber + "-1", AmountFen: 3600000, DisbursedOn: on.String(),
				MaturityDate: l.MaturityDate, Account: "1", CreatedBy: "fin", CreatedAt: l.CreatedAt}
			rows := make([]installmentRow, 36)
			for k := range rows {
				rows[k] = installmentRow{TrancheID: tr.ID, LoanID: id, Period: k + 1, DueDate: on.AddMonths(k + 1).String(), PrincipalFen: 100000,
					PaymentFen: 100000, OwedFen: 100000, BalanceFen: int64(35-k) * 100000}
			}
			for _, m := range []any{l, tr, &rows} {
				if _, err := tx.NewInsert().Model(m).Exec(ctx); err != nil {
					return err
				}
			}
			if _, err := tx.NewUpdate().Table("loan_installments").Set("paid_fen = owed_fen").Set("settled_on = due_date").
				Where("loan_id = ?", id).Where("period <= ?", i%5).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
	return ids
}

func TestPortfolio(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testPortfolio(t, openSQLiteTestStore(t)) })
	t.Run("postgres", func(t *testing.T) { testPortfolio(t, openPostgresTestStore(t, testPostgresURL(t))) })
}

func testPortfolio(t *testing.T, st *Store) {
	ctx := t.Context()
	seedBulk(t, st, 1200)
	seedLoans(t, st, 1000)
	analyze(t, st)
	p := st.Portfolio()

	// As of 2026-06-20: loan 0 (from 2026-01-15, none paid) has five
	// installments overdue; loan 4 (four paid) has one.
	asOf := money.MustDate("2026-06-20")
	var all []duediligence.OverdueLoan
	f := duediligence.PortfolioFilter{AsOf: asOf, Limit: 97}
	for {
		page, err := p.FindOverdue(ctx, f)
		require.NoError(t, err)
		all = append(all, page...)
		if len(page) < f.Limit {
			break
		}
		last := page[len(page)-1]
		f.After = last.OldestDue.String() + "|" + last.LoanID
	}
	byID := map[string]duediligence.OverdueLoan{}
	for _, r := range all {
		_, dup := byID[r.LoanID]
		require.False(t, dup, "pages overlap at %s", r.LoanID)
		byID[r.LoanID] = r
	}
	// Loan i is overdue unless everything due before 2026-06-20 is paid.
	want := 0
	for i := range 1000 {
		on := money.MustDate("2026-01-15").AddDays(i % 300)
		due := 0
		for k := 1; k <= 36 && on.AddMonths(k).Before(asOf); k++ {
			due++
		}
		if due > i%5 {
			want++
		}
	}
	assert.Len(t, all, want)
	l0 := byID["loan-00000"]
	assert.Equal(t, 5, l0.Installments)
	assert.Equal(t, "5000.00", l0.Overdue.String())
	assert.Equal(t, "2026-02-15", l0.OldestDue.String())
	l4 := byID["loan-00004"]
	assert.Equal(t, 1, l4.Installments)
	assert.Equal(t, "2026-06-19", l4.OldestDue.String(), "disbursed on 2026-01-19")

	// The member's loans only.
	mine, err := p.FindOverdue(ctx, duediligence.PortfolioFilter{AsOf: asOf, Limit: 500, Member: benchOwn})
	require.NoError(t, err)
	require.NotEmpty(t, mine)
	assert.Less(t, len(mine), len(all))

	// Maturities: what falls due from 2026-07-01 to 2026-07-10, by day and loan.
	var mat []duediligence.Maturity
	mf := duediligence.PortfolioFilter{From: money.MustDate("2026-07-01"), To: money.MustDate("2026-07-10"), Limit: 50}
	for {
		page, err := p.FindMaturities(ctx, mf)
		require.NoError(t, err)
		mat = append(mat, page...)
		if len(page) < mf.Limit {
			break
		}
		last := page[len(page)-1]
		mf.After = last.DueDate.String() + "|" + last.LoanID
	}
	wantMat := 0
	for i := range 1000 {
		on := money.MustDate("2026-01-15").AddDays(i % 300)
		for k := 1; k <= 36; k++ {
			d := on.AddMonths(k)
			if !d.Before(money.MustDate("2026-07-01")) && !d.After(money.MustDate("2026-07-10")) && k > i%5 {
				wantMat++
			}
		}
	}
	assert.Len(t, mat, wantMat)
	for i := 1; i < len(mat); i++ {
		assert.True(t, mat[i-1].DueDate.Compare(mat[i].DueDate) < 0 || mat[i-1].DueDate == mat[i].DueDate && mat[i-1].LoanID < mat[i].LoanID)
	}

	// Each page is one statement, and no table is read whole.
	rec := &recorder{}
	st.hook(rec, false)
	p = st.Portfolio()
	for name, run := range map[string]func() error{
		"overdue": func() error {
			_, err := p.FindOverdue(ctx, duediligence.PortfolioFilter{AsOf: asOf, Limit: 100})
			return err
		},
		"overdue, next page": func() error {
			_, err := p.FindOverdue(ctx, duediligence.PortfolioFilter{AsOf: asOf, Limit: 100, After: "2026-03-01|loan-00500"})
			return err
		},
		"overdue, member's": func() error {
			_, err := p.FindOverdue(ctx, duediligence.PortfolioFilter{AsOf: asOf, Limit: 100, Member: benchOwn})
			return err
		},
		"maturities": func() error {
			_, err := p.FindMaturities(ctx, duediligence.PortfolioFilter{From: asOf, To: asOf.AddDays(30), Limit: 100})
			return err
		},
		"maturities, member's": func() error {
			_, err := p.FindMaturities(ctx, duediligence.PortfolioFilter{From: asOf, To: asOf.AddDays(30), Limit: 100, Member: benchOwn})
			return err
		},
		"overdue, member's next page": func() error {
			_, err := p.FindOverdue(ctx, duediligence.PortfolioFilter{AsOf: asOf, Limit: 100, Member: benchOwn, After: "2026-03-01|loan-00500"})
			return err
		},
		"overdue, member's, a day in the past": func() error {
			_, err := p.FindOverdue(ctx, duediligence.PortfolioFilter{AsOf: money.MustDate("2026-03-10"), Limit: 100, Member: benchOwn})
			return err
		},
		"overdue, a day in the past": func() error {
			_, err := p.FindOverdue(ctx, duediligence.PortfolioFilter{AsOf: money.MustDate("2026-03-10"), Limit: 100})
			return err
		},
		"maturities, next page": func() error {
			_, err := p.FindMaturities(ctx, duediligence.PortfolioFilter{From: asOf, To: asOf.AddDays(30), Limit: 100, After: "2026-06-25|loan-00100"})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			queries := rec.record(func() { require.NoError(t, run()) })
			require.Len(t, queries, 1)
			if st.db.Dialect == Postgres {
				checkPostgresPlan(t, st.db, queries[0], sortFound)
			} else {
				checkSQLitePlan(t, st.db, queries[0], sortFound)
			}
			if strings.HasPrefix(name, "overdue") {
				assert.Contains(t, planText(t, st.db, queries[0]), "loans_oldest_unpaid", "the overdue loans walked by their oldest unpaid installment")
			}
		})
	}
	testPortfolioByDefinition(t, st)
}

// testPortfolioByDefinition pages through the overdue loans and the
// maturities, on days in the past too and as a member, and compares them
// with what their definitions give over every installment: some paid 40
// days late (overdue on the days before), loan 0 with a second tranche due
// on the same days.
func testPortfolioByDefinition(t *testing.T, st *Store) {
	ctx := t.Context()
	err := st.db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		tr := &trancheRow{ID: "loan-00000-2", LoanID: "loan-00000", Seq: 2, ReceiptNumber: "2026-000001-JK-2", AmountFen: 1800000,
			DisbursedOn: "2026-01-15", MaturityDate: "2029-01-15", Account: "1", CreatedBy: "fin", CreatedAt: "2026-01-01T00:00:00Z"}
		rows := make([]installmentRow, 36)
		for k := range rows {
			rows[k] = installmentRow{TrancheID: tr.ID, LoanID: tr.LoanID, Period: k + 1, DueDate: money.MustDate("2026-01-15").AddMonths(k + 1).String(),
				PrincipalFen: 50000, PaymentFen: 50000, OwedFen: 50000, BalanceFen: int64(35-k) * 50000}
		}
		for _, m := range []any{tr, &rows} {
			if _, err := tx.NewInsert().Model(m).Exec(ctx); err != nil {
				return err
			}
		}
		for i := 0; i < 1000; i += 7 {
			on := money.MustDate("2026-01-15").AddDays(i % 300)
			k := i%5 + 1 // the first unpaid, paid 40 days late
			if _, err := tx.NewUpdate().Table("loan_installments").Set("paid_fen = owed_fen").Set("settled_on = ?", on.AddMonths(k).AddDays(40).String()).
				Where("loan_id = ?", fmt.Sprintf("loan-%05d", i)).Where("period = ?", k).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)

	var all []struct {
		LoanID    string `bun:"loan_id"`
		DueDate   string `bun:"due_date"`
		OwedFen   int64  `bun:"owed_fen"`
		PaidFen   int64  `bun:"paid_fen"`
		SettledOn string `bun:"settled_on"`
	}
	require.NoError(t, st.db.Read.NewSelect().Table("loan_installments").Column("loan_id", "due_date", "owed_fen", "paid_fen", "settled_on").Scan(ctx, &all))
	var mine []string
	require.NoError(t, st.db.Read.NewSelect().TableExpr("loans AS l").Join("JOIN case_members AS m ON m.case_id = l.case_id").
		ColumnExpr("l.id").Where("m.member = ?", benchOwn).Scan(ctx, &mine))
	isMine := map[string]bool{}
	for _, id := range mine {
		isMine[id] = true
	}
	type agg struct {
		loan, due string
		n         int
		fen       int64
	}
	sorted := func(m map[[2]string]*agg) []agg {
		out := []agg{}
		for _, a := range m {
			out = append(out, *a)
		}
		slices.SortFunc(out, func(a, b agg) int { return cmp.Or(cmp.Compare(a.due, b.due), cmp.Compare(a.loan, b.loan)) })
		return out
	}
	p := st.Portfolio()
	seen := map[string]int{} // rows compared, by member and list
	for _, member := range []string{"", benchOwn} {
		for _, day := range []string{"2026-03-10", "2026-06-20", "2026-09-01"} {
			// Overdue: by loan, its oldest due among those due before the day and unpaid on it.
			byLoan := map[[2]string]*agg{}
			for _, r := range all {
				if r.DueDate < day && r.SettledOn > day && (member == "" || isMine[r.LoanID]) {
					a := byLoan[[2]string{r.LoanID}]
					if a == nil {
						a = &agg{loan: r.LoanID, due: r.DueDate}
						byLoan[[2]string{r.LoanID}] = a
					}
					a.due, a.n, a.fen = min(a.due, r.DueDate), a.n+1, a.fen+r.OwedFen-r.PaidFen
				}
			}
			want, got := sorted(byLoan), []agg{}
			f := duediligence.PortfolioFilter{AsOf: money.MustDate(day), Member: member, Limit: 37}
			for {
				page, err := p.FindOverdue(ctx, f)
				require.NoError(t, err)
				for _, o := range page {
					got = append(got, agg{loan: o.LoanID, due: o.OldestDue.String(), n: o.Installments, fen: o.Overdue.Fen()})
				}
				if len(page) < f.Limit {
					break
				}
				f.After = page[len(page)-1].OldestDue.String() + "|" + page[len(page)-1].LoanID
			}
			seen[member+" overdue"] += len(want)
			assert.Equal(t, want, got, "overdue as of %s, member %q", day, member)

			// Maturities: by day and loan, the unpaid due in the 30 days from the day.
			to := money.MustDate(day).AddDays(30).String()
			byDay := map[[2]string]*agg{}
			for _, r := range all {
				if r.SettledOn == unsettled && r.DueDate >= day && r.DueDate <= to && (member == "" || isMine[r.LoanID]) {
					k := [2]string{r.DueDate, r.LoanID}
					a := byDay[k]
					if a == nil {
						a = &agg{loan: r.LoanID, due: r.DueDate}
						byDay[k] = a
					}
					a.n, a.fen = a.n+1, a.fen+r.OwedFen-r.PaidFen
				}
			}
			want, got = sorted(byDay), []agg{}
			mf := duediligence.PortfolioFilter{From: money.MustDate(day), To: money.MustDate(to), Member: member, Limit: 37}
			for {
				page, err := p.FindMaturities(ctx, mf)
				require.NoError(t, err)
				for _, m := range page {
					got = append(got, agg{loan: m.LoanID, due: m.DueDate.String(), n: m.Installments, fen: m.Amount.Fen()})
				}
				if len(page) < mf.Limit {
					break
				}
				mf.After = page[len(page)-1].DueDate.String() + "|" + page[len(page)-1].LoanID
			}
			seen[member+" maturities"] += len(want)
			assert.Equal(t, want, got, "maturities from %s, member %q", day, member)
		}
	}
	for _, k := range []string{" overdue", " maturities", benchOwn + " overdue", benchOwn + " maturities"} {
		assert.Positive(t, seen[k], "no rows to compare for %q", k)
	}
}
