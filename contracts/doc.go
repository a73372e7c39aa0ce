// Package contracts does the exact arithmetic of a loan contract: amounts in
// CNY (Money), annual rates (Rate), repayment schedules, the annualized rate
// by IRR, the LPR table, rate caps by lender regime and overdue interest.
//
// It is pure computation with no dependency on the rest of Jinzhi. Nothing
// here uses binary floating point: amounts and rates are exact decimals.
//
//	p := contracts.MustMoney("1000000.00")
//	r := contracts.MustRate("0.0435")
//	fmt.Println(p, r) // 1000000.00 0.0435
package contracts
