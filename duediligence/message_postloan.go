package duediligence

import "github.com/jinzhi-dev/jinzhi/check"

// postLoanMessages are the keys of the approval rounds after disbursement
// (extension, write-off) and of what they refuse, in Chinese and English.
var postLoanMessages = check.Messages{
	"action.loan.extension_requested":        {EN: "ask for an extension", ZH: "申请展期"},
	"action.loan.extension_consent_recorded": {EN: "record a guarantor's consent to an extension", ZH: "登记保证人同意展期的书面证明"},
	"action.loan.write_off_requested":        {EN: "ask for a write-off", ZH: "申请核销"},
	"action.loan.recovery_recorded":          {EN: "record a recovery after write-off", ZH: "登记核销后收回"},
	"approval_kind.credit":                   {EN: "credit approval", ZH: "授信审批"},
	"approval_kind.extension":                {EN: "extension approval", ZH: "展期审批"},
	"approval_kind.write_off":                {EN: "write-off approval", ZH: "核销审批"},
	"decision.terms_credit_only": {
		EN: "terms are set only by a credit approval, not by a {@kind}",
		ZH: "仅授信审批可确定贷款条件，{@kind}不能"},
	"error.round_pending": {
		EN: "round {round} ({@kind}) is under way: it must be decided first",
		ZH: "第 {round} 轮{@kind}尚在进行中，须先作出决定"},
	"error.no_extension": {EN: "no extension is under way", ZH: "没有进行中的展期申请"},
	"extension.guarantee_unknown": {
		EN: "no guarantee {id} in the case", ZH: "案件中没有保证 {id}"},
	"extension.beyond_limit": {
		EN: "an extension of {months} months after the {before} months granted exceeds the {limit} months 贷款通则 art. 12 allows a {@kind} of {term} months",
		ZH: "已展期 {before} 个月，再展期 {months} 个月超过《贷款通则》第十二条对原期限 {term} 个月的{@kind}所许可的累计 {limit} 个月"},
	"extension.term_short":  {EN: "short-term loan (at most the original term)", ZH: "短期贷款（累计不超过原贷款期限）"},
	"extension.term_medium": {EN: "medium-term loan (at most half the original term)", ZH: "中期贷款（累计不超过原贷款期限的一半）"},
	"extension.term_long":   {EN: "long-term loan (at most three years)", ZH: "长期贷款（累计不超过三年）"},
	"extension.after_maturity": {
		EN: "an extension is asked for and approved before the loan falls due on {maturity}",
		ZH: "展期须在贷款到期日 {maturity} 之前申请并批准"},
	"extension.consent_missing": {
		EN: "no written consent of guarantor {guarantor} to the extension: without it the guarantee period does not move and the guarantor is not liable for what the extension adds",
		ZH: "缺少保证人 {guarantor} 同意展期的书面证明：未经保证人书面同意，保证期间不受影响，保证人对加重部分不承担责任"},
	"extension.consent_whose": {
		EN: "a consent names either a guarantee (guarantee_id) or a collateral item (collateral_id), exactly one of the two",
		ZH: "同意展期的书面证明须指明保证（guarantee_id）或担保物（collateral_id）之一，且仅能指明其一"},
	"extension.collateral_unknown": {
		EN: "no collateral item {id} in the case", ZH: "案件中没有担保物 {id}"},
	"extension.collateral_borrowers": {
		EN: "collateral {item} is the borrower's own: no third party's consent is needed",
		ZH: "担保物 {item} 为借款人本人所有，无需第三人同意"},
	"extension.security_consent_missing": {
		EN: "no written consent to the extension of {owners}, who gave {item} as security: without it the security does not cover what the extension adds",
		ZH: "缺少以 {item} 提供担保的第三人 {owners} 同意展期的书面证明：未经其书面同意，其对展期加重的部分不承担担保责任"},
	"repayment.before_extension": {
		EN: "an early repayment on or before {date}, the day the loan was extended, is settled by the extension's schedule",
		ZH: "{date} 贷款已展期，此前（含当日）的提前还款已由展期后的还款计划结算，不得补录或冲正"},
	"write_off.not_loss": {
		EN: "only a loan classified loss is written off; this one is {@class}",
		ZH: "仅损失类贷款可以核销，该笔贷款为{@class}类"},
	"error.not_written_off": {
		EN: "recoveries are recorded on a written-off loan; this case is {@stage}",
		ZH: "核销后收回仅登记于已核销贷款，本案为{@stage}"},
	"recovery.before_write_off": {
		EN: "may not precede the write-off on {date}", ZH: "不得早于核销日 {date}"},
	"extension.nothing_to_extend": {
		EN: "nothing of the loan falls due after {date}: there is nothing to extend",
		ZH: "{date} 之后贷款已无待还款项，无需展期"},
}
