package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestRun keeps the example working: the lender's rule warns on the case.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	want := "warn lender.new_business_cap at request.amount: 300000.00 requested with no confirmed operating history, above 200000.00 for a new business (the lender's credit policy 2026, § 4.2)"
	if !strings.Contains(out.String(), want) {
		t.Errorf("the output lacks the rule's result\n got: %s\nwant: %s", out.String(), want)
	}
	if zh := "zh: 申请金额 300000.00 元，经营情况未经核实，超过新设经营者 200000.00 元的上限"; !strings.Contains(out.String(), zh) {
		t.Errorf("the output lacks the Chinese message\n got: %s\nwant: %s", out.String(), zh)
	}
}
