package duediligence_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// flat is a residential flat owned by the borrower alone, appraised recently.
func flat(title string, value string) collateral.Item {
	return collateral.Item{
		Kind: collateral.KindResidential, Arrangement: collateral.Mortgage, TitleNumber: title,
		CoOwnership: collateral.CoOwnershipSole,
		Owners:      []collateral.Owner{{Name: "张三", IDNumber: "11010519491231002X", Relation: collateral.RelationBorrower}},
		Appraisals: []collateral.Appraisal{{Appraiser: "某评估公司", Method: collateral.MethodMarket,
			Value: money.MustMoney(value), Date: money.MustDate("2026-10-01")}},
	}
}

func types(c *dd.Case, requiredBy string) []string {
	var out []string
	for _, d := range c.Documents {
		if d.Required && d.RequiredBy == requiredBy {
			out = append(out, d.Type)
		}
	}
	return out
}

func TestService_Collateral(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
	require.NoError(t, err)

	t.Run("valuation, coverage and checklist", func(t *testing.T) {
		c2, item, err := f.svc.AddCollateral(ctx, f.am, c.ID, c.Version, dd.CollateralInput{Item: flat("皖(2019)长丰县不动产权第0000001号", "1000000.00")})
		require.NoError(t, err)
		c = c2
		require.NotNil(t, item.Valuation)
		assert.Equal(t, "1000000.00", item.Valuation.ValueInUse.String())
		assert.Equal(t, "700000.00", item.Valuation.Eligible.String(), "1,000,000 × 0.70")
		require.NotNil(t, c.Coverage)
		assert.Equal(t, "1.4000", c.Coverage.Ratio.String(), "700,000 / 500,000")
		assert.Equal(t, "0.5000", c.Coverage.LTV.String())
		assert.ElementsMatch(t, []string{"title_certificate", "register_search", "appraisal_report"}, types(c, "collateral:"+item.ID))
		raw, err := f.st.Cases().FindCaseByID(ctx, c.ID)
		require.NoError(t, err)
		assert.Nil(t, raw.Coverage, "derived figures are not stored")
		assert.Nil(t, raw.Collateral[0].Valuation, "derived figures are not stored")
	})

	t.Run("by-shares co-ownership whose shares do not add up is refused with the item's path", func(t *testing.T) {
		it := flat("", "500000.00")
		it.CoOwnership = collateral.CoOwnershipByShares
		it.Owners = []collateral.Owner{
			{Name: "张三", Relation: collateral.RelationBorrower, Share: collateral.MustShare("1/2")},
			{Name: "李四", Relation: collateral.RelationThirdParty, Share: collateral.MustShare("0.4")},
		}
		_, _, err := f.svc.AddCollateral(ctx, f.am, c.ID, c.Version, dd.CollateralInput{Item: it})
		e := asError(t, err, dd.CodeInvalid)
		assert.Equal(t, []string{"collateral[1].owners[1].share"}, fields(e))
		got, err := f.svc.FindCaseByID(ctx, f.am, c.ID)
		require.NoError(t, err)
		assert.Len(t, got.Collateral, 1, "nothing was added")
	})

	t.Run("a co-owned item asks for the co-owners' consent", func(t *testing.T) {
		it := flat("", "500000.00")
		it.CoOwnership = collateral.CoOwnershipJoint
		it.Owners = append(it.Owners, collateral.Owner{Name: "王五", Relation: collateral.RelationSpouse})
		c2, item, err := f.svc.AddCollateral(ctx, f.am, c.ID, c.Version, dd.CollateralInput{Item: it})
		require.NoError(t, err)
		assert.Contains(t, types(c2, "collateral:"+item.ID), "coowner_consent")
		c2, err = f.svc.RemoveCollateral(ctx, f.am, c2.ID, c2.Version, item.ID)
		require.NoError(t, err)
		assert.Empty(t, types(c2, "collateral:"+item.ID), "documents stay on file but no longer count")
		c = c2
	})

	t.Run("resident IDs of owners are masked for auditors", func(t *testing.T) {
		got, err := f.svc.FindCaseByID(ctx, f.aud, c.ID)
		require.NoError(t, err)
		assert.Equal(t, "110105********002X", got.Collateral[0].Owners[0].IDNumber)
	})
}

// toInvestigation moves a fresh case with every document received to investigation.
func toInvestigation(t *testing.T, f *fixture, c *dd.Case) *dd.Case {
	t.Helper()
	ctx := context.Background()
	var err error
	for _, d := range c.Documents {
		if d.Required && d.Status == dd.DocumentMissing {
			c, _, err = f.svc.RecordDocument(ctx, f.am, c.ID, c.Version, dd.DocumentInput{ID: d.ID, Status: dd.DocumentReceived})
			require.NoError(t, err)
		}
	}
	c, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageInvestigation})
	require.NoError(t, err)
	return c
}

func TestService_CollateralGatesAndAcknowledgement(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
	require.NoError(t, err)
	it := flat("皖(2019)长丰县不动产权第0000002号", "600000.00")
	it.Occupancy.SoleResidence = true
	c, _, err = f.svc.AddCollateral(ctx, f.am, c.ID, c.Version, dd.CollateralInput{Item: it})
	require.NoError(t, err)
	c = toInvestigation(t, f, c)

	// Another account manager's case names the same flat.
	other, err := f.svc.CreateCase(ctx, f.am2, personCase(dd.Single))
	require.NoError(t, err)
	_, added, err := f.svc.AddCollateral(ctx, f.am2, other.ID, other.Version, dd.CollateralInput{Item: flat("皖（2019）长丰县不动产权第0000002号", "600000.00")})
	require.NoError(t, err)
	require.Len(t, added.Exposure, 1, "the answer to the write shows the other case at once")
	assert.Equal(t, c.ID, added.Exposure[0].CaseID)

	ch, err := f.svc.Checks(ctx, f.am, c.ID)
	require.NoError(t, err)
	assert.False(t, ch.Ready)
	got := map[string]check.Severity{}
	for _, r := range ch.Results {
		got[r.Rule+" "+r.Path] = r.Severity
	}
	assert.Equal(t, check.Warn, got["collateral.sole_residence collateral[0].occupancy.sole_residence"])
	assert.Equal(t, check.Block, got["collateral.coverage collateral"], "600,000 × 0.70 = 420,000 < 500,000")
	assert.Equal(t, check.Warn, got["collateral.parallel_claim collateral[0]"])
	assert.Equal(t, check.Info, got["registration.register_prevails collateral[0].title_number"])

	// A warning stops submission until justified; info does not.
	_, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageSubmitted})
	e := asError(t, err, dd.CodeGate)
	assert.Contains(t, rules(e), "collateral.sole_residence collateral[0].occupancy.sole_residence")
	assert.NotContains(t, rules(e), "registration.register_prevails collateral[0].title_number")

	c, err = f.svc.Acknowledge(ctx, f.am, c.ID, c.Version, dd.AcknowledgementInput{Rule: "collateral.sole_residence", Justification: "借款人另有经营用房可供居住"})
	require.NoError(t, err)
	require.Len(t, c.Acknowledgements, 1)
	_, err = f.svc.Acknowledge(ctx, f.am, c.ID, c.Version, dd.AcknowledgementInput{Rule: "collateral.coverage", Justification: "x"})
	asError(t, err, dd.CodeNotFound) // a block cannot be acknowledged away

	_, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageSubmitted})
	e = asError(t, err, dd.CodeGate)
	assert.NotContains(t, rules(e), "collateral.sole_residence collateral[0].occupancy.sole_residence", "acknowledged")
	assert.Contains(t, rules(e), "collateral.coverage collateral")
}

// A valid resident ID can also pass the GB 32100 check of a credit code (about
// one in 31 do); it is still a person's ID and must be masked.
func TestService_OwnerIDThatAlsoPassesTheCreditCodeCheckIsMasked(t *testing.T) {
	const id = "110105198001010518" // a valid resident ID whose check also satisfies GB 32100
	f := newFixture(t, nil)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
	require.NoError(t, err)
	it := flat("皖(2019)长丰县不动产权第0000002号", "1000000.00")
	it.CoOwnership = collateral.CoOwnershipJoint
	it.Owners = append(it.Owners,
		collateral.Owner{Name: "王五", IDNumber: id, Relation: collateral.RelationThirdParty},
		collateral.Owner{Name: "某公司", IDNumber: "91110000600037341L", Relation: collateral.RelationThirdParty})
	_, _, err = f.svc.AddCollateral(ctx, f.am, c.ID, c.Version, dd.CollateralInput{Item: it})
	require.NoError(t, err)
	for _, a := range []dd.Actor{f.aud, f.fin} {
		got, err := f.svc.FindCaseByID(ctx, a, c.ID)
		require.NoError(t, err)
		owners := got.Collateral[0].Owners
		assert.Equal(t, "110105********0518", owners[1].IDNumber, a.Role)
		assert.Equal(t, "91110000600037341L", owners[2].IDNumber, "credit codes are public")
	}
}
