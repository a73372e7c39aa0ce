package duediligence

import "github.com/jinzhi-dev/jinzhi/check"

// fundingMessages are the keys of the investors and funders: the funding
// rules' results, the field errors and errors, the notices to investors
// and the actions a refusal names, in Chinese and English.
var fundingMessages = check.Messages{
	"funder.own_funds":             {EN: "the lender's own funds", ZH: "自有资金"},
	"funder.co_lender":             {EN: "a co-lender", ZH: "联合出资机构"},
	"funder.investor_organization": {EN: "an organization investor", ZH: "机构投资客户"},
	"funder.investor_person":       {EN: "an individual investor", ZH: "个人投资客户"},

	"investor.minor": {
		EN: "the investor is {age}: a minor cannot fund a loan", ZH: "投资客户年龄为 {age} 岁，未成年人不得出资"},
	"funding.investor_unknown": {
		EN: "no registered investor {id} of yours", ZH: "没有您登记的投资客户 {id}"},

	"funding.sum.over": {
		EN: "the funders add up to {total}, more than the loan's {approved}",
		ZH: "各出资方合计 {total} 元，超过贷款金额 {approved} 元"},
	"funding.sum.oversubscribed": {
		EN: "a commitment of {amount} would take the funders past the loan's {approved}: {left} is left",
		ZH: "认购 {amount} 元将使出资合计超过贷款金额 {approved} 元，尚可认购 {left} 元"},
	"funding.sum.differs": {
		EN: "the funders add up to {total}, not the {target} disbursed with this posting",
		ZH: "各出资方合计 {total} 元，与本次放款后的发放总额 {target} 元不符"},
	"funding.sum.short": {
		EN: "the funders add up to {total} of {target}", ZH: "各出资方合计 {total} 元，目标金额 {target} 元"},
	"funding.sum.external_required": {
		EN: "the policy requires external funding: no co-lender or investor funds the loan",
		ZH: "政策要求外部资金，但尚无联合出资机构或投资客户出资"},
	"funding.allowed_sources": {
		EN: "{@kind} may not fund a loan under the {regime} regime", ZH: "按 {regime} 监管口径，不得接受{@kind}出资"},
	"funding.not_chosen": {
		EN: "the investor is not among those chosen for this project: a project is shown only to registered investors chosen for it",
		ZH: "该投资客户不在本项目选定的推介对象之列：项目仅向选定的已登记投资客户推介"},
	"funding.not_shown": {
		EN: "the investor has not been shown this project", ZH: "尚未向该投资客户推介本项目"},
	"funding.no_interest": {
		EN: "the investor has stated no interest in this project: record its interest first",
		ZH: "该投资客户尚未表示投资意向，请先登记投资意向"},
	"funding.too_many_investors": {
		EN: "{n} investors would be chosen for this loan, more than the policy's {max}",
		ZH: "本笔贷款选定的投资客户将达 {n} 名，超过政策上限 {max} 名"},
	"funding.suitability": {
		EN: "the investor's assessed risk level {level} is below the project's {project}",
		ZH: "投资客户风险承受能力等级 C{level} 低于项目风险等级 R{project}"},
	"funding.suitability_current": {
		EN: "the investor's suitability assessment of {assessed_on} stood {months} months, to {expired_on}: re-assess the investor first",
		ZH: "投资客户的适当性评估（{assessed_on}）有效期 {months} 个月，已于 {expired_on} 届满，请先重新评估"},
	"investor.assessment_older": {
		EN: "may not precede the current assessment of {date}", ZH: "不得早于当前评估日期 {date}"},
	"funding.suitability.unknown": {
		EN: "the project's risk level cannot be computed", ZH: "无法确定项目风险等级"},
	"funding.no_promised_return": {
		EN: "the text promises principal or a return: “{words}”", ZH: "文本含有承诺保本或收益的表述：“{words}”"},
	"funding.teaser_personal_data": {
		EN: "the text holds personal data of the case", ZH: "文本含有案件当事人的个人信息"},

	"error.investor_registered": {
		EN: "an investor with {key} is registered already", ZH: "证件号码为 {key} 的投资客户已登记"},
	"error.no_investor": {
		EN: "no investor {id}", ZH: "没有投资客户 {id}"},
	"error.investor_chosen": {
		EN: "investor {id} is chosen for this project already", ZH: "投资客户 {id} 已被选定为本项目推介对象"},
	"error.funding_disbursed": {
		EN: "the loan is disbursed: its commitments stand", ZH: "贷款已发放，认购不得再变更或撤回"},
	"error.no_commitment": {
		EN: "no commitment {id}", ZH: "没有认购记录 {id}"},
	"error.commitment_withdrawn": {
		EN: "commitment {id} is withdrawn already", ZH: "认购 {id} 已撤回"},
	"error.no_notice": {
		EN: "no investor notice {id}", ZH: "没有投资客户通知 {id}"},
	"error.notice_delivered": {
		EN: "notice {id} is delivered already", ZH: "通知 {id} 已送达"},

	"investor_notice.repayment": {
		EN: "Dear {investor}: the loan of project {number} (contract {contract}) received a repayment of CNY {amount} on {date}.",
		ZH: "{investor}：您出资的项目 {number}（合同编号 {contract}）于 {date} 收到借款人还款 {amount} 元，特此告知。"},
	"investor_notice.overdue": {
		EN: "Dear {investor}: the loan of project {number} (contract {contract}) is overdue since the installment due on {due}: {days} days, CNY {overdue} unpaid. The lender is collecting it.",
		ZH: "{investor}：您出资的项目 {number}（合同编号 {contract}）自 {due} 到期的一期起逾期，已逾期 {days} 天，逾期未还 {overdue} 元，出借人正在催收，特此告知。"},
	"investor_notice.classification": {
		EN: "Dear {investor}: the loan of project {number} (contract {contract}) is now classified {@class}.",
		ZH: "{investor}：您出资的项目 {number}（合同编号 {contract}）目前五级分类为“{@class}”，特此告知。"},
	"investor_notice.collection": {
		EN: "Dear {investor}: a collection notice on the loan of project {number} (contract {contract}) was delivered to the borrower on {date}.",
		ZH: "{investor}：出借人已于 {date} 向项目 {number}（合同编号 {contract}）的借款人送达催收通知书，特此告知。"},
	"investor_notice.extension": {
		EN: "Dear {investor}: the loan of project {number} (contract {contract}) was extended on {date}; it now matures on {maturity}.",
		ZH: "{investor}：您出资的项目 {number}（合同编号 {contract}）已于 {date} 展期，展期后到期日为 {maturity}，特此告知。"},

	"action.investor.registered":       {EN: "register an investor", ZH: "登记投资客户"},
	"action.investors.read":            {EN: "read investors", ZH: "查阅投资客户"},
	"action.investor.assessed":         {EN: "re-assess an investor's suitability", ZH: "重新评估投资客户适当性"},
	"action.funding.funders_set":       {EN: "record the funders", ZH: "登记出资方"},
	"action.funding.investor_chosen":   {EN: "choose an investor for a project", ZH: "选定项目推介对象"},
	"action.funding.teaser_shown":      {EN: "show a project to an investor", ZH: "向投资客户推荐项目"},
	"action.funding.interest_recorded": {EN: "record an investor's interest", ZH: "登记投资意向"},
	"action.funding.committed":         {EN: "record a commitment", ZH: "登记认购"},
	"action.funding.withdrawn":         {EN: "withdraw a commitment", ZH: "撤回认购"},
	"action.funding.notice_delivered":  {EN: "record a notice's delivery to an investor", ZH: "登记投资客户通知送达"},
}
