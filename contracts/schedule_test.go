package contracts_test

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// mortgage is the known answer: 1,000,000.00 at 4.35% over 30 years.
func mortgage() contracts.Terms {
	return contracts.Terms{
		Principal:    money.MustMoney("1000000.00"),
		AnnualRate:   money.MustRate("0.0435"),
		TermMonths:   360,
		Method:       contracts.EqualInstallment,
		Disbursement: money.MustDate("2025-01-31"),
	}
}

func mustSchedule(t testing.TB, terms contracts.Terms) contracts.Schedule {
	t.Helper()
	s, err := contracts.NewSchedule(terms)
	if err != nil {
		t.Fatalf("NewSchedule: %v", err)
	}
	return s
}

func TestNewSchedule_knownAnswer(t *testing.T) {
	s := mustSchedule(t, mortgage())
	if len(s.Installments) != 360 {
		t.Fatalf("got %d installments, want 360", len(s.Installments))
	}
	first, last := s.Installments[0], s.Installments[359]
	checks := []struct{ name, got, want string }{
		{"payment", first.Payment.String(), "4978.12"},
		{"first interest", first.Interest.String(), "3625.00"},
		{"first principal", first.Principal.String(), "1353.12"},
		{"last payment", last.Payment.String(), "4976.51"},
		{"last balance", last.Balance.String(), "0.00"},
		{"total interest", s.TotalInterest.String(), "792121.59"},
		{"total payment", s.TotalPayment.String(), "1792121.59"},
		{"max installment", s.MaxInstallment().String(), "4978.12"},
		{"first due", first.DueDate.String(), "2025-02-28"},
		{"second due", s.Installments[1].DueDate.String(), "2025-03-31"},
		{"last due", last.DueDate.String(), "2055-01-31"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
		}
	}
	for i, in := range s.Installments[:359] {
		if in.Payment.String() != "4978.12" {
			t.Fatalf("installment %d payment %s, want 4978.12", i+1, in.Payment)
		}
	}
}

func TestNewSchedule_methods(t *testing.T) {
	base := contracts.Terms{
		Principal:    money.MustMoney("120000.00"),
		AnnualRate:   money.MustRate("0.06"),
		TermMonths:   12,
		Disbursement: money.MustDate("2024-01-15"),
	}
	tests := []struct {
		method contracts.RepaymentMethod
		rows   int
		// first and last rows as "payment principal interest balance"
		first, last    string
		totalInterest  string
		maxInstallment string
	}{
		{contracts.EqualInstallment, 12, "10327.97 9727.97 600.00 110272.03", "10327.99 10276.61 51.38 0.00", "3935.66", "10327.99"},
		{contracts.EqualPrincipal, 12, "10600.00 10000.00 600.00 110000.00", "10050.00 10000.00 50.00 0.00", "3900.00", "10600.00"},
		{contracts.InterestOnly, 12, "600.00 0.00 600.00 120000.00", "120600.00 120000.00 600.00 0.00", "7200.00", "120600.00"},
		{contracts.Bullet, 1, "127200.00 120000.00 7200.00 0.00", "127200.00 120000.00 7200.00 0.00", "7200.00", "127200.00"},
	}
	row := func(in contracts.Installment) string {
		return fmt.Sprintf("%s %s %s %s", in.Payment, in.Principal, in.Interest, in.Balance)
	}
	for _, tt := range tests {
		t.Run(string(tt.method), func(t *testing.T) {
			terms := base
			terms.Method = tt.method
			s := mustSchedule(t, terms)
			if len(s.Installments) != tt.rows {
				t.Fatalf("rows = %d, want %d", len(s.Installments), tt.rows)
			}
			if got := row(s.Installments[0]); got != tt.first {
				t.Errorf("first = %s, want %s", got, tt.first)
			}
			if got := row(s.Installments[len(s.Installments)-1]); got != tt.last {
				t.Errorf("last = %s, want %s", got, tt.last)
			}
			if got := s.TotalInterest.String(); got != tt.totalInterest {
				t.Errorf("total interest = %s, want %s", got, tt.totalInterest)
			}
			if got := s.MaxInstallment().String(); got != tt.maxInstallment {
				t.Errorf("max installment = %s, want %s", got, tt.maxInstallment)
			}
			if got := s.Installments[len(s.Installments)-1].DueDate.String(); got != "2025-01-15" {
				t.Errorf("maturity = %s, want 2025-01-15", got)
			}
		})
	}
}

func TestNewSchedule_zeroRate(t *testing.T) {
	terms := contracts.Terms{
		Principal:    money.MustMoney("100.00"),
		TermMonths:   3,
		Method:       contracts.EqualInstallment,
		Disbursement: money.MustDate("2024-11-30"),
	}
	s := mustSchedule(t, terms)
	var got []string
	for _, in := range s.Installments {
		got = append(got, in.DueDate.String()+" "+in.Payment.String())
	}
	want := "2024-12-30 33.33, 2025-01-30 33.33, 2025-02-28 33.34"
	if strings.Join(got, ", ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, ", "), want)
	}
	if !s.TotalInterest.IsZero() {
		t.Errorf("total interest %s, want 0.00", s.TotalInterest)
	}
}

func TestNewSchedule_rounding(t *testing.T) {
	// 1000.00 at 6.3% for one month: interest 5.25 exactly; at 0.63% it is
	// 0.525, a tie that the two rules break differently.
	terms := contracts.Terms{
		Principal:    money.MustMoney("1000.00"),
		AnnualRate:   money.MustRate("0.0063"),
		TermMonths:   1,
		Method:       contracts.InterestOnly,
		Disbursement: money.MustDate("2024-01-01"),
	}
	for _, tt := range []struct {
		rounding money.Rounding
		want     string
	}{{"", "0.53"}, {money.HalfUp, "0.53"}, {money.HalfEven, "0.52"}} {
		terms.Rounding = tt.rounding
		s := mustSchedule(t, terms)
		if got := s.Installments[0].Interest.String(); got != tt.want {
			t.Errorf("%q: interest = %s, want %s", tt.rounding, got, tt.want)
		}
	}
}

func TestNewSchedule_fees(t *testing.T) {
	terms := mortgage()
	terms.TermMonths = 12
	terms.Principal = money.MustMoney("12000.00")
	terms.Fees = []contracts.Fee{
		{Name: "服务费", Kind: contracts.FeeUpfront, Amount: money.MustMoney("100.00")},
		{Name: "手续费", Kind: contracts.FeeDeducted, Amount: money.MustMoney("200.00")},
		{Name: "账户管理费", Kind: contracts.FeeMonthly, Amount: money.MustMoney("10.00")},
	}
	terms.InterestDeducted = money.MustMoney("50.00")
	s := mustSchedule(t, terms)
	if got := s.AmountReceived.String(); got != "11650.00" {
		t.Errorf("amount received = %s, want 11650.00", got)
	}
	if got := s.TotalFees.String(); got != "420.00" {
		t.Errorf("total fees = %s, want 420.00", got)
	}
	in := s.Installments[0]
	if in.Fee.String() != "10.00" || in.Payment.String() != "1033.72" {
		t.Errorf("first row fee %s payment %s, want 10.00 and 1033.72", in.Fee, in.Payment)
	}
	// A bullet loan with a monthly fee has a row every month.
	terms.Method = contracts.Bullet
	s = mustSchedule(t, terms)
	if len(s.Installments) != 12 || s.Installments[0].Payment.String() != "10.00" {
		t.Errorf("bullet with monthly fee: %d rows, first %s", len(s.Installments), s.Installments[0].Payment)
	}
}

func TestTerms_Validate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*contracts.Terms)
		want   string
		reason error
	}{
		{"term zero", func(t *contracts.Terms) { t.TermMonths = 0 }, "term_months: must be between 1 and 600", check.ErrRange},
		{"term long", func(t *contracts.Terms) { t.TermMonths = 601 }, "term_months: must be between 1 and 600", check.ErrRange},
		{"principal", func(t *contracts.Terms) { t.Principal = money.Money{} }, "principal: must be greater than 0", check.ErrRange},
		{"principal big", func(t *contracts.Terms) { t.Principal = money.MustMoney("10000000000000.01") }, "principal: must be at most 10000000000000.00", check.ErrRange},
		{"rate", func(t *contracts.Terms) { t.AnnualRate = money.MustRate("10.5") }, "annual_rate: must be at most 10", check.ErrRange},
		{"method", func(t *contracts.Terms) { t.Method = "balloon" }, "method: must be one of: equal_installment", check.ErrOneOf},
		{"date", func(t *contracts.Terms) { t.Disbursement = money.Date{} }, "disbursement_date: is required", check.ErrRequired},
		{"rounding", func(t *contracts.Terms) { t.Rounding = "up" }, "rounding: must be one of: half_up, half_even", check.ErrOneOf},
		{"fee kind", func(t *contracts.Terms) { t.Fees = []contracts.Fee{{Kind: "yearly"}} }, "fees[0].kind: must be one of", check.ErrOneOf},
		{"fee amount", func(t *contracts.Terms) {
			t.Fees = []contracts.Fee{{Kind: contracts.FeeMonthly, Amount: money.MustMoney("-1")}}
		}, "fees[0].amount: must not be negative", check.ErrRange},
		{"withheld", func(t *contracts.Terms) {
			t.Fees = []contracts.Fee{{Kind: contracts.FeeDeducted, Amount: money.MustMoney("1000000")}}
		}, "fees: interest and fees taken at disbursement (1000000.00) leave nothing", check.ErrRange},
		{"interest deducted", func(t *contracts.Terms) { t.InterestDeducted = money.MustMoney("-0.01") }, "interest_deducted: must not be negative", check.ErrRange},
		{"fee name", func(t *contracts.Terms) {
			t.Fees = []contracts.Fee{{Name: strings.Repeat("费", 101), Kind: contracts.FeeMonthly}}
		}, "fees[0].name: must be at most 100 characters", check.ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			terms := mortgage()
			tt.modify(&terms)
			_, err := contracts.NewSchedule(terms)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			var fe *check.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, contracts.ErrInvalidTerms) || !errors.Is(err, tt.reason) {
				t.Errorf("err %v is not a *check.FieldError of reason %v wrapping ErrInvalidTerms", err, tt.reason)
			}
		})
	}
	t.Run("all at once", func(t *testing.T) {
		err := contracts.Terms{}.Validate()
		var ps *check.Problems
		if !errors.As(err, &ps) || len(ps.Fields) != 4 {
			t.Fatalf("err = %v, want 4 problems", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		if err := mortgage().Validate(); err != nil {
			t.Fatal(err)
		}
	})
}

// refSchedule recomputes a schedule independently with math/big.Rat, from
// the formulas in the issue, and returns its rows as
// "payment principal interest fee balance".
func refSchedule(t contracts.Terms) []string {
	P := ratOf(t.Principal.String())
	a := ratOf(t.AnnualRate.Decimal().String())
	r := new(big.Rat).Quo(a, big.NewRat(12, 1))
	n := t.TermMonths
	fee := new(big.Rat)
	for _, f := range t.Fees {
		if f.Kind == contracts.FeeMonthly {
			fee.Add(fee, ratOf(f.Amount.String()))
		}
	}
	even := t.Rounding == money.HalfEven
	round := func(x *big.Rat) *big.Rat { return roundFen(x, even) }
	mul := func(x, y *big.Rat) *big.Rat { return new(big.Rat).Mul(x, y) }
	sub := func(x, y *big.Rat) *big.Rat { return new(big.Rat).Sub(x, y) }
	add := func(x, y *big.Rat) *big.Rat { return new(big.Rat).Add(x, y) }
	minR := func(x, y *big.Rat) *big.Rat {
		if x.Cmp(y) < 0 {
			return x
		}
		return y
	}
	var rows []string
	bal := new(big.Rat).Set(P)
	emit := func(pr, in *big.Rat) {
		bal = sub(bal, pr)
		pay := add(add(pr, in), fee)
		rows = append(rows, fmt.Sprintf("%s %s %s %s %s", pay.FloatString(2), pr.FloatString(2), in.FloatString(2), fee.FloatString(2), bal.FloatString(2)))
	}
	switch t.Method {
	case contracts.EqualInstallment:
		var pay *big.Rat
		if r.Sign() == 0 {
			pay = round(new(big.Rat).Quo(P, big.NewRat(int64(n), 1)))
		} else {
			g := new(big.Rat).SetInt64(1)
			q := add(g, r)
			for range n {
				g.Mul(g, q)
			}
			pay = round(new(big.Rat).Quo(mul(mul(P, r), g), sub(g, big.NewRat(1, 1))))
		}
		for k := 1; k <= n; k++ {
			in := round(mul(bal, r))
			pr := new(big.Rat)
			if pay.Cmp(in) > 0 {
				pr = sub(pay, in)
			}
			if k == n {
				pr = bal
			}
			emit(minR(pr, bal), in)
		}
	case contracts.EqualPrincipal:
		each := round(new(big.Rat).Quo(P, big.NewRat(int64(n), 1)))
		for k := 1; k <= n; k++ {
			in := round(mul(bal, r))
			pr := minR(each, bal)
			if k == n {
				pr = bal
			}
			emit(pr, in)
		}
	case contracts.InterestOnly:
		in := round(mul(P, r))
		for k := 1; k <= n; k++ {
			pr := new(big.Rat)
			if k == n {
				pr = P
			}
			emit(pr, in)
		}
	case contracts.Bullet:
		in := round(mul(mul(P, a), big.NewRat(int64(n), 12)))
		start := 1
		if fee.Sign() == 0 {
			start = n
		}
		for k := start; k <= n; k++ {
			if k < n {
				emit(new(big.Rat), new(big.Rat))
			} else {
				emit(P, in)
			}
		}
	}
	return rows
}

func ratOf(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

// roundFen rounds a non-negative rational to the fen, ties up or to even.
func roundFen(x *big.Rat, even bool) *big.Rat {
	y := new(big.Rat).Mul(x, big.NewRat(100, 1))
	q, m := new(big.Int).QuoRem(y.Num(), y.Denom(), new(big.Int))
	m.Lsh(m, 1)
	if c := m.Cmp(y.Denom()); c > 0 || (c == 0 && (!even || q.Bit(0) == 1)) {
		q.Add(q, big.NewInt(1))
	}
	return new(big.Rat).SetFrac(q, big.NewInt(100))
}

// randomTerms returns realistic random terms: rates up to 24%, principals
// from 100,000 yuan, so that rounding never exhausts the balance early.
func randomTerms(rng *rand.Rand) contracts.Terms {
	methods := []contracts.RepaymentMethod{contracts.EqualInstallment, contracts.EqualPrincipal, contracts.InterestOnly, contracts.Bullet}
	n := 1 + rng.IntN(360)
	if rng.IntN(8) == 0 {
		n = 361 + rng.IntN(240)
	}
	rate := rng.IntN(2400001) // up to 0.2400000
	if n > 360 {
		rate = rng.IntN(100001)
	}
	if rng.IntN(10) == 0 {
		rate = 0
	}
	terms := contracts.Terms{
		Principal:    money.MustMoney(fmt.Sprintf("%d.%02d", 100000+rng.IntN(50000000), rng.IntN(100))),
		AnnualRate:   money.MustRate(fmt.Sprintf("0.%07d", rate)),
		TermMonths:   n,
		Method:       methods[rng.IntN(len(methods))],
		Disbursement: money.MustDate(fmt.Sprintf("%d-%02d-%02d", 2000+rng.IntN(40), 1+rng.IntN(12), 1+rng.IntN(28))),
	}
	if rng.IntN(3) == 0 {
		d := terms.Disbursement
		terms.Disbursement = money.Date{Year: d.Year, Month: d.Month, Day: 31}.AddMonths(0)
	}
	if rng.IntN(2) == 0 {
		terms.Rounding = money.HalfEven
	}
	if rng.IntN(4) == 0 {
		terms.Fees = []contracts.Fee{{Kind: contracts.FeeMonthly, Amount: money.MustMoney(fmt.Sprintf("%d.%02d", rng.IntN(100), rng.IntN(100)))}}
	}
	return terms
}

func TestNewSchedule_properties(t *testing.T) {
	rng := rand.New(rand.NewPCG(20251231, 3))
	for c := range 300 {
		terms := randomTerms(rng)
		name := fmt.Sprintf("%d:%s/%s/%d/%s", c, terms.Principal, terms.AnnualRate, terms.TermMonths, terms.Method)
		s, err := contracts.NewSchedule(terms)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rows := s.Installments
		// Σ principal = P, balances non-negative, falling, ending at zero.
		var sum money.Money
		prevBal := terms.Principal
		for i, in := range rows {
			sum, _ = sum.Add(in.Principal)
			if in.Balance.Sign() < 0 || in.Balance.Cmp(prevBal) > 0 {
				t.Fatalf("%s: row %d balance %s after %s", name, i+1, in.Balance, prevBal)
			}
			if want, _ := prevBal.Sub(in.Principal); want.Cmp(in.Balance) != 0 {
				t.Fatalf("%s: row %d balance %s, want %s", name, i+1, in.Balance, want)
			}
			pay, _ := in.Principal.Add(in.Interest)
			pay, _ = pay.Add(in.Fee)
			if pay.Cmp(in.Payment) != 0 {
				t.Fatalf("%s: row %d payment %s ≠ principal + interest + fee", name, i+1, in.Payment)
			}
			if want := terms.Disbursement.AddMonths(in.Period); in.DueDate != want {
				t.Fatalf("%s: row %d due %s, want %s", name, i+1, in.DueDate, want)
			}
			prevBal = in.Balance
		}
		if sum.Cmp(terms.Principal) != 0 || !prevBal.IsZero() {
			t.Fatalf("%s: Σ principal %s, final balance %s", name, sum, prevBal)
		}
		switch terms.Method {
		case contracts.EqualPrincipal:
			// Payments never rise, except that the last period takes the
			// rounding remainder of the principal.
			for i := 1; i < len(rows)-1; i++ {
				if rows[i].Payment.Cmp(rows[i-1].Payment) > 0 {
					t.Fatalf("%s: payment rises at row %d", name, i+1)
				}
			}
		case contracts.EqualInstallment:
			for i := 1; i < len(rows)-1; i++ {
				if rows[i].Payment.Cmp(rows[0].Payment) != 0 {
					t.Fatalf("%s: row %d payment %s ≠ %s", name, i+1, rows[i].Payment, rows[0].Payment)
				}
			}
		}
		// Every row agrees with the independent big.Rat computation.
		ref := refSchedule(terms)
		if len(ref) != len(rows) {
			t.Fatalf("%s: %d rows, reference %d", name, len(rows), len(ref))
		}
		for i, in := range rows {
			got := fmt.Sprintf("%s %s %s %s %s", in.Payment, in.Principal, in.Interest, in.Fee, in.Balance)
			if got != ref[i] {
				t.Fatalf("%s: row %d = %s, reference %s", name, i+1, got, ref[i])
			}
		}
	}
}

func TestDate_AddMonths(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2025-01-31", 1, "2025-02-28"},
		{"2025-01-31", 2, "2025-03-31"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2024-12-15", 1, "2025-01-15"},
		{"2024-01-15", -13, "2022-12-15"},
		{"2025-08-30", 6, "2026-02-28"},
	}
	for _, tt := range tests {
		if got := money.MustDate(tt.from).AddMonths(tt.n).String(); got != tt.want {
			t.Errorf("%s + %d months = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestDate_days(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for range 500 {
		a := time.Date(1900+rng.IntN(300), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		n := rng.IntN(40000) - 20000
		b := a.AddDate(0, 0, n)
		da, db := money.DateOf(a), money.DateOf(b)
		if got := da.AddDays(n); got != db {
			t.Fatalf("%s + %d days = %s, want %s", da, n, got, db)
		}
		if got := db.DaysSince(da); got != n {
			t.Fatalf("%s − %s = %d, want %d", db, da, got, n)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2025-02-29", "2025-13-01", "2025-1-01", "20250101", "", "2025-01-01T00:00:00Z", "0000-01-01"} {
		if _, err := money.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	if d := money.MustDate("2024-02-29"); d.Time() != time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC) {
		t.Errorf("Time() = %v", d.Time())
	}
}
