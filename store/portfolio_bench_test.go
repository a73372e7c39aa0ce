package store

// The portfolio's benchmark (issue #11): one page of the overdue and the
// maturities queries among n active loans of 36 installments each, on
// SQLite and, when JINZHI_TEST_DATABASE_URL names a server, PostgreSQL.
// The loans are seeded in bulk, with multi-row inserts, outside the timing:
//
//	JINZHI_BENCH_LOANS=10000,100000 go test -run '^$' -bench Portfolio -benchtime 20x -timeout 60m ./store
//
// Without JINZHI_BENCH_LOANS it runs 1,000 loans, as CI does (.ci/run).
// JINZHI_BENCH_SQLITE_DIR, for runs by hand, keeps the seeded SQLite
// portfolios in that directory for the next run (seededSQLite). A
// page's time, its allocations and the heap it holds at its peak should not
// grow with the number of loans.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// benchAsOf is the day the benchmark's portfolio is judged on.
var benchAsOf = money.MustDate("2026-12-03")

// benchLoanSizes returns the sizes JINZHI_BENCH_LOANS asks for, 1,000
// loans without it.
func benchLoanSizes(b *testing.B) []int {
	v := os.Getenv("JINZHI_BENCH_LOANS")
	if v == "" {
		v = "1000"
	}
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		require.NoError(b, err)
		out = append(out, n)
	}
	return out
}

// benchInstallment is a row of loan_installments with the columns the
// postings keep.
type benchInstallment struct {
	bun.BaseModel `bun:"table:loan_installments"`

	TrancheID    string `bun:"tranche_id"`
	LoanID       string `bun:"loan_id"`
	Period       int    `bun:"period"`
	DueDate      string `bun:"due_date"`
	PrincipalFen int64  `bun:"principal_fen"`
	InterestFen  int64  `bun:"interest_fen"`
	FeeFen       int64  `bun:"fee_fen"`
	PaymentFen   int64  `bun:"payment_fen"`
	BalanceFen   int64  `bun:"balance_fen"`
	PaidPrinFen  int64  `bun:"paid_principal_fen"`
	PaidIntFen   int64  `bun:"paid_interest_fen"`
	DaysPastDue  int    `bun:"days_past_due"`
	OwedFen      int64  `bun:"owed_fen"`
	PaidFen      int64  `bun:"paid_fen"`
	SettledOn    string `bun:"settled_on"`
}

// benchUnpaid is how many of loan i's installments due before benchAsOf
// are unpaid, its last ones: 85 loans in 100 have paid all, 8 owe one
// (1–30 days past due), 2 two or three (31–90), one five (91–180) and four
// twelve (over a year, on a loan old enough). Four in 100 so that the
// overdue pages, oldest due first, hold loans owing twelve on their first
// two pages at every size: 259 of 10,000 loans owe twelve (not written
// off; 2,602 of 100,000). With one in 100 (56 of 10,000) the second page
// at 10,000 held loans owing fewer, and the next page's ratio between the
// sizes compared pages of different work.
func benchUnpaid(i int) int {
	switch r := i % 100; {
	case r < 85:
		return 0
	case r < 93:
		return 1
	case r < 95:
		return 2 + r%2
	case r == 95:
		return 5
	default:
		return 12
	}
}

// seedPortfolio gives each of n cases (seedBulk's) a loan of one tranche of
// 36 monthly installments, disbursed from 1 to 1,095 days before
// benchAsOf (so maturities spread over three years), the installments due
// before benchAsOf paid (on the day, or a few days late) except
// benchUnpaid's, the oldest of those half paid. One loan in 1,000 is
// written off. Rows go in by multi-row inserts of 1,000, a transaction per
// 1,000 loans.
func seedPortfolio(b testing.TB, st *Store, n int) {
	b.Helper()
	ctx := context.Background()
	seedBulk(b, st, n)
	var cases []string
	require.NoError(b, st.db.Read.NewSelect().Table("cases").Column("id").OrderExpr("id").Limit(int64(n)).Scan(ctx, &cases))
	require.Len(b, cases, n)
	const batch = 1000
	for start := 0; start < n; start += batch {
		var (
			loans    []loanRow
			tranches []trancheRow
			ins      []benchInstallment
		)
		for i := start; i < min(n, start+batch); i++ {
			on := benchAsOf.AddDays(-(i*7919%1095 + 1))
			id := fmt.Sprintf("loan-%07d", i)
			l := loanRow{ID: id, CaseID: cases[i], ContractNumber: fmt.Sprintf("2026-%07d-JK", i+1), Borrower: "借款人" + strconv.Itoa(i),
				ApprovedFen: 3600000, DisbursedFen: 3600000, AnnualRate: "0.08", TermMonths: 36, Method: "equal_principal",
				ContractDate: on.String(), MaturityDate: on.AddMonths(36).String(), CreatedAt: "2026-01-01T00:00:00Z", UpdatedAt: "2026-01-01T00:00:00Z"}
			past := 0
			for k := 1; k <= 36 && on.AddMonths(k).Before(benchAsOf); k++ {
				past++
			}
			unpaid := min(past, benchUnpaid(i))
			writtenOff := i%1000 == 999 && unpaid > 0
			if writtenOff {
				l.WrittenOffOn, l.WrittenOffFen = benchAsOf.AddDays(-30).String(), 2000000
			}
			loans = append(loans, l)
			tr := trancheRow{ID: id + "-1", LoanID: id, Seq: 1, ReceiptNumber: l.ContractNumber + "-1", AmountFen: 3600000,
				DisbursedOn: on.String(), MaturityDate: l.MaturityDate, Account: "6222", CreatedBy: "fin", CreatedAt: l.CreatedAt}
			tranches = append(tranches, tr)
			for k := 1; k <= 36; k++ {
				due := on.AddMonths(k)
				interest := int64(36-k+1) * 100000 * 8 / 1200
				r := benchInstallment{TrancheID: tr.ID, LoanID: id, Period: k, DueDate: due.String(), PrincipalFen: 100000,
					InterestFen: interest, PaymentFen: 100000 + interest, BalanceFen: int64(36-k) * 100000, OwedFen: 100000 + interest,
					SettledOn: unsettled}
				switch {
				case k <= past-unpaid: // paid, one in 7 three days late
					late := 0
					if (i+k)%7 == 0 {
						late = 3
					}
					r.PaidFen, r.PaidPrinFen, r.PaidIntFen, r.DaysPastDue = r.OwedFen, r.PrincipalFen, r.InterestFen, late
					r.SettledOn = due.AddDays(late).String()
				case k == past-unpaid+1 && k <= past: // the oldest unpaid, half paid
					r.PaidFen, r.PaidIntFen = r.InterestFen, r.InterestFen
				}
				if writtenOff && r.SettledOn == unsettled {
					r.SettledOn = l.WrittenOffOn
				}
				ins = append(ins, r)
			}
		}
		err := st.db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if _, err := tx.NewInsert().Model(&loans).Exec(ctx); err != nil {
				return err
			}
			if _, err := tx.NewInsert().Model(&tranches).Exec(ctx); err != nil {
				return err
			}
			for s := 0; s < len(ins); s += batch {
				part := ins[s:min(len(ins), s+batch)]
				if _, err := tx.NewInsert().Model(&part).Exec(ctx); err != nil {
					return err
				}
			}
			return nil
		})
		require.NoError(b, err)
	}
	analyze(b, st)
}

// heapPeak samples the heap's live objects while run runs and returns
// the most they were above what they were before it, after a collection.
func heapPeak(run func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(50 * time.Microsecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > base && v-base > peak.Load() {
				peak.Store(v - base)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	run()
	close(done)
	<-stopped
	return peak.Load()
}

// BenchmarkPortfolio reads a page (the API's default size) of the overdue
// loans and of the next 30 days' maturities, and the page after it by its
// cursor, as a department manager (every loan) and as an account manager
// (the loans of the cases they belong to, one in about 25), and the
// written-off totals an overdue page also reads. peak-heap-B is the most
// the heap held above its resting size over five more runs; rows, the
// page's (a member of few loans may not fill one).
func BenchmarkPortfolio(b *testing.B) {
	sizes := benchLoanSizes(b)
	for _, backend := range benchStores(b) {
		for _, n := range sizes {
			b.Run(fmt.Sprintf("%s/loans=%d", backend.name, n), func(b *testing.B) {
				if dir := os.Getenv("JINZHI_BENCH_SQLITE_DIR"); dir != "" && backend.name == "sqlite" {
					benchPortfolioPages(b, seededSQLite(b, dir, n))
					return
				}
				st := backend.open(b)
				started := time.Now()
				seedPortfolio(b, st, n)
				b.Logf("seeded %d loans (%d installments) in %s", n, 36*n, time.Since(started).Round(time.Second))
				benchPortfolioPages(b, st)
			})
		}
	}
}

// seededSQLite opens dir/portfolio-n.db, seeding it first if it is not
// there yet: JINZHI_BENCH_SQLITE_DIR keeps the SQLite portfolios between
// runs (10 minutes to seed 100,000 loans), to compare two versions of the
// queries on the same data. Only for runs by hand; CI does not set it. A
// file is seeded under a temporary name and renamed when complete.
func seededSQLite(b *testing.B, dir string, n int) *Store {
	ctx := context.Background()
	path := filepath.Join(dir, fmt.Sprintf("portfolio-%d.db", n))
	open := func(path string) *Store {
		db, err := Open(ctx, path, Options{})
		require.NoError(b, err)
		st := New(db)
		require.NoError(b, st.Migrate(ctx))
		return st
	}
	if _, err := os.Stat(path); err != nil {
		require.ErrorIs(b, err, os.ErrNotExist)
		tmp := path + ".seeding"
		for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			require.NoError(b, os.RemoveAll(f))
		}
		st := open(tmp)
		started := time.Now()
		seedPortfolio(b, st, n)
		b.Logf("seeded %d loans (%d installments) in %s into %s", n, 36*n, time.Since(started).Round(time.Second), path)
		require.NoError(b, st.db.Close())
		require.NoError(b, os.Rename(tmp, path))
	}
	st := open(path)
	b.Cleanup(func() { st.db.Close() })
	return st
}

// benchPortfolioPages runs BenchmarkPortfolio's sub-benchmarks on a
// seeded store.
func benchPortfolioPages(b *testing.B, st *Store) {
	ctx := context.Background()
	p := st.Portfolio()
	limit := duediligence.DefaultPortfolioPage
	for _, who := range []struct{ name, member string }{{"all", ""}, {"own", benchOwn}} {
		overdue := duediligence.PortfolioFilter{AsOf: benchAsOf, Member: who.member, Limit: limit}
		first, err := p.FindOverdue(ctx, overdue)
		require.NoError(b, err)
		require.NotEmpty(b, first)
		next := overdue
		next.After = first[len(first)-1].OldestDue.String() + "|" + first[len(first)-1].LoanID
		maturities := duediligence.PortfolioFilter{From: benchAsOf, To: benchAsOf.AddDays(30), Member: who.member, Limit: limit}
		mfirst, err := p.FindMaturities(ctx, maturities)
		require.NoError(b, err)
		require.NotEmpty(b, mfirst)
		mnext := maturities
		mnext.After = mfirst[len(mfirst)-1].DueDate.String() + "|" + mfirst[len(mfirst)-1].LoanID
		for _, q := range []struct {
			name string
			run  func() (rows int, err error)
		}{
			{"overdue/" + who.name, func() (int, error) { r, err := p.FindOverdue(ctx, overdue); return len(r), err }},
			{"overdue_next/" + who.name, func() (int, error) { r, err := p.FindOverdue(ctx, next); return len(r), err }},
			{"written_off/" + who.name, func() (int, error) { _, err := p.FindWrittenOff(ctx, overdue); return 1, err }},
			{"maturities/" + who.name, func() (int, error) { r, err := p.FindMaturities(ctx, maturities); return len(r), err }},
			{"maturities_next/" + who.name, func() (int, error) { r, err := p.FindMaturities(ctx, mnext); return len(r), err }},
		} {
			b.Run(q.name, func(b *testing.B) {
				b.ReportAllocs()
				rows := 0
				for b.Loop() {
					n, err := q.run()
					if err != nil {
						b.Fatal(err)
					}
					rows = n
				}
				b.StopTimer()
				var err error
				peak := heapPeak(func() {
					for range 5 {
						if err == nil {
							_, err = q.run()
						}
					}
				})
				require.NoError(b, err)
				b.ReportMetric(float64(peak), "peak-heap-B")
				b.ReportMetric(float64(rows), "rows")
			})
		}
	}
}
