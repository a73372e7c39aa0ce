package store_test

import (
	"context"
	"fmt"
	"time"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
	"github.com/jinzhi-dev/jinzhi/store"
)

// A store on an in-memory SQLite database: migrate it, store a case with its
// first audit event in one unit of work, list the cases and check the audit
// trail.
func ExampleNew() {
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:", store.Options{})
	if err != nil {
		panic(err)
	}
	defer db.Close()
	st := store.New(db)
	if err := st.Migrate(ctx); err != nil {
		panic(err)
	}

	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := &duediligence.Case{
		ID: "0195a1b2-0000-7000-8000-000000000001", Stage: duediligence.StageIntake, Version: 1,
		Owner: "am-1", OwnerName: "李经理",
		Applicant: duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: "11010519491231002X"},
		Request: duediligence.LoanRequest{
			Amount: money.MustMoney("500000.00"), TermMonths: 36, Purpose: "备货",
			PurposeCategory: duediligence.PurposeWorkingCapital, RepaymentSource: "经营收入",
			RepaymentMethod: contracts.EqualInstallment, AnnualRate: money.MustRate("0.0435"),
		},
		CreatedAt: now, UpdatedAt: now,
	}
	ev := &duediligence.Event{
		ID: "0195a1b2-0000-7000-8000-000000000002", Stream: c.ID, At: now,
		ActorID: "am-1", ActorRole: duediligence.RoleAccountManager, Action: "case.created",
		CaseID: c.ID, CaseVersion: 1, Data: []byte(`{}`),
	}
	err = st.WithTx(ctx, func(tx duediligence.Tx) error {
		if err := tx.Cases().CreateCase(ctx, c, c.Listing()); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, ev)
	})
	if err != nil {
		panic(err)
	}

	page, err := st.Cases().FindCases(ctx, duediligence.CaseFilter{Query: "张"})
	if err != nil {
		panic(err)
	}
	for _, s := range page.Cases {
		fmt.Println(s.ApplicantName, s.ApplicantID, s.Amount, s.Stage)
	}
	sum, err := duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
	fmt.Println("events checked:", sum.Events, err)
	// Output:
	// 张三 110105********002X 500000.00 intake
	// events checked: 1 <nil>
}
