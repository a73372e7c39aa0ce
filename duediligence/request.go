package duediligence

import (
	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/check"
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

// purposeCategories are the category names, in the order above.
var purposeCategories = []string{
	string(PurposeBusinessOperation), string(PurposeWorkingCapital), string(PurposeFixedAsset), string(PurposeConsumption),
	string(PurposeHousePurchase), string(PurposeVehiclePurchase), string(PurposeEducation), string(PurposeSecurities),
	string(PurposeEquityInvestment), string(PurposeRealEstateSpeculation), string(PurposeOther),
}

// repaymentMethods are the method names contracts knows.
var repaymentMethods = []string{
	string(contracts.EqualInstallment), string(contracts.EqualPrincipal), string(contracts.InterestOnly), string(contracts.Bullet),
}

// LoanRequest is what the applicant asks for (借款申请).
type LoanRequest struct {
	// Amount is the principal requested, CNY.
	Amount money.Money `json:"amount"`
	// TermMonths is the term in months, 1 to 600.
	TermMonths int `json:"term_months"`
	// Purpose says in words what the money is for (at most 500
	// characters); PurposeCategory classifies it.
	Purpose         string          `json:"purpose"`
	PurposeCategory PurposeCategory `json:"purpose_category"`
	// RepaymentSource is where the repayment will come from (还款来源), at
	// most 500 characters.
	RepaymentSource string `json:"repayment_source"`
	// RepaymentMethod: equal_installment, equal_principal, interest_only or bullet.
	RepaymentMethod contracts.RepaymentMethod `json:"repayment_method"`
	// AnnualRate is the proposed annual rate as a fraction ("0.0850"), at
	// most 1: "8.5" is refused as a percent typed for 0.085.
	AnnualRate money.Rate `json:"annual_rate"`
	// Fees charged to the borrower at disbursement, CNY, if any. They count
	// in the annualized rate and under the rate caps.
	Fees *money.Money `json:"fees,omitempty"`
	// WorkingCapital holds the inputs of the working-capital need estimate.
	WorkingCapital *WorkingCapitalPlan `json:"working_capital,omitempty"`
}

// The limits of a request's text fields, in characters.
const (
	maxPurpose = 500
	maxSource  = 500
)

// maxAnnualRate is the highest annual rate a request may propose: 100% a
// year. Above it the number is far likelier a percent than a rate.
var maxAnnualRate = decimal.One

// validate checks the request and records every problem under path.
func (r *LoanRequest) validate(path string, p *check.Problems) {
	if r.Amount.Sign() <= 0 {
		p.Add(check.NotPositive(path+".amount", r.Amount.String()))
	}
	p.Between(path+".term_months", r.TermMonths, 1, contracts.MaxTermMonths)
	p.RequiredText(path+".purpose", r.Purpose, maxPurpose)
	p.OneOf(path+".purpose_category", string(r.PurposeCategory), purposeCategories...)
	p.RequiredText(path+".repayment_source", r.RepaymentSource, maxSource)
	p.OneOf(path+".repayment_method", string(r.RepaymentMethod), repaymentMethods...)
	if r.AnnualRate.Decimal().Cmp(maxAnnualRate) > 0 {
		p.Add(percentTyped(path+".annual_rate", r.AnnualRate))
	}
	checkMoney(p, path+".fees", r.Fees)
	if r.Fees != nil && r.Amount.Sign() > 0 && r.Fees.Cmp(r.Amount) >= 0 {
		fe := fieldError(path+".fees", check.ErrRange, "request.fees_not_below_amount", check.Params{"amount": r.Amount.String()})
		fe.Value = r.Fees.String()
		p.Add(fe)
	}
	if wc := r.WorkingCapital; wc != nil {
		checkMoney(p, path+".working_capital.own_funds", &wc.OwnFunds)
		checkMoney(p, path+".working_capital.existing_loans", &wc.ExistingLoans)
		checkMoney(p, path+".working_capital.other_sources", &wc.OtherSources)
	}
}

// percentTyped is the field error of a rate above 1, which is almost
// always a percent typed for a fraction: "8.5" for 0.085.
func percentTyped(path string, r money.Rate) FieldError {
	fraction := r.String()
	if q, err := r.Decimal().Quo(decimal.Hundred); err == nil {
		if f, err := money.NewRate(q); err == nil {
			fraction = f.String()
		}
	}
	fe := fieldError(path, check.ErrRange, "request.rate_percent", check.Params{"value": r.String(), "fraction": fraction})
	fe.Value = r.String()
	return fe
}

// terms are the contract terms of the request disbursed on the day, with
// its fees paid at disbursement: they lower what the borrower receives, so
// the annualized rate (IRR) counts them (民间借贷规定 art. 26).
func (r *LoanRequest) terms(on money.Date, rnd money.Rounding) contracts.Terms {
	t := contracts.Terms{
		Principal: r.Amount, AnnualRate: r.AnnualRate, TermMonths: r.TermMonths,
		Method: r.RepaymentMethod, Disbursement: on, Rounding: rnd,
	}
	if r.Fees != nil && !r.Fees.IsZero() {
		t.Fees = []contracts.Fee{{Name: "fees", Kind: contracts.FeeUpfront, Amount: *r.Fees}}
	}
	return t
}
