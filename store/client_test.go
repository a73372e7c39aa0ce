package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
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

	loans, err := st.Clients().FindClientLoans(ctx, []string{a.ID}, money.MustDate("2026-12-04"))
	require.NoError(t, err)
	assert.Empty(t, loans, "no loan before disbursement")
}

// testClientRelations checks what the concentration rules read: the
// relations a case records (a spouse, the legal representative, the
// actual controller), found from either side, and a party's roles in
// other cases with the amount it guarantees; and the search by name.
func testClientRelations(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	const person, spouse, org, boss = "11010519491231002X", "110105194912310029", "91350100M000100Y43", "110105198001010016"
	a := testCase(t, "am-1", "张三") // applicant person with spouse; co-borrower org
	a.CoBorrowers[0].LegalRepresentative.IDNumber = boss
	a.CoBorrowers[0].ActualController = &duediligence.Party{Kind: duediligence.Person, Name: "赵六", IDNumber: boss}
	b := testCase(t, "am-2", "王五")
	b.CreatedAt = a.CreatedAt.Add(time.Hour)
	b.Applicant.IDNumber, b.Applicant.Spouse, b.CoBorrowers = spouse, nil, nil
	b.Guarantees = []duediligence.Guarantee{testGuarantee("g-1", duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: person})}
	b.Guarantees[0].Amount = money.MustMoney("300000.00")
	for _, c := range []*duediligence.Case{a, b} {
		require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
	}

	rels, err := st.Clients().FindPartyRelations(ctx, []string{boss})
	require.NoError(t, err)
	assert.ElementsMatch(t, []duediligence.PartyRelation{
		{PartyKey: org, Relation: duediligence.RelatedLegalRepresentative, RelatedKey: boss},
		{PartyKey: org, Relation: duediligence.RelatedController, RelatedKey: boss},
	}, rels, "the organizations a person represents or controls")
	rels, err = st.Clients().FindPartyRelations(ctx, []string{person})
	require.NoError(t, err)
	assert.Equal(t, []duediligence.PartyRelation{{PartyKey: person, Relation: duediligence.RelatedSpouse, RelatedKey: spouse}}, rels)

	rows, err := st.Clients().FindPartyHistory(ctx, a.ID, []string{person, spouse}, money.MustDate("2026-12-04"), 10)
	require.NoError(t, err)
	require.Len(t, rows, 2, "case b: 王五 borrows, 张三 guarantees; case a left out")
	for _, r := range rows {
		assert.Equal(t, b.ID, r.CaseID)
		assert.Nil(t, r.Loan, "no loan before disbursement")
		if r.PartyKey == person {
			assert.Equal(t, duediligence.ClientGuarantor, r.Role)
			assert.Equal(t, "300000.00", r.Guaranteed.String())
		} else {
			assert.Equal(t, duediligence.ClientBorrower, r.Role)
		}
	}

	byName, err := st.Clients().FindClientsByName(ctx, "张三", "", 0, 10)
	require.NoError(t, err)
	require.Len(t, byName, 1)
	assert.Equal(t, person, byName[0].Key)
	assert.Equal(t, 2, byName[0].Cases)
	assert.ElementsMatch(t, []duediligence.ClientRole{duediligence.ClientBorrower, duediligence.ClientGuarantor}, byName[0].Roles)
	mine, err := st.Clients().FindClientsByName(ctx, "张三", "am-2", 0, 10)
	require.NoError(t, err)
	require.Len(t, mine, 1)
	assert.Equal(t, 1, mine[0].Cases, "only am-2's case")
	next, err := st.Clients().FindClientsByName(ctx, "张三", "", 1, 10)
	require.NoError(t, err)
	assert.Empty(t, next)

	// A change of relations rewrites the index: the spouse is gone.
	u := *a
	u.Version = 2
	u.Applicant.Spouse, u.Applicant.MaritalStatus = nil, duediligence.Divorced
	require.NoError(t, st.updateCase(ctx, &u, 1, testEvent(a.ID, "case.updated")))
	rels, err = st.Clients().FindPartyRelations(ctx, []string{person})
	require.NoError(t, err)
	assert.Empty(t, rels)
}
