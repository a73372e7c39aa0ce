// Package check is the one vocabulary every rule and every validation of
// Jinzhi speaks: how strongly a finding weighs (Severity), a rule's finding
// about a case (Result), an invalid input field (FieldError, with a
// documented sentinel reason such as ErrRequired), and the catalogue of
// messages (Messages) that renders each of them in Chinese or English from a
// message key and its parameters.
//
// It is nearly a leaf: besides the standard library it imports only money,
// for the one way a rate or ratio reads as a percentage in a message
// ({ratio%}), so collateral, contracts and duediligence can all speak it
// without depending on each other.
//
// A rule builds a result from a key and parameters; the catalogue that owns
// the key renders it:
//
//	r := check.Result{Rule: "collateral.coverage", Path: "collateral",
//		Key: "collateral.coverage.below", Params: check.Params{"ratio": "0.9500", "min": "1.00"}}
//	msgs.Render(check.ZH, r.Key, r.Params) // "抵押物可贷价值覆盖率 95.00% 低于政策下限 100.00% …"
//
// Validation collects every problem of an input at once:
//
//	var p check.Problems
//	p.RequiredText("name", in.Name, 200)
//	p.OneOf("kind", string(in.Kind), "person", "organization")
//	if err := p.Err(); err != nil { /* errors.Is(err, check.ErrRequired) … */ }
//
// Field errors name the field by its JSON path ("applicant.id_number",
// "collateral[2].owners[0].share"), carry the offending value (masked where
// it is personal data) and wrap their reason, so errors.Is(err,
// check.ErrTooLong) works on any error that lists them.
package check
