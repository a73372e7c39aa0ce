package duediligence_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The examples below follow the README's walk step by step; each starts
// from a new case and takes the steps before it with the helpers here.

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// receiveAll records every document of the checklist as received.
func receiveAll(ctx context.Context, svc *duediligence.Service, who duediligence.Actor, c *duediligence.Case) *duediligence.Case {
	for _, d := range c.Documents {
		if d.Status == duediligence.DocumentMissing {
			c, _, _ = must3(svc.RecordDocument(ctx, who, c.ID, c.Version, duediligence.DocumentInput{ID: d.ID, Status: duediligence.DocumentReceived}))
		}
	}
	return c
}

func must3[A, B any](a A, b B, err error) (A, B, error) {
	if err != nil {
		panic(err)
	}
	return a, b, nil
}

// exampleHouse is a flat worth ¥1,000,000, mortgaged with its land.
func exampleHouse() collateral.Item {
	return collateral.Item{Kind: collateral.KindResidential, Arrangement: collateral.Mortgage, CoOwnership: collateral.CoOwnershipSole,
		MortgagedTogether: true, Address: "北京市朝阳区某某路 1 号院 2 号楼 301", Area: "89.50",
		TitleNumber: "京(2020)朝阳区不动产权第0012345号", UnitNumber: "110105001001GB00001F00030001",
		Owners:     []collateral.Owner{{Name: "张三", IDNumber: "11010519491231002X", Relation: collateral.RelationBorrower}},
		Appraisals: []collateral.Appraisal{{Appraiser: "某评估公司", Method: collateral.MethodMarket, Value: money.MustMoney("1000000.00"), Date: money.MustDate("2026-02-01")}}}
}

// investigating opens the example case and takes it into investigation.
func investigating(ctx context.Context, svc *duediligence.Service, am duediligence.Actor) *duediligence.Case {
	c := receiveAll(ctx, svc, am, must(svc.CreateCase(ctx, am, exampleApplication())))
	return must(svc.Transition(ctx, am, c.ID, c.Version, duediligence.TransitionInput{To: duediligence.StageInvestigation}))
}

// Documents (资料): record each one the checklist asks for — here by its
// ID, as received — and the investigation can start.
func ExampleService_RecordDocument() {
	ctx := context.Background()
	svc, am, done := newExampleService(ctx)
	defer done()
	c := must(svc.CreateCase(ctx, am, exampleApplication()))

	c, doc, err := svc.RecordDocument(ctx, am, c.ID, c.Version, duediligence.DocumentInput{ID: c.Documents[0].ID, Status: duediligence.DocumentReceived, OriginalSighted: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(doc.Type, doc.Status, c.Version)
	c = receiveAll(ctx, svc, am, c)
	c, err = svc.Transition(ctx, am, c.ID, c.Version, duediligence.TransitionInput{To: duediligence.StageInvestigation})
	fmt.Println(c.Stage, err)
	// Output:
	// id_card received 2
	// investigation <nil>
}

// Findings (调查发现): what the investigation found, by topic and method. A
// site visit and an interview are what the process rules ask for.
func ExampleService_AddFinding() {
	ctx := context.Background()
	svc, am, done := newExampleService(ctx)
	defer done()
	c := investigating(ctx, svc, am)

	c, f, err := svc.AddFinding(ctx, am, c.ID, c.Version, duediligence.FindingInput{Topic: duediligence.TopicOperations,
		Method: duediligence.MethodSiteVisit, Result: duediligence.ResultConfirmed, Statement: "门店正常营业", Location: "北京市朝阳区某某路 8 号"})
	if err != nil {
		panic(err)
	}
	fmt.Println(f.Topic, f.Method, f.Result, f.Date, f.Investigator == am.ID)
	_, _, err = svc.AddFinding(ctx, am, c.ID, c.Version, duediligence.FindingInput{Topic: duediligence.TopicOperations, Method: "phone_call", Statement: "电话核实"})
	fmt.Println(err)
	// Output:
	// operations site_visit confirmed 2026-03-02 true
	// Service.AddFinding: invalid input: method: must be one of: document_review, site_visit, interview, third_party_query; result: is required
}

// Collateral (抵押物): the item comes back valued under the policy — the
// residential advance rate of 70% gives an eligible value of 700,000.00 —
// and the case's coverage of the principal with it. A mortgage adds its
// documents to the checklist.
func ExampleService_AddCollateral() {
	ctx := context.Background()
	svc, am, done := newExampleService(ctx)
	defer done()
	c := must(svc.CreateCase(ctx, am, exampleApplication()))

	c, item, err := svc.AddCollateral(ctx, am, c.ID, c.Version, duediligence.CollateralInput{Item: exampleHouse()})
	if err != nil {
		panic(err)
	}
	v := item.Valuation
	fmt.Println(v.ValueInUse, v.AdvanceRate, v.Eligible)
	fmt.Println(c.Coverage.TotalEligible, c.Coverage.Ratio)
	for _, d := range c.Documents[len(c.Documents)-3:] {
		fmt.Println(d.Type, d.Status)
	}
	// Output:
	// 1000000.00 0.70 700000.00
	// 700000.00 1.4000
	// title_certificate missing
	// register_search missing
	// appraisal_report missing
}

// The feasibility report (授信调查报告): generated from the case, its
// figures carry message keys, so that a rendering says them in Chinese or
// English; rates show to two decimals of a percent.
func ExampleService_GenerateReport() {
	ctx := context.Background()
	svc, am, done := newExampleService(ctx)
	defer done()
	c := investigating(ctx, svc, am)

	c, err := svc.GenerateReport(ctx, am, c.ID, c.Version)
	if err != nil {
		panic(err)
	}
	msgs := duediligence.Messages()
	for _, f := range c.Report.Repayment {
		value := f.Value
		if f.Unit == "ratio" {
			value = duediligence.Percent(f.Value)
		}
		fmt.Printf("%s: %s\n", msgs.Render(check.ZH, f.Key, f.Params), value)
	}
	fmt.Println(duediligence.Percent(c.Report.Profitability.AnnualizedRate))
	for _, a := range c.Report.Assessments {
		fmt.Printf("%s: %s\n", a.Aspect, msgs.Render(check.ZH, a.Key, a.Params))
	}
	// Output:
	// 本笔贷款最高月还款额: 15783.77
	// 利息总额: 68215.66
	// 债务收入比（DSR）: 52.61%
	// 8.50%
	// legality: 未发现未解决的问题
	// compliance: 尚有 3 项未解决的问题，详见依据
	// safety: 尚有 2 项未解决的问题，详见依据
	// profitability: 年化利率高于资金成本 5.50%
}

// Decision (审批): the department manager signs the first step of the
// chain the policy gives the amount; the last approval approves the case.
func ExampleService_Decide() {
	ctx := context.Background()
	svc, am, done := newExampleService(ctx)
	defer done()
	dmUser, _, _ := must3(svc.CreateUser(ctx, duediligence.SystemActor, "王经理", duediligence.RoleDepartmentManager))
	coUser, _, _ := must3(svc.CreateUser(ctx, duediligence.SystemActor, "赵调查员", duediligence.RoleAccountManager))
	dm, co := dmUser.Actor(), coUser.Actor()
	income := money.MustMoney("50000.00")
	app := exampleApplication()
	app.Applicant.MonthlyIncome = &income
	c := receiveAll(ctx, svc, am, must(svc.CreateCase(ctx, am, app)))
	c = must(svc.Transition(ctx, am, c.ID, c.Version, duediligence.TransitionInput{To: duediligence.StageInvestigation}))
	c = must(svc.AddCoInvestigator(ctx, am, c.ID, c.Version, duediligence.CoInvestigatorInput{UserID: co.ID}))
	for _, m := range []duediligence.Method{duediligence.MethodSiteVisit, duediligence.MethodInterview} {
		c, _, _ = must3(svc.AddFinding(ctx, am, c.ID, c.Version, duediligence.FindingInput{Topic: duediligence.TopicOperations, Method: m, Result: duediligence.ResultConfirmed, Statement: "经营正常"}))
	}
	c, _, _ = must3(svc.AddFinding(ctx, co, c.ID, c.Version, duediligence.FindingInput{Topic: duediligence.TopicPurpose, Method: duediligence.MethodDocumentReview, Result: duediligence.ResultConfirmed, Statement: "购销合同属实"}))
	c = must(svc.GenerateReport(ctx, am, c.ID, c.Version))
	for _, r := range must(svc.Checks(ctx, am, c.ID)).Results {
		if r.Severity == check.Warn && r.Acknowledged == nil {
			c = must(svc.Acknowledge(ctx, am, c.ID, c.Version, duediligence.AcknowledgementInput{Rule: r.Rule, Path: r.Path, Justification: "子女共同还款，已面谈确认"}))
		}
	}
	c = must(svc.AttestReport(ctx, am, c.ID, c.Version, duediligence.AttestationInput{}))
	c = must(svc.AttestReport(ctx, co, c.ID, c.Version, duediligence.AttestationInput{}))
	c = must(svc.Transition(ctx, am, c.ID, c.Version, duediligence.TransitionInput{To: duediligence.StageSubmitted}))
	fmt.Println(c.Stage, c.LedgerNumber, len(c.Approvals[0].Steps))

	c, err := svc.Decide(ctx, dm, c.ID, c.Version, duediligence.DecisionInput{Decision: duediligence.DecisionApprove, Comment: "同意", Conditions: []string{"放款前办妥抵押登记"}})
	if err != nil {
		panic(err)
	}
	step := c.Approvals[0].Steps[0]
	fmt.Println(c.Stage, step.Role, step.Decision, step.ApproverName, strings.Join(step.Conditions, "；"))
	// Output:
	// submitted 2026-000001 1
	// approved department_manager approve 王经理 放款前办妥抵押登记
}
