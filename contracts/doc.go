// Package contracts does the exact arithmetic of a loan contract (借款合同):
// repayment schedules, the annualized rate by
// IRR, the LPR table, rate caps by lender regime and overdue interest. It is
// pure computation with no dependency on the rest of Jinzhi but the value
// packages (money, check, collateral), so lenders and their auditors can
// check every fen against their own spreadsheets.
//
// Draft builds a contract set from approved terms — the loan contract, one
// mortgage contract per mortgagor, pledge and guarantee contracts, numbered
// from the ledger number (2026-000123-JK, -DY1, -ZY1, -BZ1) — with its
// clauses as data, which CheckLoanTerms, CheckNoForfeiture,
// CheckSecurityTerms, CheckGuaranteeTerms and CheckSecuredAmount read:
//
//	set, err := contracts.Draft(contracts.DraftInput{LedgerNumber: "2026-000123",
//		ContractDate: money.MustDate("2026-12-05"), Lender: contracts.Party{Name: "某某小额贷款有限公司"},
//		Borrowers: []contracts.Party{{Name: "张三"}}, Terms: terms, Purpose: "采购原材料"})
//	// set[0].Number "2026-000123-JK", set[0].AmountCapitals "壹佰万元整", set[0].Hash …
//
//	s, err := contracts.NewSchedule(contracts.Terms{
//		Principal:    money.MustMoney("1000000.00"),
//		AnnualRate:   money.MustRate("0.0435"),
//		TermMonths:   360,
//		Method:       contracts.EqualInstallment,
//		Disbursement: money.MustDate("2025-01-31"),
//	})
//	// s.Installments[0].Payment is 4978.12, s.TotalInterest 792121.59
//	apr, err := s.AnnualizedRate()
//	res, err := contracts.CheckRateCap(s, money.Date{},
//		contracts.CapPolicy{Regime: contracts.RegimePrivateLending}, nil)
//	// res.RuleID, res.Severity, res.Cap, res.Message, res.Citation;
//	// contracts.Messages().Render(check.ZH, res.Key, res.Params) in Chinese
//
// # Values
//
// Amounts, rates and dates are package money's Money, Rate and Date.
// Nothing in the package uses floating point.
//
// # Rounding
//
// Every amount is rounded once, from its exact value, to the fen by a
// Rounding: HalfUp (四舍五入, the default) or HalfEven. Schedules compute in
// integer fen with 128-bit intermediate products; the equal installment's
// (1+r)^n is computed with 19-digit decimals under a proven error bound and
// recomputed exactly with math/big whenever that bound cannot settle the
// rounding. Rates derived by IRR are given to 10 fraction digits.
//
// # Errors
//
// Every error wraps a sentinel of the package (ErrInvalidTerms,
// ErrInvalidOverdue, ErrInvalidCapPolicy, ErrOutOfRange, ErrNoIRR, ErrNoLPR,
// ErrInvalidLPR, ErrLPRConflict, ErrLPRHistory) for errors.Is; an invalid
// input also lists each field as a *check.FieldError with its JSON path and
// reason. Messages renders the package's message keys in Chinese and
// English.
//
// # Law
//
// The caps follow the rule catalogue: pricing.private_lending_cap
// (民间借贷规定 arts. 25, 26, 28, 29), pricing.microlender_cost (PBOC/NFRA
// guideline on small-loan companies, December 2025) and
// pricing.apr_disclosure (PBOC announcement 2021 No. 3). The LPR history
// from 2019-08-20 is shipped in lpr.csv; newer rows are accepted with
// LPRTable.Extend.
package contracts
