package duediligence

import (
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// ApprovedTerms are the terms an approver fixes in a decision (批准条件):
// each field given replaces the terms standing before the step; an absent
// one keeps them. The amount may not exceed the requested one.
type ApprovedTerms struct {
	Amount          *money.Money               `json:"amount,omitempty"`
	TermMonths      *int                       `json:"term_months,omitempty"`
	AnnualRate      *money.Rate                `json:"annual_rate,omitempty"`
	RepaymentMethod *contracts.RepaymentMethod `json:"repayment_method,omitempty"`
}

// validate checks the terms against the request, recording problems under path.
func (t *ApprovedTerms) validate(path string, req LoanRequest, p *check.Problems) {
	if t == nil {
		return
	}
	if t.Amount == nil && t.TermMonths == nil && t.AnnualRate == nil && t.RepaymentMethod == nil {
		p.Add(fieldError(path, check.ErrRequired, "case.nothing_to_change", nil))
		return
	}
	if a := t.Amount; a != nil {
		switch {
		case a.Sign() <= 0:
			p.Add(check.NotPositive(path+".amount", a.String()))
		case a.Cmp(req.Amount) > 0:
			fe := fieldError(path+".amount", check.ErrRange, "decision.terms.amount_above_request", check.Params{"requested": req.Amount.String()})
			fe.Value = a.String()
			p.Add(fe)
		}
	}
	if t.TermMonths != nil {
		p.Between(path+".term_months", *t.TermMonths, 1, contracts.MaxTermMonths)
	}
	if r := t.AnnualRate; r != nil && r.Decimal().Cmp(maxAnnualRate) > 0 {
		p.Add(percentTyped(path+".annual_rate", *r))
	}
	if m := t.RepaymentMethod; m != nil {
		p.OneOf(path+".repayment_method", string(*m), repaymentMethods...)
	}
}

// TermsSource says where the loan's terms come from.
type TermsSource string

// Terms sources, from the weakest.
const (
	TermsFromRequest        TermsSource = "request"        // 申请
	TermsFromRecommendation TermsSource = "recommendation" // 调查报告建议
	TermsFromApproval       TermsSource = "approval"       // 审批意见
)

// LoanTerms are the terms the contracts fix (合同条款): those of the last
// approval step that set terms, else the report's recommendation, else
// the request. Before approval they are the request's.
type LoanTerms struct {
	Amount          money.Money               `json:"amount"`
	TermMonths      int                       `json:"term_months"`
	AnnualRate      money.Rate                `json:"annual_rate"`
	RepaymentMethod contracts.RepaymentMethod `json:"repayment_method"`
	Source          TermsSource               `json:"source"`
	// Conditions are every approval condition of the approving round, in
	// the order of its steps.
	Conditions []string `json:"conditions"`
}

// approvedStages are the stages after a credit approval.
var approvedStages = []Stage{StageApproved, StageContracting, StageDisbursed, StageClosed}

// LoanTerms returns the terms that stand: on an approved case, the approved
// terms; before approval, the request's.
func (c *Case) LoanTerms() LoanTerms {
	t := LoanTerms{Amount: c.Request.Amount, TermMonths: c.Request.TermMonths, AnnualRate: c.Request.AnnualRate,
		RepaymentMethod: c.Request.RepaymentMethod, Source: TermsFromRequest, Conditions: []string{}}
	approved := false
	for _, s := range approvedStages {
		approved = approved || c.Stage == s
	}
	a := c.currentApproval()
	if !approved || a == nil {
		return t
	}
	if c.Report != nil {
		if rec := c.Report.Recommendation; !rec.Amount.IsZero() && rec.TermMonths > 0 {
			t.Amount, t.TermMonths, t.AnnualRate, t.Source = rec.Amount, rec.TermMonths, rec.AnnualRate, TermsFromRecommendation
			if t.Amount.Cmp(c.Request.Amount) > 0 {
				t.Amount = c.Request.Amount
			}
		}
	}
	for _, st := range a.Steps {
		if st.Decision != DecisionApprove {
			continue
		}
		t.Conditions = append(t.Conditions, st.Conditions...)
		if st.Terms == nil {
			continue
		}
		if st.Terms.Amount != nil {
			t.Amount = *st.Terms.Amount
		}
		if st.Terms.TermMonths != nil {
			t.TermMonths = *st.Terms.TermMonths
		}
		if st.Terms.AnnualRate != nil {
			t.AnnualRate = *st.Terms.AnnualRate
		}
		if st.Terms.RepaymentMethod != nil {
			t.RepaymentMethod = *st.Terms.RepaymentMethod
		}
		t.Source = TermsFromApproval
	}
	return t
}

// contractTerms are the loan terms as the contracts package computes them,
// disbursed on the day, with the fees the borrower bears (ChargedFees)
// paid at disbursement.
func (t LoanTerms) contractTerms(on money.Date, fees *money.Money, rnd money.Rounding) contracts.Terms {
	ct := contracts.Terms{Principal: t.Amount, AnnualRate: t.AnnualRate, TermMonths: t.TermMonths,
		Method: t.RepaymentMethod, Disbursement: on, Rounding: rnd}
	if fees != nil && !fees.IsZero() {
		ct.Fees = []contracts.Fee{{Name: "fees", Kind: contracts.FeeUpfront, Amount: *fees}}
	}
	return ct
}

// lenderZone is the lender's time zone, in which business dates (contract
// and disbursement dates, the LPR in force) are days: China Standard Time.
var lenderZone = time.FixedZone("UTC+8", 8*60*60)

// BusinessDate is the calendar day of t in the lender's time zone.
func BusinessDate(t time.Time) money.Date { return money.DateOf(t.In(lenderZone)) }
