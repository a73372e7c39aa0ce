package identity_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
)

func TestKeyKind(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want identity.Kind
		ok   bool
	}{
		{"11010519491231002X", identity.KindResidentID, true},
		{"11010519491231002x", identity.KindResidentID, true},
		{"110105194912310021", identity.KindResidentID, true}, // wrong check digit: still a person's, to be masked
		{"91350100M000100Y43", identity.KindCreditCode, true},
		{"91350100m000100y43", identity.KindCreditCode, true},
		{"1101051949123100XX", identity.KindCreditCode, true},
		{"11010519491231002", "", false},
		{"11010519491231002X ", "", false},
		{"11010519491231002-", "", false},
		{"１１010519491231002", "", false},
		{"", "", false},
	} {
		got, ok := identity.KeyKind(tc.in)
		assert.Equal(t, tc.want, got, tc.in)
		assert.Equal(t, tc.ok, ok, tc.in)
	}
}

// FuzzKeyKind checks KeyKind against the parsers: every resident ID they
// accept as written has a person's shape, and every credit code they accept
// as written that is not also of that shape has an organization's.
func FuzzKeyKind(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "91350100M000100Y43", "91110000600037341L", "x", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		kind, ok := identity.KeyKind(s)
		if ok && len(s) != 18 {
			t.Fatalf("KeyKind(%q) = %s for %d bytes", s, kind, len(s))
		}
		if strings.TrimSpace(s) != s || len(s) != 18 {
			return
		}
		if _, err := identity.ParseResidentID(s, now); err == nil && kind != identity.KindResidentID {
			t.Fatalf("resident ID %q: KeyKind = %q, %v", s, kind, ok)
		}
		if _, err := identity.ParseCreditCode(s); err == nil {
			person := strings.Trim(s[:17], "0123456789") == "" && strings.ContainsAny(s[17:], "0123456789Xx")
			if !ok || (kind == identity.KindResidentID) != person {
				t.Fatalf("credit code %q: KeyKind = %q, %v", s, kind, ok)
			}
		}
	})
}
