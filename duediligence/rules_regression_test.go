package duediligence_test

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestCatalogue_ExactRatios holds the regressions of ratios that were
// rounded to four digits before they were compared, and so passed a limit
// they broke: DSR 0.50004, DSCR 1.199992 and leverage 0.70004. The message
// shows enough digits not to look equal to the limit.
func TestCatalogue_ExactRatios(t *testing.T) {
	for _, tc := range []struct {
		name, rule string
		build      ruleCase
		shown      string
	}{
		// (34,220.23 + 15,783.77) / 100,000.00 = 0.50004 > 0.50.
		{"DSR 0.50004", "repayment.dsr", person(func(c *dd.Case, _ *dd.Policy) {
			c.Applicant.MonthlyIncome, c.Applicant.MonthlyDebtPayments = m("100000.00"), m("34220.23")
		}), "DSR 50.004%"},
		// Debt service 153.73 × 12 + 15,783.77 × 12 = 191,250.00; cash flow
		// 179,498.47 + interest 50,000.00 = 229,498.47 = 1.199992 × 191,250 < 1.20.
		{"DSCR 1.199992", "repayment.dscr", company(func(c *dd.Case, _ *dd.Policy) {
			c.Applicant.MonthlyDebtPayments = m("153.73")
			c.Applicant.Statements[0].OperatingCashFlow = money.MustMoney("179498.47")
		}), "DSCR 1.19999"},
		// 7,000,400 / 10,000,000 = 0.70004 > 0.70.
		{"leverage 0.70004", "repayment.leverage", company(func(c *dd.Case, _ *dd.Policy) {
			c.Applicant.Statements[0].TotalLiabilities = money.MustMoney("7000400.00")
		}), "debt-to-asset ratio 70.004%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := rulePolicy()
			got := resultsOf(tc.build(t, p), p, tc.rule)
			require.Len(t, got, 1, "the limit is broken by less than the fourth digit")
			assert.Contains(t, got[0].Message, tc.shown)
			assert.NotContains(t, dd.Messages().RenderResult(got[0], check.ZH), "{")
		})
	}
	t.Run("exactly at the limit passes", func(t *testing.T) {
		p := rulePolicy()
		c := cleanPerson(t, p)
		c.Applicant.MonthlyIncome, c.Applicant.MonthlyDebtPayments = m("100000.00"), m("34216.23") // 50,000.00 / 100,000.00
		assert.Empty(t, resultsOf(c, p, "repayment.dsr"))
	})
}

// TestCatalogue_FailClosed checks that a rule that cannot compute its
// figure blocks, whatever its default severity, saying what it could not
// compute: a figure nobody computed has not passed its limit.
func TestCatalogue_FailClosed(t *testing.T) {
	noRate := func(_ *dd.Case, p *dd.Policy) {
		p.Valuation.AdvanceRates = maps.Clone(p.Valuation.AdvanceRates)
		delete(p.Valuation.AdvanceRates, collateral.KindResidential)
	}
	for _, tc := range []struct {
		name, rule, key, path string
		build                 ruleCase
	}{
		{"no income for the DSR", "repayment.dsr", "repayment.dsr.no_income", "applicant.monthly_income",
			person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.MonthlyIncome = nil })},
		{"no schedule for the DSR", "repayment.dsr", "repayment.no_schedule", "request",
			person(func(c *dd.Case, _ *dd.Policy) { c.Request.TermMonths = 0 })},
		{"no statements for the DSCR", "repayment.dscr", "repayment.dscr.no_statements", "applicant.statements",
			company(func(c *dd.Case, _ *dd.Policy) { c.Applicant.Statements = nil })},
		{"no schedule for the DSCR", "repayment.dscr", "repayment.no_schedule", "request",
			company(func(c *dd.Case, _ *dd.Policy) { c.Request.TermMonths = 0 })},
		{"no statements for the leverage", "repayment.leverage", "repayment.leverage.no_statements", "applicant.statements",
			company(func(c *dd.Case, _ *dd.Policy) { c.Applicant.Statements = nil })},
		{"no assets for the leverage", "repayment.leverage", "repayment.leverage.not_computed", "applicant.statements",
			company(func(c *dd.Case, _ *dd.Policy) { c.Applicant.Statements[0].TotalAssets = money.Money{} })},
		{"collateral the policy has no advance rate for", collateral.RuleCoverage, "collateral.coverage.no_advance_rate", "collateral[0].kind",
			person(noRate)},
		{"no net assets for the single-borrower limit", "limit.single_borrower", "limit.single_borrower.no_net_assets", "request.amount",
			person(func(_ *dd.Case, p *dd.Policy) { p.Pricing.Regime = contracts.RegimeSmallLoan })},
		{"no schedule for the APR", contracts.RuleAPRDisclosure, "repayment.no_schedule", "request",
			person(func(c *dd.Case, _ *dd.Policy) { c.Request.TermMonths = 0 })},
		{"no schedule for the private-lending cap", contracts.RulePrivateLendingCap, "repayment.no_schedule", "request",
			person(func(c *dd.Case, p *dd.Policy) {
				c.Request.TermMonths, p.Pricing.Regime = 0, contracts.RegimePrivateLending
			})},
		{"no LPR for the private-lending cap", contracts.RulePrivateLendingCap, "pricing.cap.not_computed", "request.annual_rate",
			person(func(_ *dd.Case, p *dd.Policy) {
				p.Pricing.Regime = contracts.RegimePrivateLending
			})},
		{"no birth date for the borrower's capacity", "borrower.capacity", "borrower.no_birth_date", "applicant.birth_date",
			person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.IDNumber, c.Applicant.BirthDate = "", "" })},
		{"no birth date for the age at maturity", "borrower.age_at_maturity", "borrower.no_birth_date", "applicant.birth_date",
			person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.IDNumber, c.Applicant.BirthDate = "", "" })},
		{"no net worth for the guarantor's capacity", "guarantor.capacity", "guarantor.capacity.no_net_worth", "guarantees[0].net_worth",
			person(func(c *dd.Case, _ *dd.Policy) { c.Guarantees[0].NetWorth = nil })},
		{"no plan for the working-capital need", "purpose.working_capital_need", "purpose.working_capital_need.no_plan", "request.working_capital",
			company(func(c *dd.Case, _ *dd.Policy) { c.Request.WorkingCapital = nil })},
		{"no cash cycle for the working-capital need", "purpose.working_capital_need", "purpose.working_capital_need.not_estimable", "applicant.statements",
			company(func(c *dd.Case, _ *dd.Policy) { c.Applicant.Statements[0].CostOfSales = money.Money{} })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := rulePolicy()
			c := tc.build(t, p)
			v := dd.NewView(c, p, now)
			if tc.key == "pricing.cap.not_computed" {
				v = dd.NewView(c, p, now.AddDate(-8, 0, 0)) // before the first LPR
			}
			var got []dd.Unmet
			for _, u := range dd.DefaultCatalogue().Evaluate(v, "") {
				if u.Rule == tc.rule {
					got = append(got, u)
				}
			}
			require.NotEmpty(t, got, "the rule passed a figure it could not compute")
			assert.Equal(t, check.Block, got[0].Severity)
			assert.Equal(t, tc.key, got[0].Key)
			assert.Equal(t, tc.path, got[0].Path)
			assert.NotEqual(t, got[0].Message, dd.Messages().RenderResult(got[0], check.ZH))
		})
	}
}

// TestCatalogue_FeesCountInTheAnnualizedRate holds the regression of a
// schedule that dropped the request's fees: 500,000 over 36 months at
// 12.00% with 20,000 of fees passed the private-lending cap of 12% (4 ×
// the 3.00% LPR) and disclosed the contract rate as its IRR. The fees are
// taken at disbursement, so the borrower receives 480,000 (民间借贷规定
// art. 26) and the annualized rate is above 12%.
func TestCatalogue_FeesCountInTheAnnualizedRate(t *testing.T) {
	loan := func(fees *money.Money) (*dd.Case, *dd.Policy) {
		p := rulePolicy()
		p.Pricing.Regime = contracts.RegimePrivateLending
		c := cleanPerson(t, p)
		c.Request.AnnualRate, c.Request.Fees = money.MustRate("0.12"), fees
		return c, p
	}
	c, p := loan(m("20000.00"))
	capped := resultsOf(c, p, contracts.RulePrivateLendingCap)
	require.Len(t, capped, 1, "the fees put the annualized cost above 12%%")
	assert.Equal(t, check.Block, capped[0].Severity)
	assert.Contains(t, capped[0].Message, "annualized rate (IRR of net cash flows, nominal)")
	assert.Contains(t, capped[0].Message, "exceeds the cap 12.00%")
	apr := resultsOf(c, p, contracts.RuleAPRDisclosure)
	require.Len(t, apr, 1)
	nominal := money.MustRate(apr[0].Params["nominal"])
	assert.Positive(t, nominal.Cmp(money.MustRate("0.1250")), "IRR %s: 20,000 of fees on 500,000 over 3 years add well over 0.5%%", nominal)

	c, p = loan(nil)
	assert.Empty(t, resultsOf(c, p, contracts.RulePrivateLendingCap), "at the cap without fees")
	apr = resultsOf(c, p, contracts.RuleAPRDisclosure)
	require.Len(t, apr, 1)
	assert.True(t, strings.HasPrefix(apr[0].Params["nominal"], "0.11999") || strings.HasPrefix(apr[0].Params["nominal"], "0.12"),
		"without fees the IRR is the contract rate, up to the rounding of payments: %s", apr[0].Params["nominal"])
}

// TestCatalogue_ResidentIDRegion checks identity.resident_id_region.
func TestCatalogue_ResidentIDRegion(t *testing.T) {
	p := rulePolicy()
	c := cleanPerson(t, p)
	c.Applicant.IDNumber = "990426199101010071"
	got := resultsOf(c, p, "identity.resident_id_region")
	require.Len(t, got, 1)
	assert.Equal(t, "region code 990426 is not a known county", got[0].Message)
	assert.Equal(t, "地区码 990426 不是已知的县级行政区划代码（含历史代码）", dd.Messages().RenderResult(got[0], check.ZH))

	// The regression: 119999 passed, as only the province (11, Beijing) was
	// checked; no county has that code.
	c = cleanPerson(t, p)
	c.Applicant.IDNumber = withResidentCheck("11999919910101007")
	got = resultsOf(c, p, "identity.resident_id_region")
	require.Len(t, got, 1, "a county that does not exist in a province that does")
	assert.Equal(t, "region code 119999 is not a known county", got[0].Message)

	c = cleanPerson(t, p)
	c.Applicant.IDNumber = withResidentCheck("11010519491231002") // Beijing, Chaoyang
	assert.Empty(t, resultsOf(c, p, "identity.resident_id_region"))
}

// withResidentCheck appends the GB 11643 check character to 17 digits.
func withResidentCheck(s string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	return s + string("10X98765432"[sum%11])
}

// TestLoadPolicy_ListsReplaceTheDefault holds the regression of a policy
// list merged element by element into the default list: a two-step
// approval matrix of department managers loaded as a second step "above
// 1000000.00" taken from the default matrix.
func TestLoadPolicy_ListsReplaceTheDefault(t *testing.T) {
	p, err := dd.LoadPolicy([]byte(`{"approval_matrix":[{"role":"department_manager"},{"role":"department_manager"}]}`))
	require.NoError(t, err)
	assert.Equal(t, []dd.ApprovalLevel{{Role: dd.RoleDepartmentManager}, {Role: dd.RoleDepartmentManager}}, p.ApprovalMatrix)

	p, err = dd.LoadPolicy([]byte(`{"documents":[{"type":"id_card","label":"身份证","applicant":["person"]}]}`))
	require.NoError(t, err)
	require.Len(t, p.Documents, 1, "the policy's checklist is the whole checklist")

	p, err = dd.LoadPolicy([]byte(`{"valuation":{"advance_rates":{"residential":"0.65"}},"limits":{"max_dsr":"0.55"}}`))
	require.NoError(t, err)
	def := dd.DefaultPolicy()
	assert.Equal(t, "0.65", p.Valuation.AdvanceRates[collateral.KindResidential].String())
	assert.Equal(t, def.Valuation.AdvanceRates[collateral.KindVehicle], p.Valuation.AdvanceRates[collateral.KindVehicle], "an object keeps the members it does not name")
	assert.Equal(t, def.Limits.MinDSCR, p.Limits.MinDSCR)
	assert.Equal(t, def.ApprovalMatrix, p.ApprovalMatrix)
}

// TestLoadPolicy_Strict checks that what encoding/json lets through is
// refused, naming the path.
func TestLoadPolicy_Strict(t *testing.T) {
	for _, tc := range []struct {
		name, json, field string
		reason            error
	}{
		{"a key given twice", `{"limits":{"max_dsr":"0.60","max_dsr":"0.40"}}`, "limits.max_dsr", check.ErrDuplicate},
		{"keys differing in case", `{"lender_name":"a","Lender_Name":"b"}`, "lender_name", check.ErrDuplicate},
		{"a NUL character", `{"lender_name":"某银行\u0000"}`, "lender_name", check.ErrEncoding},
		{"invalid UTF-8", "{\"lender_name\":\"\xff\"}", "lender_name", check.ErrEncoding},
		{"a lone surrogate", `{"version":"\udc00"}`, "version", check.ErrEncoding},
		{"a policy for a regime it does not know", `{"pricing":{"regime":"pawnshop"}}`, "pricing.regime", check.ErrOneOf},
		{"a lender's contact over 200 characters", `{"lender_contact":"` + strings.Repeat("电", 201) + `"}`, "lender_contact", check.ErrTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dd.LoadPolicy([]byte(tc.json))
			e := asError(t, err, dd.CodeInvalid)
			require.NotEmpty(t, e.Fields)
			assert.Equal(t, tc.field, e.Fields[0].Field)
			assert.True(t, errors.Is(&e.Fields[0], tc.reason), "%v is not %v", e.Fields[0].Err, tc.reason)
		})
	}
	_, err := dd.LoadPolicy([]byte(`{"version":"a"} {"version":"b"}`))
	e := asError(t, err, dd.CodeInvalid)
	assert.Contains(t, e.Error(), "more data after the value")
}
