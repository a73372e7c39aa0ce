package contracts

import (
	"testing"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

// benchLoans are the loans the IRR benchmarks measure: the 360-month mortgage of
// BenchmarkSchedule_AnnualizedRate, and the same with 1% deducted at disbursement, so
// that the first guess (the contract rate) is off.
func benchLoans(b *testing.B) map[string]Schedule {
	b.Helper()
	terms := Terms{
		Principal:    money.MustMoney("1000000.00"),
		AnnualRate:   money.MustRate("0.0435"),
		TermMonths:   360,
		Method:       EqualInstallment,
		Disbursement: money.MustDate("2025-01-31"),
	}
	withFee := terms
	withFee.Fees = []Fee{{Kind: FeeDeducted, Amount: money.MustMoney("10000.00")}}
	out := map[string]Schedule{}
	for name, t := range map[string]Terms{"mortgage": terms, "mortgage+fee": withFee} {
		s, err := NewSchedule(t)
		if err != nil {
			b.Fatal(err)
		}
		out[name] = s
	}
	return out
}

// BenchmarkAnnualizedRate measures, in one run, the annualized rate of a 360-month
// schedule (integer: what AnnualizedRate does; decimal: the decimal solver it used
// before, still its fallback) beside the bare loops they repeat: one pass of the present
// value over the 361 flows in decimal (as the decimal solver does per iteration) and in
// the integer bounds (as the fast path does per proof).
func BenchmarkAnnualizedRate(b *testing.B) {
	for _, name := range []string{"mortgage", "mortgage+fee"} {
		s := benchLoans(b)[name]
		flows := s.CashFlows()
		b.Run(name+"/integer", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.AnnualizedRate(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/decimal", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := decimalAnnualizedRate(flows, s.Terms.AnnualRate); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	s := benchLoans(b)["mortgage"]
	flows := s.CashFlows()
	b.Run("bare/decimal-pass", func(b *testing.B) {
		c, err := normalize(len(flows), func(k int) decimal.Decimal { return flows[k].Decimal() })
		if err != nil {
			b.Fatal(err)
		}
		v, _ := decimal.One.Quo(decimal.MustParse("1.003625"))
		b.ReportAllocs()
		for b.Loop() {
			p := c[len(c)-1]
			for k := len(c) - 2; k >= 0; k-- {
				if p, err = c[k].AddMul(p, v); err != nil {
					b.Fatal(err)
				}
			}
			if p.IsZero() {
				b.Fatal("zero")
			}
		}
	})
	b.Run("bare/integer-pass", func(b *testing.B) {
		ff, ok := newFixedFlows(flows)
		if !ok {
			b.Fatal("fast path refused the flows")
		}
		b.ReportAllocs()
		for b.Loop() {
			if ff.sign(3_625_000_000_000_000) == 0 {
				b.Fatal("no sign")
			}
		}
	})
}

// BenchmarkXIRR measures XIRR over the mortgage's 361 dated flows (integer: what XIRR
// does; decimal: the decimal solver it used before, still its fallback).
func BenchmarkXIRR(b *testing.B) {
	flows := benchLoans(b)["mortgage"].DatedCashFlows()
	b.Run("integer", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := XIRR(flows); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decimal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decimalXIRR(flows, flows[0].Date); err != nil {
				b.Fatal(err)
			}
		}
	})
}
