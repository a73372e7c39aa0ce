package duediligence

import (
	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

// FinancialStatement is one year's figures of an organization (财务报表摘要),
// enough to compute the ratios and the working-capital need rather than have
// them typed.
type FinancialStatement struct {
	Year              int         `json:"year" validate:"required,min=1900,max=2200"`
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

// ratio returns a/b to 4 digits, or false when b is not positive.
func ratio(a, b decimal.Decimal) (decimal.Decimal, bool) {
	if b.Sign() <= 0 {
		return decimal.Decimal{}, false
	}
	q, err := a.Quo(b)
	if err != nil {
		return decimal.Decimal{}, false
	}
	return q.Round(4), true
}

// days returns amount / base × 360, the turnover days of a balance.
func days(amount, base money.Money) (decimal.Decimal, bool) {
	q, ok := ratio(amount.Decimal(), base.Decimal())
	if !ok {
		return decimal.Decimal{}, false
	}
	d, err := q.Mul(decimal.MustNew(360, 0))
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
