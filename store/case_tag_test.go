package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestFindCaseByIDIfChanged: on PostgreSQL a read that names the tag the
// case still has gets the tag and the epoch without the file; any write of
// the file — a new version, or a rewrite behind the service's back that
// keeps the version — gives a new tag and the file. SQLite tags nothing and
// always sends the file, and so does a transaction.
func TestFindCaseByIDIfChanged(t *testing.T) {
	onEveryBackend(t, testFindCaseByIDIfChanged)
}

func testFindCaseByIDIfChanged(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	c := testCase(t, "owner-1", "张三")
	require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
	r := st.Cases().(duediligence.CaseTagReader)
	epoch, err := st.Users().AuthEpoch(ctx)
	require.NoError(t, err)

	got, tag, e, ok, err := r.FindCaseByIDIfChanged(ctx, c.ID, "")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, c, got)
	assert.Equal(t, epoch, e)
	_, _, _, ok, err = r.FindCaseByIDIfChanged(ctx, duediligence.UUIDv7{}.NewID(), "")
	require.NoError(t, err)
	assert.False(t, ok, "no such case")

	if st.db.Dialect != Postgres {
		assert.Empty(t, tag, "no tag on %s", st.db.Dialect)
		return
	}
	require.NotEmpty(t, tag)
	got, again, e, ok, err := r.FindCaseByIDIfChanged(ctx, c.ID, tag)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Nil(t, got, "unchanged: the file is not sent")
	assert.Equal(t, tag, again)
	assert.Equal(t, epoch, e)

	next := updated(c, duediligence.StageSubmitted)
	require.NoError(t, st.updateCase(ctx, next, c.Version, caseEvent(next, "case.transitioned")))
	got, newTag, _, ok, err := r.FindCaseByIDIfChanged(ctx, c.ID, tag)
	require.NoError(t, err)
	require.True(t, ok)
	assert.NotEqual(t, tag, newTag)
	require.NotNil(t, got, "a new version is sent")
	assert.Equal(t, next.Version, got.Version)

	// A rewrite that keeps the version changes the tag too.
	_, err = st.db.Write.ExecContext(ctx, `UPDATE case_bodies SET body = replace(body, '仓库存货与报表相符', '仓库存货不符') WHERE case_id = ?`, c.ID)
	require.NoError(t, err)
	got, rewritten, _, ok, err := r.FindCaseByIDIfChanged(ctx, c.ID, newTag)
	require.NoError(t, err)
	require.True(t, ok)
	assert.NotEqual(t, newTag, rewritten)
	require.NotNil(t, got, "the rewritten file is sent")
	assert.Equal(t, next.Version, got.Version)
	assert.Equal(t, "仓库存货不符", got.Findings[0].Statement)

	// A transaction's reads are not tagged: they may not be committed.
	require.NoError(t, st.WithTx(ctx, func(tx duediligence.Tx) error {
		got, tag, _, ok, err := tx.Cases().(duediligence.CaseTagReader).FindCaseByIDIfChanged(ctx, c.ID, rewritten)
		require.NoError(t, err)
		assert.True(t, ok)
		assert.NotNil(t, got)
		assert.Empty(t, tag)
		return nil
	}))
}
