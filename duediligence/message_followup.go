package duediligence

import "github.com/jinzhi-dev/jinzhi/check"

// followUpMessages are the keys of the follow-up's rules, field errors and
// deadline bases, in Chinese and English.
var followUpMessages = check.Messages{
	"postloan.no_loan": {
		EN: "the case is disbursed but has no loan: the post-loan checks cannot be computed",
		ZH: "案件已放款但无贷款记录，无法进行贷后检查"},
	"postloan.visit_due": {
		EN: "no follow-up visit since the visit due on {due} ({days} days overdue; every {interval} days for a loan classified {@class})",
		ZH: "应于 {due} 前回访，已逾期 {days} 天未回访（{@class}类贷款每 {interval} 天回访一次）"},
	"classification.normal":          {EN: "normal", ZH: "正常"},
	"classification.special_mention": {EN: "special mention", ZH: "关注"},
	"classification.substandard":     {EN: "substandard", ZH: "次级"},
	"classification.doubtful":        {EN: "doubtful", ZH: "可疑"},
	"classification.loss":            {EN: "loss", ZH: "损失"},
	"postloan.guarantee_deadline.alert": {
		EN: "the guarantee period of {party} ends on {ends}, in {days} days: demand from the guarantor (or sue the borrower, for a general guarantee) before it ends, or the guarantor is released",
		ZH: "{party} 的保证期间将于 {ends} 届满（剩余 {days} 天）：请在届满前向保证人主张保证责任（一般保证须对债务人提起诉讼或仲裁），否则保证人免除保证责任"},
	"postloan.guarantee_deadline.expired": {
		EN: "the guarantee period of {party} ended on {ends}, {days} days ago, with no demand recorded: the guarantor is released",
		ZH: "{party} 的保证期间已于 {ends} 届满（已过 {days} 天），未记录向保证人的主张：保证人免除保证责任"},
	"postloan.limitation_period.alert": {
		EN: "the limitation period of the claim against {party} ends on {ends}, in {days} days: deliver a demand or sue before it ends",
		ZH: "对 {party} 债权的诉讼时效将于 {ends} 届满（剩余 {days} 天）：请在届满前送达催收通知或提起诉讼"},
	"postloan.limitation_period.expired": {
		EN: "the limitation period of the claim against {party} ended on {ends}, {days} days ago: the borrower may refuse to pay",
		ZH: "对 {party} 债权的诉讼时效已于 {ends} 届满（已过 {days} 天）：借款人可提出不履行抗辩"},
	"postloan.guarantor_limitation.alert": {
		EN: "the limitation period of the claim against guarantor {party} ends on {ends}, in {days} days",
		ZH: "对保证人 {party} 的保证债务诉讼时效将于 {ends} 届满（剩余 {days} 天）"},
	"postloan.guarantor_limitation.expired": {
		EN: "the limitation period of the claim against guarantor {party} ended on {ends}, {days} days ago",
		ZH: "对保证人 {party} 的保证债务诉讼时效已于 {ends} 届满（已过 {days} 天）"},
	"deadline.limitation": {
		EN: "three years from the last instalment's due date, {due} (arts. 188, 189)",
		ZH: "自最后一期履行期限届满之日（{due}）起三年（第一百八十八条、第一百八十九条）"},
	"deadline.limitation_restarted": {
		EN: "three years from the demand delivered on {date}, which restarted the period run from {due} (art. 195)",
		ZH: "自 {date} 送达催收通知之日起重新计算三年（原自 {due} 起算；第一百九十五条）"},
	"deadline.guarantee_agreed": {
		EN: "as agreed, from the debt's due date {due}; never interrupted nor extended (art. 692)",
		ZH: "按约定，自主债务履行期限届满之日（{due}）起算；不发生中止、中断和延长（第六百九十二条）"},
	"deadline.guarantee_months": {
		EN: "{months} months as agreed from the debt's due date {due}; never interrupted nor extended (art. 692)",
		ZH: "按约定自主债务履行期限届满之日（{due}）起 {months} 个月；不发生中止、中断和延长（第六百九十二条）"},
	"deadline.guarantee_default": {
		EN: "not agreed, unclear, or ending on or before the due date: six months from {due} (art. 692)",
		ZH: "未约定、约定不明或早于（等于）主债务履行期限的，为自 {due} 起六个月（第六百九十二条）"},
	"deadline.guarantor_demanded": {
		EN: "three years from the demand on the guarantor delivered within the guarantee period on {date} (art. 694)",
		ZH: "自债权人在保证期间内向保证人主张之日（{date}）起三年（第六百九十四条）"},
	"deadline.guarantor_restarted": {
		EN: "three years from the later demand on the guarantor delivered on {date} (arts. 694, 195)",
		ZH: "自 {date} 再次向保证人送达催收之日起重新计算三年（第六百九十四条、第一百九十五条）"},
	"deadline.guarantor_not_demanded": {
		EN: "not started: it begins with a demand on the guarantor within the guarantee period (art. 694)",
		ZH: "尚未起算：自债权人在保证期间内请求保证人承担保证责任之日起算（第六百九十四条）"},
	"deadline.guarantor_general": {
		EN: "not started: for a general guarantee it begins when the guarantor's right to have the borrower pursued first ends (art. 694)",
		ZH: "尚未起算：一般保证自保证人拒绝承担保证责任的权利消灭之日起算（第六百九十四条）"},
	"visit.subject_unknown": {
		EN: "the case has no guarantee or collateral item {id}", ZH: "本案无编号为 {id} 的保证或抵质押物"},
	"visit.visitor_unknown": {
		EN: "no user {id}", ZH: "无编号为 {id} 的用户"},
	"demand.guarantee_unknown": {
		EN: "the case has no guarantee {id}", ZH: "本案无编号为 {id} 的保证"},
	"consultation.case_unknown": {
		EN: "no case {id} that you may see", ZH: "无编号为 {id} 的可查看案件"},
}
