package duediligence

import (
	"sync"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/strictjson"
)

// Messages returns every message key the library's rule results and field
// errors use, in Chinese and English: this package's, collateral's,
// contracts' and check's. Render a result with
// Messages().RenderResult(u, check.ZH), a field error with
// Messages().RenderField(fe, check.ZH); Catalogue.Messages adds a lender's
// own.
func Messages() check.Messages { return check.Merge(allMessages()) }

// allMessages is the merged catalogue, built once: the tables are constants
// in all but name, and merging them checks that no key is defined twice.
var allMessages = sync.OnceValue(func() check.Messages {
	return check.Merge(check.FieldMessages(), strictjson.Messages(), collateral.Messages(), contracts.Messages(), ruleMessages, fieldMessages, terms, reportMessages, forbiddenMessages, errorMessages, clientMessages, loanMessages, followUpMessages, postLoanMessages, contractingMessages, fundingMessages, clientFileMessages)
})

// fieldError builds a field error from one of this package's keys.
func fieldError(path string, reason error, key string, p check.Params) FieldError {
	return allMessages().FieldError(path, reason, key, p)
}

// fieldMessages are the keys of this package's field errors.
var fieldMessages = check.Messages{
	"party.credit_code_for_person": {
		EN: "a person has no credit code; use id_number", ZH: "自然人没有统一社会信用代码，请填写身份证号码（id_number）"},
	"party.legal_representative_for_person": {
		EN: "a person has no legal representative", ZH: "自然人没有法定代表人"},
	"party.birth_date_differs": {
		EN: "is {stated} but the ID number says {derived}", ZH: "填写为 {stated}，但身份证号码显示为 {derived}"},
	"party.spouse_not_married": {
		EN: "only a married person has a spouse", ZH: "仅已婚人士可填写配偶"},
	"party.must_be_person": {
		EN: "must be person", ZH: "必须为自然人（person）"},
	"party.id_number_for_organization": {
		EN: "an organization has no resident ID; use credit_code", ZH: "组织没有居民身份证号码，请填写统一社会信用代码（credit_code）"},
	"party.spouse_for_organization": {
		EN: "an organization has no spouse", ZH: "组织没有配偶"},
	"party.legacy_mismatch": {
		EN: "is not the 15-digit number the ID number was upgraded from", ZH: "不是该身份证号码升位前的 15 位号码"},
	"party.identity_number": {
		EN: "invalid {@kind}: {@problem} ({detail})", ZH: "{@kind}无效：{@problem}（{detail_zh|detail}）"},

	"request.rate_percent": {
		EN: "{value} looks like a percent: write the annual rate as a fraction, {fraction} for {value}%",
		ZH: "{value} 像是百分数：年利率请填写小数，{value}% 应填写 {fraction}"},
	"policy.rate_ceiling": {
		EN: "{value} is not an annual rate above 0 and at most 1", ZH: "{value} 不是大于 0 且不超过 1 的年利率"},
	"request.rate_above_ceiling": {
		EN: "{value} is above the policy's ceiling of {ceiling} a year for the {regime} regime",
		ZH: "{value} 超过政策对 {regime} 口径规定的年利率上限 {ceiling}"},
	"request.fees_not_below_amount": {
		EN: "must be less than the amount {amount}", ZH: "必须小于借款金额 {amount}"},
	"case.nothing_to_change": {
		EN: "nothing to change: give applicant, co_borrowers or request",
		ZH: "没有要修改的内容：请提供 applicant、co_borrowers 或 request"},

	"guarantee.guarantor_must_be_person": {
		EN: "must be person for a guarantor of kind person", ZH: "保证人类型为自然人时，保证人必须为自然人"},
	"guarantee.guarantor_must_be_organization": {
		EN: "must be organization for a guarantor of kind {kind}", ZH: "保证人类型为 {kind} 时，保证人必须为组织"},
	"guarantee.period_several": {
		EN: "give months, an end date or until_repaid, not several", ZH: "保证期间只能填写月数、截止日期或“直至还清”中的一项"},
	"guarantee.period_both": {
		EN: "give months or an end date, not both", ZH: "保证期间的月数与截止日期只能填写一项"},
	"guarantee.corporate_for_person": {
		EN: "a natural person has no corporate resolution", ZH: "自然人保证人没有公司决议"},
	"guarantee.guarantor_is_borrower": {
		EN: "is a borrower of this case ({path})", ZH: "是本案的借款人（{path}）"},
	"guarantee.guarantor_twice": {
		EN: "already guarantees this case ({path})", ZH: "已为本案提供保证（{path}）"},

	"document.unknown": {
		EN: "no document {id} in this case", ZH: "本案没有编号为 {id} 的资料"},
	"document.type_required": {
		EN: "is required when id is not given", ZH: "未提供 id 时必须填写资料类型"},
	"document.type_unknown": {
		EN: `"{type}" is not in the document catalogue`, ZH: "资料类型“{type}”不在资料目录中"},
	"document.type_change": {
		EN: "cannot change the type of a document", ZH: "不能修改资料的类型"},
	"document.post_loan_only": {
		EN: `"{type}" is a post-loan document: it is added once the loan is disbursed`,
		ZH: "“{label|type}”（{type}）为贷后资料，放款后方可登记"},
	"document.checklist_frozen": {
		EN: `"{type}" is a document of the checklist submitted for approval, which stays as approved; after disbursement add a post-loan document: {types}`,
		ZH: "“{label|type}”（{type}）属于已提交审批的申请资料清单，审批后不得更改；放款后只能新增贷后资料：{types}"},
	"document.frozen": {
		EN: "document {id} ({label_en|type}) belongs to the checklist submitted for approval and stays as approved; add a post-loan document instead",
		ZH: "资料“{label|type}”（{id}）属于已提交审批的申请资料，审批后不得更改；如需补充，请新增贷后资料"},
	"collateral.item_unknown": {
		EN: "no collateral item {id} in this case", ZH: "本案没有编号为 {id} 的押品"},

	"transition.reason_to_withdraw": {
		EN: "is required to withdraw a case", ZH: "撤回案件必须填写原因"},
	"contracts.date_before_approval": {
		EN: "may not precede the approval of {approved}", ZH: "不得早于审批通过日 {approved}"},
	"signature.scan_required": {
		EN: "a wet-ink signature needs the scanned signed page as a document", ZH: "手写签字须上传签字页扫描件"},
	"signature.not_a_party": {
		EN: "{name} is not a party of contract {contract} as {capacity}", ZH: "{name} 不是合同 {contract} 的当事人（{capacity}）"},
	"signature.before_contract": {
		EN: "may not precede the contract date {date}", ZH: "不得早于合同签订日 {date}"},
	"signature.document_unknown": {
		EN: "no document {id} in this case", ZH: "本案没有编号为 {id} 的文件"},
	"decision.terms.amount_above_request": {
		EN: "may not exceed the requested amount {requested}", ZH: "不得超过申请金额 {requested} 元"},
	"decision.terms_without_approval": {
		EN: "only an approval sets terms", ZH: "只有同意的审批意见可以确定贷款条件"},
	"decision.comment_required": {
		EN: "is required to {@decision}", ZH: "{@decision}时必须填写意见"},
	"investigator.not_account_manager": {
		EN: "must name an account manager", ZH: "必须是客户经理"},
	"investigator.owner": {
		EN: "is the case's owner", ZH: "是本案的经办客户经理"},
	"check.acknowledge_which": {
		EN: "rule {rule} warns about several paths; name one", ZH: "规则 {rule} 对多个字段发出警示，请指明其中一个（path）"},

	"policy.document_type_twice": {
		EN: `"{type}" appears twice`, ZH: "资料类型“{type}”重复"},
	"policy.guarantee_condition": {
		EN: "must be resolution_required on a guarantee line", ZH: "保证类资料的条件只能是 resolution_required"},
	"policy.approval_matrix_empty": {
		EN: "needs at least one step", ZH: "审批流程至少需要一个环节"},
	"policy.post_loan_required": {
		EN: `"{type}" is a post-loan document, added after disbursement: no part of the application (applicant, marital_status, collateral, guarantee) may ask for it`,
		ZH: "“{type}”为贷后资料，放款后补充，申请资料清单（applicant、marital_status、collateral、guarantee）不得要求"},
}

// terms are words that messages name by key ({@…}): stages, statuses,
// kinds of loan, decisions.
var terms = check.Messages{
	"stage.intake":        {EN: "intake", ZH: "受理"},
	"stage.investigation": {EN: "investigation", ZH: "调查"},
	"stage.submitted":     {EN: "submitted", ZH: "已提交审批"},
	"stage.approved":      {EN: "approved", ZH: "已批准"},
	"stage.rejected":      {EN: "rejected", ZH: "已否决"},
	"stage.contracting":   {EN: "contracting", ZH: "签约"},
	"stage.disbursed":     {EN: "disbursed", ZH: "已放款"},
	"stage.closed":        {EN: "closed", ZH: "已结清"},
	"stage.written_off":   {EN: "written off", ZH: "已核销"},
	"stage.withdrawn":     {EN: "withdrawn", ZH: "已撤回"},

	"document.status.missing":  {EN: "missing", ZH: "未收取"},
	"document.status.received": {EN: "received", ZH: "已收取"},
	"document.status.verified": {EN: "verified", ZH: "已核验"},
	"document.status.rejected": {EN: "rejected", ZH: "已退回"},

	"loan.consumer":          {EN: "consumer", ZH: "个人消费贷款"},
	"loan.personal_business": {EN: "personal business", ZH: "个人经营贷款"},
	"loan.working_capital":   {EN: "working capital", ZH: "流动资金贷款"},
	"loan.fixed_asset":       {EN: "fixed asset", ZH: "固定资产贷款"},

	"decision.approve": {EN: "approve", ZH: "批准"},
	"decision.reject":  {EN: "reject", ZH: "否决"},
	"decision.return":  {EN: "return", ZH: "退回"},

	"identity.kind.resident_id":        {EN: "resident ID", ZH: "居民身份证号码"},
	"identity.kind.legacy_resident_id": {EN: "legacy resident ID", ZH: "15 位旧身份证号码"},
	"identity.kind.credit_code":        {EN: "credit code", ZH: "统一社会信用代码"},
	"identity.problem.length":          {EN: "wrong length", ZH: "位数不对"},
	"identity.problem.character":       {EN: "invalid character", ZH: "含有无效字符"},
	"identity.problem.checksum":        {EN: "wrong check character", ZH: "校验码不符"},
	"identity.problem.birth_date":      {EN: "invalid birth date", ZH: "出生日期无效"},
	"identity.problem.future_birth":    {EN: "birth date in the future", ZH: "出生日期晚于今天"},
	"identity.problem.other":           {EN: "invalid", ZH: "无效"},
}
