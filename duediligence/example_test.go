package duediligence_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
	"github.com/jinzhi-dev/jinzhi/store"
)

// newExampleService returns a service on an in-memory SQLite store, its
// clock stopped on 2026-03-02, and an account manager.
func newExampleService(ctx context.Context) (*duediligence.Service, duediligence.Actor, func()) {
	db, err := store.Open(ctx, ":memory:", store.Options{})
	if err != nil {
		panic(err)
	}
	st := store.New(db)
	if err := st.Migrate(ctx); err != nil {
		panic(err)
	}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	svc, err := duediligence.NewService(duediligence.Config{Store: st,
		Clock: duediligence.ClockFunc(func() time.Time { return now })})
	if err != nil {
		panic(err)
	}
	u, _, err := svc.CreateUser(ctx, duediligence.SystemActor, "李经理", duediligence.RoleAccountManager)
	if err != nil {
		panic(err)
	}
	return svc, u.Actor(), func() { db.Close() }
}

// exampleApplication is a personal business loan of ¥500,000 over three years.
func exampleApplication() duediligence.NewCase {
	income := money.MustMoney("30000.00")
	return duediligence.NewCase{
		Applicant: duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: "11010519491231002X",
			MaritalStatus: duediligence.Single, MonthlyIncome: &income},
		Request: duediligence.LoanRequest{
			Amount: money.MustMoney("500000.00"), TermMonths: 36, Purpose: "采购原材料",
			PurposeCategory: duediligence.PurposeBusinessOperation, RepaymentSource: "经营收入",
			RepaymentMethod: contracts.EqualInstallment, AnnualRate: money.MustRate("0.0850"),
		},
	}
}

// An account manager accepts an application (受理): the case opens in
// intake, with the resident ID checked and what it says derived, and the
// checklist of documents the policy asks for.
func ExampleService_CreateCase() {
	ctx := context.Background()
	svc, manager, done := newExampleService(ctx)
	defer done()

	c, err := svc.CreateCase(ctx, manager, exampleApplication())
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Stage, c.Version, c.Applicant.BirthDate, c.Applicant.Sex)
	for _, d := range c.Documents {
		fmt.Println(d.Type, d.Status)
	}

	// An invalid application is refused with every field at once.
	bad := exampleApplication()
	bad.Applicant.IDNumber = "110105194912310021"
	bad.Request.AnnualRate = money.MustRate("8.5")
	_, err = svc.CreateCase(ctx, manager, bad)
	var e *duediligence.Error
	if errors.As(err, &e) {
		for _, fe := range e.Fields {
			fmt.Printf("%s: %s\n", fe.Field, duediligence.Messages().RenderField(fe, check.ZH))
		}
	}
	// Output:
	// intake 1 1949-12-31 female
	// id_card missing
	// household_register missing
	// income_proof missing
	// bank_statements missing
	// credit_report missing
	// purpose_proof missing
	// applicant.id_number: 居民身份证号码无效：校验码不符（第 18 位为 1，应为 X）
	// request.annual_rate: 8.50 像是百分数：年利率请填写小数，8.50% 应填写 0.085
}

// A move whose gate is not met is refused with every unmet condition, not
// only the first: here the documents intake must collect before the
// investigation starts. Each condition names its rule, the case field and
// a message in English, which the catalogue renders in Chinese.
func ExampleService_Transition_gate() {
	ctx := context.Background()
	svc, manager, done := newExampleService(ctx)
	defer done()
	c, err := svc.CreateCase(ctx, manager, exampleApplication())
	if err != nil {
		panic(err)
	}
	_, _, err = svc.RecordDocument(ctx, manager, c.ID, c.Version, duediligence.DocumentInput{Type: "id_card", Status: duediligence.DocumentReceived})
	if err != nil {
		panic(err)
	}

	_, err = svc.Transition(ctx, manager, c.ID, 0, duediligence.TransitionInput{To: duediligence.StageInvestigation})
	fmt.Println(errors.Is(err, duediligence.ErrGate))
	var e *duediligence.Error
	if errors.As(err, &e) {
		fmt.Println(e.Message)
		for _, u := range e.Unmet {
			fmt.Printf("[%s] %s %s: %s\n", u.Severity, u.Rule, u.Path, u.Message)
		}
		fmt.Println(duediligence.Messages().RenderResult(e.Unmet[0], check.ZH))
	}
	// Output:
	// true
	// cannot move from intake to investigation: 5 condition(s) unmet
	// [block] process.documents_complete documents[1]: 户口簿 (household_register) is missing, must be received
	// [block] process.documents_complete documents[2]: 收入证明 (income_proof) is missing, must be received
	// [block] process.documents_complete documents[3]: 银行流水（近六个月） (bank_statements) is missing, must be received
	// [block] process.documents_complete documents[4]: 征信报告 (credit_report) is missing, must be received
	// [block] process.documents_complete documents[5]: 借款用途证明（合同、发票等） (purpose_proof) is missing, must be received
	// 户口簿（household_register）状态为“未收取”，须为“已收取”
}
