package contracts

import "github.com/jinzhi-dev/jinzhi/check"

// messages are the keys of this package's field errors and cap results.
var messages = check.Messages{
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
