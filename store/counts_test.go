package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestStore_Counts counts cases by stage and the ledger's numbers by year,
// on SQLite and PostgreSQL.
func TestStore_Counts(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testCounts(t, openSQLiteTestStore) })
	t.Run("postgres", func(t *testing.T) {
		server := testPostgresURL(t)
		testCounts(t, func(t *testing.T) *Store { return openPostgresTestStore(t, server) })
	})
}

func testCounts(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	c, err := st.Counts(ctx)
	require.NoError(t, err)
	assert.Empty(t, c.CasesByStage, "an empty store")
	assert.Empty(t, c.LedgerNumbers)

	var cases []*duediligence.Case
	for _, name := range []string{"甲", "乙", "丙", "丁"} {
		c := testCase(t, "owner-1", name) // in investigation
		require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
		cases = append(cases, c)
	}
	for i, year := range []int{2026, 2026, 2027} {
		c := cases[i]
		c.Version, c.Stage = 2, duediligence.StageSubmitted
		ev := testEvent(c.ID, "case.transitioned")
		ev.CaseVersion = 2
		require.NoError(t, st.submitCase(ctx, c, 1, ev, year))
	}
	c, err = st.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[duediligence.Stage]int{duediligence.StageInvestigation: 1, duediligence.StageSubmitted: 3}, c.CasesByStage)
	assert.Equal(t, map[int]int{2026: 2, 2027: 1}, c.LedgerNumbers)
}
