package duediligence

import (
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// PurposeCategory classifies what the loan is for (贷款用途).
type PurposeCategory string

// Purpose categories. The prohibited ones exist so that an application that
// names them is recorded as it was made and refused by the purpose rule.
const (
	PurposeBusinessOperation     PurposeCategory = "business_operation"      // 生产经营
	PurposeWorkingCapital        PurposeCategory = "working_capital"         // 流动资金
	PurposeFixedAsset            PurposeCategory = "fixed_asset"             // 固定资产
	PurposeConsumption           PurposeCategory = "consumption"             // 个人消费
	PurposeHousePurchase         PurposeCategory = "house_purchase"          // 购房
	PurposeVehiclePurchase       PurposeCategory = "vehicle_purchase"        // 购车
	PurposeEducation             PurposeCategory = "education"               // 教育
	PurposeSecurities            PurposeCategory = "securities"              // 证券、期货投资 (prohibited)
	PurposeEquityInvestment      PurposeCategory = "equity_investment"       // 股本权益性投资 (prohibited)
	PurposeRealEstateSpeculation PurposeCategory = "real_estate_speculation" // 房地产投机 (prohibited)
	PurposeOther                 PurposeCategory = "other"
)

// LoanRequest is what the applicant asks for (借款申请).
type LoanRequest struct {
	// Amount is the principal requested, CNY.
	Amount money.Money `json:"amount"`
	// TermMonths is the term in months.
	TermMonths int `json:"term_months" validate:"required,min=1,max=600"`
	// Purpose says in words what the money is for; PurposeCategory classifies it.
	Purpose         string          `json:"purpose" validate:"required,max=500"`
	PurposeCategory PurposeCategory `json:"purpose_category" validate:"required,oneof=business_operation working_capital fixed_asset consumption house_purchase vehicle_purchase education securities equity_investment real_estate_speculation other"`
	// RepaymentSource is where the repayment will come from (还款来源).
	RepaymentSource string `json:"repayment_source" validate:"required,max=500"`
	// RepaymentMethod: equal_installment, equal_principal, interest_only or bullet.
	RepaymentMethod contracts.RepaymentMethod `json:"repayment_method" validate:"required,oneof=equal_installment equal_principal interest_only bullet"`
	// AnnualRate is the proposed annual rate as a fraction ("0.0850").
	AnnualRate money.Rate `json:"annual_rate"`
	// Fees charged to the borrower, CNY, if any.
	Fees *money.Money `json:"fees,omitempty"`
	// WorkingCapital holds the inputs of the working-capital need estimate.
	WorkingCapital *WorkingCapitalPlan `json:"working_capital,omitempty"`
}

func (r *LoanRequest) check(path string, probs *Problems) {
	if r.Amount.Sign() <= 0 {
		probs.Add(path+".amount", "must be greater than 0")
	}
	checkMoney(probs, path+".fees", r.Fees)
}
