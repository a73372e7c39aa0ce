package duediligence

import "github.com/jinzhi-dev/jinzhi/check"

// reportMessages word what the feasibility report computes — its figures'
// names and formulas, its generated conclusions — so that a rendering in
// one language says all of it in that language.
var reportMessages = check.Messages{
	"report.figure.debt_to_asset":        {EN: "{party}: debt-to-asset ratio ({year})", ZH: "{party}：资产负债率（{year} 年）"},
	"report.basis.debt_to_asset":         {EN: "total liabilities ÷ total assets", ZH: "负债总额 ÷ 资产总额"},
	"report.figure.gross_margin":         {EN: "{party}: gross margin ({year})", ZH: "{party}：毛利率（{year} 年）"},
	"report.basis.gross_margin":          {EN: "(revenue − cost of sales) ÷ revenue", ZH: "（营业收入 − 营业成本）÷ 营业收入"},
	"report.figure.net_margin":           {EN: "{party}: net margin ({year})", ZH: "{party}：净利率（{year} 年）"},
	"report.basis.net_margin":            {EN: "net profit ÷ revenue", ZH: "净利润 ÷ 营业收入"},
	"report.figure.working_capital_need": {EN: "{party}: estimated working-capital need ({year})", ZH: "{party}：营运资金需求测算（{year} 年）"},
	"report.basis.working_capital_need": {
		EN: "revenue × (1 − margin) × (1 + growth) ÷ working-capital turnover − own funds − other working-capital funding (Interim Measures for Working Capital Loans, annex)",
		ZH: "上年销售收入 ×（1 − 上年销售利润率）×（1 + 预计销售收入年增长率）÷ 营运资金周转次数 − 借款人自有资金 − 现有流动资金贷款 − 其他渠道提供的营运资金（《流动资金贷款管理暂行办法》附件）"},
	"report.figure.monthly_income":        {EN: "monthly income", ZH: "月收入"},
	"report.basis.monthly_income":         {EN: "as stated and proven", ZH: "申报并经收入证明核实"},
	"report.figure.existing_debt_service": {EN: "existing monthly debt service", ZH: "现有月还款额"},
	"report.basis.existing_debt_service":  {EN: "the credit report's monthly payments", ZH: "征信报告所列月还款额"},
	"report.figure.max_installment":       {EN: "highest monthly installment of the new loan", ZH: "本笔贷款最高月还款额"},
	"report.basis.max_installment":        {EN: "the repayment schedule, {@method}", ZH: "按{@method}还款计划测算"},
	"report.figure.total_interest":        {EN: "total interest", ZH: "利息总额"},
	"report.basis.total_interest":         {EN: "sum of the schedule's interest", ZH: "还款计划各期利息之和"},
	"report.figure.dscr":                  {EN: "debt service coverage ratio (DSCR)", ZH: "偿债覆盖率（DSCR）"},
	"report.basis.dscr":                   {EN: "(operating cash flow + interest expense of {year}) ÷ (existing annual debt service + first year of the new loan); minimum {min}", ZH: "（{year} 年经营活动现金流量 + 利息支出）÷（现有年还本付息额 + 本笔贷款首年还本付息额）；下限 {min}"},
	"report.figure.dsr":                   {EN: "debt service ratio (DSR)", ZH: "债务收入比（DSR）"},
	"report.basis.dsr":                    {EN: "(existing monthly debt service + highest installment) ÷ monthly income; limit {limit%}", ZH: "（现有月还款额 + 本笔最高月还款额）÷ 月收入；上限 {limit%}"},
	"report.figure.schedule_unavailable":  {EN: "repayment schedule", ZH: "还款计划"},
	"report.basis.schedule_unavailable":   {EN: "not computable from the request", ZH: "无法根据申请要素测算"},

	"repayment_method.equal_installment": {EN: "equal installments", ZH: "等额本息"},
	"repayment_method.equal_principal":   {EN: "equal principal", ZH: "等额本金"},
	"repayment_method.interest_only":     {EN: "interest only, principal at maturity", ZH: "先息后本"},
	"repayment_method.bullet":            {EN: "bullet", ZH: "到期一次还本付息"},

	"report.conclusion.clear":     {EN: "no unresolved finding", ZH: "未发现未解决的问题"},
	"report.conclusion.open":      {EN: "{n} unresolved finding(s): see the basis", ZH: "尚有 {n} 项未解决的问题，详见依据"},
	"report.conclusion.margin":    {EN: "the annualized rate exceeds the funding cost by {margin%}", ZH: "年化利率高于资金成本 {margin%}"},
	"report.conclusion.no_margin": {EN: "the loan does not earn its funding cost", ZH: "贷款收益不能覆盖资金成本"},
}
