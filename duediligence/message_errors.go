package duediligence

import (
	"strings"

	"github.com/jinzhi-dev/jinzhi/check"
)

// errorMessages word the domain's refusals other than field errors and
// gates: what is missing, what is stale, what conflicts (Error.Key).
var errorMessages = check.Messages{
	"error.no_case":       {EN: "no case {id}", ZH: "没有案件 {id}"},
	"error.no_document":   {EN: "no document {id} in this case", ZH: "本案没有资料 {id}"},
	"error.no_collateral": {EN: "no collateral item {id} in this case", ZH: "本案没有押品 {id}"},
	"error.no_guarantee":  {EN: "no guarantee {id} in this case", ZH: "本案没有保证 {id}"},
	"error.no_contract":   {EN: "no contract {id} in this case", ZH: "本案没有合同 {id}"},
	"error.no_flag":       {EN: "no red flag {id} in this case", ZH: "本案没有可疑情况 {id}"},
	"error.no_condition": {EN: "no approval condition {index}: the approval set {count}",
		ZH: "没有第 {index} 项审批条件：审批共设 {count} 项"},
	"error.no_warning":    {EN: "no current warning of rule {rule} on this case", ZH: "本案当前没有规则 {rule} 的预警"},
	"error.no_warning_at": {EN: "no current warning of rule {rule} at {path} on this case", ZH: "本案 {path} 处当前没有规则 {rule} 的预警"},

	"error.document_no_file":      {EN: "document {id} has no file", ZH: "资料 {id} 尚未上传文件"},
	"error.document_no_such_file": {EN: "document {id} has no file {sha}", ZH: "资料 {id} 没有摘要为 {sha} 的文件"},
	"error.document_frozen": {EN: "document {id} ({label_en|type}) belongs to the checklist submitted for approval and stays as approved: no file is added to it; add a post-loan document instead",
		ZH: "资料“{label|type}”（{id}）属于已提交审批的申请资料，审批后不得更改或补传文件；如需补充，请新增贷后资料"},

	"error.stale": {EN: "case {case} is at version {version}, not {expected}",
		ZH: "案件 {case} 当前为第 {version} 版，而非第 {expected} 版：请重新读取后再修改"},
	"error.disbursed_meanwhile": {EN: "case {case} was disbursed meanwhile", ZH: "案件 {case} 已在此期间放款"},
	"error.stage": {EN: "not allowed while the case is {@stage} (allowed in {@allowed})",
		ZH: "案件当前处于{@stage}阶段，不能办理此项（可办理的阶段：{@allowed}）"},
	"error.not_disbursable": {EN: "a case in {@stage} cannot be disbursed", ZH: "处于{@stage}阶段的案件不能放款"},
	"error.no_drawdowns": {EN: "the case is disbursed already: the policy allows no drawdowns",
		ZH: "案件已放款；政策不允许分次提款，不能再次放款"},
	"error.idempotency_reused": {EN: "idempotency key {key} was used for another request ({action})",
		ZH: "幂等键 {key} 已用于另一请求（{action}）"},

	"error.flag_already":    {EN: "red flag {id} is already {@status}", ZH: "可疑情况 {id} 已{@status}"},
	"flag.status.open":      {EN: "open", ZH: "待处理"},
	"flag.status.dismissed": {EN: "dismissed", ZH: "排除"},
	"flag.status.confirmed": {EN: "confirmed", ZH: "确认"},

	"error.no_approval":            {EN: "the case has no approval form", ZH: "本案尚无审批流程"},
	"error.approval_decided":       {EN: "every step of the approval chain is decided", ZH: "审批流程的各环节均已作出决定"},
	"error.no_report":              {EN: "generate the report first", ZH: "请先生成调查报告"},
	"error.attested_already":       {EN: "{name} has attested this draft already", ZH: "{name} 已签署过本稿报告"},
	"error.coinvestigator_already": {EN: "{name} is a co-investigator already", ZH: "{name} 已是本案协调查人"},

	"error.user_revoked_already": {EN: "user {id} was revoked already", ZH: "用户 {id} 已停用"},
	"error.user_revoked":         {EN: "user {id} is revoked; create a new user instead", ZH: "用户 {id} 已停用，请新建用户"},
	"error.unknown_token":        {EN: "unknown token", ZH: "令牌无效"},
	"error.token_user_revoked":   {EN: "the token's user was revoked on {date}", ZH: "该令牌的用户已于 {date} 停用"},
	"error.token_expired":        {EN: "the token expired on {date}; ask an admin to rotate it", ZH: "令牌已于 {date} 过期，请联系管理员更换"},
}

// stageList names stages for a message as a list of terms
// ({@allowed}: "stage.intake,stage.investigation").
func stageList(stages []Stage) string {
	names := make([]string, len(stages))
	for i, s := range stages {
		names[i] = "stage." + string(s)
	}
	return strings.Join(names, ",")
}

// clientMessages word the client file's refusals.
var clientMessages = check.Messages{
	"error.no_client": {EN: "no client with this resident ID or credit code in the cases you may read",
		ZH: "在您可查阅的案件中没有该身份证号码或统一社会信用代码的客户"},
	"client.key": {EN: "must be an 18-character resident ID number or unified social credit code",
		ZH: "须为 18 位身份证号码或统一社会信用代码"},
}
