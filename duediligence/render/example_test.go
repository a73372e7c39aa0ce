package render_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/render"
	"github.com/jinzhi-dev/jinzhi/money"
)

// A case just accepted has no report yet: the document says so instead of
// failing.
func ExampleRenderer_Markdown() {
	c := &duediligence.Case{
		Stage: duediligence.StageIntake, OwnerName: "Li",
		Applicant: duediligence.Party{Kind: duediligence.Person, Name: "Zhang San", IDNumber: "110105********002X"},
		Request:   duediligence.LoanRequest{Amount: money.MustMoney("50000.00"), TermMonths: 12},
	}
	r, err := render.New(render.Options{Lang: "en"})
	if err != nil {
		panic(err)
	}
	if err := r.Markdown(os.Stdout, c, ""); err != nil {
		panic(err)
	}
	// Output:
	// # Credit due-diligence report
	//
	// ## Basic information
	//
	// | Ledger number | not assigned (given on submission) |
	// |---|---|
	// | Borrower | Zhang San (natural person) |
	// | ID number / credit code | 110105********002X |
	// | Investigators | Li (lead investigator) |
	// | Stage | intake |
	//
	// ## No report yet
	//
	// No feasibility report has been generated yet.
}

func ExampleWriteLedgerCSV() {
	rows := render.LedgerRows([]*duediligence.Case{{
		LedgerNumber: "2026-000123", Stage: duediligence.StageSubmitted, OwnerName: "Li",
		Applicant: duediligence.Party{Kind: duediligence.Person, Name: "Zhang San", IDNumber: "11010519491231002X"},
		Request:   duediligence.LoanRequest{Amount: money.MustMoney("50000.00"), TermMonths: 12, AnnualRate: money.MustRate("0.0435")},
	}})
	var b strings.Builder
	if err := render.WriteLedgerCSV(&b, rows, "en"); err != nil {
		panic(err)
	}
	// The file starts with a byte-order mark for Excel; it is cut here.
	fmt.Print(strings.TrimPrefix(b.String(), "\uFEFF"))
	// Output:
	// Ledger number,Submitted,Borrower,ID number / credit code,Amount (CNY),Term (months),Annual rate,Collateral,Guarantees,Account manager,Stage,Decision,Decided
	// 2026-000123,,Zhang San,110105********002X,50000.00,12,0.0435,,,Li,submitted,,
}
