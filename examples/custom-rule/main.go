// Command custom-rule shows a lender adding its own rule to the catalogue: a
// cap on the loan amount for borrowers in their first year of business,
// written in Go next to the built-in rules, and its result among the checks
// of a case's next move.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
	"github.com/jinzhi-dev/jinzhi/store"
)

// newBusinessCap is the lender's own limit for a business loan to a
// borrower who has not yet been in business for a year.
var newBusinessCap = money.MustMoney("200000.00")

// newBusinessRule is the lender's rule. Like the built-in ones it has a
// stable ID, a severity, a citation (here the lender's own credit policy),
// a description in English and Chinese and an evaluation that reads the
// case and returns results with the path of the field they concern and a
// message key with its parameters, which the catalogue renders.
var newBusinessRule = duediligence.Rule{
	ID:            "lender.new_business_cap",
	Severity:      check.Warn,
	Citation:      "the lender's credit policy 2026, § 4.2",
	Description:   "a business loan to a borrower in business for less than a year is at most ¥200,000",
	DescriptionZH: "经营不满一年的借款人，经营贷款金额不超过 20 万元",
	// The rule gates the start of the investigation as well as submission,
	// so the account manager sees it from intake on.
	Gates: []duediligence.Stage{duediligence.StageInvestigation, duediligence.StageSubmitted},
	Eval: func(v *duediligence.View) []check.Result {
		c := v.Case
		if c.LoanType() != duediligence.LoanPersonalBusiness || c.Request.Amount.Cmp(newBusinessCap) <= 0 {
			return nil
		}
		for _, f := range c.Findings {
			if f.Topic == duediligence.TopicOperations && f.Result == duediligence.ResultConfirmed {
				return nil // the investigation confirmed an established business
			}
		}
		return []check.Result{{Path: "request.amount", Key: "lender.new_business_cap",
			Params: check.Params{"amount": c.Request.Amount.String(), "cap": newBusinessCap.String()}}}
	},
}

// newBusinessMessages are the rule's messages, in both languages.
var newBusinessMessages = check.Messages{
	"lender.new_business_cap": {
		EN: "{amount} requested with no confirmed operating history, above {cap} for a new business",
		ZH: "申请金额 {amount} 元，经营情况未经核实，超过新设经营者 {cap} 元的上限",
	},
}

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer) error {
	db, err := store.Open(ctx, ":memory:", store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	st := store.New(db)
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "custom-rule")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	files, err := store.NewContentDir(dir)
	if err != nil {
		return err
	}

	cat := duediligence.DefaultCatalogue()
	if err := cat.Add(newBusinessRule); err != nil {
		return err
	}
	if err := cat.AddMessages(newBusinessMessages); err != nil {
		return err
	}
	today := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	svc, err := duediligence.NewService(duediligence.Config{
		Store: st, Content: files, Catalogue: cat,
		Clock: duediligence.ClockFunc(func() time.Time { return today }),
	})
	if err != nil {
		return err
	}

	manager, _, err := svc.CreateUser(ctx, duediligence.SystemActor, "李经理", duediligence.RoleAccountManager)
	if err != nil {
		return err
	}
	am := manager.Actor()
	income := money.MustMoney("50000.00")
	c, err := svc.CreateCase(ctx, am, duediligence.NewCase{
		Applicant: duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: "360426199101010071",
			MaritalStatus: duediligence.Single, MonthlyIncome: &income},
		Request: duediligence.LoanRequest{
			Amount: money.MustMoney("300000.00"), TermMonths: 24, Purpose: "开设第二家门店的装修",
			PurposeCategory: duediligence.PurposeBusinessOperation, RepaymentSource: "经营收入",
			RepaymentMethod: contracts.EqualInstallment, AnnualRate: money.MustRate("0.0720"),
		},
	})
	if err != nil {
		return err
	}

	// Checks runs the gates of the case's next move, intake → investigation,
	// with every rule that gates it: the lender's among them.
	checks, err := svc.Checks(ctx, am, c.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "checks of %s → %s\n", checks.Stage, checks.To)
	for _, r := range checks.Results {
		if r.Rule == newBusinessRule.ID {
			fmt.Fprintf(w, "%s %s at %s: %s (%s)\n", r.Severity, r.Rule, r.Path, r.Message, r.Citation)
			fmt.Fprintf(w, "  zh: %s\n", cat.Messages().RenderResult(r.Unmet, check.ZH))
		}
	}
	return nil
}
