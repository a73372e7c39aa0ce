package duediligence

import "github.com/jinzhi-dev/jinzhi/check"

// forbiddenMessages word a refusal (403) in the reader's language: the
// roles and actions it names, and the three reasons a role is refused
// (Error.Key). The HTTP layer renders them with RenderForbidden.
var forbiddenMessages = check.Messages{
	"role.account_manager":    {EN: "account manager", ZH: "客户经理"},
	"role.department_manager": {EN: "department manager", ZH: "部门负责人"},
	"role.risk_officer":       {EN: "risk officer", ZH: "风险经理"},
	"role.general_manager":    {EN: "general manager", ZH: "总经理"},
	"role.finance":            {EN: "finance", ZH: "财务人员"},
	"role.auditor":            {EN: "auditor", ZH: "稽核人员"},
	"role.admin":              {EN: "administrator", ZH: "系统管理员"},

	"action.case.coinvestigator_added": {EN: "add a co-investigator", ZH: "添加协调查人"},
	"action.case.decided":              {EN: "decide an approval step", ZH: "作出审批决定"},
	"action.case.transitioned":         {EN: "move the case to another stage", ZH: "变更案件阶段"},
	"action.case.updated":              {EN: "change the case", ZH: "修改案件"},
	"action.check.acknowledged":        {EN: "acknowledge a warning", ZH: "确认预警"},
	"action.collateral.added":          {EN: "add collateral", ZH: "添加押品"},
	"action.collateral.appraised":      {EN: "record an appraisal", ZH: "登记评估"},
	"action.collateral.removed":        {EN: "remove collateral", ZH: "删除押品"},
	"action.collateral.updated":        {EN: "change collateral", ZH: "修改押品"},
	"action.condition.met":             {EN: "record an approval condition as met", ZH: "登记审批条件已落实"},
	"action.contract.signed":           {EN: "record a signature", ZH: "登记合同签署"},
	"action.contracts.drafted":         {EN: "draft the contracts", ZH: "起草合同"},
	"action.document.recorded":         {EN: "record a document", ZH: "登记资料"},
	"action.document.uploaded":         {EN: "upload a document", ZH: "上传资料"},
	"action.fee.paid":                  {EN: "record a fee", ZH: "登记收费"},
	"action.finding.added":             {EN: "record a finding", ZH: "登记调查发现"},
	"action.flag.raised":               {EN: "raise a red flag", ZH: "上报可疑情况"},
	"action.flag.resolved":             {EN: "resolve a red flag", ZH: "处理可疑情况"},
	"action.guarantee.added":           {EN: "add a guarantee", ZH: "添加保证"},
	"action.guarantee.removed":         {EN: "remove a guarantee", ZH: "删除保证"},
	"action.guarantee.updated":         {EN: "change a guarantee", ZH: "修改保证"},
	"action.registration.recorded":     {EN: "record the mortgage registration", ZH: "登记他项权证"},
	"action.perfection.recorded":       {EN: "record the perfection of a security interest", ZH: "记录担保物权的交付或出质登记"},
	"action.report.attested":           {EN: "attest the report", ZH: "签署调查报告"},
	"action.report.edited":             {EN: "edit the report", ZH: "修改调查报告"},
	"action.report.generated":          {EN: "generate the report", ZH: "生成调查报告"},
	"action.user.created":              {EN: "create a user", ZH: "创建用户"},
	"action.user.revoked":              {EN: "revoke a user", ZH: "停用用户"},
	"action.user.token_rotated":        {EN: "rotate a user's token", ZH: "更换用户令牌"},
	"action.consultation.recorded":     {EN: "record a consultation", ZH: "登记咨询"},
	"action.reports.read":              {EN: "read the summaries", ZH: "查阅工作汇总"},
	"action.users.listed":              {EN: "list users", ZH: "查看用户列表"},
	"action.cases.read":                {EN: "read cases", ZH: "查阅案件"},
	"action.case.created":              {EN: "open a case", ZH: "受理新案件"},
	"action.loan.disbursed":            {EN: "disburse", ZH: "办理放款"},
	"action.cases.searched_by_id":      {EN: "search by resident ID number", ZH: "按身份证号码查询"},

	"forbidden.role": {
		EN: "role {role} may not {action}; roles that may: {roles}",
		ZH: "{role}无权{action}；可执行此操作的角色：{roles}"},
	"forbidden.owner_only": {
		EN: "only the case's owner among account managers may {action}",
		ZH: "客户经理中只有本案的主办客户经理可以{action}"},
	"forbidden.search_by_id": {
		EN: "role {role} sees resident ID numbers masked and may not search by one",
		ZH: "{role}查看的身份证号码经过脱敏，不得按身份证号码查询"},
	"forbidden.own_flag": {
		EN: "whoever raised a red flag does not resolve it: another department manager decides",
		ZH: "上报可疑情况的人不得自行处理，须由另一位部门负责人决定"},
	"forbidden.co_investigator": {
		EN: "a co-investigator records findings and attests the report; to {action} is the owner's",
		ZH: "协调查人可登记调查发现并签署报告；{action}由主办客户经理办理"},
}

// RenderForbidden renders a refusal's reason (Error.Key) in lang: the
// actor's role, the action and the roles that may, each in its words. An
// action without words is named by its ID; an unknown key renders "".
func RenderForbidden(lang check.Lang, key, action string, role Role, may []Role) string {
	m := allMessages()
	if _, ok := m[key]; !ok {
		return ""
	}
	word := func(k, fallback string) string {
		if _, ok := m[k]; ok {
			return m.Render(lang, k, nil)
		}
		return fallback
	}
	sep := ", "
	if lang == check.ZH {
		sep = "、"
	}
	roles := ""
	for i, r := range may {
		if i > 0 {
			roles += sep
		}
		roles += word("role."+string(r), string(r))
	}
	return m.Render(lang, key, check.Params{"role": word("role."+string(role), string(role)),
		"action": word("action."+action, action), "roles": roles})
}
