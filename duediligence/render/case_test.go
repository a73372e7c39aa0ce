package render_test

import (
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
		Applicant: duediligence.Party{Kind: duediligence.Organization, Name: "杭州青山贸易有限公司", CreditCode: "91330106MA2B3C4D5E"},
		Request: duediligence.LoanRequest{
			Amount: yuan("1000000.00"), TermMonths: 12, Purpose: "采购原材料", PurposeCategory: duediligence.PurposeWorkingCapital,
			RepaymentSource: "销售回款", RepaymentMethod: contracts.EqualInstallment, AnnualRate: money.MustRate("0.0435"),
		},
		Collateral: []duediligence.CollateralItem{},
		Guarantees: []duediligence.Guarantee{{
			ID: "g1", Guarantor: duediligence.Party{Kind: duediligence.Person, Name: "王五", IDNumber: "110105********002X"},
			GuarantorKind: duediligence.GuarantorPerson, Kind: duediligence.GuaranteeJointAndSeveral,
			Amount: yuan("1000000.00"), NetWorth: moneyP("3000000.00"), ExistingGuarantees: moneyP("500000.00"),
		}},
		Approvals: []duediligence.Approval{{Round: 1, SubmittedAt: t0.Add(48 * time.Hour), Steps: []duediligence.ApprovalStep{{Role: duediligence.RoleDepartmentManager}}}},
		CreatedAt: t0.Add(-240 * time.Hour),
	}
	ack := &duediligence.Acknowledgement{Rule: "collateral.appraisal_age", Justification: "评估报告将于放款前更新", By: "u-li", At: t0}
	c.Report = &duediligence.Report{
		GeneratedAt:         t0,
		Profile:             "公司成立于2015年，主营建材贸易。",
		RequestAndPurpose:   "申请流动资金贷款用于采购。",
		OperationsAndMarket: "经营稳定，年销售额约3000万元。",
		Opinion:             "同意上报。",
		Financials:          []duediligence.Figure{{Name: "资产负债率 debt-to-asset ratio", Value: "0.4500", Basis: "total liabilities / total assets"}},
		Repayment:           []duediligence.Figure{{Name: "最高月还款额", Value: "85309.30", Basis: "equal_installment"}},
		Collateral: []duediligence.CollateralLine{
			{ItemID: "i1", Kind: collateral.KindResidential, Description: "三室一厅 98.5 m²", TitleNumber: "浙(2024)杭州市不动产权第0012345号",
				ValueInUse: yuan("1200000.00"), AdvanceRate: money.MustRate("0.70"), SeniorLiens: yuan("0.00"), Eligible: yuan("840000.00")},
			{ItemID: "i2", Kind: collateral.KindVehicle, Description: "货车",
				ValueInUse: yuan("400000.00"), AdvanceRate: money.MustRate("0.50"), SeniorLiens: yuan("0.00"), Eligible: yuan("200000.00")},
		},
		Coverage: &collateral.Coverage{Principal: yuan("1000000.00"), TotalValue: yuan("1600000.00"), TotalEligible: yuan("1040000.00"), Ratio: dec("1.0400"), LTV: &ltv},
		Findings: []duediligence.Finding{{ID: "f1", Topic: duediligence.TopicOperations, Method: duediligence.MethodSiteVisit, Statement: "实地查看仓库，库存与账面相符", Result: duediligence.ResultConfirmed, Date: "2026-02-27", Investigator: "u-li"}},
		Checks: []duediligence.CheckResult{{
			Unmet:        duediligence.Unmet{Rule: "collateral.appraisal_age", Severity: check.Warn, Message: "appraisal older than 150 days", Path: "collateral[0]"},
			Acknowledged: ack,
		}},
		Assessments: []duediligence.Assessment{
			{Aspect: duediligence.AspectLegality, Conclusion: "no unresolved finding", Basis: []string{}},
			{Aspect: duediligence.AspectCompliance, Conclusion: "no unresolved finding", Basis: []string{}},
			{Aspect: duediligence.AspectSafety, Conclusion: "no unresolved finding", Basis: []string{"coverage 1.0400 of the principal by eligible collateral value"}},
			{Aspect: duediligence.AspectProfitability, Conclusion: "margin 0.0185 over funding cost", Basis: []string{}},
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
