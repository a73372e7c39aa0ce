// Package collateral models the collateral of a loan: the items offered
// (抵押物、质物), their owners and co-owners' consents, prior liens and
// leases, appraisals, the mortgage registration certificate
// (不动产登记证明), the valuation that turns appraisals into eligible value
// and coverage, and the checks of the Collateral and Registration rules,
// each a plain function returning check.Results.
//
// It is a leaf but for the vocabulary it speaks: it imports the standard
// library, money (Money, Rate, Date, Rounding), check (results and field
// errors) and identity (to hold owners' numbers to GB 11643 or GB 32100).
// It knows nothing of a case; the caller passes the loan facts a rule needs
// (Loan) and puts the paths of field errors and results under the item's
// place in its case ("collateral[2]").
//
// The rules themselves — their default severities, descriptions and
// citations — are registered once, in duediligence's catalogue. A result
// names its rule and carries a message key of this package with its
// parameters (Messages renders it in Chinese or English); its Severity is
// empty, meaning the rule's default, unless the check itself decides it
// (an unregistered movable mortgage only warns).
//
//	if fes := item.Validate(); fes != nil { /* refuse the input */ }
//	pol := collateral.DefaultValuationPolicy()
//	results := collateral.CheckCover(items, principal, asOf, pol) // fails closed if it cannot value
//	results = append(results, collateral.CheckItem(item, reg, asOf, pol)...)
//	results = append(results, collateral.CheckRegistration(*reg, item, loan)...)
//	zh := collateral.Messages().RenderResult(results[0], check.ZH)
package collateral
