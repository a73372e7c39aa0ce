package render

import "fmt"

// labels holds the words of one language: section headings, column names
// and the names of the case's coded values ("stage.approved"), so that one
// template serves every language.
type labels map[string]string

// languages are the languages the package speaks; zh is the default.
var languages = map[string]labels{"zh": zhLabels, "en": enLabels}

// label returns the word for key, or key itself when the table lacks it, so
// a lender's template with a new key shows the key rather than failing.
func (l labels) label(key string) string {
	if s, ok := l[key]; ok {
		return s
	}
	return key
}

// enum returns the word for a coded value of a kind ("stage", "intake"), or
// the code itself when it has none (a lender's own collateral kind).
func (l labels) enum(kind string, v any) string {
	code := fmt.Sprint(v)
	if s, ok := l[kind+"."+code]; ok {
		return s
	}
	return code
}

var zhLabels = labels{
	"title":            "授信尽职调查报告",
	"no_report":        "尚未生成可行性调查报告。",
	"no_report_title":  "尚无报告",
	"ledger_number":    "台帐编号",
	"not_assigned":     "未编号（提交审批时分配）",
	"stage":            "阶段",
	"borrower":         "借款人",
	"borrower_kind":    "借款人类型",
	"identifier":       "证件号码/统一社会信用代码",
	"owner":            "客户经理",
	"generated_at":     "报告生成时间",
	"none":             "无",
	"profile":          "借款人基本情况",
	"request":          "借款申请及用途",
	"operations":       "经营及市场情况",
	"financials":       "财务分析",
	"repayment":        "还款能力",
	"collateral":       "抵质押物",
	"guarantees":       "保证担保",
	"checks":           "规则检查结果",
	"assessments":      "合法性、合规性、安全性、盈利性分析",
	"profitability":    "盈利性测算",
	"risks":            "风险及防范措施",
	"recommendation":   "调查结论及授信建议",
	"opinion":          "客户经理意见",
	"attestations":     "调查人声明",
	"frozen":           "报告冻结",
	"amount":           "金额（元）",
	"term":             "期限（月）",
	"annual_rate":      "年利率",
	"purpose":          "用途",
	"purpose_category": "用途类别",
	"repayment_source": "还款来源",
	"repayment_method": "还款方式",
	"findings":         "调查发现",
	"topic":            "调查事项",
	"method":           "调查方式",
	"statement":        "内容",
	"result":           "结论",
	"date":             "日期",
	"investigator":     "调查人",
	"figure":           "指标",
	"value":            "数值",
	"basis":            "计算依据",
	"kind":             "类别",
	"description":      "描述",
	"title_number":     "权证号",
	"value_in_use":     "认定价值",
	"advance_rate":     "抵质押率",
	"senior_liens":     "在先权利",
	"eligible":         "可贷价值",
	"total":            "合计",
	"coverage":         "抵质押覆盖率",
	"ltv":              "贷款价值比（LTV）",
	"principal":        "贷款本金",
	"guarantor":        "保证人",
	"guarantee_kind":   "保证方式",
	"guarantor_kind":   "保证人类型",
	"net_worth":        "净资产",
	"existing":         "对外担保余额",
	"capacity":         "剩余担保能力",
	"rule":             "规则",
	"severity":         "级别",
	"message":          "说明",
	"acknowledgement":  "风险提示说明",
	"aspect":           "方面",
	"conclusion":       "结论",
	"interest_income":  "利息收入",
	"fee_income":       "费用收入",
	"annualized_rate":  "年化利率",
	"funding_cost":     "资金成本",
	"margin":           "利差",
	"risk":             "风险",
	"mitigation":       "防范措施",
	"conditions":       "授信条件",
	"name":             "姓名",
	"order":            "调查顺序",
	"at":               "时间",
	"hash":             "SHA-256",
	"frozen_at":        "冻结时间",
	"chart_coverage":   "可贷价值与贷款本金",
	"chart_repayment":  "各期还款：本金与利息",
	"period":           "期数",
	"interest":         "利息",
	"submitted_at":     "提交日期",
	"decision":         "审批结论",
	"decision_date":    "审批日期",
	"collateral_sum":   "抵质押物",
	"guarantee_sum":    "保证",
	"no_frozen":        "草稿，未冻结",
	"ledger_sheet":     "贷款台帐",

	"order.1": "主调查人", "order.2": "协调查人",

	"party.person": "自然人", "party.organization": "法人或非法人组织",

	"stage.intake": "受理", "stage.investigation": "调查", "stage.submitted": "已提交审批",
	"stage.approved": "已批准", "stage.rejected": "已否决", "stage.contracting": "签约",
	"stage.disbursed": "已放款", "stage.closed": "已结清", "stage.withdrawn": "已撤回",

	"decision.approve": "同意", "decision.reject": "否决", "decision.return": "退回补充调查",

	"severity.block": "阻断", "severity.warn": "警示", "severity.info": "提示",

	"aspect.legality": "合法性", "aspect.compliance": "合规性", "aspect.safety": "安全性", "aspect.profitability": "盈利性",

	"method.equal_installment": "等额本息", "method.equal_principal": "等额本金",
	"method.interest_only": "先息后本", "method.bullet": "到期一次还本付息",

	"purpose.business_operation": "生产经营", "purpose.working_capital": "流动资金", "purpose.fixed_asset": "固定资产",
	"purpose.consumption": "个人消费", "purpose.house_purchase": "购房", "purpose.vehicle_purchase": "购车",
	"purpose.education": "教育", "purpose.securities": "证券、期货投资", "purpose.equity_investment": "股本权益性投资",
	"purpose.real_estate_speculation": "房地产投机", "purpose.other": "其他",

	"topic.identity": "身份证明", "topic.character": "人品", "topic.qualification": "主体资格", "topic.market": "产品市场",
	"topic.finances": "财务状况", "topic.inventory": "库存", "topic.purpose": "贷款真实用途", "topic.operations": "经营状况",
	"topic.repayment": "偿债能力", "topic.collateral": "抵押物、质物", "topic.guarantee": "担保人", "topic.other": "其他",

	"how.document_review": "资料审查", "how.site_visit": "实地调查", "how.interview": "面谈", "how.third_party_query": "第三方查询",

	"result.confirmed": "属实", "result.discrepancy": "不符", "result.unverifiable": "无法核实",

	"ckind.residential": "住宅", "ckind.commercial": "商业用房", "ckind.industrial": "工业用房",
	"ckind.land_use_right": "土地使用权", "ckind.building_under_construction": "在建工程", "ckind.vehicle": "机动车",
	"ckind.equipment": "机器设备", "ckind.inventory": "存货", "ckind.receivable": "应收账款", "ckind.deposit": "存单、保证金",
	"ckind.equity_listed": "上市公司股权", "ckind.equity_unlisted": "非上市公司股权", "ckind.fund_share": "基金份额",
	"ckind.bond": "债券", "ckind.bill": "汇票、本票、支票", "ckind.ip_right": "知识产权",

	"gkind.general": "一般保证", "gkind.joint_and_several": "连带责任保证", "gkind.": "未约定（按一般保证）",

	"guarantor.person": "自然人", "guarantor.company": "公司", "guarantor.financial_institution": "金融机构",
	"guarantor.guarantee_company": "融资担保公司", "guarantor.state_organ": "机关法人",
	"guarantor.non_profit": "非营利法人", "guarantor.committee": "居民委员会、村民委员会",
}

var enLabels = labels{
	"title":            "Credit due-diligence report",
	"no_report":        "No feasibility report has been generated yet.",
	"no_report_title":  "No report yet",
	"ledger_number":    "Ledger number",
	"not_assigned":     "not assigned (given on submission)",
	"stage":            "Stage",
	"borrower":         "Borrower",
	"borrower_kind":    "Borrower type",
	"identifier":       "ID number / credit code",
	"owner":            "Account manager",
	"generated_at":     "Report generated",
	"none":             "None",
	"profile":          "Borrower profile",
	"request":          "Loan request and purpose",
	"operations":       "Operations and market",
	"financials":       "Financial analysis",
	"repayment":        "Repayment ability",
	"collateral":       "Collateral",
	"guarantees":       "Guarantees",
	"checks":           "Rule results",
	"assessments":      "Legality, compliance, safety and profitability",
	"profitability":    "Profitability",
	"risks":            "Risks and mitigations",
	"recommendation":   "Recommendation",
	"opinion":          "Account manager's opinion",
	"attestations":     "Attestations",
	"frozen":           "Frozen report",
	"amount":           "Amount (CNY)",
	"term":             "Term (months)",
	"annual_rate":      "Annual rate",
	"purpose":          "Purpose",
	"purpose_category": "Purpose category",
	"repayment_source": "Repayment source",
	"repayment_method": "Repayment method",
	"findings":         "Findings",
	"topic":            "Topic",
	"method":           "Method",
	"statement":        "Statement",
	"result":           "Result",
	"date":             "Date",
	"investigator":     "Investigator",
	"figure":           "Figure",
	"value":            "Value",
	"basis":            "Basis",
	"kind":             "Kind",
	"description":      "Description",
	"title_number":     "Title number",
	"value_in_use":     "Value in use",
	"advance_rate":     "Advance rate",
	"senior_liens":     "Senior liens",
	"eligible":         "Eligible value",
	"total":            "Total",
	"coverage":         "Coverage",
	"ltv":              "Loan-to-value (LTV)",
	"principal":        "Principal",
	"guarantor":        "Guarantor",
	"guarantee_kind":   "Kind of guarantee",
	"guarantor_kind":   "Guarantor type",
	"net_worth":        "Net worth",
	"existing":         "Existing guarantees",
	"capacity":         "Remaining capacity",
	"rule":             "Rule",
	"severity":         "Severity",
	"message":          "Message",
	"acknowledgement":  "Acknowledgement",
	"aspect":           "Aspect",
	"conclusion":       "Conclusion",
	"interest_income":  "Interest income",
	"fee_income":       "Fee income",
	"annualized_rate":  "Annualized rate",
	"funding_cost":     "Funding cost",
	"margin":           "Margin",
	"risk":             "Risk",
	"mitigation":       "Mitigation",
	"conditions":       "Conditions",
	"name":             "Name",
	"order":            "Order",
	"at":               "At",
	"hash":             "SHA-256",
	"frozen_at":        "Frozen at",
	"chart_coverage":   "Eligible value against the principal",
	"chart_repayment":  "Installments: principal and interest",
	"period":           "Period",
	"interest":         "Interest",
	"submitted_at":     "Submitted",
	"decision":         "Decision",
	"decision_date":    "Decided",
	"collateral_sum":   "Collateral",
	"guarantee_sum":    "Guarantees",
	"no_frozen":        "draft, not frozen",
	"ledger_sheet":     "Loan ledger",

	"order.1": "lead investigator", "order.2": "second investigator",

	"party.person": "natural person", "party.organization": "organization",

	"stage.intake": "intake", "stage.investigation": "investigation", "stage.submitted": "submitted",
	"stage.approved": "approved", "stage.rejected": "rejected", "stage.contracting": "contracting",
	"stage.disbursed": "disbursed", "stage.closed": "closed", "stage.withdrawn": "withdrawn",

	"decision.approve": "approved", "decision.reject": "rejected", "decision.return": "returned for investigation",

	"severity.block": "block", "severity.warn": "warning", "severity.info": "info",

	"aspect.legality": "Legality", "aspect.compliance": "Compliance", "aspect.safety": "Safety", "aspect.profitability": "Profitability",

	"method.equal_installment": "equal installments", "method.equal_principal": "equal principal",
	"method.interest_only": "interest only, principal at maturity", "method.bullet": "bullet",

	"purpose.business_operation": "business operation", "purpose.working_capital": "working capital", "purpose.fixed_asset": "fixed assets",
	"purpose.consumption": "consumption", "purpose.house_purchase": "house purchase", "purpose.vehicle_purchase": "vehicle purchase",
	"purpose.education": "education", "purpose.securities": "securities (prohibited)", "purpose.equity_investment": "equity investment (prohibited)",
	"purpose.real_estate_speculation": "real-estate speculation (prohibited)", "purpose.other": "other",

	"topic.identity": "identity", "topic.character": "character", "topic.qualification": "qualification", "topic.market": "market",
	"topic.finances": "finances", "topic.inventory": "inventory", "topic.purpose": "purpose", "topic.operations": "operations",
	"topic.repayment": "repayment", "topic.collateral": "collateral", "topic.guarantee": "guarantee", "topic.other": "other",

	"how.document_review": "document review", "how.site_visit": "site visit", "how.interview": "interview", "how.third_party_query": "third-party query",

	"result.confirmed": "confirmed", "result.discrepancy": "discrepancy", "result.unverifiable": "unverifiable",

	"ckind.residential": "residential", "ckind.commercial": "commercial", "ckind.industrial": "industrial",
	"ckind.land_use_right": "land use right", "ckind.building_under_construction": "building under construction", "ckind.vehicle": "vehicle",
	"ckind.equipment": "equipment", "ckind.inventory": "inventory", "ckind.receivable": "receivable", "ckind.deposit": "deposit",
	"ckind.equity_listed": "listed equity", "ckind.equity_unlisted": "unlisted equity", "ckind.fund_share": "fund share",
	"ckind.bond": "bond", "ckind.bill": "bill", "ckind.ip_right": "IP right",

	"gkind.general": "general", "gkind.joint_and_several": "joint and several", "gkind.": "not stated (general)",

	"guarantor.person": "person", "guarantor.company": "company", "guarantor.financial_institution": "financial institution",
	"guarantor.guarantee_company": "guarantee company", "guarantor.state_organ": "state organ",
	"guarantor.non_profit": "non-profit", "guarantor.committee": "residents' or villagers' committee",
}
