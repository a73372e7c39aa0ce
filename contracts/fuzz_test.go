package contracts_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"0", "-5.00", "123.4", "1e3", "", "NaN", " 1", "92233720368547758.07", "-0.01", "00.10", "1.234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := money.ParseMoney(s)
		if err != nil {
			return
		}
		str := m.String()
		if i := strings.IndexByte(str, '.'); i < 0 || len(str)-i != 3 {
			t.Fatalf("ParseMoney(%q).String() = %q, want two fraction digits", s, str)
		}
		back, err := money.ParseMoney(str)
		if err != nil || back != m {
			t.Fatalf("round trip %q → %q → %v, %v", s, str, back, err)
		}
		d, err := money.NewMoney(m.Decimal())
		if err != nil || d != m {
			t.Fatalf("NewMoney(Decimal()) of %q = %v, %v", s, d, err)
		}
		b, _ := json.Marshal(m)
		var j money.Money
		if err := json.Unmarshal(b, &j); err != nil || j != m {
			t.Fatalf("JSON round trip of %q: %s → %v, %v", s, b, j, err)
		}
	})
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"0.0435", "0", "10", "0.1234567891", "0.12345678912", "-0.1", "4.35%", "1e-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := money.ParseRate(s)
		if err != nil {
			return
		}
		if r.Decimal().IsNeg() {
			t.Fatalf("ParseRate(%q) is negative", s)
		}
		back, err := money.ParseRate(r.String())
		if err != nil || back.Cmp(r) != 0 {
			t.Fatalf("round trip %q → %q → %v, %v", s, r.String(), back, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-01-31", "2024-02-29", "2025-02-29", "0001-01-01", "9999-12-31", "2025-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := money.ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d)
		}
		if got := d.AddDays(1).AddDays(-1); got != d {
			t.Fatalf("%s ± 1 day = %s", d, got)
		}
	})
}

// FuzzSchedule feeds arbitrary terms to NewSchedule: it must return an
// error or a schedule whose principal adds up and whose balances never go
// negative.
func FuzzSchedule(f *testing.F) {
	f.Add(int64(100000000), "0.0435", 360, uint8(0), "2025-01-31", int64(0), uint8(0))
	f.Add(int64(1), "10", 600, uint8(1), "2024-02-29", int64(100), uint8(1))
	f.Add(int64(1000000000000000), "0.0000000001", 1, uint8(3), "9999-01-31", int64(-1), uint8(2))
	f.Add(int64(300), "0", 400, uint8(2), "2025-12-31", int64(5), uint8(0))
	f.Fuzz(func(t *testing.T, fen int64, rate string, n int, method uint8, date string, fee int64, feeKind uint8) {
		r, err := money.ParseRate(rate)
		if err != nil {
			return
		}
		d, _ := money.ParseDate(date)
		methods := []contracts.RepaymentMethod{contracts.EqualInstallment, contracts.EqualPrincipal, contracts.InterestOnly, contracts.Bullet, "other"}
		kinds := []contracts.FeeKind{contracts.FeeUpfront, contracts.FeeDeducted, contracts.FeeMonthly, "other"}
		p, _ := money.ParseMoney(moneyString(fen))
		terms := contracts.Terms{
			Principal:    p,
			AnnualRate:   r,
			TermMonths:   n,
			Method:       methods[int(method)%len(methods)],
			Disbursement: d,
		}
		if fee != 0 {
			a, _ := money.ParseMoney(moneyString(fee))
			terms.Fees = []contracts.Fee{{Kind: kinds[int(feeKind)%len(kinds)], Amount: a}}
		}
		s, err := contracts.NewSchedule(terms)
		if err != nil {
			return
		}
		var sum money.Money
		for _, in := range s.Installments {
			if in.Balance.Sign() < 0 || in.Principal.Sign() < 0 || in.Interest.Sign() < 0 {
				t.Fatalf("negative amount in %+v", in)
			}
			sum, _ = sum.Add(in.Principal)
		}
		if sum != terms.Principal {
			t.Fatalf("Σ principal %s ≠ %s", sum, terms.Principal)
		}
		if s.MaxInstallment().Sign() <= 0 {
			t.Fatalf("max installment %s", s.MaxInstallment())
		}
	})
}

// moneyString writes a count of fen as an amount, for any int64.
func moneyString(fen int64) string {
	sign, u := "", uint64(fen)
	if fen < 0 {
		sign, u = "-", -u
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

func FuzzParseLPRCSV(f *testing.F) {
	f.Add([]byte("date,tenor,percent\n2025-05-20,1y,3.00\n"))
	f.Add([]byte("date,tenor,rate\n2025-05-20,5y,0.035\n2025-05-20,5y,0.036\n"))
	f.Add([]byte("date,tenor,rate\n\"2025-05-20\",1y,0.03"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := contracts.ParseLPRCSV(bytes.NewReader(data))
		if err != nil {
			return
		}
		checkLPRRows(t, rows)
	})
}

func FuzzParseLPRJSON(f *testing.F) {
	f.Add([]byte(`[{"date":"2025-05-20","tenor":"1y","rate":"0.03"}]`))
	f.Add([]byte(`[{"date":"2025-05-20","tenor":"5y","rate":"0.5"},{"date":"2025-05-20","tenor":"5y","rate":"0.4"}]`))
	f.Add([]byte(`[null]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := contracts.ParseLPRJSON(data)
		if err != nil {
			return
		}
		checkLPRRows(t, rows)
	})
}

// checkLPRRows checks that parsed rows make a table, or a conflict error,
// and that every row is then found by its own date.
func checkLPRRows(t *testing.T, rows []contracts.LPRRow) {
	t.Helper()
	table, err := contracts.NewLPRTable(rows)
	if err != nil {
		if !errors.Is(err, contracts.ErrLPRConflict) {
			t.Fatalf("parsed rows rejected: %v", err)
		}
		return
	}
	for _, r := range rows {
		got, err := table.LPR(r.Date, r.Tenor)
		if err != nil || got != r {
			t.Fatalf("LPR(%s, %s) = %v, %v; want %v", r.Date, r.Tenor, got, err, r)
		}
	}
	// Valid rows extend the shipped table, or are refused as a conflict
	// with it or as rewriting its history; never for another reason.
	if _, err := contracts.ShippedLPR().Extend(rows); err != nil && !errors.Is(err, contracts.ErrLPRConflict) && !errors.Is(err, contracts.ErrLPRHistory) {
		t.Fatal(err)
	}
}

// FuzzIRR checks that the solver always returns, whatever the flows.
func FuzzIRR(f *testing.F) {
	f.Add(int64(100000), int64(-50000), int64(-60000), int64(0))
	f.Add(int64(1), int64(-1), int64(1), int64(-1))
	f.Add(int64(-1000), int64(0), int64(0), int64(922337203685477580))
	f.Fuzz(func(t *testing.T, a, b, c, d int64) {
		var flows []money.Money
		for _, x := range []int64{a, b, c, d} {
			m, err := money.ParseMoney(moneyString(x))
			if err != nil {
				return
			}
			flows = append(flows, m)
		}
		_, _ = contracts.IRR(flows)
	})
}
