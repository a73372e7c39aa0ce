package store

import (
	"testing"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestFindCases_Allocs holds a list to allocations that do not grow with
// the number of cases: the same full page among 300 cases and among ten
// times as many costs the same allocations, within 10% (sync.Pool and the
// drivers' caches move the count by a few). CI runs it without -race.
func TestFindCases_Allocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under -race")
	}
	small, large := openSQLiteTestStore(t), openSQLiteTestStore(t)
	seedBulk(t, small, 300)
	seedBulk(t, large, 3000)
	for _, tt := range []struct {
		name string
		f    duediligence.CaseFilter
	}{
		{"own", duediligence.CaseFilter{Member: benchOwn}},
		{"all", duediligence.CaseFilter{}},
		{"stage", duediligence.CaseFilter{Stage: duediligence.StageSubmitted}},
		{"name", duediligence.CaseFilter{Query: benchMatch}},
		{"no name", duediligence.CaseFilter{Query: benchNoMatch}},
		{"id", duediligence.CaseFilter{Query: benchID(150)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.Limit = 3 // a full page at both sizes
			allocs := func(st *Store) float64 {
				return testing.AllocsPerRun(50, func() {
					if _, err := st.Cases().FindCases(t.Context(), tt.f); err != nil {
						t.Fatal(err)
					}
				})
			}
			a, b := allocs(small), allocs(large)
			if b > a*1.1+5 {
				t.Errorf("a page costs %.0f allocations among 300 cases, %.0f among 3000", a, b)
			}
			t.Logf("%.0f and %.0f allocations", a, b)
		})
	}
}
