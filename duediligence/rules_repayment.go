package duediligence

import (
	"strconv"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// annualService is the new loan's payments over its first twelve months.
func annualService(s contracts.Schedule) (money.Money, error) {
	var sum money.Money
	for i := 0; i < len(s.Installments) && i < 12; i++ {
		var err error
		if sum, err = sum.Add(s.Installments[i].Payment); err != nil {
			return money.Money{}, err
		}
	}
	return sum, nil
}

// debtService is the DSCR's two sides for an organization's latest
// statement st: the cash flow available for debt service (operating cash
// flow + interest expense) and the annual debt service (twelve months of
// existing debt payments + the first year of the new schedule).
func debtService(a *Party, st *FinancialStatement, s contracts.Schedule) (available, service decimal.Decimal, err error) {
	existing, err := moneyOr0(a.MonthlyDebtPayments).Decimal().Mul(decimal.MustNew(12, 0))
	if err != nil {
		return decimal.Decimal{}, decimal.Decimal{}, err
	}
	newLoan, err := annualService(s)
	if err != nil {
		return decimal.Decimal{}, decimal.Decimal{}, err
	}
	if service, err = existing.Add(newLoan.Decimal()); err != nil {
		return decimal.Decimal{}, decimal.Decimal{}, err
	}
	if available, err = st.OperatingCashFlow.Decimal().Add(st.InterestExpense.Decimal()); err != nil {
		return decimal.Decimal{}, decimal.Decimal{}, err
	}
	return available, service, nil
}

func moneyOr0(m *money.Money) money.Money {
	if m == nil {
		return money.Money{}
	}
	return *m
}

// notComputed is the result of a rule that cannot compute its figure: it
// blocks, whatever the rule's default severity, because a figure nobody
// computed has not passed its limit.
func notComputed(path, key string, p check.Params) []check.Result {
	return []check.Result{{Path: path, Key: key, Params: p, Severity: check.Block}}
}

// noSchedule is the result of a rule that needs the repayment schedule when
// the request makes none.
func noSchedule(err error) []check.Result {
	return notComputed("request", "repayment.no_schedule", check.Params{"detail": err.Error()})
}

var repaymentRules = []Rule{
	{ID: "repayment.dsr", Severity: check.Block, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "individual: (existing monthly debt service + the new loan's highest monthly installment) / monthly income is within the policy maximum (default 0.50)",
		DescriptionZH: "个人借款人：（现有月还款额 + 新贷款最高月供）/ 月收入不超过政策上限（默认 0.50）",
		Eval: func(v *View) []check.Result {
			a := v.Case.Applicant
			if a.Kind != Person {
				return nil
			}
			if a.MonthlyIncome == nil || a.MonthlyIncome.Sign() <= 0 {
				return notComputed("applicant.monthly_income", "repayment.dsr.no_income", nil)
			}
			s, err := v.Schedule()
			if err != nil {
				return noSchedule(err)
			}
			debt, err := moneyOr0(a.MonthlyDebtPayments).Add(s.MaxInstallment())
			if err != nil {
				return notComputed("applicant.monthly_debt_payments", "repayment.dsr.not_computed", check.Params{"detail": err.Error()})
			}
			max := v.Policy.Limits.MaxDSR
			above, err := money.CmpRatio(debt.Decimal(), a.MonthlyIncome.Decimal(), max.Decimal())
			if err != nil {
				return notComputed("applicant.monthly_income", "repayment.dsr.not_computed", check.Params{"detail": err.Error()})
			}
			if above <= 0 {
				return nil
			}
			dsr := showRatioBeside(debt.Decimal(), a.MonthlyIncome.Decimal(), max.Decimal())
			return []check.Result{{Path: "applicant.monthly_income", Key: "repayment.dsr.above", Params: check.Params{
				"dsr": dsr, "debt": debt.String(), "installment": s.MaxInstallment().String(), "income": a.MonthlyIncome.String(), "max": max.String()}}}
		}},
	{ID: "repayment.dscr", Severity: check.Warn, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "company: cash flow available for debt service / annual debt service is at least the policy minimum (default 1.20)",
		DescriptionZH: "企业借款人：可用于偿债的现金流 / 年还本付息额不低于政策下限（默认 1.20）",
		Eval: func(v *View) []check.Result {
			a := v.Case.Applicant
			if a.Kind != Organization {
				return nil
			}
			st := latest(a.Statements)
			if st == nil {
				return notComputed("applicant.statements", "repayment.dscr.no_statements", nil)
			}
			s, err := v.Schedule()
			if err != nil {
				return noSchedule(err)
			}
			fail := func(err error) []check.Result {
				return notComputed("applicant.statements", "repayment.dscr.not_computed", check.Params{"detail": err.Error()})
			}
			available, service, err := debtService(&a, st, s)
			if err != nil {
				return fail(err)
			}
			min := v.Policy.Limits.MinDSCR
			cmp, err := money.CmpRatio(available, service, min.Decimal())
			if err != nil {
				return fail(err)
			}
			if cmp >= 0 {
				return nil
			}
			dscr := showRatioBeside(available, service, min.Decimal())
			return []check.Result{{Path: "applicant.statements", Key: "repayment.dscr.below", Params: check.Params{
				"dscr": dscr, "available": available.String(), "service": service.String(), "min": min.String()}}}
		}},
	{ID: "repayment.leverage", Severity: check.Warn, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "company: debt-to-asset ratio within the policy maximum (default 0.70)",
		DescriptionZH: "企业借款人：资产负债率不超过政策上限（默认 0.70）",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			max := v.Policy.Limits.MaxLeverage
			for _, np := range v.borrowers() {
				if np.party.Kind != Organization {
					continue // a guarantor's leverage is guarantor.capacity's concern
				}
				path := np.path + ".statements"
				st := latest(np.party.Statements)
				if st == nil {
					out = append(out, notComputed(path, "repayment.leverage.no_statements", check.Params{"name": np.party.Name})...)
					continue
				}
				above, err := money.CmpRatio(st.TotalLiabilities.Decimal(), st.TotalAssets.Decimal(), max.Decimal())
				if err != nil {
					out = append(out, notComputed(path, "repayment.leverage.not_computed", check.Params{
						"year": strconv.Itoa(st.Year), "assets": st.TotalAssets.String()})...)
					continue
				}
				if above > 0 {
					lev := showRatioBeside(st.TotalLiabilities.Decimal(), st.TotalAssets.Decimal(), max.Decimal())
					out = append(out, check.Result{Path: path, Key: "repayment.leverage.above", Params: check.Params{
						"ratio": lev, "year": strconv.Itoa(st.Year), "max": max.String()}})
				}
			}
			return out
		}},
}

var pricingRules = []Rule{
	{ID: contracts.RulePrivateLendingCap, Severity: check.Block,
		Citation:      "民间借贷规定 arts. 25, 28, 29; 2021 reply on its scope",
		CitationZH:    "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十五条、第二十八条、第二十九条；《最高人民法院关于新民间借贷司法解释适用范围问题的批复》",
		Description:   "under the private-lending regime, the annualized cost (the contract rate, or the IRR with fees and interest deducted up front where higher) is at most 4 × the one-year LPR on the contract date",
		DescriptionZH: "适用民间借贷规定的，综合年化成本（合同利率；收取费用或预扣利息的，按净现金流内部收益率计算，取高者）不超过合同成立时一年期 LPR 的 4 倍",
		Eval:          capRule(contracts.RegimePrivateLending)},
	{ID: contracts.RuleMicrolenderCost, Severity: check.Block,
		Citation:      "PBOC/NFRA guideline on small-loan companies' financing cost, December 2025 (secondary)",
		CitationZH:    "中国人民银行、国家金融监督管理总局关于小额贷款公司综合融资成本的指导意见（2025年12月）",
		Description:   "small-loan companies: annualized comprehensive cost (IRR with fees) above 24% blocks, above 4 × LPR warns",
		DescriptionZH: "小额贷款公司：综合融资成本（含费用的内部收益率）超过 24% 的阻断，超过一年期 LPR 4 倍的警示",
		Eval:          capRule(contracts.RegimeSmallLoan)},
	{ID: contracts.RuleCustomCap, Severity: check.Block, Citation: "the lender's own policy",
		CitationZH:    "本机构信贷政策",
		Description:   "under a custom regime, the annualized cost is within the lender's cap",
		DescriptionZH: "适用自定上限的，综合年化成本不超过本机构规定的上限",
		Eval:          capRule(contracts.RegimeCustom)},
	{ID: contracts.RuleAPRDisclosure, Severity: check.Info,
		Citation:      "PBOC announcement 2021 No. 3 (secondary); 民间借贷规定 art. 26",
		CitationZH:    "中国人民银行公告〔2021〕第3号；《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十六条",
		Description:   "the annualized rate by IRR over the net cash flows (principal actually received after fees deducted up front) is shown",
		DescriptionZH: "展示按净现金流（扣除前期收取的费用后实际得到的本金）以内部收益率计算的年化利率",
		Eval: func(v *View) []check.Result {
			s, err := v.Schedule()
			if err != nil {
				return noSchedule(err)
			}
			apr, err := v.annualizedRate(s)
			if err != nil {
				return notComputed("request.annual_rate", "pricing.apr_disclosure.not_computed", check.Params{"detail": err.Error()})
			}
			return []check.Result{{Path: "request.annual_rate", Key: "pricing.apr_disclosure", Params: check.Params{
				"nominal": apr.Nominal.String(), "effective": apr.Effective.String()}}}
		}},
	{ID: "limit.single_borrower", Severity: check.Warn, Citation: "金规〔2024〕26号 (secondary)",
		CitationZH:    "《国家金融监督管理总局关于促进小额贷款公司稳健发展的指导意见》（金规〔2024〕26号）",
		Description:   "small-loan company: one borrower's balance across the lender's loans, with this request, is within the policy share (default 10%) of net assets",
		DescriptionZH: "小额贷款公司：单户在本机构的贷款余额加本笔借款不超过净资产的政策比例（默认 10%）",
		Eval:          singleBorrowerLimit, // rules_limit.go
	},
}

// capRule checks the price against the cap of regime, when the policy's
// regime is that one. A cap that cannot be checked blocks.
func capRule(regime contracts.Regime) func(v *View) []check.Result {
	return func(v *View) []check.Result {
		if v.Policy.Pricing.Regime != regime {
			return nil
		}
		s, err := v.Schedule()
		if err != nil {
			return noSchedule(err)
		}
		apr, err := v.annualizedRate(s)
		if err != nil {
			return notComputed("request.annual_rate", "pricing.cap.not_computed", check.Params{"detail": err.Error()})
		}
		res, err := contracts.CheckRateCapAPR(s, apr, v.Today(), v.Policy.Pricing, nil)
		if err != nil {
			return notComputed("request.annual_rate", "pricing.cap.not_computed", check.Params{"detail": err.Error()})
		}
		if !res.Exceeded {
			return nil
		}
		return []check.Result{{Path: "request.annual_rate", Key: res.Key, Params: res.Params, Severity: res.Severity}}
	}
}
