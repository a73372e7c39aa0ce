package contracts_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// A 30-year mortgage of 1,000,000.00 at 4.35% repaid in equal installments
// (等额本息): the first rows, the last one and the totals.
func ExampleSchedule() {
	s, err := contracts.NewSchedule(contracts.Terms{
		Principal:    money.MustMoney("1000000.00"),
		AnnualRate:   money.MustRate("0.0435"),
		TermMonths:   360,
		Method:       contracts.EqualInstallment,
		Disbursement: money.MustDate("2025-01-31"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("period due        payment  principal interest balance")
	for _, in := range append(s.Installments[:3:3], s.Installments[359]) {
		fmt.Printf("%6d %s %s %9s %8s %s\n", in.Period, in.DueDate, in.Payment, in.Principal, in.Interest, in.Balance)
	}
	fmt.Println("total interest", s.TotalInterest)
	// Output:
	// period due        payment  principal interest balance
	//      1 2025-02-28 4978.12   1353.12  3625.00 998646.88
	//      2 2025-03-31 4978.12   1358.03  3620.09 997288.85
	//      3 2025-04-30 4978.12   1362.95  3615.17 995925.90
	//    360 2055-01-31 4976.51   4958.54    17.97 0.00
	// total interest 792121.59
}

// Equal principal (等额本金) payments fall month by month; the rule engine
// takes the highest one for the borrower's debt-service ratio.
func ExampleSchedule_MaxInstallment() {
	s, _ := contracts.NewSchedule(contracts.Terms{
		Principal:    money.MustMoney("600000"),
		AnnualRate:   money.MustRate("0.039"),
		TermMonths:   240,
		Method:       contracts.EqualPrincipal,
		Disbursement: money.MustDate("2025-03-15"),
	})
	fmt.Println(s.Installments[0].Payment, s.Installments[239].Payment, s.MaxInstallment())
	// Output: 4450.00 2508.13 4450.00
}

// A service fee deducted at disbursement raises the annualized rate above
// the contract rate: the borrower has 97,000.00 in hand but repays as if
// 100,000.00 were lent.
func ExampleSchedule_AnnualizedRate() {
	s, _ := contracts.NewSchedule(contracts.Terms{
		Principal:    money.MustMoney("100000"),
		AnnualRate:   money.MustRate("0.10"),
		TermMonths:   12,
		Method:       contracts.EqualInstallment,
		Disbursement: money.MustDate("2025-06-10"),
		Fees:         []contracts.Fee{{Name: "服务费", Kind: contracts.FeeDeducted, Amount: money.MustMoney("3000")}},
	})
	apr, _ := s.AnnualizedRate()
	fmt.Println("received", s.AmountReceived)
	fmt.Println("nominal", apr.Nominal, "effective", apr.Effective)
	// Output:
	// received 97000.00
	// nominal 0.1579721682 effective 0.1699270593
}

// The LPR in force on a date is the latest published on or before it.
func ExampleLPR() {
	row, _ := contracts.LPR(money.MustDate("2025-05-19"), contracts.OneYear)
	fmt.Println(row)
	row, _ = contracts.LPR(money.MustDate("2025-05-20"), contracts.FiveYear)
	fmt.Println(row)
	_, err := contracts.LPR(money.MustDate("2019-01-01"), contracts.OneYear)
	fmt.Println(err)
	// Output:
	// 2024-10-21 1y 3.10%
	// 2025-05-20 5y 3.50%
	// contracts: no LPR published on or before the date: 1y 2019-01-01 (first row: 2019-08-20)
}

// A lender publishes a new row; the table grows without rewriting history.
func ExampleLPRTable_Extend() {
	rows, err := contracts.ParseLPRJSON([]byte(`[{"date":"2026-01-20","tenor":"1y","rate":"0.029"}]`))
	if err != nil {
		fmt.Println(err)
		return
	}
	table, err := contracts.ShippedLPR().Extend(rows)
	if err != nil {
		fmt.Println(err)
		return
	}
	row, _ := table.LPR(money.MustDate("2026-03-01"), contracts.OneYear)
	fmt.Println(row)
	// Output: 2026-01-20 1y 2.90%
}

// A private lender (民间借贷) at 10% with a 3% fee taken up front is over
// four times the LPR once the fee is counted.
func ExampleCheckRateCap() {
	s, _ := contracts.NewSchedule(contracts.Terms{
		Principal:    money.MustMoney("100000"),
		AnnualRate:   money.MustRate("0.10"),
		TermMonths:   12,
		Method:       contracts.EqualInstallment,
		Disbursement: money.MustDate("2025-06-10"),
		Fees:         []contracts.Fee{{Name: "服务费", Kind: contracts.FeeDeducted, Amount: money.MustMoney("3000")}},
	})
	res, _ := contracts.CheckRateCap(s, money.Date{}, contracts.CapPolicy{Regime: contracts.RegimePrivateLending}, nil)
	fmt.Println(res.RuleID, res.Severity)
	fmt.Println(res.Message)
	// Output:
	// pricing.private_lending_cap block
	// annualized rate (IRR of net cash flows, nominal) 15.7972% exceeds the cap 12.00% (4 × one-year LPR 3.00% published 2025-05-20)
}

// Thirty days of overdue interest (罚息) on 10,000.00 of principal, with
// compound interest (复利) on 50.00 of unpaid interest, held to the
// private-lending cap together with a 30.00 penalty.
func ExampleOverdueInterest() {
	limit, _, _ := contracts.PrivateLendingCap(nil, money.MustDate("2025-06-10"))
	res, err := contracts.OverdueInterest(contracts.Overdue{
		ContractRate: money.MustRate("0.06"),
		Items: []contracts.OverdueItem{{
			DueDate:   money.MustDate("2025-06-10"),
			Principal: money.MustMoney("10000"),
			Interest:  money.MustMoney("50"),
		}},
		AsOf:      money.MustDate("2025-07-10"),
		Policy:    contracts.OverduePolicy{Compound: true},
		Penalties: money.MustMoney("30"),
		Cap:       &limit,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("penalty rate", res.PenaltyRate, "days", res.Lines[0].Days)
	fmt.Println("罚息", res.PenaltyInterest, "复利", res.CompoundInterest, "违约金", res.Penalties)
	fmt.Println("claimed", res.Claimed, "cap", res.CapAmount, "allowed", res.Total)
	// Output:
	// penalty rate 0.090 days 30
	// 罚息 75.00 复利 0.38 违约金 30.00
	// claimed 105.38 cap 98.63 allowed 98.63
}

// XIRR works on actual dates, for repayments that did not follow the
// schedule.
func ExampleXIRR() {
	x, _ := contracts.XIRR([]contracts.CashFlow{
		{Date: money.MustDate("2025-01-01"), Amount: money.MustMoney("10000")},
		{Date: money.MustDate("2025-07-01"), Amount: money.MustMoney("-5000")},
		{Date: money.MustDate("2026-01-01"), Amount: money.MustMoney("-5600")},
	})
	fmt.Println(x)
	// Output: 0.0797090068
}

// Invalid terms name every field at fault.
func ExampleTerms_Validate() {
	err := contracts.Terms{Principal: money.MustMoney("1000"), TermMonths: 720, Method: "balloon"}.Validate()
	fmt.Println(err)
	fmt.Println(errors.Is(err, contracts.ErrInvalidTerms), errors.Is(err, check.ErrOneOf))
	var fe *check.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Field, fe.Value, check.FieldMessages().RenderField(*fe, check.ZH))
	}
	// Output:
	// contracts: invalid terms: term_months: must be between 1 and 600; method: must be one of: equal_installment, equal_principal, interest_only, bullet; disbursement_date: is required
	// true true
	// term_months 720 必须在 1 至 600 之间
}

// Schedules travel as JSON with amounts and dates as strings.
func Example_json() {
	terms := contracts.Terms{
		Principal:    money.MustMoney("50000"),
		AnnualRate:   money.MustRate("0.0385"),
		TermMonths:   1,
		Method:       contracts.Bullet,
		Disbursement: money.MustDate("2025-06-10"),
	}
	s, _ := contracts.NewSchedule(terms)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(s.Installments)
	// Output:
	// [
	//   {
	//     "period": 1,
	//     "due_date": "2025-07-10",
	//     "payment": "50160.42",
	//     "principal": "50000.00",
	//     "interest": "160.42",
	//     "fee": "0.00",
	//     "balance": "0.00"
	//   }
	// ]
}
