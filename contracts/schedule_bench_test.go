package contracts_test

import (
	"testing"

	"github.com/govalues/decimal"
	"github.com/jinzhi-dev/jinzhi/contracts"
)

// bareRow is a schedule row as the bare decimal loop produces it.
type bareRow struct {
	period                                int
	payment, principal, interest, balance decimal.Decimal
}

// bareSchedule is the baseline: the equal-installment rows computed with
// the decimal library alone, no dates, validation or result type.
func bareSchedule(p, a decimal.Decimal, n int, rows []bareRow) error {
	one := decimal.One
	r, err := a.Quo(decimal.MustNew(12, 0))
	if err != nil {
		return err
	}
	q, _ := r.Add(one)
	g, err := q.PowInt(n)
	if err != nil {
		return err
	}
	gm1, _ := g.Sub(one)
	num, _ := p.Mul(r)
	num, _ = num.Mul(g)
	pay, err := num.Quo(gm1)
	if err != nil {
		return err
	}
	pay = pay.Round(2)
	bal := p
	for k := 1; k <= n; k++ {
		i, _ := bal.Mul(r)
		i = i.Round(2)
		pr, _ := pay.Sub(i)
		if k == n {
			pr = bal
		}
		bal, _ = bal.Sub(pr)
		total, _ := pr.Add(i)
		rows[k-1] = bareRow{k, total, pr, i, bal}
	}
	return nil
}

// TestBareSchedule_sameRows makes sure the baseline does the same work: it
// yields the library's rows for the benchmarked loan.
func TestBareSchedule_sameRows(t *testing.T) {
	s := mustSchedule(t, mortgage())
	rows := make([]bareRow, 360)
	if err := bareSchedule(decimal.MustParse("1000000.00"), decimal.MustParse("0.0435"), 360, rows); err != nil {
		t.Fatal(err)
	}
	for i, in := range s.Installments {
		b := rows[i]
		if in.Payment.Decimal().Cmp(b.payment) != 0 || in.Interest.Decimal().Cmp(b.interest) != 0 || in.Balance.Decimal().Cmp(b.balance) != 0 {
			t.Fatalf("row %d: library %s/%s/%s, bare %s/%s/%s", i+1, in.Payment, in.Interest, in.Balance, b.payment, b.interest, b.balance)
		}
	}
}

// TestNewSchedule_allocs holds the schedule to its allocation budget: the
// installments slice and nothing else per call.
func TestNewSchedule_allocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under -race")
	}
	terms := mortgage()
	allocs := testing.AllocsPerRun(50, func() {
		if _, err := contracts.NewSchedule(terms); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2 {
		t.Errorf("NewSchedule allocates %.0f times per call, want at most 2", allocs)
	}
}

func BenchmarkNewSchedule(b *testing.B) {
	terms := mortgage()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := contracts.NewSchedule(terms); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBareDecimalLoop(b *testing.B) {
	p, a := decimal.MustParse("1000000.00"), decimal.MustParse("0.0435")
	b.ReportAllocs()
	for b.Loop() {
		rows := make([]bareRow, 360)
		if err := bareSchedule(p, a, 360, rows); err != nil {
			b.Fatal(err)
		}
	}
}

// bareSink makes the rows of BenchmarkBareDecimalLoopHeap escape, as a
// schedule's result must.
var bareSink []bareRow

// BenchmarkBareDecimalLoopHeap is the baseline with its rows on the heap,
// like a result handed back to the caller: it pays the allocation (and the
// garbage collection) that BenchmarkBareDecimalLoop avoids by keeping its
// rows on the stack.
func BenchmarkBareDecimalLoopHeap(b *testing.B) {
	p, a := decimal.MustParse("1000000.00"), decimal.MustParse("0.0435")
	b.ReportAllocs()
	for b.Loop() {
		rows := make([]bareRow, 360)
		if err := bareSchedule(p, a, 360, rows); err != nil {
			b.Fatal(err)
		}
		bareSink = rows
	}
}

func BenchmarkIRR(b *testing.B) {
	flows := mustSchedule(b, mortgage()).CashFlows()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := contracts.IRR(flows); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSchedule_AnnualizedRate(b *testing.B) {
	s := mustSchedule(b, mortgage())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.AnnualizedRate(); err != nil {
			b.Fatal(err)
		}
	}
}
