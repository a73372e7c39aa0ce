package main

import (
	"context"
	"testing"
)

// TestRun keeps the quickstart working: it walks the whole case.
func TestRun(t *testing.T) {
	if err := run(context.Background()); err != nil {
		t.Fatal(err)
	}
}
