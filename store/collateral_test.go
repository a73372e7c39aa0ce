package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// testItem is a collateral item with every part filled in.
func testItem(id, title, unit string) duediligence.CollateralItem {
	zero := 0
	return duediligence.CollateralItem{Item: collateral.Item{
		ID: id, Kind: collateral.KindResidential, Arrangement: collateral.Mortgage,
		Description: "三室一厅，建筑面积 98.5 平方米", Address: "合肥市长丰县某路 1 号",
		TitleNumber: title, UnitNumber: unit, CoOwnership: collateral.CoOwnershipByShares,
		Owners: []collateral.Owner{
			{Name: "张三", IDNumber: "11010519491231002X", Relation: collateral.RelationBorrower, Share: collateral.MustShare("2/3")},
			{Name: "李四", Relation: collateral.RelationThirdParty, Share: collateral.MustShare("1/3")},
		},
		Consents: []collateral.Consent{{Owner: &zero, GivenOn: money.MustDate("2026-03-01"), Document: "doc-1"}},
		Status:   collateral.LegalStatus{Supervised: false},
		Rank:     2,
		Encumbrances: []collateral.Encumbrance{
			{Kind: collateral.EncumbranceLien, Holder: "某银行", Rank: 1, Amount: money.MustMoney("300000.00"), RegisteredOn: money.MustDate("2020-05-01")},
			{Kind: collateral.EncumbranceLease, Holder: "王五", LeaseStart: money.MustDate("2021-01-01"), HandedOverOn: money.MustDate("2021-01-05")},
		},
		Occupancy:  collateral.Occupancy{SoleResidence: true, Occupant: "借款人"},
		Appraisals: []collateral.Appraisal{{Appraiser: "某评估公司", Method: collateral.MethodMarket, Value: money.MustMoney("1200000.00"), Date: money.MustDate("2026-02-20"), Report: "PG-2026-001"}},
	},
		Registration: &collateral.Registration{CertificateNumber: "皖(2019)长丰县不动产证明第0010484号", Registry: "长丰县不动产登记中心",
			Mortgagee: "某银行", Mortgagors: []string{"张三", "李四"}, SecuredAmount: money.MustMoney("500000.00"),
			TermEnd: money.MustDate("2029-03-01"), RegisteredOn: money.MustDate("2026-03-10")},
	}
}

// testCollateral checks that a full item round-trips and that the same
// property named in another open case is found, and not once that case closed.
func testCollateral(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	a := testCase(t, "owner-1", "张三")
	a.Collateral = []duediligence.CollateralItem{testItem("item-a", "皖(2019)长丰县不动产权第0000001号", "340121261006GB00014F00220045")}
	require.NoError(t, st.createCase(ctx, a, testEvent(a.ID, "case.created")))
	got, err := st.Cases().FindCaseByID(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, a.Collateral, got.Collateral, "the whole item reads back")

	b := testCase(t, "owner-2", "李四")
	// The same title written with full-width brackets and a space, and another item.
	b.Collateral = []duediligence.CollateralItem{
		testItem("item-b1", "皖（2019）长丰县不动产权第0000001号 ", ""),
		testItem("item-b2", "", "340121261006GB00014F00220046"),
	}
	require.NoError(t, st.createCase(ctx, b, testEvent(b.ID, "case.created")))

	exp, err := st.Indexes().FindCollateralExposure(ctx, a.ID, []string{a.Collateral[0].TitleNumber}, []string{a.Collateral[0].UnitNumber})
	require.NoError(t, err)
	require.Len(t, exp, 1)
	assert.Equal(t, duediligence.Exposure{CaseID: b.ID, ItemID: "item-b1", Stage: b.Stage, TitleNumber: "皖(2019)长丰县不动产权第0000001号"}, exp[0])

	exp, err = st.Indexes().FindCollateralExposure(ctx, b.ID, []string{"皖(2019)长丰县不动产权第0000001号"}, []string{"340121261006GB00014F00220045"})
	require.NoError(t, err)
	require.Len(t, exp, 1, "a case is not exposed to itself")
	assert.Equal(t, "item-a", exp[0].ItemID)

	// Once b is withdrawn it no longer claims the property; removing an item drops its row.
	b.Version, b.Stage = 2, duediligence.StageWithdrawn
	ev := testEvent(b.ID, "case.transitioned")
	ev.CaseVersion = 2
	require.NoError(t, st.updateCase(ctx, b, 1, ev))
	exp, err = st.Indexes().FindCollateralExposure(ctx, a.ID, []string{a.Collateral[0].TitleNumber}, nil)
	require.NoError(t, err)
	assert.Empty(t, exp)

	a.Version, a.Collateral = 2, nil
	ev = testEvent(a.ID, "collateral.removed")
	ev.CaseVersion = 2
	require.NoError(t, st.updateCase(ctx, a, 1, ev))
	b2 := testCase(t, "owner-3", "王五")
	exp, err = st.Indexes().FindCollateralExposure(ctx, b2.ID, nil, []string{"340121261006GB00014F00220045"})
	require.NoError(t, err)
	assert.Empty(t, exp)
}
