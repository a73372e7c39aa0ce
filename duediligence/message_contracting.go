package duediligence

import "github.com/jinzhi-dev/jinzhi/check"

// contractingMessages are the keys of the contract phase's rules and field
// errors added with the stored contract set, the fees in the annualized
// rate, the registration compared with the mortgage contract and the
// perfection of pledges, in Chinese and English.
var contractingMessages = check.Messages{
	"fee.required_by_lender_third_party": {
		EN: "only a fee paid to a third party (paid_to third_party) is marked as required by the lender; a fee paid to the lender always counts",
		ZH: "仅向第三方支付的费用（paid_to 为 third_party）可标注为贷款人要求的费用；向贷款人支付的费用一律计入"},
	"contracts.registry_item": {
		EN: "{id} is not a mortgaged collateral item of the case", ZH: "{id} 不是本案的抵押押品"},
	"perfection.real_estate": {
		EN: "{item} is real estate: its mortgage is perfected by registration, recorded with POST registrations",
		ZH: "{item} 为不动产，其抵押权以登记设立，请通过 POST registrations 记录不动产登记证明"},
	"collateral.perfection.evidence": {
		EN: "{item}: the pledge is recorded as delivered or registered without the document that proves it: record the act with its evidence (POST perfections)",
		ZH: "{item}：质押已记为交付或登记，但没有证明材料，请连同证明材料记录交付或出质登记（POST perfections）"},
	"contract.current.changed": {
		EN: "the case has changed since contract {number} was drafted: redraft the contracts (POST contracts) and have every party sign again",
		ZH: "合同 {number} 起草后案件信息已变更：请重新起草合同（POST contracts）并由各方重新签署"},
	"contract.current.gone": {
		EN: "contract {number} is no longer needed by the case as it stands: redraft the contracts",
		ZH: "按案件现状已不再需要合同 {number}：请重新起草合同"},
	"contract.current.missing": {
		EN: "the case now needs contract {number}, which was not drafted: redraft the contracts",
		ZH: "按案件现状还需要合同 {number}，但尚未起草：请重新起草合同"},
	"contract.current.altered": {
		EN: "the stored text of contract {number} no longer has the hash it was drafted with: redraft it and have every party sign again",
		ZH: "合同 {number} 的存档文本与起草时的哈希值不符：请重新起草并由各方重新签署"},
	"contract.current.not_computed": {
		EN: "the contracts cannot be drafted from the case as it stands, so they cannot be compared: {detail}",
		ZH: "无法按案件现状起草合同，因而无法比对：{detail}"},
}
