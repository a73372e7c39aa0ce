package duediligence

import (
	"testing"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
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

// FuzzResidentID holds the view's parse-once residentID to
// identity.ParseResidentID: the same ID, or the same error, for any number
// and any day, asked once or after another day's answer.
func FuzzResidentID(f *testing.F) {
	for _, s := range []string{"360426199101010071", "11010219840406970X", "11010219840406970x", "110105202506160019",
		"110105194902300021", "440524188001010014", "110105491231002", "", "36042619910101007"} {
		f.Add(s, int64(1764235800), int64(31536000))
	}
	f.Fuzz(func(t *testing.T, n string, unix, delta int64) {
		v := &View{Case: &Case{}}
		for _, at := range []int64{unix, unix + delta, unix - delta} {
			now := time.Unix(at, 0).In(time.FixedZone("CST", 8*3600))
			got, err := v.residentID(n, now)
			want, werr := identity.ParseResidentID(n, now)
			if got != want || (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) {
				t.Fatalf("residentID(%q, %s) = %+v, %v; ParseResidentID says %+v, %v", n, now, got, err, want, werr)
			}
		}
	})
}
