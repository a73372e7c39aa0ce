package collateral_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

var asOf = money.MustDate("2026-03-01")

// catalogue is the one rule catalogue, which registers this package's rules
// with their default severities and citations.
var catalogue = duediligence.DefaultCatalogue()

// assertFires checks that results hold exactly one result of rule at path,
// of severity sev (the rule's default in the catalogue unless the result
// sets its own), with a message in English and Chinese.
func assertFires(t *testing.T, results []check.Result, rule string, sev check.Severity, path string) {
	t.Helper()
	want, ok := catalogue.Rule(rule)
	require.True(t, ok, "rule %s is in the catalogue", rule)
	assert.NotEmpty(t, want.Citation)
	require.Len(t, results, 1, "%s: %v", rule, results)
	r := results[0]
	assert.Equal(t, rule, r.Rule)
	got := r.Severity
	if got == "" {
		got = want.Severity
	}
	assert.Equal(t, sev, got)
	assert.Equal(t, path, r.Path)
	assert.NotEmpty(t, r.Message)
	require.NotEmpty(t, r.Key)
	msgs := collateral.Messages()
	assert.Equal(t, r.Message, msgs.RenderResult(r, check.EN))
	zh := msgs.RenderResult(r, check.ZH)
	assert.NotEqual(t, r.Message, zh)
	assert.False(t, strings.ContainsAny(zh, "{}"), "every parameter is filled: %s", zh)
}

func TestItemRules(t *testing.T) {
	pol := collateral.DefaultValuationPolicy()
	reg := registration()
	block, warn := check.Block, check.Warn
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
	onlyItem := func(f func(collateral.Item) []check.Result) func(collateral.Item) []check.Result { return f }
	priorLease := func(it collateral.Item) []check.Result {
		return collateral.CheckPriorLease(it, date("2026-03-10"))
	}
	stale := func(it collateral.Item) []check.Result { return collateral.CheckAppraisalStale(it, asOf, pol) }
	perfection := func(it collateral.Item) []check.Result { return collateral.CheckPerfection(it, nil) }

	tests := []struct {
		name   string
		check  func(collateral.Item) []check.Result
		mutate func(*collateral.Item)
		rule   string
		sev    check.Severity
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

		{"register not searched", func(it collateral.Item) []check.Result { return collateral.CheckRegisterPrevails(it, false) }, func(*collateral.Item) {}, collateral.RuleRegisterPrevails, check.Info, "title_number"},
		{"register searched", func(it collateral.Item) []check.Result { return collateral.CheckRegisterPrevails(it, true) }, func(*collateral.Item) {}, "", "", ""},
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
		assertFires(t, got, collateral.RuleCoverage, check.Block, "")
		assert.Contains(t, got[0].Message, "700000.00")
		assert.Contains(t, got[0].Message, "covers 99.999999% of the principal", "the message does not round the shortfall away")
	})
	t.Run("exactly the minimum", func(t *testing.T) {
		c, err := pol.Cover(items, yuan("700000.00"), asOf)
		require.NoError(t, err)
		assert.Empty(t, collateral.CheckCoverage(c, pol))
	})
	t.Run("valued and checked at once", func(t *testing.T) {
		assert.Empty(t, collateral.CheckCover(items, yuan("700000.00"), asOf, pol))
		assertFires(t, collateral.CheckCover(items, yuan("700000.01"), asOf, pol), collateral.RuleCoverage, check.Block, "")
	})
	t.Run("a kind without an advance rate fails closed", func(t *testing.T) {
		p := pol
		p.AdvanceRates = maps.Clone(pol.AdvanceRates)
		delete(p.AdvanceRates, collateral.KindResidential)
		got := collateral.CheckCover(items, yuan("100.00"), asOf, p)
		assertFires(t, got, collateral.RuleCoverage, check.Block, "[0].kind")
		assert.Equal(t, "政策未规定住宅的抵质押率，无法计算覆盖率", collateral.Messages().RenderResult(got[0], check.ZH))
	})
	t.Run("a principal that is not positive fails closed", func(t *testing.T) {
		assertFires(t, collateral.CheckCover(items, yuan("0.00"), asOf, pol), collateral.RuleCoverage, check.Block, "")
	})
	t.Run("policy minimum 1.5", func(t *testing.T) {
		p := pol
		p.MinCoverage = money.MustRate("1.5")
		c, err := p.Cover(items, yuan("500000.00"), asOf) // 1.4
		require.NoError(t, err)
		assertFires(t, collateral.CheckCoverage(c, p), collateral.RuleCoverage, check.Block, "")
	})
}

func TestCheckCoOwnerConsent_Message(t *testing.T) {
	got := collateral.CheckCoOwnerConsent(byShares("1/2", "1/2"))
	require.Len(t, got, 1)
	assert.Equal(t, "the consenting owners hold 1/2 of the shares; owners holding at least 2/3 must consent", got[0].Message)
	assert.Equal(t, "同意抵押的共有人合计持有 1/2 的份额；须经占份额三分之二以上的按份共有人同意（民法典第301条）",
		collateral.Messages().RenderResult(got[0], check.ZH))
	r, ok := catalogue.Rule(collateral.RuleCoOwnerConsent)
	require.True(t, ok)
	assert.Equal(t, "Civil Code art. 301 (verified)", r.Citation)
}

// TestMessages checks that every message of the package exists in Chinese
// and English with the same parameters, and that every kind of collateral
// has a name in both (the pledgeable-right messages name kinds).
func TestMessages(t *testing.T) {
	msgs := collateral.Messages()
	require.NoError(t, msgs.Validate())
	for _, k := range collateral.Kinds() {
		_, ok := msgs["collateral.kind."+string(k)]
		assert.True(t, ok, "no name for kind %s", k)
	}
	for _, u := range []collateral.CollectiveUse{collateral.Homestead, collateral.PrivatePlot, collateral.PrivateHill} {
		_, ok := msgs["collateral.collective_use."+string(u)]
		assert.True(t, ok, "no name for collective use %s", u)
	}
}
