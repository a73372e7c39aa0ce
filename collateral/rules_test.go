package collateral_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/money"
)

var asOf = money.MustDate("2026-03-01")

// assertFires checks that results hold exactly one result of rule at path,
// with the rule's citation and severity.
func assertFires(t *testing.T, results []collateral.Result, rule string, sev collateral.Severity, path string) {
	t.Helper()
	want, ok := collateral.RuleByID(rule)
	require.True(t, ok, "rule %s is in the catalogue", rule)
	require.Len(t, results, 1, "%s: %v", rule, results)
	r := results[0]
	assert.Equal(t, rule, r.RuleID)
	assert.Equal(t, sev, r.Severity)
	assert.Equal(t, path, r.Path)
	assert.NotEmpty(t, r.Message)
	assert.NotEmpty(t, r.Citation)
	assert.Equal(t, want.Citation, r.Citation)
}

func TestItemRules(t *testing.T) {
	pol := collateral.DefaultValuationPolicy()
	reg := registration()
	block, warn := collateral.SeverityBlock, collateral.SeverityWarn
	land := func(right collateral.LandRight, use collateral.CollectiveUse) func(*collateral.Item) {
		return func(it *collateral.Item) {
			it.Kind = collateral.KindLandUseRight
			it.UnitNumber = "340121261006GB00014W00000000"
			it.Land = &collateral.Land{Right: right, CollectiveUse: use}
		}
	}
	joint := func(it *collateral.Item) {
		it.CoOwnership = collateral.CoOwnershipJoint
		it.Owners = append(it.Owners, collateral.Owner{Name: "李四", Relation: collateral.RelationSpouse})
	}
	lease := func(start, handover string) func(*collateral.Item) {
		return func(it *collateral.Item) {
			e := collateral.Encumbrance{Kind: collateral.EncumbranceLease, Holder: "合肥某餐饮有限公司", LeaseStart: date(start)}
			if handover != "" {
				e.HandedOverOn = date(handover)
			}
			it.Encumbrances = append(it.Encumbrances, e)
		}
	}
	kind := func(k collateral.Kind, a collateral.Arrangement) func(*collateral.Item) {
		return func(it *collateral.Item) { it.Kind, it.Arrangement, it.UnitNumber = k, a, "" }
	}
	onlyItem := func(f func(collateral.Item) []collateral.Result) func(collateral.Item) []collateral.Result { return f }
	priorLease := func(it collateral.Item) []collateral.Result {
		return collateral.CheckPriorLease(it, date("2026-03-10"))
	}
	stale := func(it collateral.Item) []collateral.Result { return collateral.CheckAppraisalStale(it, asOf, pol) }
	perfection := func(it collateral.Item) []collateral.Result { return collateral.CheckPerfection(it, nil) }

	tests := []struct {
		name   string
		check  func(collateral.Item) []collateral.Result
		mutate func(*collateral.Item)
		rule   string
		sev    collateral.Severity
		path   string // "" with rule "" means: must not fire
	}{
		{"land ownership", onlyItem(collateral.CheckNonMortgageable), land(collateral.LandOwnership, ""), collateral.RuleNonMortgageable, block, "land.right"},
		{"homestead", onlyItem(collateral.CheckNonMortgageable), land(collateral.LandCollective, collateral.Homestead), collateral.RuleNonMortgageable, block, "land.collective_use"},
		{"private plot", onlyItem(collateral.CheckNonMortgageable), land(collateral.LandCollective, collateral.PrivatePlot), collateral.RuleNonMortgageable, block, "land.collective_use"},
		{"private hill", onlyItem(collateral.CheckNonMortgageable), land(collateral.LandCollective, collateral.PrivateHill), collateral.RuleNonMortgageable, block, "land.collective_use"},
		{"collective construction land may be mortgaged", onlyItem(collateral.CheckNonMortgageable), land(collateral.LandCollective, collateral.CollectiveConstructionLand), "", "", ""},
		{"state-owned land may be mortgaged", onlyItem(collateral.CheckNonMortgageable), land(collateral.LandStateOwned, ""), "", "", ""},
		{"non-profit hospital's facility", onlyItem(collateral.CheckNonMortgageable), func(it *collateral.Item) {
			it.Kind = collateral.KindCommercial
			it.Status.PublicWelfareFacility, it.Status.NonProfitOwner = true, true
		}, collateral.RuleNonMortgageable, block, "status.public_welfare_facility"},
		{"for-profit hospital's facility may be mortgaged", onlyItem(collateral.CheckNonMortgageable), func(it *collateral.Item) { it.Status.PublicWelfareFacility = true }, "", "", ""},
		{"non-profit school's other asset may be mortgaged", onlyItem(collateral.CheckNonMortgageable), func(it *collateral.Item) { it.Status.NonProfitOwner = true }, "", "", ""},
		{"disputed title", onlyItem(collateral.CheckNonMortgageable), func(it *collateral.Item) { it.Status.DisputedTitle = true }, collateral.RuleNonMortgageable, block, "status.disputed_title"},
		{"sealed", onlyItem(collateral.CheckNonMortgageable), func(it *collateral.Item) { it.Status.Sealed = true }, collateral.RuleNonMortgageable, block, "status.sealed"},
		{"seized", onlyItem(collateral.CheckNonMortgageable), func(it *collateral.Item) { it.Status.Seized = true }, collateral.RuleNonMortgageable, block, "status.seized"},
		{"supervised", onlyItem(collateral.CheckNonMortgageable), func(it *collateral.Item) { it.Status.Supervised = true }, collateral.RuleNonMortgageable, block, "status.supervised"},

		{"illegal building", onlyItem(collateral.CheckIllegalBuilding), func(it *collateral.Item) { it.Status.IllegalBuilding = true }, collateral.RuleIllegalBuilding, block, "status.illegal_building"},

		{"building without its land", onlyItem(collateral.CheckBuildingWithLand), func(it *collateral.Item) { it.MortgagedTogether = false }, collateral.RuleBuildingWithLand, warn, "mortgaged_together"},
		{"land without its buildings", onlyItem(collateral.CheckBuildingWithLand), func(it *collateral.Item) {
			land(collateral.LandStateOwned, "")(it)
			it.Land.HasBuildings, it.MortgagedTogether = true, false
		}, collateral.RuleBuildingWithLand, warn, "mortgaged_together"},
		{"bare land alone is fine", onlyItem(collateral.CheckBuildingWithLand), func(it *collateral.Item) {
			land(collateral.LandStateOwned, "")(it)
			it.MortgagedTogether = false
		}, "", "", ""},
		{"vehicle has no land", onlyItem(collateral.CheckBuildingWithLand), func(it *collateral.Item) {
			kind(collateral.KindVehicle, collateral.Mortgage)(it)
			it.MortgagedTogether = false
		}, "", "", ""},

		{"joint owner without consent", onlyItem(collateral.CheckCoOwnerConsent), joint, collateral.RuleCoOwnerConsent, block, "owners[1]"},
		{"joint owner consented by name", onlyItem(collateral.CheckCoOwnerConsent), func(it *collateral.Item) {
			joint(it)
			it.Consents = []collateral.Consent{{Name: "李四", GivenOn: date("2026-02-01")}}
		}, "", "", ""},
		{"by shares: half is not two thirds", onlyItem(collateral.CheckCoOwnerConsent), func(it *collateral.Item) { *it = byShares("1/2", "1/2") }, collateral.RuleCoOwnerConsent, block, "consents"},
		{"by shares: exactly two thirds suffice", onlyItem(collateral.CheckCoOwnerConsent), func(it *collateral.Item) { *it = byShares("2/3", "1/3") }, "", "", ""},
		{"by shares: third party consent makes up two thirds", onlyItem(collateral.CheckCoOwnerConsent), func(it *collateral.Item) {
			*it = byShares("1/3", "1/3", "1/3")
			one := 1
			it.Consents = []collateral.Consent{{Owner: &one}}
		}, "", "", ""},
		{"marital property in one name", onlyItem(collateral.CheckCoOwnerConsent), func(it *collateral.Item) { it.MaritalProperty = true }, collateral.RuleCoOwnerConsent, block, "owners"},

		{"senior lien", onlyItem(collateral.CheckPriorEncumbrance), func(it *collateral.Item) {
			it.Rank = 2
			it.Encumbrances = []collateral.Encumbrance{lien("200000.00", 1)}
		}, collateral.RulePriorEncumbrance, warn, "encumbrances[0]"},
		{"junior lien", onlyItem(collateral.CheckPriorEncumbrance), func(it *collateral.Item) {
			it.Encumbrances = []collateral.Encumbrance{lien("200000.00", 2)}
		}, "", "", ""},

		{"lease made and handed over before the mortgage", priorLease, lease("2025-01-01", "2025-02-01"), collateral.RulePriorLease, warn, "encumbrances[0]"},
		{"lease before, handover unknown", priorLease, lease("2025-01-01", ""), collateral.RulePriorLease, warn, "encumbrances[0]"},
		{"lease handed over after the mortgage", priorLease, lease("2026-01-01", "2026-04-01"), "", "", ""},
		{"lease made after the mortgage", priorLease, lease("2026-03-11", "2026-03-12"), "", "", ""},

		{"appraisal older than validity", stale, func(it *collateral.Item) {
			it.Appraisals = []collateral.Appraisal{appraisal("1000000.00", "2025-08-01")}
		}, collateral.RuleAppraisalStale, warn, "appraisals[0]"},
		{"no appraisal", stale, func(it *collateral.Item) { it.Appraisals = nil }, collateral.RuleAppraisalStale, warn, "appraisals"},
		{"an old and a current appraisal", stale, func(it *collateral.Item) {
			it.Appraisals = append([]collateral.Appraisal{appraisal("900000.00", "2024-08-01")}, it.Appraisals...)
		}, "", "", ""},

		{"sole residence", onlyItem(collateral.CheckSoleResidence), func(it *collateral.Item) { it.Occupancy.SoleResidence = true }, collateral.RuleSoleResidence, warn, "occupancy.sole_residence"},

		{"real estate unregistered", perfection, func(*collateral.Item) {}, collateral.RulePerfection, block, "registration"},
		{"building under construction unregistered", perfection, kind(collateral.KindUnderConstruction, collateral.Mortgage), collateral.RulePerfection, block, "registration"},
		{"movable mortgage unregistered warns", perfection, kind(collateral.KindEquipment, collateral.Mortgage), collateral.RulePerfection, warn, "perfection.registered"},
		{"movable mortgage registered", perfection, func(it *collateral.Item) {
			kind(collateral.KindVehicle, collateral.Mortgage)(it)
			it.Perfection.Registered = true
		}, "", "", ""},
		{"movable pledge undelivered", perfection, kind(collateral.KindInventory, collateral.Pledge), collateral.RulePerfection, block, "perfection.delivered"},
		{"bill pledge undelivered", perfection, kind(collateral.KindBill, collateral.Pledge), collateral.RulePerfection, block, "perfection.delivered"},
		{"bill pledge delivered", perfection, func(it *collateral.Item) {
			kind(collateral.KindBill, collateral.Pledge)(it)
			it.Perfection.Delivered = true
		}, "", "", ""},
		{"equity delivered is not enough", perfection, func(it *collateral.Item) {
			kind(collateral.KindEquityUnlisted, collateral.Pledge)(it)
			it.Perfection.Delivered = true
		}, collateral.RulePerfection, block, "perfection.registered"},
		{"fund share registered", perfection, func(it *collateral.Item) {
			kind(collateral.KindFundShare, collateral.Pledge)(it)
			it.Perfection.Registered = true
		}, "", "", ""},
		{"IP unregistered", perfection, kind(collateral.KindIPRight, collateral.Pledge), collateral.RulePerfection, block, "perfection.registered"},
		{"receivable unregistered", perfection, kind(collateral.KindReceivable, collateral.Pledge), collateral.RulePerfection, block, "perfection.registered"},

		{"receivable mortgaged", onlyItem(collateral.CheckPledgeableRight), kind(collateral.KindReceivable, collateral.Mortgage), collateral.RulePledgeableRight, warn, "arrangement"},
		{"house pledged", onlyItem(collateral.CheckPledgeableRight), kind(collateral.KindResidential, collateral.Pledge), collateral.RulePledgeableRight, warn, "arrangement"},
		{"receivable pledged", onlyItem(collateral.CheckPledgeableRight), kind(collateral.KindReceivable, collateral.Pledge), "", "", ""},
		{"equipment pledged", onlyItem(collateral.CheckPledgeableRight), kind(collateral.KindEquipment, collateral.Pledge), "", "", ""},

		{"unit number missing", onlyItem(collateral.CheckUnitNumber), func(it *collateral.Item) { it.UnitNumber = "" }, collateral.RuleUnitNumber, warn, "unit_number"},
		{"unit number malformed", onlyItem(collateral.CheckUnitNumber), func(it *collateral.Item) { it.UnitNumber = "340121261006GB00014X00220045" }, collateral.RuleUnitNumber, warn, "unit_number"},
		{"vehicle needs no unit number", onlyItem(collateral.CheckUnitNumber), kind(collateral.KindVehicle, collateral.Mortgage), "", "", ""},

		{"register not searched", func(it collateral.Item) []collateral.Result { return collateral.CheckRegisterPrevails(it, false) }, func(*collateral.Item) {}, collateral.RuleRegisterPrevails, collateral.SeverityInfo, "title_number"},
		{"register searched", func(it collateral.Item) []collateral.Result { return collateral.CheckRegisterPrevails(it, true) }, func(*collateral.Item) {}, "", "", ""},
	}
	// The base item is real estate checked without its registration or a
	// register search, so it fires these two rules itself; their rows
	// change the kind or are about the base.
	baseFires := map[string]bool{}
	for _, name := range []string{
		"real estate unregistered", "building under construction unregistered",
		"movable mortgage unregistered warns", "movable mortgage registered", "movable pledge undelivered",
		"bill pledge undelivered", "bill pledge delivered", "equity delivered is not enough",
		"fund share registered", "IP unregistered", "receivable unregistered", "register not searched",
	} {
		baseFires[name] = true
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !baseFires[tt.name] {
				require.Empty(t, tt.check(house()), "the base item passes")
			}
			it := house()
			tt.mutate(&it)
			got := tt.check(it)
			if tt.rule == "" {
				assert.Empty(t, got)
				return
			}
			assertFires(t, got, tt.rule, tt.sev, tt.path)
		})
	}
	// The base item with its registration passes every item rule.
	assert.Empty(t, collateral.CheckItem(house(), &reg, asOf, pol))
}

func TestCheckPerfection_Registered(t *testing.T) {
	reg := registration()
	assert.Empty(t, collateral.CheckPerfection(house(), &reg))
}

func TestCheckCoverage(t *testing.T) {
	pol := collateral.DefaultValuationPolicy()
	items := []collateral.Item{house()} // eligible 700000.00
	t.Run("below minimum", func(t *testing.T) {
		c, err := pol.Cover(items, yuan("700000.01"), asOf)
		require.NoError(t, err)
		assert.Equal(t, "1.0000", c.Ratio.String(), "the rounded ratio hides the shortfall")
		got := collateral.CheckCoverage(c, pol)
		assertFires(t, got, collateral.RuleCoverage, collateral.SeverityBlock, "")
		assert.Contains(t, got[0].Message, "700000.00")
	})
	t.Run("exactly the minimum", func(t *testing.T) {
		c, err := pol.Cover(items, yuan("700000.00"), asOf)
		require.NoError(t, err)
		assert.Empty(t, collateral.CheckCoverage(c, pol))
	})
	t.Run("policy minimum 1.5", func(t *testing.T) {
		p := pol
		p.MinCoverage = money.MustRate("1.5")
		c, err := p.Cover(items, yuan("500000.00"), asOf) // 1.4
		require.NoError(t, err)
		assertFires(t, collateral.CheckCoverage(c, p), collateral.RuleCoverage, collateral.SeverityBlock, "")
	})
}

func TestCheckCoOwnerConsent_Message(t *testing.T) {
	got := collateral.CheckCoOwnerConsent(byShares("1/2", "1/2"))
	require.Len(t, got, 1)
	assert.Equal(t, "the consenting owners hold 1/2 of the shares; owners holding at least 2/3 must consent", got[0].Message)
	assert.Equal(t, "Civil Code art. 301 (verified)", got[0].Citation)
}

func TestRules(t *testing.T) {
	rules := collateral.Rules()
	require.Len(t, rules, 15)
	seen := map[string]bool{}
	for _, r := range rules {
		assert.False(t, seen[r.ID], "duplicate %s", r.ID)
		seen[r.ID] = true
		assert.NotEmpty(t, r.Citation, r.ID)
		assert.NotEmpty(t, r.Description, r.ID)
		assert.Contains(t, []collateral.Severity{collateral.SeverityBlock, collateral.SeverityWarn, collateral.SeverityInfo}, r.Severity)
	}
	r, ok := collateral.RuleByID("collateral.non_mortgageable")
	require.True(t, ok)
	assert.Equal(t, "Civil Code art. 399 (verified); 担保制度解释 art. 6 (verified)", r.Citation)
	_, ok = collateral.RuleByID("collateral.nope")
	assert.False(t, ok)
}
