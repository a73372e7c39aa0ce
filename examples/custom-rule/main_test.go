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
}
