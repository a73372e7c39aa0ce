package duediligence

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/check"
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

// prohibitedPurposes are the categories no loan may finance, with the
// message term that names each.
var prohibitedPurposes = map[PurposeCategory]string{
	PurposeSecurities:            "purpose.prohibited.securities",
	PurposeEquityInvestment:      "purpose.prohibited.equity_investment",
	PurposeRealEstateSpeculation: "purpose.prohibited.real_estate_speculation",
}

// vaguePurposes are purposes too general to be specific.
var vaguePurposes = []string{"消费", "经营", "周转", "资金周转", "个人消费", "日常消费", "其他", "other", "consumption", "business"}

var creditRules = []Rule{
	// docs/rules.md's credit.dishonest_debtor covers borrowers and guarantors;
	// guarantor.credit reports the guarantors, so one fact is reported once.
	{ID: "credit.dishonest_debtor", Severity: check.Block, Citation: "practice; Commercial Bank Law art. 35 duty to examine",
		CitationZH:    "信贷业务惯例；《中华人民共和国商业银行法》第三十五条（贷款审查义务）",
		Description:   "no borrower is on the dishonest judgment-debtor list (失信被执行人); guarantors are guarantor.credit's",
		DescriptionZH: "借款人未被列入失信被执行人名单（保证人由 guarantor.credit 核查）",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for _, np := range v.borrowers() {
				if np.party.DishonestDebtor {
					out = append(out, check.Result{Path: np.path + ".dishonest_debtor", Key: "credit.dishonest_debtor", Params: check.Params{"name": np.party.Name}})
				}
			}
			return out
		}},
	{ID: "credit.current_overdue", Severity: check.Block, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "no borrower has a current overdue on the credit report",
		DescriptionZH: "借款人征信报告无当前逾期",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for _, np := range v.borrowers() {
				if cr := np.party.Credit; cr != nil && cr.CurrentOverdue != nil && cr.CurrentOverdue.Sign() > 0 {
					out = append(out, check.Result{Path: np.path + ".credit.current_overdue", Key: "credit.current_overdue",
						Params: check.Params{"name": np.party.Name, "amount": cr.CurrentOverdue.String()}})
				}
			}
			return out
		}},
	{ID: "credit.litigation", Severity: check.Warn, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "no borrower is a defendant in pending litigation",
		DescriptionZH: "借款人未作为被告涉及未决诉讼",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for _, np := range v.borrowers() {
				if np.party.PendingLitigation {
					out = append(out, check.Result{Path: np.path + ".pending_litigation", Key: "credit.litigation", Params: check.Params{"name": np.party.Name}})
				}
			}
			return out
		}},
	{ID: "purpose.specified", Severity: check.Block, Citation: "个人贷款管理办法 2024 art. 7 (secondary)",
		CitationZH:    "《个人贷款管理办法》（2024年）第七条",
		Description:   "a personal loan states a specific purpose",
		DescriptionZH: "个人贷款须有明确具体的用途",
		Eval: func(v *View) []check.Result {
			r := v.Case.Request
			if v.Case.Applicant.Kind != Person {
				return nil
			}
			p := strings.TrimSpace(r.Purpose)
			vague := utf8.RuneCountInString(p) < 4 && r.PurposeCategory == PurposeOther
			for _, w := range vaguePurposes {
				vague = vague || strings.EqualFold(p, w)
			}
			if vague {
				return []check.Result{{Path: "request.purpose", Key: "purpose.specified", Params: check.Params{"purpose": p}}}
			}
			return nil
		}},
	{ID: "purpose.prohibited", Severity: check.Block, Citation: "流动资金贷款管理办法 2024 art. 9; 贷款通则 art. 20 (secondary)",
		CitationZH:    "《流动资金贷款管理办法》（2024年）第九条；《贷款通则》第二十条",
		Description:   "the loan does not finance securities or futures speculation, equity investment, real-estate speculation or anything unlawful",
		DescriptionZH: "贷款不用于证券、期货投机，股本权益性投资，房地产投机或其他违法用途",
		Eval: func(v *View) []check.Result {
			if what, ok := prohibitedPurposes[v.Case.Request.PurposeCategory]; ok {
				return []check.Result{{Path: "request.purpose_category", Key: "purpose.prohibited", Params: check.Params{"what": what}}}
			}
			return nil
		}},
	{ID: "purpose.working_capital_need", Severity: check.Warn, Citation: "流动资金贷款管理暂行办法 (2010), annex on estimating working-capital need (secondary)",
		CitationZH:    "《流动资金贷款管理暂行办法》（2010年）附件《流动资金贷款需求量的测算参考》",
		Description:   "a working-capital loan does not exceed the estimated working-capital need",
		DescriptionZH: "流动资金贷款金额不超过测算的营运资金需求",
		Eval: func(v *View) []check.Result {
			c := v.Case
			if c.LoanType() != LoanWorkingCapital {
				return nil
			}
			if c.Request.WorkingCapital == nil {
				return notComputed("request.working_capital", "purpose.working_capital_need.no_plan", nil)
			}
			st := latest(c.Applicant.Statements)
			if st == nil {
				return notComputed("applicant.statements", "purpose.working_capital_need.no_statements", nil)
			}
			need, ok := WorkingCapitalNeed(*st, *c.Request.WorkingCapital)
			if !ok {
				return notComputed("applicant.statements", "purpose.working_capital_need.not_estimable", check.Params{"year": strconv.Itoa(st.Year)})
			}
			if c.Request.Amount.Cmp(need) > 0 {
				return []check.Result{{Path: "request.amount", Key: "purpose.working_capital_need.above",
					Params: check.Params{"amount": c.Request.Amount.String(), "need": need.String()}}}
			}
			return nil
		}},
	{ID: "term.max", Severity: check.Block, Citation: "个人贷款管理办法, 流动资金贷款管理办法, 固定资产贷款管理办法 2024 (secondary); the limits are policy",
		CitationZH:    "《个人贷款管理办法》《流动资金贷款管理办法》《固定资产贷款管理办法》（2024年）；期限上限由政策设定",
		Description:   "the term is within the policy's maximum for the loan type",
		DescriptionZH: "贷款期限不超过政策对该贷款品种规定的最长期限",
		Eval: func(v *View) []check.Result {
			t := v.Case.LoanType()
			if max, ok := v.Policy.Limits.MaxTermMonths[t]; ok && v.Case.Request.TermMonths > max {
				return []check.Result{{Path: "request.term_months", Key: "term.max", Params: check.Params{
					"months": strconv.Itoa(v.Case.Request.TermMonths), "max": strconv.Itoa(max), "type": "loan." + string(t)}}}
			}
			return nil
		}},
	{ID: "payment.entrusted", Severity: check.Warn, Citation: "个人贷款管理办法, 流动资金贷款管理办法 2010/2024 (secondary; thresholds configurable)",
		CitationZH:    "《个人贷款管理办法》《流动资金贷款管理办法》（受托支付；金额标准由政策设定）",
		Description:   "a drawdown above the policy threshold is paid by the lender to the payee (受托支付)",
		DescriptionZH: "超过政策金额标准的贷款资金，由贷款人直接支付给借款人的交易对象（受托支付）",
		Eval: func(v *View) []check.Result {
			t := v.Case.LoanType()
			if limit, ok := v.Policy.Limits.EntrustedPayment[t]; ok && v.Case.Request.Amount.Cmp(limit) > 0 {
				return []check.Result{{Path: "request.amount", Key: "payment.entrusted",
					Params: check.Params{"amount": v.Case.Request.Amount.String(), "limit": limit.String()}}}
			}
			return nil
		}},
	{ID: "lender.onlending", Severity: check.Block, Citation: "民间借贷规定 art. 13",
		CitationZH:    "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第十三条",
		Description:   "the lender does not re-lend bank loans nor lend to the public for profit without a licence",
		DescriptionZH: "贷款人不得套取金融机构贷款转贷，也不得未经许可以营利为目的向社会不特定对象放贷",
		Eval: func(v *View) []check.Result {
			if v.Policy.LenderFundsOnLent {
				return []check.Result{{Path: "", Key: "lender.onlending"}}
			}
			return nil
		}},
}
