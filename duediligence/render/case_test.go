package render_test

import (
	"testing"
	"time"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

var (
	t0     = time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC) // 09:30 in China
	yuan   = money.MustMoney
	moneyP = func(s string) *money.Money { m := money.MustMoney(s); return &m }
	dec    = decimal.MustParse
)

// fullCase is a submitted case of a company with two collateral items, a
// guarantee, an acknowledged warning and a frozen, attested report.
func fullCase() *duediligence.Case {
	ltv := dec("0.6250")
	c := &duediligence.Case{
		ID: "0190f0c2-0000-7000-8000-000000000001", LedgerNumber: "2026-000123", Stage: duediligence.StageSubmitted,
		Owner: "u-li", OwnerName: "李客户经理",
		Applicant: duediligence.Party{Kind: duediligence.Organization, Name: "杭州青山贸易有限公司", CreditCode: "91330106MA2B3C4D5E",
			LegalRepresentative: &duediligence.Party{Kind: duediligence.Person, Name: "钱青山"}, RegisteredCapital: moneyP("5000000.00"),
			FoundingDate: "2015-06-18", Industry: "建材批发", Address: "浙江省杭州市西湖区某某路 88 号",
			Credit: &duediligence.CreditSummary{ReportDate: "2026-02-20", CurrentOverdue: moneyP("0.00"), OutstandingDebt: moneyP("800000.00"), GuaranteesGiven: moneyP("0.00")}},
		CoInvestigators: []duediligence.CoInvestigator{{ID: "u-zhao", Name: "赵调查员", AddedBy: "u-li", AddedAt: t0}},
		Request: duediligence.LoanRequest{
			Amount: yuan("1000000.00"), TermMonths: 12, Purpose: "采购原材料", PurposeCategory: duediligence.PurposeWorkingCapital,
			RepaymentSource: "销售回款", RepaymentMethod: contracts.EqualInstallment, AnnualRate: money.MustRate("0.0435"),
		},
		Collateral: []duediligence.CollateralItem{
			{Item: collateral.Item{ID: "i1", Kind: collateral.KindResidential, Arrangement: collateral.Mortgage, Address: "杭州市西湖区某某小区 3 幢 502 室", Area: "98.50",
				TitleNumber: "浙(2024)杭州市不动产权第0012345号", CoOwnership: collateral.CoOwnershipSole,
				Owners:     []collateral.Owner{{Name: "钱青山", Relation: collateral.RelationThirdParty}},
				Appraisals: []collateral.Appraisal{{Appraiser: "某某房地产估价有限公司", Method: collateral.MethodMarket, Value: yuan("1200000.00"), Date: money.MustDate("2025-09-01")}}}},
			{Item: collateral.Item{ID: "i2", Kind: collateral.KindVehicle, Arrangement: collateral.Mortgage, CoOwnership: collateral.CoOwnershipSole,
				Owners: []collateral.Owner{{Name: "杭州青山贸易有限公司", Relation: collateral.RelationBorrower}}}},
		},
		Guarantees: []duediligence.Guarantee{{
			ID: "g1", Guarantor: duediligence.Party{Kind: duediligence.Person, Name: "王五", IDNumber: "110105********002X"},
			GuarantorKind: duediligence.GuarantorPerson, Kind: duediligence.GuaranteeJointAndSeveral,
			Amount: yuan("1000000.00"), NetWorth: moneyP("3000000.00"), ExistingGuarantees: moneyP("500000.00"),
		}},
		Approvals: []duediligence.Approval{{Round: 1, SubmittedAt: t0.Add(48 * time.Hour), Steps: []duediligence.ApprovalStep{
			{Role: duediligence.RoleDepartmentManager, Decision: duediligence.DecisionApprove, Approver: "u-sun", ApproverName: "孙经理",
				Comment: "同意，报风险管理部门审查", Conditions: []string{"放款前办妥抵押登记"}, At: t0.Add(72 * time.Hour)},
			{Role: duediligence.RoleRiskOfficer}}}},
		CreatedAt: t0.Add(-240 * time.Hour),
	}
	ack := &duediligence.Acknowledgement{Rule: "collateral.appraisal_stale", Justification: "评估报告将于放款前更新", By: "u-li", At: t0}
	c.Report = &duediligence.Report{
		GeneratedAt:         t0,
		Profile:             "公司成立于2015年，主营建材贸易。",
		RequestAndPurpose:   "申请流动资金贷款用于采购。",
		OperationsAndMarket: "经营稳定，年销售额约3000万元。",
		Opinion:             "同意上报。",
		Financials: []duediligence.Figure{{Name: "杭州青山贸易有限公司 debt-to-asset ratio (2025)", Value: "0.4500", Basis: "total liabilities / total assets",
			Key: "report.figure.debt_to_asset", Params: check.Params{"party": "杭州青山贸易有限公司", "year": "2025"}, Unit: "ratio"}},
		Repayment: []duediligence.Figure{{Name: "highest monthly installment", Value: "85309.30", Basis: "equal_installment",
			Key: "report.figure.max_installment", Params: check.Params{"method": "repayment_method.equal_installment"}, Unit: "money"}},
		Collateral: []duediligence.CollateralLine{
			{ItemID: "i1", Kind: collateral.KindResidential, Description: "三室一厅 98.5 m²", TitleNumber: "浙(2024)杭州市不动产权第0012345号",
				ValueInUse: yuan("1200000.00"), AdvanceRate: money.MustRate("0.70"), SeniorLiens: yuan("0.00"), Eligible: yuan("840000.00")},
			{ItemID: "i2", Kind: collateral.KindVehicle, Description: "货车",
				ValueInUse: yuan("400000.00"), AdvanceRate: money.MustRate("0.50"), SeniorLiens: yuan("0.00"), Eligible: yuan("200000.00")},
		},
		Coverage: &collateral.Coverage{Principal: yuan("1000000.00"), TotalValue: yuan("1600000.00"), TotalEligible: yuan("1040000.00"), Ratio: dec("1.0400"), LTV: &ltv},
		Findings: []duediligence.Finding{{ID: "f1", Topic: duediligence.TopicOperations, Method: duediligence.MethodSiteVisit, Statement: "实地查看仓库，库存与账面相符", Result: duediligence.ResultConfirmed, Date: "2026-02-27", Investigator: "u-li"}},
		Checks: []duediligence.CheckResult{{
			Unmet: duediligence.Unmet{Rule: "collateral.appraisal_stale", Severity: check.Warn, Message: "the newest appraisal, of 2025-09-01, is 184 days old on 2026-03-04; the policy keeps appraisals 180 days",
				Path: "collateral[0].appraisals[0]", Citation: "policy", Key: "collateral.appraisal_stale.old",
				Params: check.Params{"date": "2025-09-01", "age": "184", "as_of": "2026-03-04", "validity": "180"}},
			Acknowledged: ack,
		}},
		Assessments: []duediligence.Assessment{
			{Aspect: duediligence.AspectLegality, Conclusion: "no unresolved finding", Basis: []string{}, Key: "report.conclusion.clear"},
			{Aspect: duediligence.AspectCompliance, Conclusion: "no unresolved finding", Basis: []string{}, Key: "report.conclusion.clear"},
			{Aspect: duediligence.AspectSafety, Conclusion: "no unresolved finding", Basis: []string{"coverage 1.0400 of the principal by eligible collateral value"},
				Key: "report.conclusion.clear", Rules: []string{"collateral.appraisal_stale"}},
			{Aspect: duediligence.AspectProfitability, Conclusion: "margin 0.0185 over funding cost", Basis: []string{},
				Key: "report.conclusion.margin", Params: check.Params{"margin": "1.85%"}},
		},
		Profitability:  duediligence.Profitability{InterestIncome: yuan("23718.79"), FeeIncome: yuan("0.00"), AnnualizedRate: "0.0435", FundingCost: money.MustRate("0.025"), Margin: "0.0185"},
		Risks:          []duediligence.Risk{{Risk: "下游回款延迟", Mitigation: "监控回款账户"}},
		Recommendation: duediligence.Recommendation{Amount: yuan("1000000.00"), TermMonths: 12, AnnualRate: money.MustRate("0.0435"), Conditions: []string{"办妥抵押登记后放款"}},
		Attestations: []duediligence.Attestation{
			{By: "u-li", Name: "李客户经理", Order: 1, Statement: duediligence.DefaultStatement, At: t0},
			{By: "u-zhao", Name: "赵调查员", Order: 2, Statement: duediligence.DefaultStatement, At: t0.Add(time.Hour)},
		},
		Hash:     "3b1f0c0d9e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4",
		FrozenAt: t0.Add(48 * time.Hour),
	}
	return c
}

// pricedCase is fullCase priced as a lender prices it — 8.50% a year, a
// fee of ¥10,000 taken at disbursement — with the checks the real rule
// catalogue gives it (their messages' figures, their citations) and the
// profitability of its real schedule, so that a rendering shows every rate,
// ratio and citation a report of the library shows.
func pricedCase(t *testing.T) *duediligence.Case {
	t.Helper()
	c := fullCase()
	c.Request.AnnualRate, c.Request.Fees = money.MustRate("0.085"), moneyP("10000.00")
	// The rules read the numbers whole (the page masks the resident ID).
	c.Applicant.CreditCode, c.Guarantees[0].Guarantor.IDNumber = "91310115MA1K3BTP2B", "11010519491231002X"
	c.Report.Recommendation.AnnualRate = c.Request.AnnualRate
	p := duediligence.DefaultPolicy()
	v := duediligence.NewView(c, p, t0)
	ack := c.Report.Checks[0].Acknowledged
	c.Report.Checks = nil
	for _, u := range duediligence.DefaultCatalogue().Evaluate(v, duediligence.StageSubmitted) {
		cr := duediligence.CheckResult{Unmet: u}
		if u.Severity == check.Warn {
			cr.Acknowledged = &duediligence.Acknowledgement{Rule: u.Rule, Path: u.Path, Justification: ack.Justification, By: ack.By, At: ack.At}
		}
		c.Report.Checks = append(c.Report.Checks, cr)
	}
	s, err := v.Schedule()
	if err != nil {
		t.Fatal(err)
	}
	apr, err := s.AnnualizedRate()
	if err != nil {
		t.Fatal(err)
	}
	margin, err := apr.Nominal.Decimal().Sub(p.FundingCost.Decimal())
	if err != nil {
		t.Fatal(err)
	}
	c.Report.Profitability = duediligence.Profitability{InterestIncome: s.TotalInterest, FeeIncome: s.TotalFees,
		AnnualizedRate: apr.Nominal.String(), FundingCost: p.FundingCost, Margin: money.HalfUp.Round(margin, money.RatioScale).String()}
	c.Report.Assessments[3].Params = check.Params{"margin": c.Report.Profitability.Margin}
	c.Report.Repayment = append(c.Report.Repayment, duediligence.Figure{Name: "DSCR", Value: "1.3125",
		Key: "report.figure.dscr", Params: check.Params{"min": "1.20", "year": "2025"}})
	return c
}
