package duediligence

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// LoanType classifies the request for the limits that differ by type.
func (c *Case) LoanType() LoanType {
	switch cat := c.Request.PurposeCategory; {
	case cat == PurposeFixedAsset:
		return LoanFixedAsset
	case c.Applicant.Kind == Organization:
		return LoanWorkingCapital
	case cat == PurposeBusinessOperation || cat == PurposeWorkingCapital:
		return LoanPersonalBusiness
	}
	return LoanConsumer
}

// prohibitedPurposes are the categories no loan may finance.
var prohibitedPurposes = map[PurposeCategory]string{
	PurposeSecurities:            "securities or futures speculation (证券、期货投机)",
	PurposeEquityInvestment:      "equity investment (股本权益性投资)",
	PurposeRealEstateSpeculation: "real-estate speculation or business without qualification (房地产投机)",
}

// vaguePurposes are purposes too general to be specific.
var vaguePurposes = []string{"消费", "经营", "周转", "资金周转", "个人消费", "日常消费", "其他", "other", "consumption", "business"}

var creditRules = []Rule{
	// RULES.md's credit.dishonest_debtor covers borrowers and guarantors;
	// guarantor.credit reports the guarantors, so one fact is reported once.
	{ID: "credit.dishonest_debtor", Severity: SeverityBlock, Citation: "practice; Commercial Bank Law art. 35 duty to examine",
		Description: "no borrower is on the dishonest judgment-debtor list (失信被执行人); guarantors are guarantor.credit's",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for _, np := range v.borrowers() {
				if np.party.DishonestDebtor {
					out = append(out, RuleResult{Path: np.path + ".dishonest_debtor", Message: np.party.Name + " is on the dishonest judgment-debtor list"})
				}
			}
			return out
		}},
	{ID: "credit.current_overdue", Severity: SeverityBlock, Citation: "practice",
		Description: "no borrower has a current overdue on the credit report",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for _, np := range v.borrowers() {
				if cr := np.party.Credit; cr != nil && cr.CurrentOverdue != nil && cr.CurrentOverdue.Sign() > 0 {
					out = append(out, RuleResult{Path: np.path + ".credit.current_overdue", Message: fmt.Sprintf("%s has %s overdue now", np.party.Name, cr.CurrentOverdue)})
				}
			}
			return out
		}},
	{ID: "credit.litigation", Severity: SeverityWarn, Citation: "practice",
		Description: "no borrower is a defendant in pending litigation",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for _, np := range v.borrowers() {
				if np.party.PendingLitigation {
					out = append(out, RuleResult{Path: np.path + ".pending_litigation", Message: np.party.Name + " is a defendant in pending litigation"})
				}
			}
			return out
		}},
	{ID: "purpose.specified", Severity: SeverityBlock, Citation: "个人贷款管理办法 2024 art. 7 (secondary)",
		Description: "a personal loan states a specific purpose",
		Eval: func(v *View) []RuleResult {
			r := v.Case.Request
			if v.Case.Applicant.Kind != Person {
				return nil
			}
			p := strings.TrimSpace(r.Purpose)
			for _, vague := range vaguePurposes {
				if strings.EqualFold(p, vague) {
					return []RuleResult{{Path: "request.purpose", Message: fmt.Sprintf("%q is not a specific purpose", p)}}
				}
			}
			if utf8.RuneCountInString(p) < 4 && r.PurposeCategory == PurposeOther {
				return []RuleResult{{Path: "request.purpose", Message: fmt.Sprintf("%q is not a specific purpose", p)}}
			}
			return nil
		}},
	{ID: "purpose.prohibited", Severity: SeverityBlock, Citation: "流动资金贷款管理办法 2024 art. 9; 贷款通则 art. 20 (secondary)",
		Description: "the loan does not finance securities or futures speculation, equity investment, real-estate speculation or anything unlawful",
		Eval: func(v *View) []RuleResult {
			if why, ok := prohibitedPurposes[v.Case.Request.PurposeCategory]; ok {
				return []RuleResult{{Path: "request.purpose_category", Message: "loans may not finance " + why}}
			}
			return nil
		}},
	{ID: "purpose.working_capital_need", Severity: SeverityWarn, Citation: "流动资金贷款管理暂行办法 (2010), annex on estimating working-capital need (secondary)",
		Description: "a working-capital loan does not exceed the estimated working-capital need",
		Eval: func(v *View) []RuleResult {
			c := v.Case
			if c.LoanType() != LoanWorkingCapital || c.Request.WorkingCapital == nil {
				return nil
			}
			st := latest(c.Applicant.Statements)
			if st == nil {
				return []RuleResult{{Path: "applicant.statements", Message: "no financial statements to estimate the working-capital need"}}
			}
			need, ok := WorkingCapitalNeed(*st, *c.Request.WorkingCapital)
			if !ok {
				return []RuleResult{{Path: "applicant.statements", Message: fmt.Sprintf("the %d statements do not allow an estimate (zero revenue or cost of sales, or no positive cash cycle)", st.Year)}}
			}
			if c.Request.Amount.Cmp(need) > 0 {
				return []RuleResult{{Path: "request.amount", Message: fmt.Sprintf("%s requested, above the estimated need of %s", c.Request.Amount, need)}}
			}
			return nil
		}},
	{ID: "term.max", Severity: SeverityBlock, Citation: "个人贷款管理办法, 流动资金贷款管理办法, 固定资产贷款管理办法 2024 (secondary); the limits are policy",
		Description: "the term is within the policy's maximum for the loan type",
		Eval: func(v *View) []RuleResult {
			t := v.Case.LoanType()
			if max, ok := v.Policy.Limits.MaxTermMonths[t]; ok && v.Case.Request.TermMonths > max {
				return []RuleResult{{Path: "request.term_months", Message: fmt.Sprintf("%d months, above the %d allowed for a %s loan", v.Case.Request.TermMonths, max, t)}}
			}
			return nil
		}},
	{ID: "payment.entrusted", Severity: SeverityWarn, Citation: "个人贷款管理办法, 流动资金贷款管理办法 2010/2024 (secondary; thresholds configurable)",
		Description: "a drawdown above the policy threshold is paid by the lender to the payee (受托支付)",
		Eval: func(v *View) []RuleResult {
			t := v.Case.LoanType()
			if limit, ok := v.Policy.Limits.EntrustedPayment[t]; ok && v.Case.Request.Amount.Cmp(limit) > 0 {
				return []RuleResult{{Path: "request.amount", Message: fmt.Sprintf("%s is above %s: pay the payee directly (受托支付)", v.Case.Request.Amount, limit)}}
			}
			return nil
		}},
	{ID: "lender.onlending", Severity: SeverityBlock, Citation: "民间借贷规定 art. 13",
		Description: "the lender does not re-lend bank loans nor lend to the public for profit without a licence",
		Eval: func(v *View) []RuleResult {
			if v.Policy.LenderFundsOnLent {
				return []RuleResult{{Path: "", Message: "the policy records that the lender's funds are re-lent bank loans or unlicensed public lending: the contract would be void"}}
			}
			return nil
		}},
}
