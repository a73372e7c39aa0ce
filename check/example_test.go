package check_test

import (
	"errors"
	"fmt"

	"github.com/jinzhi-dev/jinzhi/check"
)

// A rule's result carries a message key and its parameters, so that the
// catalogue renders it in Chinese or English.
func ExampleMessages_RenderResult() {
	msgs := check.Messages{
		"collateral.coverage.below": {
			EN: "eligible value covers {ratio} of the principal; the policy minimum is {min}",
			ZH: "抵押物可贷价值覆盖率 {ratio} 低于政策下限 {min}",
		},
	}
	r := check.Result{Rule: "collateral.coverage", Severity: check.Block, Path: "collateral",
		Key: "collateral.coverage.below", Params: check.Params{"ratio": "0.95", "min": "1.00"}}
	fmt.Println(msgs.RenderResult(r, check.ZH))
	fmt.Println(msgs.RenderResult(r, check.EN))
	// Output:
	// 抵押物可贷价值覆盖率 0.95 低于政策下限 1.00
	// eligible value covers 0.95 of the principal; the policy minimum is 1.00
}

// Validation collects every problem of an input, each with its JSON path
// and a reason callers branch on with errors.Is.
func ExampleProblems() {
	var p check.Problems
	p.RequiredText("applicant.name", "", 200)
	p.OneOf("applicant.kind", "robot", "person", "organization")
	err := p.Err()
	fmt.Println(err)
	fmt.Println(errors.Is(err, check.ErrOneOf))
	fmt.Println(check.FieldMessages().RenderField(p.Fields[1], check.ZH))
	// Output:
	// applicant.name: is required; applicant.kind: must be one of: person, organization
	// true
	// 必须是以下之一：person, organization
}
