package contracts_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

func TestCheckRateCap(t *testing.T) {
	rate := func(s string) *money.Rate { r := money.MustRate(s); return &r }
	loan := func(annual string, fees ...contracts.Fee) contracts.Schedule {
		return mustSchedule(t, contracts.Terms{
			Principal:    money.MustMoney("100000"),
			AnnualRate:   money.MustRate(annual),
			TermMonths:   12,
			Method:       contracts.EqualInstallment,
			Disbursement: money.MustDate("2025-06-10"),
			Fees:         fees,
		})
	}
	deducted := contracts.Fee{Name: "服务费", Kind: contracts.FeeDeducted, Amount: money.MustMoney("3000")}
	tests := []struct {
		name      string
		s         contracts.Schedule
		contract  string
		policy    contracts.CapPolicy
		rule      string
		severity  check.Severity
		figure    string
		capRate   string // "" for no cap
		inMessage string
	}{
		{"private at the cap", loan("0.12"), "", contracts.CapPolicy{Regime: contracts.RegimePrivateLending},
			contracts.RulePrivateLendingCap, check.Info, "0.12", "0.12", "is within the cap 12.00% (4 × one-year LPR 3.00% published 2025-05-20)"},
		{"private above", loan("0.1201"), "", contracts.CapPolicy{Regime: contracts.RegimePrivateLending},
			contracts.RulePrivateLendingCap, check.Block, "0.1201", "0.12", "contract annual rate 12.01% exceeds"},
		{"private, fee deducted", loan("0.10", deducted), "", contracts.CapPolicy{Regime: contracts.RegimePrivateLending},
			contracts.RulePrivateLendingCap, check.Block, "0.1579721682", "0.12", "annualized rate (IRR of net cash flows, nominal) 15.7972% exceeds"},
		{"private, older LPR", loan("0.14"), "2024-01-01", contracts.CapPolicy{Regime: contracts.RegimePrivateLending},
			contracts.RulePrivateLendingCap, check.Block, "0.14", "0.138", "14.00% exceeds the cap 13.80% (4 × one-year LPR 3.45% published 2023-08-21)"},
		{"small loan ok", loan("0.10"), "", contracts.CapPolicy{Regime: contracts.RegimeSmallLoan},
			contracts.RuleMicrolenderCost, check.Info, "0.10", "0.12", "is within"},
		{"small loan warn", loan("0.18"), "", contracts.CapPolicy{Regime: contracts.RegimeSmallLoan},
			contracts.RuleMicrolenderCost, check.Warn, "0.18", "0.12", "exceeds the cap 12.00%"},
		// Figures checked with a 50-digit bisection in Python.
		{"small loan block", loan("0.22", deducted), "", contracts.CapPolicy{Regime: contracts.RegimeSmallLoan},
			contracts.RuleMicrolenderCost, check.Block, "0.2796539116", "0.24", "small-loan company ceiling"},
		{"small loan own ceiling", loan("0.22"), "", contracts.CapPolicy{Regime: contracts.RegimeSmallLoan, MicrolenderCap: rate("0.2")},
			contracts.RuleMicrolenderCost, check.Block, "0.22", "0.20", "ceiling"},
		{"licensed", loan("0.30"), "", contracts.CapPolicy{Regime: contracts.RegimeLicensed},
			contracts.RuleAPRDisclosure, check.Info, "0.30", "", "no cap applies"},
		{"zero policy", loan("0.30"), "", contracts.CapPolicy{},
			contracts.RuleAPRDisclosure, check.Info, "0.30", "", "no cap applies"},
		{"custom", loan("0.16"), "", contracts.CapPolicy{Regime: contracts.RegimeCustom, CustomCap: rate("0.15")},
			contracts.RuleCustomCap, check.Block, "0.16", "0.15", "lender's own cap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var on money.Date
			if tt.contract != "" {
				on = money.MustDate(tt.contract)
			}
			res, err := contracts.CheckRateCap(tt.s, on, tt.policy, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.RuleID != tt.rule || res.Severity != tt.severity {
				t.Errorf("rule %s severity %s, want %s %s", res.RuleID, res.Severity, tt.rule, tt.severity)
			}
			if res.Figure.String() != tt.figure {
				t.Errorf("figure %s, want %s", res.Figure, tt.figure)
			}
			switch {
			case tt.capRate == "" && res.Cap != nil:
				t.Errorf("cap %s, want none", res.Cap)
			case tt.capRate != "" && (res.Cap == nil || res.Cap.String() != tt.capRate):
				t.Errorf("cap %v, want %s", res.Cap, tt.capRate)
			}
			if res.Exceeded != (tt.severity != check.Info) {
				t.Errorf("exceeded = %v with severity %s", res.Exceeded, res.Severity)
			}
			if !strings.Contains(res.Message, tt.inMessage) || res.Citation == "" {
				t.Errorf("message %q (citation %q), want it to contain %q", res.Message, res.Citation, tt.inMessage)
			}
		})
	}
	t.Run("errors", func(t *testing.T) {
		s := loan("0.1")
		for _, tc := range []struct {
			policy contracts.CapPolicy
			field  string
			reason error
		}{
			{contracts.CapPolicy{Regime: contracts.RegimeCustom}, "custom_cap", check.ErrRequired},
			{contracts.CapPolicy{Regime: "bank"}, "regime", check.ErrOneOf},
		} {
			_, err := contracts.CheckRateCap(s, money.Date{}, tc.policy, nil)
			var fe *check.FieldError
			if !errors.Is(err, contracts.ErrInvalidCapPolicy) || !errors.Is(err, tc.reason) || !errors.As(err, &fe) || fe.Field != tc.field {
				t.Errorf("%+v: %v, want ErrInvalidCapPolicy naming %s", tc.policy, err, tc.field)
			}
		}
		if _, err := contracts.CheckRateCap(s, money.MustDate("2019-01-01"), contracts.CapPolicy{Regime: contracts.RegimePrivateLending}, nil); !errors.Is(err, contracts.ErrNoLPR) {
			t.Errorf("contract before the first LPR: %v, want ErrNoLPR", err)
		}
	})
}

// TestCheckRateCap_Chinese checks that a cap result renders in Chinese from
// its key, with the figure, the cap and where the cap comes from.
func TestCheckRateCap_Chinese(t *testing.T) {
	msgs := contracts.Messages()
	if err := msgs.Validate(); err != nil {
		t.Fatal(err)
	}
	s := mustSchedule(t, contracts.Terms{Principal: money.MustMoney("100000"), AnnualRate: money.MustRate("0.14"), TermMonths: 12,
		Method: contracts.EqualInstallment, Disbursement: money.MustDate("2025-06-10")})
	res, err := contracts.CheckRateCap(s, money.MustDate("2024-01-01"), contracts.CapPolicy{Regime: contracts.RegimePrivateLending}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := msgs.Render(check.ZH, res.Key, res.Params), "合同年利率 14.00% 超过上限 13.80%（2023-08-21 公布的一年期 LPR 3.45% 的 4 倍）"; got != want {
		t.Errorf("zh %q, want %q", got, want)
	}
	if got := msgs.Render(check.EN, res.Key, res.Params); got != res.Message {
		t.Errorf("en %q, Message %q", got, res.Message)
	}
}

func TestOverdueInterest(t *testing.T) {
	item := contracts.OverdueItem{DueDate: money.MustDate("2025-06-10"), Principal: money.MustMoney("10000"), Interest: money.MustMoney("50")}
	rate := func(s string) *money.Rate { r := money.MustRate(s); return &r }
	tests := []struct {
		name    string
		o       contracts.Overdue
		penalty string // penalty, compound, claimed, cap, total
		capped  bool
	}{
		{"default 50% markup, 360 days", contracts.Overdue{ContractRate: money.MustRate("0.06"), Items: []contracts.OverdueItem{item}, AsOf: money.MustDate("2025-07-10")},
			"75.00 0.00 75.00 0.00 75.00", false},
		{"compound, 365 days, 30% markup", contracts.Overdue{ContractRate: money.MustRate("0.06"), Items: []contracts.OverdueItem{item}, AsOf: money.MustDate("2025-07-10"),
			Policy: contracts.OverduePolicy{Markup: rate("0.3"), DayBasis: 365, Compound: true}},
			"64.11 0.32 64.43 0.00 64.43", false},
		{"compound tie half up", contracts.Overdue{ContractRate: money.MustRate("0.06"), Items: []contracts.OverdueItem{item}, AsOf: money.MustDate("2025-07-10"),
			Policy: contracts.OverduePolicy{Compound: true}},
			"75.00 0.38 75.38 0.00 75.38", false},
		{"compound tie half even", contracts.Overdue{ContractRate: money.MustRate("0.06"), Items: []contracts.OverdueItem{{DueDate: item.DueDate, Interest: money.MustMoney("10")}}, AsOf: money.MustDate("2025-07-10"),
			Policy: contracts.OverduePolicy{Compound: true, Rounding: money.HalfEven}},
			"0.00 0.08 0.08 0.00 0.08", false},
		{"private-lending cap", contracts.Overdue{ContractRate: money.MustRate("0.06"), Items: []contracts.OverdueItem{item}, AsOf: money.MustDate("2025-07-10"),
			Policy: contracts.OverduePolicy{Compound: true}, Penalties: money.MustMoney("30"), Cap: rate("0.12")},
			"75.00 0.38 105.38 98.63 98.63", true},
		{"not yet due", contracts.Overdue{ContractRate: money.MustRate("0.06"), Items: []contracts.OverdueItem{item}, AsOf: money.MustDate("2025-06-01"), Cap: rate("0.12")},
			"0.00 0.00 0.00 0.00 0.00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := contracts.OverdueInterest(tt.o)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join([]string{res.PenaltyInterest.String(), res.CompoundInterest.String(), res.Claimed.String(), res.CapAmount.String(), res.Total.String()}, " ")
			if got != tt.penalty || res.Capped != tt.capped {
				t.Errorf("got %s capped %v, want %s capped %v", got, res.Capped, tt.penalty, tt.capped)
			}
		})
	}
	t.Run("invalid", func(t *testing.T) {
		_, err := contracts.OverdueInterest(contracts.Overdue{Policy: contracts.OverduePolicy{DayBasis: 366}, Items: []contracts.OverdueItem{{Principal: money.MustMoney("-1")}}})
		if !errors.Is(err, contracts.ErrInvalidOverdue) {
			t.Errorf("err = %v, want ErrInvalidOverdue", err)
		}
		for _, want := range []string{"as_of: is required", "policy.day_basis: must be one of: 360, 365", "items[0].due_date", "items[0].principal"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want %q", err, want)
			}
		}
	})
	t.Run("cap from policy", func(t *testing.T) {
		c, err := contracts.CapPolicy{Regime: contracts.RegimePrivateLending}.OverdueCap(nil, money.MustDate("2025-06-10"))
		if err != nil || c == nil || c.String() != "0.12" {
			t.Errorf("OverdueCap = %v, %v", c, err)
		}
		c, err = contracts.CapPolicy{Regime: contracts.RegimeLicensed}.OverdueCap(nil, money.MustDate("2025-06-10"))
		if err != nil || c != nil {
			t.Errorf("licensed OverdueCap = %v, %v", c, err)
		}
	})
}
