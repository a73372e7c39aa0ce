package duediligence

import "github.com/jinzhi-dev/jinzhi/check"

// postLoanMessages are the keys of the approval rounds after disbursement
// (extension, write-off) and of what they refuse, in Chinese and English.
var postLoanMessages = check.Messages{
	"approval_kind.credit":    {EN: "credit approval", ZH: "授信审批"},
	"approval_kind.extension": {EN: "extension approval", ZH: "展期审批"},
	"approval_kind.write_off": {EN: "write-off approval", ZH: "核销审批"},
	"decision.terms_credit_only": {
		EN: "terms are set only by a credit approval, not by a {@kind}",
		ZH: "仅授信审批可确定贷款条件，{@kind}不能"},
}
