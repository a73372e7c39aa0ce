package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// testGuarantee is a guarantee with every part filled in.
func testGuarantee(id string, guarantor duediligence.Party) duediligence.Guarantee {
	ends := money.MustDate("2031-06-30")
	on := money.MustDate("2026-03-05")
	kind := duediligence.GuarantorPerson
	var corp *duediligence.CorporateGuarantor
	if guarantor.Kind == duediligence.Organization {
		kind = duediligence.GuarantorCompany
		corp = &duediligence.CorporateGuarantor{BorrowerIsShareholder: true,
			Resolution: &duediligence.Resolution{Body: duediligence.BodyShareholders, Date: &on, InterestedExcluded: true, Document: "doc-9"}}
	}
	return duediligence.Guarantee{
		ID: id, Guarantor: guarantor, GuarantorKind: kind, Kind: duediligence.GuaranteeJointAndSeveral,
		Amount: money.MustMoney("500000.00"), Period: duediligence.GuaranteePeriod{Ends: &ends},
		Relation: duediligence.RelationShareholder, NetWorth: yuanP("2000000.00"), ExistingGuarantees: yuanP("300000.00"),
		Corporate: corp,
	}
}

// testGuarantees checks that guarantees round-trip and that a mutual
// guarantee (互保) is found across cases, and not once a case is withdrawn.
func testGuarantees(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	company := duediligence.Party{Kind: duediligence.Organization, Name: "厦门某某贸易有限公司", CreditCode: "91350100M000100Y43",
		LegalRepresentative: &duediligence.Party{Kind: duediligence.Person, Name: "赵六"}, DishonestDebtor: true}

	// Case a: 张三 (11010519491231002X) borrows, the company guarantees.
	a := testCase(t, "owner-1", "张三")
	a.CoBorrowers = nil
	a.Guarantees = []duediligence.Guarantee{testGuarantee("g-a", company)}
	require.NoError(t, st.createCase(ctx, a, testEvent(a.ID, "case.created")))
	got, err := st.Cases().FindCaseByID(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, a.Guarantees, got.Guarantees, "the whole guarantee reads back")

	// Case b: the company borrows, 张三 guarantees — given in lower case.
	b := testCase(t, "owner-2", "厦门某某贸易有限公司")
	b.CoBorrowers = nil
	b.Applicant = company
	b.Guarantees = []duediligence.Guarantee{testGuarantee("g-b", duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: "11010519491231002x"})}
	require.NoError(t, st.createCase(ctx, b, testEvent(b.ID, "case.created")))

	// Case c: an unrelated borrower, not a link.
	c := testCase(t, "owner-3", "王五")
	c.Applicant.IDNumber, c.CoBorrowers = "440524188001010014", nil
	require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))

	links, err := st.Indexes().FindPartyLinks(ctx, a.ID, []string{"11010519491231002x", "91350100M000100Y43"})
	require.NoError(t, err)
	assert.ElementsMatch(t, []duediligence.PartyLink{
		{CaseID: b.ID, Role: duediligence.PartyRoleBorrower, PartyKey: "91350100M000100Y43", Stage: b.Stage},
		{CaseID: b.ID, Role: duediligence.PartyRoleGuarantor, PartyKey: "11010519491231002X", Stage: b.Stage},
	}, links, "b's rows, not a's own, not c's")

	// What the service derives from the links: a's guarantor borrows in b, which a's borrower guarantees.
	a.LinkMutual(links)
	assert.Equal(t, []duediligence.MutualGuarantee{{CaseID: b.ID, Stage: b.Stage}}, a.Guarantees[0].Mutual)
	a.Guarantees[0].Mutual = nil

	// Withdrawn, b no longer counts; removing a guarantee drops its row.
	b.Version, b.Stage = 2, duediligence.StageWithdrawn
	ev := testEvent(b.ID, "case.transitioned")
	ev.CaseVersion = 2
	require.NoError(t, st.updateCase(ctx, b, 1, ev))
	links, err = st.Indexes().FindPartyLinks(ctx, a.ID, []string{"11010519491231002X", "91350100M000100Y43"})
	require.NoError(t, err)
	assert.Empty(t, links)

	a.Version, a.Guarantees = 2, nil
	ev = testEvent(a.ID, "guarantee.removed")
	ev.CaseVersion = 2
	require.NoError(t, st.updateCase(ctx, a, 1, ev))
	links, err = st.Indexes().FindPartyLinks(ctx, c.ID, []string{"91350100M000100Y43", "11010519491231002X"})
	require.NoError(t, err)
	assert.Equal(t, []duediligence.PartyLink{{CaseID: a.ID, Role: duediligence.PartyRoleBorrower, PartyKey: "11010519491231002X", Stage: a.Stage}}, links,
		"a's borrower stays; its guarantor row went with the guarantee")
}
