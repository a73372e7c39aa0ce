package identity

import (
	"testing"
	"time"
)

// FuzzParseCanonical holds ParseResidentID's fast path to its general path:
// whatever the fast path accepts, the general one parses to the same ID,
// and a number the general path accepts in its stored form (18 characters,
// upper-case X, no white space) the fast path takes.
func FuzzParseCanonical(f *testing.F) {
	ref := time.Date(2025, 6, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*60*60))
	for _, s := range []string{"360426199101010071", "11010219840406970X", "11010219840406970x", " 360426199101010071",
		"360426199101010072", "110105202506160019", "110105194902300021", "440524188001010014", "１1010519491231002X", ""} {
		f.Add(s, ref.Unix())
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		now := time.Unix(unix, 0).In(ref.Location())
		fast, ok := parseCanonical(s, now)
		general, err := parseResidentID(s, now)
		if ok && (err != nil || fast != general) {
			t.Fatalf("parseCanonical(%q) = %+v; the general path says %+v, %v", s, fast, general, err)
		}
		if !ok && err == nil && general.Number == s {
			t.Fatalf("parseCanonical refused %q, which is stored as it is", s)
		}
	})
}

// TestDaysIn holds daysIn to the time package's calendar.
func TestDaysIn(t *testing.T) {
	for y := 1800; y <= 2400; y++ {
		for m := 1; m <= 12; m++ {
			// Day 0 of the next month is the last day of this one.
			if got, want := daysIn(y, m), time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("daysIn(%d, %d) = %d, want %d", y, m, got, want)
			}
		}
	}
}
