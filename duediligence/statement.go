package duediligence

import (
	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// FinancialStatement is one year's figures of an organization (财务报表摘要),
// enough to compute the ratios and the working-capital need rather than have
// them typed.
type FinancialStatement struct {
	Year              int         `json:"year"`                // 1900 to 2200
	Revenue           money.Money `json:"revenue"`             // 营业收入
	CostOfSales       money.Money `json:"cost_of_sales"`       // 营业成本
	NetProfit         money.Money `json:"net_profit"`          // 净利润
	Receivables       money.Money `json:"receivables"`         // 应收账款
	Inventory         money.Money `json:"inventory"`           // 存货
	Payables          money.Money `json:"payables"`            // 应付账款
	Prepayments       money.Money `json:"prepayments"`         // 预付账款
	AdvanceReceipts   money.Money `json:"advance_receipts"`    // 预收账款
	TotalAssets       money.Money `json:"total_assets"`        // 资产总额
	TotalLiabilities  money.Money `json:"total_liabilities"`   // 负债总额
	OperatingCashFlow money.Money `json:"operating_cash_flow"` // 经营活动现金流量净额
	// InterestExpense is added back to cash flow available for debt service.
	InterestExpense money.Money `json:"interest_expense"`
}

// validate checks the statement.
func (s *FinancialStatement) validate(path string, p *check.Problems) {
	p.Between(path+".year", s.Year, 1900, 2200)
}

// WorkingCapitalPlan holds what the working-capital estimate needs beyond the
// statements (流动资金贷款需求测算).
type WorkingCapitalPlan struct {
	// ExpectedGrowth is next year's expected revenue growth, as a fraction.
	ExpectedGrowth money.Rate  `json:"expected_growth"`
	OwnFunds       money.Money `json:"own_funds"`      // 借款人自有资金
	ExistingLoans  money.Money `json:"existing_loans"` // 现有流动资金贷款
	OtherSources   money.Money `json:"other_sources"`  // 其他渠道提供的营运资金
}

// latest returns the newest statement, or nil.
func latest(ss []FinancialStatement) *FinancialStatement {
	var out *FinancialStatement
	for i := range ss {
		if out == nil || ss[i].Year > out.Year {
			out = &ss[i]
		}
	}
	return out
}

// days returns amount / base × 360, the turnover days of a balance, or
// false when base is not positive.
func days(amount, base money.Money) (decimal.Decimal, bool) {
	if base.Sign() <= 0 {
		return decimal.Decimal{}, false
	}
	n, err := amount.Decimal().Mul(decimal.MustNew(360, 0))
	if err != nil {
		return decimal.Decimal{}, false
	}
	d, err := n.Quo(base.Decimal())
	return d, err == nil
}

// WorkingCapitalNeed estimates the new working-capital loan need by the
// 2010 measures' annex: working capital = last year's revenue × (1 − sales
// margin) × (1 + growth) / turnover, turnover = 360 / (inventory days +
// receivable days − payable days + prepayment days − advance-receipt days);
// need = working capital − own funds − existing loans − other sources.
func WorkingCapitalNeed(s FinancialStatement, plan WorkingCapitalPlan) (money.Money, bool) {
	cost := s.CostOfSales
	inv, ok1 := days(s.Inventory, cost)
	rec, ok2 := days(s.Receivables, s.Revenue)
	pay, ok3 := days(s.Payables, cost)
	pre, ok4 := days(s.Prepayments, cost)
	adv, ok5 := days(s.AdvanceReceipts, s.Revenue)
	if !(ok1 && ok2 && ok3 && ok4 && ok5) {
		return money.Money{}, false
	}
	cycle, err := decimal.Sum(inv, rec, pay.Neg(), pre, adv.Neg())
	if err != nil || cycle.Sign() <= 0 {
		return money.Money{}, false
	}
	// revenue × (1 − margin) is cost of sales; / turnover is × cycle / 360.
	grow, err := decimal.One.Add(plan.ExpectedGrowth.Decimal())
	if err != nil {
		return money.Money{}, false
	}
	wc, err := decimal.Prod(cost.Decimal(), grow, cycle)
	if err != nil {
		return money.Money{}, false
	}
	if wc, err = wc.Quo(decimal.MustNew(360, 0)); err != nil {
		return money.Money{}, false
	}
	need, err := decimal.Sum(wc, plan.OwnFunds.Decimal().Neg(), plan.ExistingLoans.Decimal().Neg(), plan.OtherSources.Decimal().Neg())
	if err != nil {
		return money.Money{}, false
	}
	m, err := money.HalfUp.Money(need)
	return m, err == nil
}

// showRatio returns num/den as a ratio is shown, "0.5000", or false when
// den is not positive. Ratios are compared with their thresholds exactly
// (money.CmpRatio); this rounding is for the message only.
func showRatio(num, den money.Money) (string, bool) {
	return showDecimalRatio(num.Decimal(), den.Decimal())
}

// showRatioBeside is showRatio beside the threshold x the ratio was
// compared with: with more digits where four would make it look equal to x.
func showRatioBeside(num, den, x decimal.Decimal) string {
	q, err := money.HalfUp.RatioBeside(num, den, x)
	if err != nil {
		return "?"
	}
	return q.String()
}

func showDecimalRatio(num, den decimal.Decimal) (string, bool) {
	q, err := money.HalfUp.Ratio(num, den)
	if err != nil {
		return "", false
	}
	return q.String(), true
}
