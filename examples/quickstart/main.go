// Quickstart embeds Jinzhi on an in-memory SQLite database and walks one case
// as far as the workflow goes today, printing what happens.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
	"github.com/jinzhi-dev/jinzhi/store"
)

func main() {
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) error {
	// 1. Wire the library: a database, the document store and the service.
	db, err := store.Open(ctx, ":memory:", store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	st := store.New(db)
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "jinzhi-quickstart-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	files, err := store.NewContentDir(dir)
	if err != nil {
		return err
	}
	svc, err := duediligence.NewService(duediligence.Config{Store: st, Content: files})
	if err != nil {
		return err
	}

	// 2. People: an account manager and a department manager.
	mgr, _, err := svc.CreateUser(ctx, duediligence.SystemActor, "李经理", duediligence.RoleAccountManager)
	if err != nil {
		return err
	}
	boss, _, err := svc.CreateUser(ctx, duediligence.SystemActor, "王部长", duediligence.RoleDepartmentManager)
	if err != nil {
		return err
	}
	am, dm := mgr.Actor(), boss.Actor()

	// 3. Accept an application.
	income := money.MustMoney("50000.00")
	c, err := svc.CreateCase(ctx, am, duediligence.NewCase{
		Applicant: duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: "360426199101010071",
			MaritalStatus: duediligence.Single, MonthlyIncome: &income},
		Request: duediligence.LoanRequest{
			Amount: money.MustMoney("500000.00"), TermMonths: 36, Purpose: "采购原材料",
			PurposeCategory: duediligence.PurposeBusinessOperation, RepaymentSource: "经营收入",
			RepaymentMethod: contracts.EqualInstallment, AnnualRate: money.MustRate("0.0850"),
		},
	})
	if err != nil {
		return err
	}
	fmt.Printf("case opened for %s, born %s (%s), stage %s\n", c.Applicant.Name, c.Applicant.BirthDate, c.Applicant.Sex, c.Stage)
	fmt.Println("checklist:")
	for _, d := range c.Documents {
		fmt.Printf("  %-22s %-8s %s\n", d.Type, d.Status, d.Label)
	}

	// 4. Moving on too early is refused, naming every missing document.
	_, err = svc.Transition(ctx, am, c.ID, c.Version, duediligence.TransitionInput{To: duediligence.StageInvestigation})
	printRefusal("to investigation", err)

	// 5. Collect the documents: upload the ID card, mark the rest received.
	id := c.Documents[0]
	c, f, err := svc.UploadDocumentContent(ctx, am, c.ID, c.Version, id.ID, "id-card.jpg", "image/jpeg", strings.NewReader("(scan of the ID card)"))
	if err != nil {
		return err
	}
	fmt.Printf("uploaded %s: %d bytes, sha256 %s…\n", f.Name, f.Size, f.SHA256[:16])
	for _, d := range c.Documents {
		if d.Status == duediligence.DocumentMissing {
			if c, _, err = svc.RecordDocument(ctx, am, c.ID, c.Version, duediligence.DocumentInput{ID: d.ID, Status: duediligence.DocumentReceived}); err != nil {
				return err
			}
		}
	}
	if c, err = svc.Transition(ctx, am, c.ID, c.Version, duediligence.TransitionInput{To: duediligence.StageInvestigation}); err != nil {
		return err
	}
	fmt.Println("stage:", c.Stage)

	// 6. Investigate: a site visit and an interview.
	for _, in := range []duediligence.FindingInput{
		{Topic: duediligence.TopicOperations, Method: duediligence.MethodSiteVisit, Result: duediligence.ResultConfirmed,
			Statement: "门店正常营业，库存与申报相符"},
		{Topic: duediligence.TopicPurpose, Method: duediligence.MethodInterview, Result: duediligence.ResultConfirmed,
			Statement: "面谈借款人，借款用于采购原材料，与采购合同一致"},
	} {
		if c, _, err = svc.AddFinding(ctx, am, c.ID, c.Version, in); err != nil {
			return err
		}
	}
	fmt.Printf("findings recorded: %d\n", len(c.Findings))

	// 7. Suspicious material stops the case until a manager resolves it.
	c, flag, err := svc.RaiseFlag(ctx, am, c.ID, c.Version, duediligence.FlagInput{Description: "收入证明印章与单位名称不一致"})
	if err != nil {
		return err
	}
	_, err = svc.Transition(ctx, am, c.ID, c.Version, duediligence.TransitionInput{To: duediligence.StageSubmitted})
	printRefusal("submission with an open flag", err)
	if c, err = svc.ResolveFlag(ctx, dm, c.ID, c.Version, flag.ID, duediligence.ResolutionInput{
		Decision: duediligence.FlagDismissed, Comment: "经电话核实，单位已更名，印章有效"}); err != nil {
		return err
	}
	fmt.Println("red flag dismissed by", dm.Name)

	// 8. What remains comes with the feasibility report.
	_, err = svc.Transition(ctx, am, c.ID, c.Version, duediligence.TransitionInput{To: duediligence.StageSubmitted})
	printRefusal("submission", err)

	// 9. Every change is in the hash-chained audit trail, whose stream
	// heads the store signs with its audit key (here one of its own, as
	// the database lives in memory; store.WithAuditKey gives the real one).
	evs, err := svc.Events(ctx, am, c.ID)
	if err != nil {
		return err
	}
	sum, err := duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
	if err != nil {
		return err
	}
	fmt.Printf("audit trail: %d events on this case, %d verified in all\n", len(evs), sum.Events)
	return nil
}

func printRefusal(what string, err error) {
	var e *duediligence.Error
	if !errors.As(err, &e) || e.Code != duediligence.CodeGate {
		fmt.Printf("%s: unexpected result %v\n", what, err)
		return
	}
	fmt.Printf("%s refused, %d unmet:\n", what, len(e.Unmet))
	for _, u := range e.Unmet {
		fmt.Printf("  [%s] %s: %s\n", u.Severity, u.Rule, u.Message)
	}
}
