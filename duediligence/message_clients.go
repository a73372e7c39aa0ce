package duediligence

import "github.com/jinzhi-dev/jinzhi/check"

// clientFileMessages are the keys of the client file, its search and the
// concentration rules (rules_limit.go), in Chinese and English.
var clientFileMessages = check.Messages{
	"limit.no_history": {
		EN: "the parties' loans in the lender's other cases were not read: the concentration limit cannot be checked",
		ZH: "未读取当事人在本机构其他案件中的贷款，无法核查集中度限额"},
	"limit.single_borrower.with_outstanding": {
		EN: "the borrower owes {outstanding} on other loans: with {amount} that is {total}, above {share} of net assets {net_assets}",
		ZH: "借款人在本机构其他贷款余额 {outstanding} 元，加本笔 {amount} 元共 {total} 元，超过净资产 {net_assets} 元的 {share}"},
	"limit.related_parties": {
		EN: "{name} and its related parties owe {outstanding} on {loans} other loan(s): with {amount} that is {total}, above the lender's limit {limit}",
		ZH: "{name}及其关联方在本机构 {loans} 笔其他贷款余额 {outstanding} 元，加本笔 {amount} 元共 {total} 元，超过本机构限额 {limit} 元"},
	"limit.related_parties.share": {
		EN: "{name} and its related parties owe {outstanding} on {loans} other loan(s): with {amount} that is {total}, above {share} of net assets {net_assets} ({limit})",
		ZH: "{name}及其关联方在本机构 {loans} 笔其他贷款余额 {outstanding} 元，加本笔 {amount} 元共 {total} 元，超过净资产 {net_assets} 元的 {share}（{limit} 元）"},
	"limit.related_parties.no_net_assets": {
		EN: "the policy states no net assets of the lender: the related-party limit cannot be checked",
		ZH: "政策未填写贷款人净资产，无法核查关联方贷款余额上限"},
	"guarantor.portfolio_capacity": {
		EN: "{name} already guarantees {given} in the lender's other cases: with {amount} that is {total}, above its net worth {net_worth}",
		ZH: "{name}已在本机构其他案件中担保 {given} 元，加本笔 {amount} 元共 {total} 元，超过其净资产 {net_worth} 元"},
	"client.adverse_history": {
		EN: "{name} has {late} installment(s) paid late or unpaid past due on the lender's other loans (worst classification {@class})",
		ZH: "{name}在本机构其他贷款中有 {late} 期逾期还款记录（最差五级分类：{@class}）"},
	"client.adverse_history.non_performing": {
		EN: "{name} has a non-performing loan with the lender (classified {@class}; {late} installment(s) paid late or unpaid past due)",
		ZH: "{name}在本机构有不良贷款（五级分类：{@class}；逾期还款 {late} 期）"},
	"party.actual_controller_for_person": {
		EN: "a person has no actual controller or controlling shareholder", ZH: "自然人没有实际控制人或控股股东"},
	"client.query": {
		EN: "give a resident ID number or credit code, or a name of at least two characters",
		ZH: "请输入身份证号码或统一社会信用代码，或至少两个字的姓名（名称）"},
}
