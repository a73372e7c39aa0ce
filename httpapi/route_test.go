package httpapi

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// TestPostingKey checks the precondition the loan's postings will carry: an
// Idempotency-Key instead of If-Match, 428 without one.
func TestPostingKey(t *testing.T) {
	s := &server{}
	rt := route{method: "POST", pattern: "/v1/cases/{id}/repayments", precondition: postingKey}
	r := httptest.NewRequest("POST", "/v1/cases/x/repayments", nil)
	_, err := s.checkPrecondition(rt, r)
	var he *httpError
	if !errors.As(err, &he) || he.status != http.StatusPreconditionRequired || he.kind != "precondition_required" {
		t.Fatalf("a posting without a key: %v, want a 428", err)
	}
	r.Header.Set("Idempotency-Key", "repay-2026-03-001")
	r.Header.Set("If-Match", "*")
	if _, err := s.checkPrecondition(rt, r); err != nil {
		t.Fatalf("a posting with a key: %v; it needs no If-Match", err)
	}
}

// TestWildcards checks that every path value of the routes has a shape,
// and that a route with an unknown one cannot be registered.
func TestWildcards(t *testing.T) {
	for _, rt := range routes {
		wildcards(rt.pattern) // panics on one without a shape
	}
	if got := wildcards("/v1/cases/{id}/flags/{flag_id}/resolution"); !slices.Equal(got, []string{"id", "flag_id"}) {
		t.Errorf("wildcards = %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("a route with {loan_id} registered without a shape for it")
		}
	}()
	wildcards("/v1/loans/{loan_id}")
}
