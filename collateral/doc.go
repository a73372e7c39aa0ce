// Package collateral models the collateral of a loan: the items offered
// (抵押物、质物), their owners and co-owners' consents, prior liens and
// leases, appraisals, the mortgage registration certificate
// (不动产登记证明), the valuation that turns appraisals into eligible value
// and coverage, and the Collateral and Registration rules of the rule
// catalogue, each a plain function returning Results that cite their law.
//
// It is a leaf: it imports only the standard library, money (for Money,
// Rate, Date and Rounding) and the decimal type money is built on. It
// knows nothing of a case; the caller passes the loan facts a rule needs
// (Loan) and prefixes the paths of FieldProblems and Results with the
// item's place in its case ("collateral[2].").
//
//	if probs := item.Validate(); probs != nil { /* refuse the input */ }
//	pol := collateral.DefaultValuationPolicy()
//	cov, err := pol.Cover(items, principal, asOf) // value in use, eligible value, ratio, LTV
//	results := collateral.CheckCoverage(cov, pol)
//	results = append(results, collateral.CheckItem(item, reg, asOf, pol)...)
//	results = append(results, collateral.CheckRegistration(*reg, item, loan)...)
package collateral
