package duediligence

import (
	"slices"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// contractGates are the stages the contract checks gate: the drafting
// (approved → contracting) and the disbursement.
var contractGates = []Stage{StageContracting, StageDisbursed}

// onContracts runs a check of the contracts package on the drafted set;
// before drafting there is nothing to check (contract.drafted says so).
func onContracts(run func([]contracts.Contract) []check.Result) func(v *View) []check.Result {
	return func(v *View) []check.Result {
		if v.Case.Contracting == nil {
			return nil
		}
		return under("contracting", run(v.Case.contractList()))
	}
}

// contractRules are the Contract rules of RULES.md and the conditions of
// the disbursement gate.
var contractRules = []Rule{
	{ID: contracts.RuleLoanTerms, Severity: check.Block, Gates: contractGates, Citation: "Civil Code art. 668 (verified)",
		CitationZH:    "《中华人民共和国民法典》第六百六十八条",
		Description:   "the loan contract is written and states kind, currency, purpose, amount, rate, term and repayment method",
		DescriptionZH: "借款合同采用书面形式，载明借款种类、币种、用途、数额、利率、期限和还款方式",
		Eval:          onContracts(contracts.CheckLoanTerms)},
	{ID: contracts.RuleNoForfeiture, Severity: check.Block, Gates: contractGates, Citation: "Civil Code arts. 401, 428 (verified)",
		CitationZH:    "《中华人民共和国民法典》第四百零一条、第四百二十八条",
		Description:   "no clause by which the collateral becomes the lender's on default (流押, 流质)",
		DescriptionZH: "合同不得约定债务人不履行到期债务时担保财产归债权人所有（流押、流质）",
		Eval:          onContracts(contracts.CheckNoForfeiture)},
	{ID: contracts.RuleSecurityTerms, Severity: check.Block, Gates: contractGates, Citation: "Civil Code arts. 400, 427 (verified)",
		CitationZH:    "《中华人民共和国民法典》第四百条、第四百二十七条",
		Description:   "a mortgage or pledge contract states the secured debt's kind and amount, the debtor's term, the collateral and the scope",
		DescriptionZH: "抵押合同、质押合同载明被担保债权的种类和数额、债务人履行债务的期限、担保财产和担保范围",
		Eval:          onContracts(contracts.CheckSecurityTerms)},
	{ID: contracts.RuleGuaranteeTerms, Severity: check.Warn, Gates: contractGates, Citation: "Civil Code arts. 684, 686, 692 (verified)",
		CitationZH:    "《中华人民共和国民法典》第六百八十四条、第六百八十六条、第六百九十二条",
		Description:   "a guarantee contract states the debt, the kind, the scope and the period; an unclear kind is general, an unclear period six months from maturity",
		DescriptionZH: "保证合同载明被保证的主债权、保证方式、保证范围和保证期间；未约定保证方式的按一般保证，未约定保证期间的为主债务履行期限届满之日起六个月",
		Eval:          onContracts(contracts.CheckGuaranteeTerms)},
	{ID: contracts.RuleSecuredAmount, Severity: check.Block, Gates: contractGates, Citation: "practice; 不动产登记暂行条例 (secondary)",
		CitationZH:    "信贷业务惯例；《不动产登记暂行条例》",
		Description:   "every real-estate mortgage's secured amount covers the principal",
		DescriptionZH: "不动产抵押担保的债权数额不低于借款本金",
		Eval:          onContracts(contracts.CheckSecuredAmount)},
	{ID: RuleContractRateCap, Severity: check.Block, Gates: contractGates, Citation: "see Pricing: 民间借贷规定 arts. 25, 28, 29",
		CitationZH:    "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十五条、第二十八条、第二十九条（见利率定价规则）",
		Description:   "the contract rate and the annualized cost within the regime's cap on the contract date, re-checked on the disbursement date",
		DescriptionZH: "合同利率及综合年化成本不超过合同成立时适用的上限，放款时按放款日再次核查",
		Eval:          contractRateCap},
	{ID: "contract.spouse_cosign", Severity: check.Warn, Gates: contractGates, Citation: "Civil Code art. 1064 (verified)",
		CitationZH:    "《中华人民共和国民法典》第一千零六十四条",
		Description:   "a married individual borrower's spouse signs, so the debt is a joint debt of the marriage",
		DescriptionZH: "已婚自然人借款人的配偶共同签署，使该债务成为夫妻共同债务",
		Eval: func(v *View) []check.Result {
			a := v.Case.Applicant
			if v.Case.Contracting == nil || a.Kind != Person || a.MaritalStatus != Married || a.Spouse != nil {
				return nil
			}
			return []check.Result{{Path: "applicant.spouse", Key: "contract.spouse_cosign.no_spouse", Params: check.Params{"name": a.Name}}}
		}},
	{ID: "contract.signed_by_parties", Severity: check.Block, Gates: beforeDisbursement, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "every party of every contract has signed it as it stands",
		DescriptionZH: "每份合同的全部当事人均已就现行文本签署",
		Eval: func(v *View) []check.Result {
			k := v.Case.Contracting
			if k == nil {
				return nil
			}
			var out []check.Result
			for i, ct := range k.Contracts {
				for _, p := range ct.Unsigned {
					key := "contract.signed_by_parties"
					if changedAfterSigning(k, ct) {
						key = "contract.signed_by_parties.changed"
					}
					out = append(out, check.Result{Path: fmtPath("contracting.contracts", i), Key: key,
						Params: check.Params{"number": ct.Number, "name": p.Name, "capacity": "capacity." + string(p.Capacity)}})
				}
			}
			return out
		}},
	{ID: RuleContractCurrent, Severity: check.Block, Gates: beforeDisbursement, Citation: "Civil Code art. 543 (verified); practice",
		CitationZH:    "《中华人民共和国民法典》第五百四十三条；信贷业务惯例",
		Description:   "the contracts as drafted (and signed) still state the case as it stands: after a change of the terms, parties, collateral or fees they are redrafted and signed again",
		DescriptionZH: "已起草（签署）的合同仍与案件现状一致：起草后条款、当事人、押品或费用发生变化的，须重新起草合同并由各方重新签署",
		Eval:          contractCurrent},
	{ID: "disbursement.conditions_met", Severity: check.Block, Gates: beforeDisbursement, Citation: "practice; loan measures 2024 (secondary)",
		CitationZH:    "信贷业务惯例；《个人贷款管理办法》《流动资金贷款管理办法》《固定资产贷款管理办法》（2024年）",
		Description:   "every approval condition marked met with evidence before disbursement",
		DescriptionZH: "放款前每项审批条件均已落实并有证明材料",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for i, cond := range v.Case.LoanTerms().Conditions {
				met := false
				if k := v.Case.Contracting; k != nil {
					for _, m := range k.Conditions {
						met = met || m.Index == i
					}
				}
				if !met {
					out = append(out, check.Result{Path: fmtPath("conditions", i), Key: "disbursement.conditions_met", Params: check.Params{"condition": cond}})
				}
			}
			return out
		}},
	{ID: "disbursement.fees_paid", Severity: check.Block, Gates: beforeDisbursement, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "the fees the loan charges are paid before disbursement",
		DescriptionZH: "放款前贷款约定的费用已缴纳",
		Eval: func(v *View) []check.Result {
			due := v.Case.Request.Fees
			if due == nil || due.IsZero() {
				return nil
			}
			var paid money.Money
			if k := v.Case.Contracting; k != nil {
				paid = k.feesPaid()
			}
			if paid.Cmp(*due) >= 0 {
				return nil
			}
			return []check.Result{{Path: "contracting.fees", Key: "disbursement.fees_paid", Params: check.Params{"due": due.String(), "paid": paid.String()}}}
		}},
}

// RuleContractRateCap is the rate cap on the contract date.
const RuleContractRateCap = "contract.rate_cap"

// RuleContractCurrent compares the stored contracts with the set the case
// drafts now.
const RuleContractCurrent = "contract.current"

// contractCurrent finds a stored contract that the case, as it stands, no
// longer drafts as stored — its terms, parties, collateral or fees changed
// since drafting — or whose stored data no longer has its hash, and a
// contract the case now needs that the stored set lacks: each must be
// redrafted (POST contracts again) and signed again.
func contractCurrent(v *View) []check.Result {
	k := v.Case.Contracting
	if k == nil || len(k.Contracts) == 0 {
		return nil
	}
	set, err := contracts.Draft(v.Case.draftInput(v.Policy))
	if err != nil {
		return notComputed("contracting.contracts", "contract.current.not_computed", check.Params{"detail": err.Error()})
	}
	drafted := make(map[string]string, len(set))
	for _, ct := range set {
		drafted[ct.Number] = ct.Hash
	}
	var out []check.Result
	stored := make(map[string]bool, len(k.Contracts))
	for i := range k.Contracts {
		st := &k.Contracts[i].Contract
		stored[st.Number] = true
		p := check.Params{"number": st.Number}
		if h, err := st.ComputeHash(); err != nil || h != st.Hash {
			out = append(out, check.Result{Path: fmtPath("contracting.contracts", i), Key: "contract.current.altered", Params: p})
			continue
		}
		switch h, ok := drafted[st.Number]; {
		case !ok:
			out = append(out, check.Result{Path: fmtPath("contracting.contracts", i), Key: "contract.current.gone", Params: p})
		case h != st.Hash:
			out = append(out, check.Result{Path: fmtPath("contracting.contracts", i), Key: "contract.current.changed", Params: p})
		}
	}
	for _, ct := range set {
		if !stored[ct.Number] {
			out = append(out, check.Result{Path: "contracting.contracts", Key: "contract.current.missing", Params: check.Params{"number": ct.Number}})
		}
	}
	return out
}

// changedAfterSigning reports whether someone signed an earlier text of ct.
func changedAfterSigning(k *Contracting, ct ContractStatus) bool {
	for _, s := range k.Signatures {
		if s.Contract == ct.Number && s.Hash != ct.Hash {
			return true
		}
	}
	return false
}

// contractRateCap checks the approved terms against the regime's cap on
// the contract date — before drafting, on today's, which the result says
// it assumed — and, at a disbursement, on the disbursement date too.
func contractRateCap(v *View) []check.Result {
	if !slices.Contains(approvedStages, v.Case.Stage) {
		return nil // before approval, the Pricing rules check the request
	}
	t := v.Case.LoanTerms()
	date, basis := v.Case.ContractDate(), "contract.rate_cap.contract_date"
	if date.IsZero() {
		date, basis = BusinessDate(v.Now), "contract.rate_cap.assumed_date"
	}
	out := capOn(v, t, date, basis)
	if d := v.Disbursement; !d.IsZero() && d != date {
		out = append(out, capOn(v, t, d, "contract.rate_cap.disbursement_date")...)
	}
	return out
}

func capOn(v *View, t LoanTerms, date money.Date, basis string) []check.Result {
	s, err := contracts.NewSchedule(t.contractTerms(date, v.Case.ChargedFees(), v.Policy.Rounding))
	if err != nil {
		return noSchedule(err)
	}
	res, err := contracts.CheckRateCap(s, date, v.Policy.Pricing, nil)
	if err != nil {
		return notComputed("contracting.contract_date", "pricing.cap.not_computed", check.Params{"detail": err.Error()})
	}
	p := check.Params{"cap_result": res.Key, "date": date.String(), "basis": basis}
	for k, val := range res.Params {
		p[k] = val
	}
	return []check.Result{{Path: "contracting.contract_date", Key: "contract.rate_cap", Params: p, Severity: res.Severity}}
}
