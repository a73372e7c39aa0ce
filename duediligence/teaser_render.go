package duediligence

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

// teaserWords are the teaser's words in each language.
var teaserWords = map[string]map[string]string{
	"zh": {
		"title": "项目推荐书", "number": "项目编号", "for": "推荐对象", "date": "日期", "lender": "出借人",
		"terms": "一、借款条件", "amount": "借款金额（元）", "term": "借款期限", "months": "个月", "rate": "借款年利率（借款人支付的合同利率）",
		"method": "还款方式", "purpose": "借款用途类别",
		"security": "二、担保情况", "collateral": "抵（质）押物", "coverage": "抵（质）押覆盖率（认可价值 ÷ 借款金额）", "ltv": "贷款价值比（借款金额 ÷ 评估价值）",
		"guarantees": "保证方式", "none": "无", "items": "项",
		"status": "三、风险等级与分类", "risk": "项目风险等级", "class": "五级分类", "record": "还款记录",
		"record.text": "已还 %d 期，逾期 %d 期，逾期天数 %d 天", "record.none": "尚未放款",
		"statement":      "四、风险提示",
		"statement.text": "本推荐书仅介绍借款项目的基本情况，不构成对本金或收益的任何承诺。借款人可能不能按期足额还款，投资客户可能损失部分或全部出资。上列借款年利率为借款人向出借人支付的合同利率，并非投资回报。本推荐书仅供上列推荐对象本人阅读，不得转交他人或公开传播。",
		"page":           "第 1 页 共 1 页",
	},
	"en": {
		"title": "Project recommendation", "number": "Project", "for": "Prepared for", "date": "Date", "lender": "Lender",
		"terms": "1. Terms of the loan", "amount": "Amount (CNY)", "term": "Term", "months": "months", "rate": "Annual rate (the contract rate the borrower pays)",
		"method": "Repayment method", "purpose": "Purpose category",
		"security": "2. Security", "collateral": "Collateral", "coverage": "Coverage (eligible value ÷ amount)", "ltv": "Loan to value (amount ÷ appraised value)",
		"guarantees": "Guarantees", "none": "none", "items": "item(s)",
		"status": "3. Risk level and classification", "risk": "Project risk level", "class": "Classification", "record": "Repayment record",
		"record.text": "%d installment(s) paid, %d overdue, %d days past due", "record.none": "not disbursed yet",
		"statement":      "4. Risk statement",
		"statement.text": "This document describes a loan project only; neither principal nor any return is promised. The borrower may fail to repay in full or on time, and the investor may lose part or all of the money it funds. The annual rate shown is the contract rate the borrower pays, not a return to the investor. It is for the person it was prepared for only, and may not be passed on or published.",
		"page":           "Page 1 of 1",
	},
}

// teaserEnums name the enumerations a teaser shows, by language.
var teaserEnums = map[string]map[string]string{
	"zh": {
		"method.equal_installment": "等额本息", "method.equal_principal": "等额本金", "method.interest_only": "先息后本", "method.bullet": "到期一次性还本付息",
		"purpose.business_operation": "生产经营", "purpose.working_capital": "流动资金", "purpose.fixed_asset": "固定资产",
		"purpose.consumption": "个人消费", "purpose.house_purchase": "购房", "purpose.vehicle_purchase": "购车", "purpose.education": "教育", "purpose.other": "其他",
		"ckind.residential": "住宅", "ckind.commercial": "商业用房", "ckind.industrial": "工业用房", "ckind.land_use_right": "土地使用权",
		"ckind.building_under_construction": "在建工程", "ckind.vehicle": "机动车", "ckind.equipment": "机器设备", "ckind.inventory": "存货",
		"ckind.receivable": "应收账款", "ckind.deposit": "存单、保证金", "ckind.equity_listed": "上市公司股权", "ckind.equity_unlisted": "非上市公司股权",
		"ckind.fund_share": "基金份额", "ckind.bond": "债券", "ckind.bill": "票据", "ckind.ip_right": "知识产权",
		"gkind.general": "一般保证", "gkind.joint_and_several": "连带责任保证",
		"class.normal": "正常", "class.special_mention": "关注", "class.substandard": "次级", "class.doubtful": "可疑", "class.loss": "损失",
	},
	"en": {
		"method.equal_installment": "equal installments", "method.equal_principal": "equal principal", "method.interest_only": "interest only, principal at maturity", "method.bullet": "bullet",
		"purpose.business_operation": "business operation", "purpose.working_capital": "working capital", "purpose.fixed_asset": "fixed assets",
		"purpose.consumption": "consumption", "purpose.house_purchase": "house purchase", "purpose.vehicle_purchase": "vehicle purchase", "purpose.education": "education", "purpose.other": "other",
		"ckind.residential": "residential", "ckind.commercial": "commercial", "ckind.industrial": "industrial", "ckind.land_use_right": "land use right",
		"ckind.building_under_construction": "building under construction", "ckind.vehicle": "vehicle", "ckind.equipment": "equipment", "ckind.inventory": "inventory",
		"ckind.receivable": "receivable", "ckind.deposit": "deposit", "ckind.equity_listed": "listed equity", "ckind.equity_unlisted": "unlisted equity",
		"ckind.fund_share": "fund share", "ckind.bond": "bond", "ckind.bill": "bill", "ckind.ip_right": "IP right",
		"gkind.general": "general guarantee", "gkind.joint_and_several": "joint and several guarantee",
		"class.normal": "normal", "class.special_mention": "special mention", "class.substandard": "substandard", "class.doubtful": "doubtful", "class.loss": "loss",
	},
}

func (t *Teaser) word(k string) string { return teaserWords[t.lang()][k] }

func (t *Teaser) enum(k string) string {
	if w, ok := teaserEnums[t.lang()][k]; ok {
		return w
	}
	return strings.TrimPrefix(k[strings.IndexByte(k, '.')+1:], ".")
}

func (t *Teaser) lang() string {
	if t.Language == "en" {
		return "en"
	}
	return "zh"
}

// rows are the teaser's sections: a heading and its label-value rows.
func (t *Teaser) rows() []teaserSection {
	none := t.word("none")
	var coll []string
	for _, c := range t.Collateral {
		coll = append(coll, fmt.Sprintf("%s %d %s", t.enum("ckind."+string(c.Kind)), c.Count, t.word("items")))
	}
	var gs []string
	for _, g := range t.Guarantees {
		gs = append(gs, t.enum("gkind."+string(g)))
	}
	orNone := func(ss []string) string {
		if len(ss) == 0 {
			return none
		}
		sep := "、"
		if t.lang() == "en" {
			sep = ", "
		}
		return strings.Join(ss, sep)
	}
	orDash := func(s string) string {
		if s == "" {
			return none
		}
		return s
	}
	record := t.word("record.none")
	if r := t.Record; r != nil {
		record = fmt.Sprintf(t.word("record.text"), r.Paid, r.Overdue, r.DaysPastDue)
	}
	return []teaserSection{
		{t.word("terms"), [][2]string{
			{t.word("amount"), groupedMoney(t.Amount)},
			{t.word("term"), strconv.Itoa(t.TermMonths) + " " + t.word("months")},
			{t.word("rate"), percent(t.AnnualRate)},
			{t.word("method"), t.enum("method." + string(t.Method))},
			{t.word("purpose"), t.enum("purpose." + string(t.Purpose))},
		}},
		{t.word("security"), [][2]string{
			{t.word("collateral"), orNone(coll)},
			{t.word("coverage"), orDash(ratioPercent(t.Coverage))},
			{t.word("ltv"), orDash(ratioPercent(t.LTV))},
			{t.word("guarantees"), orNone(gs)},
		}},
		{t.word("status"), [][2]string{
			{t.word("risk"), "R" + strconv.Itoa(t.RiskLevel)},
			{t.word("class"), t.enum("class." + string(t.Classification))},
			{t.word("record"), record},
		}},
	}
}

type teaserSection struct {
	heading string
	rows    [][2]string
}

// header are the teaser's header lines.
func (t *Teaser) header() [][2]string {
	return [][2]string{{t.word("number"), t.Number}, {t.word("for"), t.PreparedFor}, {t.word("date"), t.dateText()}, {t.word("lender"), t.Lender}}
}

func (t *Teaser) dateText() string {
	if t.lang() == "zh" {
		return fmt.Sprintf("%d年%d月%d日", t.Date.Year, t.Date.Month, t.Date.Day)
	}
	return t.Date.String()
}

// Markdown renders the teaser as Markdown, in its language.
func (t *Teaser) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", t.word("title"))
	for _, h := range t.header() {
		fmt.Fprintf(&b, "- %s：%s\n", h[0], mdCell(h[1]))
	}
	for _, s := range t.rows() {
		fmt.Fprintf(&b, "\n## %s\n\n| | |\n|---|---|\n", s.heading)
		for _, r := range s.rows {
			fmt.Fprintf(&b, "| %s | %s |\n", r[0], mdCell(r[1]))
		}
	}
	fmt.Fprintf(&b, "\n## %s\n\n%s\n\n%s\n", t.word("statement"), t.word("statement.text"), t.word("page"))
	return b.String()
}

// HTML renders the teaser as a printable A4 page, in its language.
func (t *Teaser) HTML() string {
	var b strings.Builder
	e := html.EscapeString
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s %s</title>\n", t.lang(), e(t.word("title")), e(t.Number))
	b.WriteString("<style>@page{size:A4;margin:20mm}body{font-family:\"Songti SC\",\"SimSun\",serif;font-size:11pt;line-height:1.6}" +
		"h1{text-align:center;letter-spacing:.3em}table{border-collapse:collapse;width:100%;margin:.5em 0}td{border:1px solid #444;padding:4px 8px}" +
		"td:first-child{width:45%;background:#f4f4f4}.statement{border:2px solid #000;padding:8px}.page{text-align:center;margin-top:2em}</style>\n</head>\n<body>\n")
	fmt.Fprintf(&b, "<h1>%s</h1>\n<table class=\"header\">\n", e(t.word("title")))
	for _, h := range t.header() {
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td></tr>\n", e(h[0]), e(h[1]))
	}
	b.WriteString("</table>\n")
	for _, s := range t.rows() {
		fmt.Fprintf(&b, "<h2>%s</h2>\n<table>\n", e(s.heading))
		for _, r := range s.rows {
			fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td></tr>\n", e(r[0]), e(r[1]))
		}
		b.WriteString("</table>\n")
	}
	fmt.Fprintf(&b, "<h2>%s</h2>\n<p class=\"statement\">%s</p>\n<p class=\"page\">%s</p>\n</body>\n</html>\n",
		e(t.word("statement")), e(t.word("statement.text")), e(t.word("page")))
	return b.String()
}

// mdCell escapes a value for a Markdown table cell.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// groupedMoney writes an amount with thousands separators (1,234,567.89).
func groupedMoney(m money.Money) string {
	s := m.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// percent writes an agreed rate as a percent with its own digits, at least
// two decimals (0.085 → 8.50%, 0.04375 → 4.375%), by money.Percent.
func percent(r money.Rate) string { return r.Percent() }

// ratioPercent shows a ratio the teaser keeps as a decimal ("1.5556") as
// the percentage a document prints ("155.56%"); empty stays empty.
func ratioPercent(s string) string {
	d, err := decimal.Parse(s)
	if err != nil {
		return s
	}
	return money.Percent(d, money.PercentPlaces, money.PercentPlaces)
}
