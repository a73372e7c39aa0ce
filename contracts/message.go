package contracts

import "github.com/jinzhi-dev/jinzhi/check"

// messages are the keys of this package's field errors and cap results.
var messages = check.Messages{
	"contract.loan_terms.none":    {EN: "no loan contract is drafted", ZH: "尚未起草借款合同"},
	"contract.loan_terms.missing": {EN: "loan contract {number} lacks its clause {clause}", ZH: "借款合同 {number} 缺少条款 {clause}"},
	"contract.loan_terms.figures": {EN: "loan contract {number} does not state amount, purpose, term and repayment method", ZH: "借款合同 {number} 未载明金额、用途、期限或还款方式"},
	"contract.no_forfeiture": {EN: "contract {number} has a clause making the collateral the lender's on default ({words}): void under arts. 401 and 428",
		ZH: "合同 {number} 含有债务人不履行到期债务时担保财产归债权人所有的条款（{words}），依《民法典》第四百零一条、第四百二十八条无效"},
	"contract.security_terms.missing":   {EN: "security contract {number} lacks its clause {clause}", ZH: "担保合同 {number} 缺少条款 {clause}"},
	"contract.security_terms.figures":   {EN: "security contract {number} does not state the secured debt, the debtor's term and the collateral", ZH: "担保合同 {number} 未载明被担保债权、债务履行期限或担保财产"},
	"contract.guarantee_terms.kind":     {EN: "guarantee contract {number} agrees no kind: it is a general guarantee (art. 686)", ZH: "保证合同 {number} 未约定保证方式，按一般保证承担保证责任（第六百八十六条）"},
	"contract.guarantee_terms.period":   {EN: "guarantee contract {number} agrees no period: six months from maturity, until {until} (art. 692)", ZH: "保证合同 {number} 未约定保证期间，为主债务履行期限届满之日起六个月，至 {until}（第六百九十二条）"},
	"contract.guarantee_terms.debt":     {EN: "guarantee contract {number} does not state the debt guaranteed", ZH: "保证合同 {number} 未载明被保证的主债权"},
	"contract.secured_amount":           {EN: "mortgage contract {number} secures {amount}, below the principal {principal}", ZH: "抵押合同 {number} 担保的债权数额 {amount} 元低于借款本金 {principal} 元"},
	"contracts.terms.maturity_too_late": {EN: "maturity after 9999-12-31", ZH: "到期日晚于 9999-12-31"},
	"contracts.terms.nothing_left": {
		EN: "interest and fees taken at disbursement ({withheld}) leave nothing of the principal {principal}",
		ZH: "放款时扣除的利息和费用（{withheld}）已不少于本金 {principal}，借款人实际得不到借款"},

	"contracts.cap.within": {EN: "{@figure} {rate}% is within the cap {cap}% ({@cap_name})",
		ZH: "{@figure} {rate}% 未超过上限 {cap}%（{@cap_name}）"},
	"contracts.cap.exceeds": {EN: "{@figure} {rate}% exceeds the cap {cap}% ({@cap_name})",
		ZH: "{@figure} {rate}% 超过上限 {cap}%（{@cap_name}）"},
	"contracts.cap.none": {EN: "{@figure} {rate}% (effective {effective}%); no cap applies to a licensed institution",
		ZH: "{@figure} {rate}%（实际年化 {effective}%）；持牌金融机构不适用利率上限"},

	// Terms: what a cap result measures and against what.
	"contracts.figure.contract_rate": {EN: "contract annual rate", ZH: "合同年利率"},
	"contracts.figure.irr": {EN: "annualized rate (IRR of net cash flows, nominal)",
		ZH: "年化利率（按净现金流内部收益率计算的名义利率）"},
	"contracts.cap_name.lpr": {EN: "4 × one-year LPR {lpr}% published {lpr_date}",
		ZH: "{lpr_date} 公布的一年期 LPR {lpr}% 的 4 倍"},
	"contracts.cap_name.microlender": {EN: "small-loan company ceiling", ZH: "小额贷款公司综合融资成本上限"},
	"contracts.cap_name.custom":      {EN: "lender's own cap", ZH: "本机构自定上限"},
}

// Messages returns the messages of the keys this package's field errors and
// cap results use, in Chinese and English.
func Messages() check.Messages { return check.Merge(messages) }
