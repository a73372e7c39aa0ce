package duediligence_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// lender is the mortgagee the test policy expects on registrations.
const lender = "某农村商业银行股份有限公司"

// rulePolicy is the default policy with a lender name and every rule on,
// so that each rule of the catalogue runs.
func rulePolicy() *dd.Policy {
	p := dd.DefaultPolicy()
	p.LenderName = lender
	p.Rules.Disabled = nil
	return p
}

func ptr[T any](v T) *T { return &v }

func m(s string) *money.Money { return ptr(money.MustMoney(s)) }

// cleanItem is a flat the borrower owns alone, appraised two months ago,
// registered to the lender and searched at the register.
func cleanItem() dd.CollateralItem {
	return dd.CollateralItem{Item: collateral.Item{
		ID: "item-1", Kind: collateral.KindResidential, Arrangement: collateral.Mortgage, MortgagedTogether: true,
		TitleNumber: "皖(2019)长丰县不动产权第0000001号", UnitNumber: "340121261006GB00014F00220045",
		CoOwnership: collateral.CoOwnershipSole,
		Owners:      []collateral.Owner{{Name: "张三", IDNumber: "360426199101010071", Relation: collateral.RelationBorrower}},
		Appraisals: []collateral.Appraisal{{Appraiser: "某评估公司", Method: collateral.MethodMarket,
			Value: money.MustMoney("1000000.00"), Date: money.MustDate("2026-10-01")}},
	},
		Registration: &collateral.Registration{CertificateNumber: "皖(2019)长丰县不动产证明第0010484号", Registry: "长丰县不动产登记中心",
			Mortgagee: lender, Mortgagors: []string{"张三"}, SecuredAmount: money.MustMoney("500000.00"),
			TermEnd: money.MustDate("2031-12-31"), RegisteredOn: money.MustDate("2026-11-01")},
	}
}

// cleanGuarantee is a joint and several guarantee by a person with room to
// spare: 2,000,000 − 300,000 − 500,000 = 1,200,000 of capacity left.
func cleanGuarantee() dd.Guarantee {
	return dd.Guarantee{ID: "g-1",
		Guarantor:     dd.Party{Kind: dd.Person, Name: "李四", IDNumber: "11010219840406970X", BirthDate: "1984-04-06"},
		GuarantorKind: dd.GuarantorPerson, Kind: dd.GuaranteeJointAndSeveral, Amount: money.MustMoney("500000.00"),
		Period: dd.GuaranteePeriod{Months: 24}, Relation: dd.RelationNone,
		NetWorth: m("2000000.00"), ExistingGuarantees: m("300000.00"),
	}
}

// companyGuarantee is a company guarantee with the board's resolution.
func companyGuarantee() dd.Guarantee {
	g := cleanGuarantee()
	g.Guarantor = dd.Party{Kind: dd.Organization, Name: "厦门某某贸易有限公司", CreditCode: "91350100M000100Y43",
		LegalRepresentative: &dd.Party{Kind: dd.Person, Name: "赵六", IDNumber: "440524188001010014", BirthDate: "1880-01-01"}}
	g.GuarantorKind = dd.GuarantorCompany
	g.Corporate = &dd.CorporateGuarantor{Resolution: &dd.Resolution{Body: dd.BodyBoard, Date: ptr(money.MustDate("2026-11-01"))}}
	return g
}

// cleanPerson is a personal business loan no rule objects to but the APR
// disclosure, which always informs.
//
// Request: 500,000.00 over 36 months at 8.50% equal installments: the
// monthly rate is 0.085/12 = 0.0070833, (1.0070833)^36 = 1.28930, so the
// installment is 500,000 × 0.0070833 / (1 − 1/1.28930) ≈ 15,783.77 (the schedule rounds each installment to the fen).
// DSR = (2,000.00 existing + 15,783.77) / 50,000.00 = 0.3557 ≤ 0.50.
// Age: born 1991-01-01, 35 today, 38 at maturity ≤ 65.
// Coverage: 1,000,000 × 0.70 advance rate = 700,000 eligible / 500,000 = 1.40 ≥ 1.0.
// Amount 500,000 is not above the 500,000 entrusted-payment threshold.
func cleanPerson(t testing.TB, p *dd.Policy) *dd.Case {
	t.Helper()
	c := &dd.Case{
		ID: "case-1", Stage: dd.StageInvestigation, Version: 3, Owner: "am-1",
		Applicant: dd.Party{Kind: dd.Person, Name: "张三", IDNumber: "360426199101010071", BirthDate: "1991-01-01",
			MaritalStatus: dd.Single, MonthlyIncome: m("50000.00"), MonthlyDebtPayments: m("2000.00"),
			Credit: &dd.CreditSummary{CurrentOverdue: m("0.00")}},
		Request: dd.LoanRequest{Amount: money.MustMoney("500000.00"), TermMonths: 36, Purpose: "采购原材料",
			PurposeCategory: dd.PurposeBusinessOperation, RepaymentSource: "经营收入",
			RepaymentMethod: contracts.EqualInstallment, AnnualRate: money.MustRate("0.0850")},
		Documents: []dd.Document{{ID: "doc-1", Type: "id_card", Required: true, Status: dd.DocumentVerified}},
		Findings: []dd.Finding{
			{ID: "f-1", Topic: dd.TopicOperations, Method: dd.MethodSiteVisit, Result: dd.ResultConfirmed, Investigator: "am-1"},
			{ID: "f-2", Topic: dd.TopicCharacter, Method: dd.MethodInterview, Result: dd.ResultConfirmed, Investigator: "inv-2"},
			{ID: "f-3", Topic: dd.TopicCollateral, Method: dd.MethodThirdPartyQuery, Result: dd.ResultConfirmed, Investigator: "am-1", Item: "item-1"},
		},
		Collateral: []dd.CollateralItem{cleanItem()},
		Guarantees: []dd.Guarantee{cleanGuarantee()},
		CreatedAt:  now.Add(-30 * 24 * time.Hour),
	}
	attest(t, c)
	cover(c, p)
	return c
}

// cleanCompany is a working-capital loan to a company no rule objects to.
//
// Statements 2025: revenue 10,000,000, cost of sales 8,000,000 (margin 20%);
// receivables 1,000,000 = 36 days of revenue, inventory 800,000 = 36 days of
// cost, payables 400,000 = 18 days, no prepayments or advances: a cash cycle
// of 36 + 36 − 18 = 54 days, turnover 360/54 = 6.67. Working capital =
// 10,000,000 × (1 − 0.20) × 1.10 / 6.67 = 1,320,000; less own funds 300,000
// and existing loans 200,000 = need 820,000 ≥ 500,000 requested.
// DSCR: installments 15,783.77 × 12 = 189,405.24 + existing 1,000 × 12 =
// 12,000 → 201,405.24 of debt service; cash flow 600,000 + interest 50,000 =
// 650,000 → 3.2273 ≥ 1.20. Leverage 4,000,000 / 10,000,000 = 0.40 ≤ 0.70.
func cleanCompany(t testing.TB, p *dd.Policy) *dd.Case {
	t.Helper()
	c := cleanPerson(t, p)
	c.Applicant = dd.Party{Kind: dd.Organization, Name: "合肥某某商贸有限公司", CreditCode: "91110000600037341L",
		LegalRepresentative: &dd.Party{Kind: dd.Person, Name: "张三", IDNumber: "360426199101010071", BirthDate: "1991-01-01"},
		MonthlyDebtPayments: m("1000.00"),
		Statements: []dd.FinancialStatement{{Year: 2025,
			Revenue: money.MustMoney("10000000.00"), CostOfSales: money.MustMoney("8000000.00"),
			Receivables: money.MustMoney("1000000.00"), Inventory: money.MustMoney("800000.00"), Payables: money.MustMoney("400000.00"),
			TotalAssets: money.MustMoney("10000000.00"), TotalLiabilities: money.MustMoney("4000000.00"),
			OperatingCashFlow: money.MustMoney("600000.00"), InterestExpense: money.MustMoney("50000.00")}}}
	c.Request.PurposeCategory, c.Request.Purpose = dd.PurposeWorkingCapital, "采购钢材"
	c.Request.WorkingCapital = &dd.WorkingCapitalPlan{ExpectedGrowth: money.MustRate("0.10"),
		OwnFunds: money.MustMoney("300000.00"), ExistingLoans: money.MustMoney("200000.00")}
	c.Collateral[0].Owners[0].Name = "合肥某某商贸有限公司"
	c.Collateral[0].Owners[0].IDNumber = "91110000600037341L"
	c.Collateral[0].Registration.Mortgagors = []string{"合肥某某商贸有限公司"}
	return c
}

// attest gives c a report the owner and a co-investigator attested, through JSON so that this
// test does not depend on the report's Go shape.
func attest(t testing.TB, c *dd.Case) {
	t.Helper()
	require.NoError(t, json.Unmarshal([]byte(`{"co_investigators":[{"id":"inv-2","name":"王调查"}],
		"report":{"attestations":[{"by":"am-1","name":"李经理","order":1},{"by":"inv-2","name":"王调查","order":2}]}}`), c))
}

// cover sets the coverage the service derives on read.
func cover(c *dd.Case, p *dd.Policy) {
	items := make([]collateral.Item, len(c.Collateral))
	for i := range c.Collateral {
		items[i] = c.Collateral[i].Item
	}
	cov, err := p.Valuation.Cover(items, c.Request.Amount, money.DateOf(now))
	if err != nil {
		panic(err)
	}
	c.Coverage = &cov
}

// now is the time of the checks.
var now = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

// ruleCase is a case for one rule: build returns it, after changing the
// policy if the rule needs it.
type ruleCase func(t *testing.T, p *dd.Policy) *dd.Case

// person and company return a clean case changed by fn.
func person(fn func(c *dd.Case, p *dd.Policy)) ruleCase {
	return func(t *testing.T, p *dd.Policy) *dd.Case {
		c := cleanPerson(t, p)
		if fn != nil {
			fn(c, p)
		}
		return c
	}
}

func company(fn func(c *dd.Case, p *dd.Policy)) ruleCase {
	return func(t *testing.T, p *dd.Policy) *dd.Case {
		c := cleanCompany(t, p)
		if fn != nil {
			fn(c, p)
		}
		return c
	}
}

// ruleTable maps every rule of the default catalogue to a case that fires
// it, with the path of the result, and a case that does not.
// ruleTest is a rule's case that fires it, at path, and one that does not.
type ruleTest struct {
	fire ruleCase
	path string
	pass ruleCase
}

var ruleTable = map[string]ruleTest{
	"process.red_flags": {
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.Flags = []dd.RedFlag{{ID: "flag-1", Description: "流水疑似伪造", Status: dd.FlagOpen}}
		}), path: "flags[0]",
		pass: person(func(c *dd.Case, _ *dd.Policy) {
			c.Flags = []dd.RedFlag{{ID: "flag-1", Description: "流水疑似伪造", Status: dd.FlagDismissed}}
		})},
	"process.report_attested": {
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			// A report the owner has not attested: the investigator's attestation does not count.
			if err := json.Unmarshal([]byte(`{"report":{"attestations":[{"by":"inv-2","order":2}]}}`), c); err != nil {
				panic(err)
			}
		}), path: "report.attestations",
		pass: person(nil)},
	"process.documents_complete": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Documents[0].Status = dd.DocumentMissing }), path: "documents[0]",
		pass: person(func(c *dd.Case, _ *dd.Policy) { c.Documents[0].Status = dd.DocumentReceived })},
	"process.site_visit": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Findings = slices.Delete(c.Findings, 0, 1) }), path: "findings",
		pass: person(nil)},
	"process.interview": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Findings = slices.Delete(c.Findings, 1, 2) }), path: "findings",
		pass: person(nil)},
	"process.two_investigators": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Findings[1].Investigator = "am-1" }), path: "findings",
		pass: person(nil)},
	"identity.resident_id": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Guarantees[0].Guarantor.IDNumber = "110105194912310021" }),
		path: "guarantees[0].guarantor.id_number",
		pass: person(nil)},
	"identity.resident_id_birthdate": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.BirthDate = "1991-02-01" }), path: "applicant.birth_date",
		pass: person(nil)},
	"identity.resident_id_region": {
		// 99… is no province; the checksum is left to identity.resident_id.
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.IDNumber = "990426199101010071" }), path: "applicant.id_number",
		pass: person(nil)},
	"identity.legacy_id": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.LegacyIDNumber = "360426910101007" }), path: "applicant.id_number",
		pass: person(nil)},
	"identity.credit_code": {
		fire: company(func(c *dd.Case, _ *dd.Policy) { c.Applicant.CreditCode = "91110000600037341N" }), path: "applicant.credit_code",
		pass: company(nil)},
	"identity.credit_code_structure": {
		// 0 is no registration authority; the GB 32100 check is recomputed so only the structure is wrong.
		fire: company(func(c *dd.Case, _ *dd.Policy) {
			c.Guarantees = []dd.Guarantee{companyGuarantee()}
			c.Guarantees[0].Guarantor.CreditCode = withCheck("0" + c.Guarantees[0].Guarantor.CreditCode[1:17])
		}), path: "guarantees[0].guarantor.credit_code",
		pass: company(func(c *dd.Case, _ *dd.Policy) { c.Guarantees = []dd.Guarantee{companyGuarantee()} })},
	"borrower.capacity": {
		// Born 2010-01-01: 16 on the application date, with no finding of own labour income.
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.IDNumber, c.Applicant.BirthDate = "", "2010-01-01" }),
		path: "applicant.birth_date",
		pass: person(func(c *dd.Case, _ *dd.Policy) {
			c.Applicant.IDNumber, c.Applicant.BirthDate = "", "2010-01-01"
			c.Findings = append(c.Findings, dd.Finding{Topic: dd.TopicQualification, Method: dd.MethodDocumentReview, Result: dd.ResultConfirmed, Investigator: "am-1"})
		})},
	"borrower.age_at_maturity": {
		// Born 1964-01-01: 62 today, 65 at maturity in 36 months (2029-11-27), 67 in 60.
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.Applicant.IDNumber, c.Applicant.BirthDate, c.Request.TermMonths = "", "1964-01-01", 60
		}), path: "applicant.birth_date",
		pass: person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.IDNumber, c.Applicant.BirthDate = "", "1964-01-01" })},
	"credit.dishonest_debtor": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.DishonestDebtor = true }), path: "applicant.dishonest_debtor",
		// A guarantor on the list is guarantor.credit's, not reported twice.
		pass: person(func(c *dd.Case, _ *dd.Policy) { c.Guarantees[0].Guarantor.DishonestDebtor = true })},
	"credit.current_overdue": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.Credit.CurrentOverdue = m("0.01") }), path: "applicant.credit.current_overdue",
		pass: person(nil)},
	"credit.litigation": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.PendingLitigation = true }), path: "applicant.pending_litigation",
		pass: person(nil)},
	"purpose.specified": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Request.Purpose = "资金周转" }), path: "request.purpose",
		pass: person(nil)},
	"purpose.prohibited": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Request.PurposeCategory = dd.PurposeSecurities }), path: "request.purpose_category",
		pass: person(nil)},
	"purpose.working_capital_need": {
		// Own funds of 1,000,000 leave a need of 1,320,000 − 1,000,000 − 200,000 = 120,000 < 500,000.
		fire: company(func(c *dd.Case, _ *dd.Policy) { c.Request.WorkingCapital.OwnFunds = money.MustMoney("1000000.00") }),
		path: "request.amount",
		pass: company(nil)},
	"term.max": {
		fire: company(func(c *dd.Case, _ *dd.Policy) { c.Request.TermMonths = 37 }), path: "request.term_months",
		pass: company(nil)},
	"payment.entrusted": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Request.Amount = money.MustMoney("500000.01") }), path: "request.amount",
		pass: person(nil)},
	"lender.onlending": {
		fire: person(func(_ *dd.Case, p *dd.Policy) { p.LenderFundsOnLent = true }), path: "",
		pass: person(nil)},
	"repayment.dsr": {
		// (2,000 + 15,783.77) / 32,000 = 0.5557 > 0.50.
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.MonthlyIncome = m("32000.00") }), path: "applicant.monthly_income",
		pass: person(nil)},
	"repayment.dscr": {
		// Cash flow 150,000 + interest 50,000 = 200,000 / 201,405.24 = 0.9930 < 1.20.
		fire: company(func(c *dd.Case, _ *dd.Policy) {
			c.Applicant.Statements[0].OperatingCashFlow = money.MustMoney("150000.00")
		}), path: "applicant.statements",
		pass: company(nil)},
	"repayment.leverage": {
		// 7,500,000 / 10,000,000 = 0.75 > 0.70.
		fire: company(func(c *dd.Case, _ *dd.Policy) {
			c.Applicant.Statements[0].TotalLiabilities = money.MustMoney("7500000.00")
		}), path: "applicant.statements",
		// A guarantor's leverage is not the borrower's.
		pass: company(func(c *dd.Case, _ *dd.Policy) {
			g := companyGuarantee()
			g.Guarantor.Statements = []dd.FinancialStatement{{Year: 2025, TotalAssets: money.MustMoney("100.00"), TotalLiabilities: money.MustMoney("90.00")}}
			c.Guarantees = []dd.Guarantee{g}
		})},
	contracts.RulePrivateLendingCap: {
		// 4 × the one-year LPR of 3.00% (2025-05-20) = 12% < 20%.
		fire: person(func(c *dd.Case, p *dd.Policy) {
			p.Pricing.Regime, c.Request.AnnualRate = contracts.RegimePrivateLending, money.MustRate("0.20")
		}), path: "request.annual_rate",
		pass: person(func(_ *dd.Case, p *dd.Policy) { p.Pricing.Regime = contracts.RegimePrivateLending })},
	contracts.RuleMicrolenderCost: {
		fire: person(func(c *dd.Case, p *dd.Policy) {
			p.Pricing.Regime, c.Request.AnnualRate = contracts.RegimeSmallLoan, money.MustRate("0.30")
		}), path: "request.annual_rate",
		pass: person(func(_ *dd.Case, p *dd.Policy) { p.Pricing.Regime = contracts.RegimeSmallLoan })},
	contracts.RuleCustomCap: {
		fire: person(func(_ *dd.Case, p *dd.Policy) {
			p.Pricing.Regime, p.Pricing.CustomCap = contracts.RegimeCustom, ptr(money.MustRate("0.06"))
		}), path: "request.annual_rate",
		pass: person(func(_ *dd.Case, p *dd.Policy) {
			p.Pricing.Regime, p.Pricing.CustomCap = contracts.RegimeCustom, ptr(money.MustRate("0.10"))
		})},
	contracts.RuleAPRDisclosure: {
		// The disclosure always shows, and blocks when it cannot compute the
		// rate (TestCatalogue_FailClosed); only a policy that disables it
		// keeps it quiet.
		fire: person(nil), path: "request.annual_rate",
		pass: person(func(_ *dd.Case, p *dd.Policy) {
			p.Rules.Disabled = append(p.Rules.Disabled, contracts.RuleAPRDisclosure)
		})},
	"limit.single_borrower": {
		// 4,000,000 × 10% = 400,000 < 500,000.
		fire: person(func(c *dd.Case, p *dd.Policy) {
			p.Pricing.Regime, p.Limits.LenderNetAssets = contracts.RegimeSmallLoan, m("4000000.00")
			c.History = &dd.CaseHistory{}
		}), path: "request.amount",
		pass: person(func(c *dd.Case, p *dd.Policy) {
			p.Pricing.Regime, p.Limits.LenderNetAssets = contracts.RegimeSmallLoan, m("5000000.00")
			c.History = &dd.CaseHistory{}
		})},
	"limit.related_parties": {
		// 5,000,000 × 15% = 750,000 < 300,000 owed by the spouse + 500,000.
		fire: person(func(c *dd.Case, p *dd.Policy) {
			p.Pricing.Regime, p.Limits.LenderNetAssets = contracts.RegimeSmallLoan, m("5000000.00")
			c.History = &dd.CaseHistory{GroupOutstanding: money.MustMoney("300000.00"),
				Group: []dd.GroupLoan{{CaseID: "case-2", Via: dd.RelatedSpouse, Outstanding: money.MustMoney("300000.00")}}}
		}), path: "request.amount",
		pass: person(func(c *dd.Case, p *dd.Policy) {
			p.Pricing.Regime, p.Limits.LenderNetAssets = contracts.RegimeSmallLoan, m("5000000.00")
			c.History = &dd.CaseHistory{GroupOutstanding: money.MustMoney("250000.00")}
		})},
	"guarantor.portfolio_capacity": {
		// 1,600,000 guaranteed elsewhere + 500,000 > 2,000,000 of net worth.
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.History = &dd.CaseHistory{Parties: []dd.PartyHistory{{Path: "guarantees[0].guarantor", Name: "李四", GuaranteesGiven: money.MustMoney("1600000.00")}}}
		}), path: "guarantees[0].net_worth",
		pass: person(func(c *dd.Case, _ *dd.Policy) {
			c.History = &dd.CaseHistory{Parties: []dd.PartyHistory{{Path: "guarantees[0].guarantor", Name: "李四", GuaranteesGiven: money.MustMoney("1500000.00")}}}
		})},
	"client.adverse_history": {
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.History = &dd.CaseHistory{Parties: []dd.PartyHistory{{Path: "applicant", Name: "张三", WorstClassification: dd.ClassNormal, LateInstallments: 2}}}
		}), path: "applicant",
		pass: person(func(c *dd.Case, _ *dd.Policy) {
			c.History = &dd.CaseHistory{Parties: []dd.PartyHistory{{Path: "applicant", Name: "张三", WorstClassification: dd.ClassNormal}}}
		})},
	collateral.RuleNonMortgageable: {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Collateral[0].Status.Sealed = true }), path: "collateral[0].status.sealed",
		pass: person(nil)},
	collateral.RuleIllegalBuilding: {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Collateral[0].Status.IllegalBuilding = true }),
		path: "collateral[0].status.illegal_building",
		pass: person(nil)},
	collateral.RuleBuildingWithLand: {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Collateral[0].MortgagedTogether = false }), path: "collateral[0].mortgaged_together",
		pass: person(nil)},
	collateral.RuleCoOwnerConsent: {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Collateral[0].MaritalProperty = true }), path: "collateral[0].owners",
		pass: person(nil)},
	collateral.RulePriorEncumbrance: {
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.Collateral[0].Rank = 2
			c.Collateral[0].Encumbrances = []collateral.Encumbrance{{Kind: collateral.EncumbranceLien, Holder: "某银行", Rank: 1,
				Amount: money.MustMoney("100000.00"), RegisteredOn: money.MustDate("2020-05-01")}}
		}), path: "collateral[0].encumbrances[0]",
		pass: person(nil)},
	collateral.RulePriorLease: {
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.Collateral[0].Encumbrances = []collateral.Encumbrance{{Kind: collateral.EncumbranceLease, Holder: "王五",
				LeaseStart: money.MustDate("2021-01-01"), HandedOverOn: money.MustDate("2021-01-05")}}
		}), path: "collateral[0].encumbrances[0]",
		pass: person(nil)},
	collateral.RuleAppraisalStale: {
		// 2026-05-01 is 210 days before the check, beyond the 180 days of validity.
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.Collateral[0].Appraisals[0].Date = money.MustDate("2026-05-01")
		}), path: "collateral[0].appraisals[0]",
		pass: person(nil)},
	collateral.RuleSoleResidence: {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Collateral[0].Occupancy.SoleResidence = true }),
		path: "collateral[0].occupancy.sole_residence",
		pass: person(nil)},
	collateral.RulePledgeableRight: {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Collateral[0].Arrangement = collateral.Pledge }), path: "collateral[0].arrangement",
		pass: person(nil)},
	collateral.RuleUnitNumber: {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Collateral[0].UnitNumber = "" }), path: "collateral[0].unit_number",
		pass: person(nil)},
	collateral.RuleRegisterPrevails: {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Findings = c.Findings[:2] }), path: "collateral[0].title_number",
		pass: person(nil)},
	dd.RuleParallelClaim: {
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.Collateral[0].Exposure = []dd.Exposure{{CaseID: "case-2", ItemID: "item-9", Stage: dd.StageSubmitted, TitleNumber: c.Collateral[0].TitleNumber}}
		}), path: "collateral[0]",
		pass: person(nil)},
	collateral.RuleCoverage: {
		// 600,000 × 0.70 = 420,000 eligible / 500,000 = 0.84 < 1.0.
		fire: person(func(c *dd.Case, p *dd.Policy) {
			c.Collateral[0].Appraisals[0].Value = money.MustMoney("600000.00")
			cover(c, p)
		}), path: "collateral",
		pass: person(nil)},
	collateral.RulePerfection: {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Collateral[0].Registration = nil }), path: "collateral[0].registration",
		pass: person(nil)},
	collateral.RuleRegistrationMatches: {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Collateral[0].Registration.Mortgagee = "另一家银行" }),
		path: "collateral[0].registration.mortgagee",
		pass: person(nil)},
	collateral.RuleCertificateNumber: {
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.Collateral[0].Registration.CertificateNumber = "不动产证明0010484"
		}),
		path: "collateral[0].registration.certificate_number",
		pass: person(nil)},
	"guarantor.ineligible": {
		fire: company(func(c *dd.Case, _ *dd.Policy) {
			g := companyGuarantee()
			g.GuarantorKind, g.Corporate = dd.GuarantorCommittee, nil
			c.Guarantees = []dd.Guarantee{g}
		}), path: "guarantees[0].guarantor_kind",
		// The one exception of art. 683: approved on-lending of a foreign loan.
		pass: company(func(c *dd.Case, _ *dd.Policy) {
			g := companyGuarantee()
			g.GuarantorKind, g.Corporate, g.OnLendingApproved = dd.GuarantorStateOrgan, nil, true
			c.Guarantees = []dd.Guarantee{g}
		})},
	"guarantor.corporate_resolution": {
		// Guaranteeing its own shareholder on a board resolution.
		fire: company(func(c *dd.Case, _ *dd.Policy) {
			g := companyGuarantee()
			g.Corporate.BorrowerIsShareholder = true
			c.Guarantees = []dd.Guarantee{g}
		}), path: "guarantees[0].corporate.resolution",
		// No resolution, but two thirds of the votes signed an unlisted company's guarantee.
		pass: company(func(c *dd.Case, _ *dd.Policy) {
			g := companyGuarantee()
			g.Corporate = &dd.CorporateGuarantor{TwoThirdsSigned: true}
			c.Guarantees = []dd.Guarantee{g}
		})},
	"guarantor.capacity": {
		// 2,000,000 − 1,600,000 − 500,000 = −100,000.
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Guarantees[0].ExistingGuarantees = m("1600000.00") }),
		path: "guarantees[0].net_worth",
		// 2,000,000 − 1,500,000 − 500,000 = 0: just enough.
		pass: person(func(c *dd.Case, _ *dd.Policy) { c.Guarantees[0].ExistingGuarantees = m("1500000.00") })},
	"guarantor.credit": {
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.Guarantees[0].Guarantor.Credit = &dd.CreditSummary{CurrentOverdue: m("1200.00")}
		}), path: "guarantees[0].guarantor.credit.current_overdue",
		// The borrower's own listing is credit.dishonest_debtor's.
		pass: person(func(c *dd.Case, _ *dd.Policy) { c.Applicant.DishonestDebtor = true })},
	"guarantor.mutual": {
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.Guarantees[0].Mutual = []dd.MutualGuarantee{{CaseID: "case-2", Stage: dd.StageInvestigation}}
		}), path: "guarantees[0].guarantor",
		pass: person(func(c *dd.Case, _ *dd.Policy) { c.Guarantees[0].Relation = dd.RelationShareholder })},
	"guarantee.mode_default": {
		fire: person(func(c *dd.Case, _ *dd.Policy) { c.Guarantees[0].Kind = "" }), path: "guarantees[0].kind",
		pass: person(func(c *dd.Case, _ *dd.Policy) { c.Guarantees[0].Kind = dd.GuaranteeGeneral })},
	"guarantee.period": {
		// The debt falls due 36 months from today, 2029-11-27; a period ending that day counts as not agreed.
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.Guarantees[0].Period = dd.GuaranteePeriod{Ends: ptr(money.MustDate("2029-11-27"))}
		}), path: "guarantees[0].period.ends",
		pass: person(func(c *dd.Case, _ *dd.Policy) {
			c.Guarantees[0].Period = dd.GuaranteePeriod{Ends: ptr(money.MustDate("2029-11-28"))}
		})},
	"borrower.spouse_cosign": {
		fire: person(func(c *dd.Case, _ *dd.Policy) {
			c.Applicant.MaritalStatus = dd.Married
			c.Applicant.Spouse = &dd.Party{Kind: dd.Person, Name: "王芳", IDNumber: "110105194912310029"}
		}), path: "applicant.spouse",
		// The spouse guarantees.
		pass: person(func(c *dd.Case, _ *dd.Policy) {
			c.Applicant.MaritalStatus = dd.Married
			c.Applicant.Spouse = &dd.Party{Kind: dd.Person, Name: "王芳", IDNumber: "110105194912310029"}
			c.Guarantees[0].Guarantor = *c.Applicant.Spouse
		})},
}

// withCheck appends the GB 32100 check character to 17 characters.
func withCheck(s string) string {
	const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := range 17 {
		sum += indexOf(charset, s[i]) * weights[i]
	}
	return s + string(charset[(31-sum%31)%31])
}

func indexOf(s string, c byte) int {
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// resultsOf evaluates the whole catalogue and keeps rule id's results.
func resultsOf(c *dd.Case, p *dd.Policy, id string) []dd.Unmet {
	var out []dd.Unmet
	for _, u := range dd.DefaultCatalogue().Evaluate(dd.NewView(c, p, now), "") {
		if u.Rule == id {
			out = append(out, u)
		}
	}
	return out
}

// TestCatalogue_EveryRule checks that every rule of the default catalogue
// fires on a case made for it, with its citation and the path of the field,
// and keeps quiet on a near miss.
func TestCatalogue_EveryRule(t *testing.T) {
	for _, r := range dd.DefaultCatalogue().Rules() {
		t.Run(r.ID, func(t *testing.T) {
			if strings.HasPrefix(r.ID, "postloan.") {
				t.Skip("evaluated on a loan's facts: postloan_test.go")
			}
			if strings.HasPrefix(r.ID, "funding.") {
				t.Skip("evaluated on a loan's funding facts: funding_test.go")
			}
			tc, ok := ruleTable[r.ID]
			require.True(t, ok, "rule %s has no entry in ruleTable: add a case that fires it and one that does not", r.ID)
			assert.NotEmpty(t, r.Citation)
			assert.NotEmpty(t, r.Description)

			p := rulePolicy()
			got := resultsOf(tc.fire(t, p), p, r.ID)
			require.NotEmpty(t, got, "the firing case raises nothing")
			assert.Equal(t, tc.path, got[0].Path)
			assert.Equal(t, r.Citation, got[0].Citation)
			assert.NotEmpty(t, got[0].Message)

			p = rulePolicy()
			assert.Empty(t, resultsOf(tc.pass(t, p), p, r.ID), "the passing case raises a result")
		})
	}
	t.Run("no entry without a rule", func(t *testing.T) {
		for id := range ruleTable {
			_, ok := dd.DefaultCatalogue().Rule(id)
			assert.True(t, ok, "ruleTable has an entry for %s, which is not in the catalogue", id)
		}
	})
}

// TestCatalogue_CleanCases checks that the clean cases, whose figures are
// worked out by hand above, raise nothing but the APR disclosure.
func TestCatalogue_CleanCases(t *testing.T) {
	for name, build := range map[string]ruleCase{"person": person(nil), "company": company(nil)} {
		t.Run(name, func(t *testing.T) {
			p := rulePolicy()
			got := dd.DefaultCatalogue().Evaluate(dd.NewView(build(t, p), p, now), "")
			require.Len(t, got, 1, "%v", got)
			assert.Equal(t, contracts.RuleAPRDisclosure, got[0].Rule)
			assert.Equal(t, check.Info, got[0].Severity)
		})
	}
}

func TestCatalogue_Policy(t *testing.T) {
	dsr := func(t *testing.T, policyJSON string) []dd.Unmet {
		t.Helper()
		p, err := dd.LoadPolicy([]byte(policyJSON))
		require.NoError(t, err)
		c := cleanPerson(t, p)
		// (2,000 + 15,783.77) / 32,335 = 0.5500.
		c.Applicant.MonthlyIncome = m("32335.00")
		return resultsOf(c, p, "repayment.dsr")
	}
	t.Run("a threshold from JSON changes the outcome", func(t *testing.T) {
		got := dsr(t, `{}`)
		require.Len(t, got, 1)
		assert.Contains(t, got[0].Message, "DSR 55.00%")
		assert.Empty(t, dsr(t, `{"limits":{"max_dsr":"0.60"}}`))
	})
	t.Run("a disabled rule is not run", func(t *testing.T) {
		assert.Empty(t, dsr(t, `{"rules":{"disabled":["repayment.dsr"]}}`))
	})
	t.Run("a severity override applies", func(t *testing.T) {
		got := dsr(t, `{"rules":{"severity":{"repayment.dsr":"warn"}}}`)
		require.Len(t, got, 1)
		assert.Equal(t, check.Warn, got[0].Severity)
	})
}

func TestLoadPolicy_Errors(t *testing.T) {
	for _, tc := range []struct {
		name, json, field string
	}{
		{"unknown field", `{"limits":{"max_dsrr":"0.60"}}`, "limits.max_dsrr"},
		{"unknown field in a list", `{"documents":[{"type":"x","labell":"y"}]}`, "documents[0].labell"},
		{"wrong type", `{"limits":{"min_borrower_age":"18"}}`, "limits.min_borrower_age"},
		{"wrong type of a boolean", `{"require_verified_documents":"yes"}`, "require_verified_documents"},
		{"a rate its own decoder refuses", `{"limits":{"max_dsr":"half"}}`, "limits.max_dsr"},
		{"a rate given as a number", `{"limits":{"max_dsr":0.6}}`, "limits.max_dsr"},
		{"a guarantee line with a collateral condition", `{"documents":[{"type":"x","guarantee":["any"],"condition":"leased"}]}`, "documents[0].condition"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dd.LoadPolicy([]byte(tc.json))
			require.Error(t, err)
			assert.Equal(t, dd.CodeInvalid, dd.ErrorCode(err))
			var e *dd.Error
			require.ErrorAs(t, err, &e)
			require.NotEmpty(t, e.Fields, "%v", err)
			assert.Equal(t, tc.field, e.Fields[0].Field, "%v", e.Fields)
		})
	}
}

// contracted turns a clean case into one approved with conditions and in
// contracting, its contract set drafted on 2026-11-20 and, with signed,
// signed by every party.
func contracted(base ruleCase, signed bool, change func(c *dd.Case, p *dd.Policy)) ruleCase {
	return func(t *testing.T, p *dd.Policy) *dd.Case {
		t.Helper()
		c := base(t, p)
		c.Stage, c.LedgerNumber = dd.StageContracting, "2026-000123"
		c.Approvals = []dd.Approval{{Round: 1, Outcome: dd.DecisionApprove, Steps: []dd.ApprovalStep{
			{Role: dd.RoleDepartmentManager, Decision: dd.DecisionApprove, Approver: "dm-1", Conditions: []string{"放款前办妥抵押登记"}}}}}
		c.Contracting = &dd.Contracting{ContractDate: money.MustDate("2026-11-20"),
			Conditions: []dd.ConditionMet{{Index: 0, Condition: "放款前办妥抵押登记", Evidence: "他项权证已取得"}}}
		if change != nil {
			change(c, p)
		}
		require.NoError(t, c.RefreshContracts(p))
		if signed {
			for _, ct := range c.Contracting.Contracts {
				for _, party := range ct.Parties {
					c.Contracting.Signatures = append(c.Contracting.Signatures,
						dd.Signature{Contract: ct.Number, Name: party.Name, Capacity: party.Capacity, Hash: ct.Hash})
				}
			}
			require.NoError(t, c.RefreshContracts(p))
		}
		return c
	}
}

// edited changes a drafted contract as a lender's edit would.
func edited(base ruleCase, edit func(c *dd.Case)) ruleCase {
	return func(t *testing.T, p *dd.Policy) *dd.Case {
		c := base(t, p)
		edit(c)
		return c
	}
}

func init() {
	signedCase := contracted(person(nil), true, nil)
	for id, tc := range map[string]ruleTest{
		contracts.RuleLoanTerms: {
			fire: edited(signedCase, func(c *dd.Case) { c.Contracting.Contracts[0].Clauses = c.Contracting.Contracts[0].Clauses[:1] }),
			path: "contracting.contracts[0].clauses", pass: signedCase},
		contracts.RuleNoForfeiture: {
			fire: edited(signedCase, func(c *dd.Case) {
				c.Contracting.Contracts[1].Clauses[4].Text = "债务人不履行到期债务的，抵押财产归抵押权人所有。"
			}),
			path: "contracting.contracts[1].clauses[4]", pass: signedCase},
		contracts.RuleSecurityTerms: {
			fire: edited(signedCase, func(c *dd.Case) { c.Contracting.Contracts[1].Clauses = nil }),
			path: "contracting.contracts[1].clauses", pass: signedCase},
		contracts.RuleGuaranteeTerms: {
			fire: contracted(person(nil), true, func(c *dd.Case, _ *dd.Policy) { c.Guarantees[0].Kind = "" }),
			path: "contracting.contracts[2].guarantee_kind", pass: signedCase},
		contracts.RuleSecuredAmount: {
			fire: edited(signedCase, func(c *dd.Case) { c.Contracting.Contracts[1].Amount = money.MustMoney("400000.00") }),
			path: "contracting.contracts[1].amount", pass: signedCase},
		dd.RuleContractRateCap: {
			fire: contracted(person(nil), true, func(c *dd.Case, p *dd.Policy) {
				p.Pricing.Regime = contracts.RegimePrivateLending
				c.Request.AnnualRate = money.MustRate("0.20")
			}),
			path: "contracting.contract_date", pass: person(nil)},
		"contract.spouse_cosign": {
			fire: contracted(person(nil), true, func(c *dd.Case, _ *dd.Policy) { c.Applicant.MaritalStatus = dd.Married }),
			path: "applicant.spouse", pass: signedCase},
		"contract.signed_by_parties": {
			fire: contracted(person(nil), false, nil), path: "contracting.contracts[0]", pass: signedCase},
		dd.RuleContractCurrent: {
			// The purpose changed after drafting: the stored loan contract
			// no longer states the case, and is not silently redrafted.
			fire: edited(signedCase, func(c *dd.Case) { c.Request.Purpose = "另作他用" }),
			path: "contracting.contracts[0]", pass: signedCase},
		"disbursement.conditions_met": {
			fire: edited(signedCase, func(c *dd.Case) { c.Contracting.Conditions = nil }), path: "conditions[0]", pass: signedCase},
		"disbursement.fees_paid": {
			fire: contracted(person(nil), true, func(c *dd.Case, _ *dd.Policy) { c.Request.Fees = m("5000.00") }),
			path: "contracting.fees", pass: signedCase},
	} {
		ruleTable[id] = tc
	}
}
