package render

import "maps"

// contractLanguages are the words of the contracts and the loan receipt:
// the report's, with the contracts' own added (these win).
var contractLanguages = map[string]labels{
	"zh": withLabels(zhLabels, zhContractLabels),
	"en": withLabels(enLabels, enContractLabels),
}

func withLabels(base, extra labels) labels {
	out := maps.Clone(base)
	maps.Copy(out, extra)
	return out
}

var zhContractLabels = labels{
	"contract_number": "合同编号", "capacity": "身份", "name": "名称/姓名", "address": "住所/地址", "representative": "法定代表人",
	"amount": "金额（元）", "capitals": "大写", "contract_date": "签订日期", "maturity": "到期日", "loan_contract": "主合同（借款合同）编号",
	"signatures": "签署", "signature": "签字（盖章）", "contract_hash": "合同文本摘要（SHA-256）",
	"attachment_schedule": "附件一：还款计划表", "schedule_note": "本计划按合同签订日计算，实际放款日不同的，以借款借据所附还款计划为准。",
	"due_date": "应还日期", "payment": "应还金额", "balance": "剩余本金", "attachment_apr": "附件二：年化利率披露",
	"apr_nominal": "按内部收益率（IRR）法计算的名义年化利率（月利率 × 12，精确至 0.0001%）", "apr_effective": "实际年化利率（按月复利）", "attachment_collateral": "附件：担保财产清单",
	"unit_number": "不动产单元号", "owners": "权利人", "appraised": "评估价值（元）",
	"receipt_title": "借款借据", "receipt_number": "借据编号", "disbursed_on": "放款日期", "account": "收款账户", "payee": "受托支付收款人",
	"tranche": "放款笔次",
	"fee":     "费用", "schedule_sheet": "还款计划", "borrower": "借款人",
	"receipt_binds": "本借据所附还款计划按实际放款日计算，与借款合同所附还款计划不一致的，以本借据为准。",
	"contract.loan": "借款合同", "contract.mortgage": "抵押合同", "contract.pledge": "质押合同", "contract.guarantee": "保证合同",
	"capacity.lender": "贷款人", "capacity.borrower": "借款人", "capacity.co_borrower": "共同借款人", "capacity.mortgagor": "抵押人",
	"capacity.pledgor": "出质人", "capacity.guarantor": "保证人", "capacity.spouse": "借款人配偶",
}

var enContractLabels = labels{
	"contract_number": "Contract number", "capacity": "Capacity", "name": "Name", "address": "Address", "representative": "legal representative",
	"amount": "Amount (CNY)", "capitals": "In words (大写)", "contract_date": "Contract date", "maturity": "Maturity", "loan_contract": "Loan contract",
	"signatures": "Signatures", "signature": "Signature (seal)", "contract_hash": "Text digest (SHA-256)",
	"attachment_schedule": "Attachment 1: repayment schedule", "schedule_note": "Computed from the contract date; where the actual disbursement date differs, the loan receipt's schedule prevails.",
	"due_date": "Due date", "payment": "Payment", "balance": "Balance", "attachment_apr": "Attachment 2: annualized rate",
	"apr_nominal": "Annualized rate by IRR, nominal (monthly rate × 12, to 0.0001%)", "apr_effective": "effective annual rate (compounded monthly)", "attachment_collateral": "Attachment: collateral list",
	"unit_number": "Unit number", "owners": "Owners", "appraised": "Appraised (CNY)",
	"receipt_title": "Loan receipt", "receipt_number": "Receipt number", "disbursed_on": "Disbursed on", "account": "Account", "payee": "Entrusted payee",
	"tranche": "Tranche",
	"fee":     "Fee", "schedule_sheet": "Schedule", "borrower": "Borrower",
	"receipt_binds": "This schedule runs from the actual disbursement date; where it differs from the loan contract's, this receipt prevails.",
	"contract.loan": "Loan contract", "contract.mortgage": "Mortgage contract", "contract.pledge": "Pledge contract", "contract.guarantee": "Guarantee contract",
	"capacity.lender": "Lender", "capacity.borrower": "Borrower", "capacity.co_borrower": "Co-borrower", "capacity.mortgagor": "Mortgagor",
	"capacity.pledgor": "Pledgor", "capacity.guarantor": "Guarantor", "capacity.spouse": "Borrower's spouse",
}
