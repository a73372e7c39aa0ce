package duediligence

import (
	"testing"
	"time"
)

// FuzzIsDay holds isDay to the comparison it replaced, with the formatted date.
func FuzzIsDay(f *testing.F) {
	for _, s := range []string{"1991-01-01", "1991-1-01", "1991-01-1", "1991/01/01", "0991-01-01", "+991-01-01", "1991-01-01 ", "１991-01-01"} {
		f.Add(s, int64(662688000))
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		day := time.Unix(unix, 0).UTC()
		day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		if day.Year() < 1000 || day.Year() > 9999 {
			return // an ID's birth date is from 1800 on
		}
		if got, want := isDay(s, day), s == day.Format(dateLayout); got != want {
			t.Fatalf("isDay(%q, %s) = %v, want %v", s, day.Format(dateLayout), got, want)
		}
	})
}
