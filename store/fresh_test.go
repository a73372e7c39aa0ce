package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestFreshCase_SeenInItsTransaction: a case created in a transaction,
// whose rows PostgreSQL holds back for its first event, is there for the
// same transaction's reads and changes before that event, and its stream
// still starts at 1.
func TestFreshCase_SeenInItsTransaction(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testFreshCaseSeen(t, openSQLiteTestStore(t)) })
	t.Run("postgres", func(t *testing.T) { testFreshCaseSeen(t, openPostgresTestStore(t, testPostgresURL(t))) })
}

func testFreshCaseSeen(t *testing.T, st *Store) {
	ctx := t.Context()
	c := testCase(t, "am-1", "张三")
	err := st.WithTx(ctx, func(tx duediligence.Tx) error {
		require.NoError(t, tx.Cases().CreateCase(ctx, c, c.Listing()))
		got, err := tx.Cases().FindCaseByID(ctx, c.ID)
		require.NoError(t, err, "the transaction reads its new case")
		assert.Equal(t, c.ID, got.ID)
		page, err := tx.Cases().FindCases(ctx, duediligence.CaseFilter{Query: "张三"})
		require.NoError(t, err)
		assert.Len(t, page.Cases, 1)
		u := *c
		u.Version = 2
		require.NoError(t, tx.Cases().UpdateCase(ctx, &u, 1, u.Listing()))
		ev := testEvent(c.ID, "case.created")
		ev.CaseID, ev.CaseVersion = c.ID, 2 // the event records the case as the transaction left it
		return tx.Events().AppendEvent(ctx, ev)
	})
	require.NoError(t, err)
	got, err := st.Cases().FindCaseByID(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, got.Version)
	evs, err := st.Events().FindEvents(ctx, c.ID, 0, 0)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.EqualValues(t, 1, evs[0].Seq)
	_, err = duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
	require.NoError(t, err)
}
