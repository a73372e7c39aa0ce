// Package collateral models the collateral of a loan: the items offered
// (抵押物、质物), their owners and co-owners' consents, prior liens and
// leases, appraisals, the mortgage registration certificate
// (不动产登记证明), the valuation that turns appraisals into eligible value
// and coverage, and the Collateral and Registration rules of the rule
// catalogue, each a plain function returning Results that cite their law.
//
// It is a leaf: it imports only the standard library and contracts (for
// Money, Rate, Date and Rounding). It knows nothing of a case; the caller
// passes the loan facts a rule needs (Loan) and prefixes the paths of
// FieldProblems and Results with the item's place in its case.
//
//	it := collateral.Item{Kind: collateral.KindResidential, Arrangement: collateral.Mortgage, ...}
//	if probs := it.Validate(); probs != nil { ... }
//	pol := collateral.DefaultValuationPolicy()
//	v, err := pol.Value(it, asOf)          // value in use, advance rate, eligible value
//	cov, err := pol.Cover(items, principal, asOf)
//	results := collateral.CheckItem(it, loan, pol)
package collateral
