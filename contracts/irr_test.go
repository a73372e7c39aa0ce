package contracts_test

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/govalues/decimal"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

func TestSchedule_AnnualizedRate(t *testing.T) {
	tests := []struct {
		name               string
		modify             func(*contracts.Terms)
		nominal, effective string
	}{
		// Without fees the APR of an equal-installment loan is its contract
		// rate, up to the rounding of payments to the fen.
		{"mortgage", func(*contracts.Terms) {}, "0.0434999", "0.0443778"},
		{"zero rate", func(t *contracts.Terms) { t.AnnualRate = money.Rate{} }, "0.0000000", "0.0000000"},
		// 1% deducted from 100,000 lent for a year at 12%: the borrower
		// has 99,000 and pays 12 × 8884.88, an APR of 13.91%. Figures
		// checked with a 50-digit bisection in Python.
		{"deducted fee", func(t *contracts.Terms) {
			t.Principal = money.MustMoney("100000")
			t.AnnualRate = money.MustRate("0.12")
			t.TermMonths = 12
			t.Fees = []contracts.Fee{{Kind: contracts.FeeDeducted, Amount: money.MustMoney("1000")}}
		}, "0.1391310", "0.1483552"},
		// Interest deducted in advance weighs the same as a deducted fee.
		{"interest deducted", func(t *contracts.Terms) {
			t.Principal = money.MustMoney("100000")
			t.AnnualRate = money.MustRate("0.12")
			t.TermMonths = 12
			t.InterestDeducted = money.MustMoney("1000")
		}, "0.1391310", "0.1483552"},
		// A bullet loan's simple interest is a lower compound rate.
		{"bullet", func(t *contracts.Terms) {
			t.Method = contracts.Bullet
			t.TermMonths = 12
			t.AnnualRate = money.MustRate("0.12")
		}, "0.1138655", "0.1200000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			terms := mortgage()
			tt.modify(&terms)
			ar, err := mustSchedule(t, terms).AnnualizedRate()
			if err != nil {
				t.Fatal(err)
			}
			if got := ar.Nominal.Decimal().Trunc(7).Pad(7).String(); got != tt.nominal {
				t.Errorf("nominal = %s (%s), want %s…", got, ar.Nominal, tt.nominal)
			}
			if got := ar.Effective.Decimal().Trunc(7).Pad(7).String(); got != tt.effective {
				t.Errorf("effective = %s (%s), want %s…", got, ar.Effective, tt.effective)
			}
		})
	}
}

// npv returns Σ flows[k]/(1+i)^k exactly.
func npv(flows []money.Money, i decimal.Decimal) *big.Rat {
	v := new(big.Rat).Inv(new(big.Rat).Add(big.NewRat(1, 1), ratOf(i.String())))
	sum, pow := new(big.Rat), big.NewRat(1, 1)
	for _, f := range flows {
		sum.Add(sum, new(big.Rat).Mul(ratOf(f.String()), pow))
		pow.Mul(pow, v)
	}
	return sum
}

func TestIRR_properties(t *testing.T) {
	// The solved rate is a root: moving it by 1e-10 either way changes the
	// sign of the exact present value.
	rng := rand.New(rand.NewPCG(42, 1))
	eps := decimal.MustNew(1, 10)
	for c := range 40 {
		terms := randomTerms(rng)
		terms.TermMonths = 1 + terms.TermMonths%120
		if terms.AnnualRate.IsZero() {
			continue
		}
		if rng.IntN(2) == 0 {
			terms.Fees = append(terms.Fees, contracts.Fee{Kind: contracts.FeeUpfront, Amount: money.MustMoney("2000")})
		}
		s := mustSchedule(t, terms)
		flows := s.CashFlows()
		i, err := contracts.IRR(flows)
		if err != nil {
			t.Fatalf("case %d: %v", c, err)
		}
		below, _ := i.Sub(eps)
		above, _ := i.Add(eps)
		if npv(flows, below).Sign() >= 0 || npv(flows, above).Sign() <= 0 {
			t.Fatalf("case %d: %s is not within 1e-10 of the root (npv %s, %s)", c, i,
				npv(flows, below).FloatString(6), npv(flows, above).FloatString(6))
		}
	}
}

func TestIRR_errors(t *testing.T) {
	m := money.MustMoney
	tests := []struct {
		name  string
		flows []money.Money
	}{
		{"empty", nil},
		{"all positive", []money.Money{m("1"), m("2")}},
		{"all zero", []money.Money{m("0"), m("0")}},
	}
	for _, tt := range tests {
		if _, err := contracts.IRR(tt.flows); !errors.Is(err, contracts.ErrNoIRR) {
			t.Errorf("%s: err = %v, want ErrNoIRR", tt.name, err)
		}
	}
	// A negative rate: 100 lent, 50 repaid.
	i, err := contracts.IRR([]money.Money{m("100"), m("-50")})
	if err != nil || i.Round(10).Pad(10).String() != "-0.5000000000" {
		t.Errorf("IRR(100, -50) = %s, %v; want -0.5", i, err)
	}
	// Flows that only turn around late: 1000 received, 1100 paid after two periods.
	i, err = contracts.IRR([]money.Money{m("1000"), m("0"), m("-1210")})
	if err != nil || i.Round(10).Pad(10).String() != "0.1000000000" {
		t.Errorf("IRR(1000, 0, -1210) = %s, %v; want 0.1", i, err)
	}
}

func TestXIRR(t *testing.T) {
	d := money.MustDate
	m := money.MustMoney
	tests := []struct {
		name  string
		flows []contracts.CashFlow
		want  string
	}{
		{"one year", []contracts.CashFlow{{d("2023-01-01"), m("1000")}, {d("2024-01-01"), m("-1100")}}, "0.1000000000"},
		{"leap year counts 366 days", []contracts.CashFlow{{d("2024-01-01"), m("1000")}, {d("2025-01-01"), m("-1100")}}, "0.0997135859"},
		{"unsorted", []contracts.CashFlow{{d("2024-01-01"), m("-1100")}, {d("2023-01-01"), m("1000")}}, "0.1000000000"},
		{"negative", []contracts.CashFlow{{d("2023-01-01"), m("1000")}, {d("2024-01-01"), m("-900")}}, "-0.1000000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := contracts.XIRR(tt.flows)
			if err != nil {
				t.Fatal(err)
			}
			if got := x.Pad(10).String(); got != tt.want {
				t.Errorf("XIRR = %s, want %s", got, tt.want)
			}
		})
	}
	t.Run("schedule", func(t *testing.T) {
		// On a monthly schedule XIRR (act/365) lands near the effective rate.
		s := mustSchedule(t, mortgage())
		x, err := contracts.XIRR(s.DatedCashFlows())
		if err != nil {
			t.Fatal(err)
		}
		ar, _ := s.AnnualizedRate()
		diff, _ := x.SubAbs(ar.Effective.Decimal())
		if diff.Cmp(decimal.MustNew(5, 4)) > 0 {
			t.Errorf("XIRR %s vs effective %s", x, ar.Effective)
		}
	})
	if _, err := contracts.XIRR(nil); !errors.Is(err, contracts.ErrNoIRR) {
		t.Errorf("XIRR(nil) = %v", err)
	}
}
