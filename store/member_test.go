package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// testFindCasesMember lists the cases a user owns or co-investigates.
func testFindCasesMember(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	own := testCase(t, "am-1", "张三")
	other := testCase(t, "am-2", "李四")
	other.CoInvestigators = []duediligence.CoInvestigator{{ID: "am-1", Name: "李经理", AddedBy: "dm-1", AddedAt: testTime}}
	unrelated := testCase(t, "am-3", "王五")
	for _, c := range []*duediligence.Case{own, other, unrelated} {
		require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
	}
	page, err := st.Cases().FindCases(ctx, duediligence.CaseFilter{Member: "am-1"})
	require.NoError(t, err)
	var ids []string
	for _, s := range page.Cases {
		ids = append(ids, s.ID)
	}
	assert.ElementsMatch(t, []string{own.ID, other.ID}, ids)
	// Co-investigators are not parties: they never show up as a mutual guarantee or shared borrower.
	links, err := st.Indexes().FindPartyLinks(ctx, unrelated.ID, []string{"am-1"})
	require.NoError(t, err)
	assert.Empty(t, links)
}
