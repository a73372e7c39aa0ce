// Package money holds the values every other package of Jinzhi counts
// with: amounts in CNY (Money, a whole number of fen), annual rates (Rate,
// a decimal fraction), the one rounding rule to the fen (Rounding), and the
// calendar Date on which money is lent, falls due and accrues interest.
//
// It is a leaf: it imports only the standard library and the decimal type
// it is built on, so collateral, contracts and duediligence can all use it
// without depending on each other.
//
//	m := money.MustMoney("500000.00")
//	r := money.MustRate("0.0435")      // 4.35 % a year
//	d := money.MustDate("2026-01-31")
//	d.AddMonths(1)                    // 2026-02-28
//	fen, _ := money.HalfUp.Money(x)    // a decimal rounded once, to the fen
//
// Money.Capitals writes an amount in Chinese capitals as bills and contracts do
// (壹佰万元整).
//
// In JSON and text all three are strings ("1234.50", "0.0435",
// "2026-01-31"); a JSON number is refused rather than passed through a
// binary float. In SQL, Money is stored as text or as an integer number of
// fen (Fen, FromFen; Scan reads an integer as fen, never as yuan). Nothing
// in the package uses floating point.
package money
