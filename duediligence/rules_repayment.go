package duediligence

import (
	"fmt"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// annualService is the new loan's payments over its first twelve months.
func annualService(s contracts.Schedule) money.Money {
	var sum money.Money
	for i := 0; i < len(s.Installments) && i < 12; i++ {
		sum, _ = sum.Add(s.Installments[i].Payment) // bounded by the schedule's totals
	}
	return sum
}

func moneyOr0(m *money.Money) money.Money {
	if m == nil {
		return money.Money{}
	}
	return *m
}

var repaymentRules = []Rule{
	{ID: "repayment.dsr", Severity: SeverityBlock, Citation: "practice",
		Description: "individual: (existing monthly debt service + the new loan's highest monthly installment) / monthly income is within the policy maximum (default 0.50)",
		Eval: func(v *View) []RuleResult {
			a := v.Case.Applicant
			if a.Kind != Person {
				return nil
			}
			if a.MonthlyIncome == nil || a.MonthlyIncome.Sign() <= 0 {
				return []RuleResult{{Path: "applicant.monthly_income", Message: "no monthly income on file: the debt-service ratio cannot be computed"}}
			}
			s, err := v.Schedule()
			if err != nil {
				return []RuleResult{{Path: "request", Message: "no repayment schedule: " + err.Error()}}
			}
			debt, err := moneyOr0(a.MonthlyDebtPayments).Add(s.MaxInstallment())
			if err != nil {
				return []RuleResult{{Path: "applicant.monthly_debt_payments", Message: err.Error()}}
			}
			dsr, _ := ratio(debt.Decimal(), a.MonthlyIncome.Decimal())
			if dsr.Cmp(v.Policy.Limits.MaxDSR.Decimal()) > 0 {
				return []RuleResult{{Path: "applicant.monthly_income", Message: fmt.Sprintf("DSR %s: monthly debt service %s (new installment up to %s) against income %s, above %s",
					dsr, debt, s.MaxInstallment(), a.MonthlyIncome, v.Policy.Limits.MaxDSR)}}
			}
			return nil
		}},
	{ID: "repayment.dscr", Severity: SeverityWarn, Citation: "practice",
		Description: "company: cash flow available for debt service / annual debt service is at least the policy minimum (default 1.20)",
		Eval: func(v *View) []RuleResult {
			a := v.Case.Applicant
			if a.Kind != Organization {
				return nil
			}
			st := latest(a.Statements)
			if st == nil {
				return []RuleResult{{Path: "applicant.statements", Message: "no financial statements: the debt-service coverage cannot be computed"}}
			}
			s, err := v.Schedule()
			if err != nil {
				return []RuleResult{{Path: "request", Message: "no repayment schedule: " + err.Error()}}
			}
			existing, err := moneyOr0(a.MonthlyDebtPayments).Decimal().Mul(decimal.MustNew(12, 0))
			if err != nil {
				return nil
			}
			service, err := existing.Add(annualService(s).Decimal())
			if err != nil {
				return nil
			}
			available, err := st.OperatingCashFlow.Decimal().Add(st.InterestExpense.Decimal())
			if err != nil {
				return nil
			}
			dscr, ok := ratio(available, service)
			if ok && dscr.Cmp(v.Policy.Limits.MinDSCR.Decimal()) < 0 {
				return []RuleResult{{Path: "applicant.statements", Message: fmt.Sprintf("DSCR %s: cash flow available %s against annual debt service %s, below %s",
					dscr, available, service, v.Policy.Limits.MinDSCR)}}
			}
			return nil
		}},
	{ID: "repayment.leverage", Severity: SeverityWarn, Citation: "practice",
		Description: "company: debt-to-asset ratio within the policy maximum (default 0.70)",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for _, np := range v.borrowers() {
				if np.party.Kind != Organization {
					continue // a guarantor's leverage is guarantor.capacity's concern
				}
				st := latest(np.party.Statements)
				if st == nil {
					continue
				}
				lev, ok := ratio(st.TotalLiabilities.Decimal(), st.TotalAssets.Decimal())
				if ok && lev.Cmp(v.Policy.Limits.MaxLeverage.Decimal()) > 0 {
					out = append(out, RuleResult{Path: np.path + ".statements", Message: fmt.Sprintf("debt-to-asset ratio %s in %d, above %s", lev, st.Year, v.Policy.Limits.MaxLeverage)})
				}
			}
			return out
		}},
}

var pricingRules = []Rule{
	{ID: contracts.RulePrivateLendingCap, Severity: SeverityBlock,
		Citation:    "民间借贷规定 arts. 25, 28, 29; 2021 reply on its scope",
		Description: "under the private-lending regime, the annual rate is at most 4 × the one-year LPR on the contract date",
		Eval:        capRule(contracts.RegimePrivateLending)},
	{ID: contracts.RuleMicrolenderCost, Severity: SeverityBlock,
		Citation:    "PBOC/NFRA guideline on small-loan companies' financing cost, December 2025 (secondary)",
		Description: "small-loan companies: annualized comprehensive cost (IRR with fees) above 24% blocks, above 4 × LPR warns",
		Eval:        capRule(contracts.RegimeSmallLoan)},
	{ID: contracts.RuleCustomCap, Severity: SeverityBlock, Citation: "the lender's own policy",
		Description: "under a custom regime, the annualized cost is within the lender's cap",
		Eval:        capRule(contracts.RegimeCustom)},
	{ID: contracts.RuleAPRDisclosure, Severity: SeverityInfo,
		Citation:    "PBOC announcement 2021 No. 3 (secondary); 民间借贷规定 art. 26",
		Description: "the annualized rate by IRR over the net cash flows is shown",
		Eval: func(v *View) []RuleResult {
			s, err := v.Schedule()
			if err != nil {
				return nil
			}
			apr, err := s.AnnualizedRate()
			if err != nil {
				return nil
			}
			return []RuleResult{{Path: "request.annual_rate", Message: fmt.Sprintf("annualized rate (IRR of the net cash flows) %s nominal, %s effective", apr.Nominal, apr.Effective)}}
		}},
	{ID: "limit.single_borrower", Severity: SeverityWarn, Citation: "金规〔2024〕26号 (secondary)",
		Description: "small-loan company: one borrower's balance is within the policy share (default 10%) of net assets",
		Eval: func(v *View) []RuleResult {
			l := v.Policy.Limits
			if v.Policy.Pricing.Regime != contracts.RegimeSmallLoan || l.LenderNetAssets == nil {
				return nil
			}
			limit, err := l.LenderNetAssets.Decimal().Mul(l.SingleBorrowerShare.Decimal())
			if err != nil || v.Case.Request.Amount.Decimal().Cmp(limit) <= 0 {
				return nil
			}
			return []RuleResult{{Path: "request.amount", Message: fmt.Sprintf("%s is above %s of net assets %s", v.Case.Request.Amount, l.SingleBorrowerShare, l.LenderNetAssets)}}
		}},
}

// capRule checks the price against the cap of regime, when the policy's
// regime is that one.
func capRule(regime contracts.Regime) func(v *View) []RuleResult {
	return func(v *View) []RuleResult {
		if v.Policy.Pricing.Regime != regime {
			return nil
		}
		s, err := v.Schedule()
		if err != nil {
			return []RuleResult{{Path: "request", Message: "no repayment schedule: " + err.Error()}}
		}
		res, err := contracts.CheckRateCap(s, v.Today(), v.Policy.Pricing, nil)
		if err != nil {
			return []RuleResult{{Path: "request.annual_rate", Message: "the cap cannot be checked: " + err.Error()}}
		}
		if !res.Exceeded {
			return nil
		}
		return []RuleResult{{Path: "request.annual_rate", Message: res.Message, Severity: Severity(res.Severity)}}
	}
}
