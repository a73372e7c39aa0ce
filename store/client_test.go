package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// testClients checks the client file's index: a person found by resident
// ID in every role — borrower of one case, guarantor and owner of the
// collateral of another — newest case first, and only in a user's own
// cases when a member is named; an organization as co-borrower.
func testClients(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	const person, org = "11010519491231002X", "91350100M000100Y43"
	a := testCase(t, "am-1", "张三") // applicant person, co-borrower org
	b := testCase(t, "am-2", "王五")
	b.CreatedAt = a.CreatedAt.Add(time.Hour)
	b.Applicant.IDNumber, b.Applicant.Spouse, b.CoBorrowers = "110105194912310029", nil, nil
	b.Guarantees = []duediligence.Guarantee{testGuarantee("g-1", duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: person})}
	b.Collateral = []duediligence.CollateralItem{testItem("item-1", "T-1", "U-1")}
	for _, c := range []*duediligence.Case{a, b} {
		require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
	}

	rows, err := st.Clients().FindClientCases(ctx, person, "", 10)
	require.NoError(t, err)
	type seen struct {
		id   string
		role duediligence.ClientRole
	}
	var got []seen
	for _, r := range rows {
		got = append(got, seen{r.CaseID, r.Role})
		assert.Equal(t, "张三", r.Name)
	}
	assert.Equal(t, []seen{{b.ID, duediligence.ClientGuarantor}, {b.ID, duediligence.ClientMortgagor}, {a.ID, duediligence.ClientBorrower}}, got)
	assert.Equal(t, "王五", rows[0].Applicant)
	assert.Equal(t, "500000.00", rows[2].Amount.String())

	mine, err := st.Clients().FindClientCases(ctx, person, "am-1", 10)
	require.NoError(t, err)
	require.Len(t, mine, 1)
	assert.Equal(t, a.ID, mine[0].CaseID)

	co, err := st.Clients().FindClientCases(ctx, org, "", 10)
	require.NoError(t, err)
	require.Len(t, co, 1)
	assert.Equal(t, duediligence.ClientCoBorrower, co[0].Role)

	none, err := st.Clients().FindClientCases(ctx, "91110000600037341L", "", 10)
	require.NoError(t, err)
	assert.Empty(t, none)

	loans, err := st.Clients().FindClientLoans(ctx, []string{a.ID})
	require.NoError(t, err)
	assert.Empty(t, loans, "no loan before disbursement")
}
