package store

import (
	"time"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// goldenTime is the fixed instant of goldenCase.
var goldenTime = time.Date(2026, 3, 14, 1, 26, 53, 589793238, time.UTC)

// goldenCase is a submitted case with every part of the file filled in,
// with fixed IDs and times: testdata/case.v*.json hold it as each version
// of the stored format wrote it.
func goldenCase() *duediligence.Case {
	at := func(h int) time.Time { return goldenTime.Add(time.Duration(h) * time.Hour) }
	ltv := decimal.MustParse("0.4167")
	return &duediligence.Case{
		ID: "0195a1b2-0000-7000-8000-00000000c001", LedgerNumber: "2026-000123", Stage: duediligence.StageSubmitted, Version: 1,
		Owner: "am-1", OwnerName: "李经理",
		Applicant: duediligence.Party{
			Kind: duediligence.Person, Name: "张三", IDNumber: "11010519491231002X", LegacyIDNumber: "110105491231002",
			BirthDate: "1949-12-31", Sex: "female", Phone: "13800000000", Address: "北京市朝阳区",
			MaritalStatus: duediligence.Married,
			Spouse:        &duediligence.Party{Kind: duediligence.Person, Name: "王五", IDNumber: "110105194912310029"},
			Occupation:    "engineer", Employer: "某公司", MonthlyIncome: yuanP("25000.00"),
			MonthlyDebtPayments: yuanP("3000.50"),
			Credit: &duediligence.CreditSummary{
				CurrentOverdue: yuanP("0.00"), MaxOverdueDays24M: 15, OutstandingDebt: yuanP("120000.00"),
				GuaranteesGiven: yuanP("50000.00"), ReportDate: "2026-03-01",
			},
			DishonestDebtor: true, PendingLitigation: true,
		},
		CoBorrowers: []duediligence.Party{{
			Kind: duediligence.Organization, Name: "厦门某某贸易有限公司", CreditCode: "91350100M000100Y43",
			LegalRepresentative: &duediligence.Party{Kind: duediligence.Person, Name: "赵六"},
			RegisteredCapital:   yuanP("1000000.00"), FoundingDate: "2015-06-01", Industry: "wholesale",
			Statements: []duediligence.FinancialStatement{{
				Year: 2025, Revenue: money.MustMoney("8000000.00"), CostOfSales: money.MustMoney("6000000.00"),
				NetProfit: money.MustMoney("400000.00"), Receivables: money.MustMoney("900000.00"), Inventory: money.MustMoney("700000.00"),
				Payables: money.MustMoney("500000.00"), Prepayments: money.MustMoney("100000.00"), AdvanceReceipts: money.MustMoney("50000.00"),
				TotalAssets: money.MustMoney("5000000.00"), TotalLiabilities: money.MustMoney("2000000.00"),
				OperatingCashFlow: money.MustMoney("600000.00"), InterestExpense: money.MustMoney("80000.00"),
			}},
		}},
		Request: duediligence.LoanRequest{
			Amount: money.MustMoney("500000.00"), TermMonths: 36, Purpose: "备货",
			PurposeCategory: duediligence.PurposeWorkingCapital, RepaymentSource: "经营收入",
			RepaymentMethod: contracts.EqualInstallment, AnnualRate: money.MustRate("0.0435"),
			Fees: yuanP("1200.00"),
			WorkingCapital: &duediligence.WorkingCapitalPlan{ExpectedGrowth: money.MustRate("0.1"), OwnFunds: money.MustMoney("300000.00"),
				ExistingLoans: money.MustMoney("200000.00"), OtherSources: money.MustMoney("10000.00")},
		},
		Documents: []duediligence.Document{
			{ID: "doc-1", Type: "resident_id", Label: "身份证", Required: true, RequiredBy: "applicant",
				Status: duediligence.DocumentVerified, Note: "原件已核",
				Files: []duediligence.FileRef{{
					SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Size: 4,
					MediaType: "image/jpeg", Name: "id.jpg", UploadedBy: "am-1", UploadedAt: at(0),
				}},
				OriginalSighted: &duediligence.Sighting{By: "am-1", At: at(1)},
				UpdatedAt:       at(1)},
			{ID: "doc-2", Type: "marriage_certificate", Label: "结婚证", Required: true, RequiredBy: "applicant",
				Status: duediligence.DocumentMissing, Files: []duediligence.FileRef{}, UpdatedAt: at(0)},
		},
		Findings: []duediligence.Finding{{
			ID: "finding-1", Topic: duediligence.TopicCollateral, Method: duediligence.MethodThirdPartyQuery,
			Statement: "查档无查封", Result: duediligence.ResultConfirmed, Evidence: []string{"doc-1"},
			Date: "2026-03-10", Location: "长丰县不动产登记中心", Item: "item-1", Investigator: "am-1", RecordedAt: at(2),
		}},
		Flags: []duediligence.RedFlag{{
			ID: "flag-1", Description: "流水疑似伪造", Evidence: []string{"doc-1"}, RaisedBy: "am-2",
			RaisedAt: at(2), Status: duediligence.FlagDismissed,
			Resolution: &duediligence.FlagResolution{Decision: duediligence.FlagDismissed, Comment: "银行已核实", By: "dm-1", At: at(3)},
		}},
		Collateral: []duediligence.CollateralItem{func() duediligence.CollateralItem {
			it := testItem("item-1", "皖(2019)长丰县不动产权第0000001号", "340121261006GB00014F00220045")
			it.Land = &collateral.Land{Right: collateral.LandStateOwned, HasBuildings: true}
			it.MortgagedTogether, it.MaritalProperty = true, true
			it.Status = collateral.LegalStatus{DisputedTitle: true, Sealed: true, Seized: true, Supervised: true,
				IllegalBuilding: true, PublicWelfareFacility: true, NonProfitOwner: true}
			it.Consents = append(it.Consents, collateral.Consent{Name: "李四", GivenOn: money.MustDate("2026-03-02"), Document: "doc-2"})
			it.Encumbrances[1].LeaseEnd = money.MustDate("2027-12-31")
			it.Perfection = collateral.Perfection{Registered: true, RegisteredOn: money.MustDate("2026-03-10"),
				Delivered: true, DeliveredOn: money.MustDate("2026-03-11")}
			it.Registration.UnitNumber, it.Registration.MaximumAmount = "340121261006GB00014F00220045", true
			return it
		}()},
		Guarantees: []duediligence.Guarantee{
			testGuarantee("guarantee-1", duediligence.Party{Kind: duediligence.Person, Name: "孙七", IDNumber: "110105194912310029"}),
			func() duediligence.Guarantee {
				g := testGuarantee("guarantee-2", duediligence.Party{Kind: duediligence.Organization, Name: "某某担保有限公司", CreditCode: "91350100M000100Y43"})
				g.Kind, g.Period = "", duediligence.GuaranteePeriod{Months: 24, UntilRepaid: true}
				g.Corporate.Listed, g.Corporate.WhollyOwnsBorrower, g.Corporate.TwoThirdsSigned = true, true, true
				g.OnLendingApproved = true
				return g
			}(),
		},
		Acknowledgements: []duediligence.Acknowledgement{{Rule: "collateral.sole_residence", Path: "collateral[0]",
			Justification: "借款人另有经营用房", By: "am-1", At: at(4)}},
		CoInvestigators: []duediligence.CoInvestigator{{ID: "am-2", Name: "周经理", AddedBy: "dm-1", AddedAt: at(1)}},
		Report: &duediligence.Report{
			GeneratedAt: at(5), Profile: "借款人经营批发十年", RequestAndPurpose: "备货", OperationsAndMarket: "稳定", Opinion: "同意",
			Financials: []duediligence.Figure{{Name: "资产负债率", Value: "0.4000", Basis: "负债总额 / 资产总额"}},
			Repayment:  []duediligence.Figure{{Name: "DSR", Value: "0.3200"}},
			Collateral: []duediligence.CollateralLine{{ItemID: "item-1", Kind: collateral.KindResidential, Description: "三室一厅",
				TitleNumber: "皖(2019)长丰县不动产权第0000001号", ValueInUse: money.MustMoney("1200000.00"), AdvanceRate: money.MustRate("0.7"),
				SeniorLiens: money.MustMoney("300000.00"), Eligible: money.MustMoney("540000.00")}},
			Coverage: &collateral.Coverage{
				Items: []collateral.Valuation{{Kind: collateral.KindResidential, Appraisals: []int{0}, ValueInUse: money.MustMoney("1200000.00"),
					AdvanceRate: money.MustRate("0.7"), SeniorLiens: money.MustMoney("300000.00"), Eligible: money.MustMoney("540000.00")}},
				Principal: money.MustMoney("500000.00"), TotalValue: money.MustMoney("1200000.00"), TotalEligible: money.MustMoney("540000.00"),
				Ratio: decimal.MustParse("1.0800"), LTV: &ltv,
			},
			Findings: []duediligence.Finding{{ID: "finding-1", Topic: duediligence.TopicCollateral, Evidence: []string{}, RecordedAt: at(2)}},
			Checks: []duediligence.CheckResult{{
				Unmet: duediligence.Unmet{Rule: "collateral.sole_residence", Severity: check.Warn, Message: "唯一住房",
					Path: "collateral[0]", Citation: "担保制度解释", Key: "collateral.sole_residence", Params: check.Params{"item": "1"}},
				Acknowledged: &duediligence.Acknowledgement{Rule: "collateral.sole_residence", Path: "collateral[0]", Justification: "另有住房", By: "am-1", At: at(4)},
			}},
			Assessments:   []duediligence.Assessment{{Aspect: duediligence.AspectLegality, Conclusion: "合法", Basis: []string{"identity.resident_id"}}},
			Profitability: duediligence.Profitability{InterestIncome: money.MustMoney("35000.00"), FeeIncome: money.MustMoney("1200.00"), AnnualizedRate: "0.0520", FundingCost: money.MustRate("0.025"), Margin: "0.0270"},
			Risks:         []duediligence.Risk{{Risk: "行业下行", Mitigation: "抵押"}},
			Recommendation: duediligence.Recommendation{Amount: money.MustMoney("500000.00"), TermMonths: 36, AnnualRate: money.MustRate("0.0435"),
				Conditions: []string{"落实抵押登记"}},
			Attestations: []duediligence.Attestation{{By: "am-1", Name: "李经理", Order: 1, Statement: duediligence.DefaultStatement, At: at(6)},
				{By: "am-2", Name: "周经理", Order: 2, Statement: duediligence.DefaultStatement, At: at(6)}},
			Hash: "5d41402abc4b2a76b9719d911017c592", FrozenAt: at(7),
		},
		Approvals: []duediligence.Approval{{
			// Stored without a kind, as every round before kinds: credit.
			Round: 1, Kind: duediligence.ApprovalCredit, SubmittedAt: at(7), ReportHash: "5d41402abc4b2a76b9719d911017c592", Outcome: duediligence.DecisionReturn,
			Steps: []duediligence.ApprovalStep{{Role: duediligence.RoleDepartmentManager, Decision: duediligence.DecisionReturn,
				Approver: "dm-1", ApproverName: "部门经理", Comment: "补充流水", Conditions: []string{"补充银行流水"}, At: at(8)}},
		}, {
			Round: 2, Kind: duediligence.ApprovalCredit, SubmittedAt: at(9), ReportHash: "5d41402abc4b2a76b9719d911017c592",
			Steps: []duediligence.ApprovalStep{{Role: duediligence.RoleDepartmentManager}},
		}},
		Transitions: []duediligence.StageChange{
			{From: duediligence.StageIntake, To: duediligence.StageInvestigation, By: "am-1", At: at(0)},
			{From: duediligence.StageInvestigation, To: duediligence.StageSubmitted, By: "am-1", At: at(7)},
			{From: duediligence.StageSubmitted, To: duediligence.StageInvestigation, By: "dm-1", At: at(8), Reason: "补充流水"},
			{From: duediligence.StageInvestigation, To: duediligence.StageSubmitted, By: "am-1", At: at(9)},
		},
		PolicyVersion: "2026-01", CreatedAt: goldenTime, UpdatedAt: at(9),
	}
}

// goldenV1 is goldenCase as version 1 held it: check results had no
// message key before check.Result.
func goldenV1() *duediligence.Case {
	c := goldenCase()
	c.Report.Checks[0].Key, c.Report.Checks[0].Params = "", nil
	return c
}
