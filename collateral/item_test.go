package collateral_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/money"
)

// house returns a valid residential item that no rule fires on once it is
// registered (see registration) and the register searched.
func house() collateral.Item {
	return collateral.Item{
		ID:                "item-1",
		Kind:              collateral.KindResidential,
		Arrangement:       collateral.Mortgage,
		Address:           "合肥市长丰县双墩镇某小区 3 栋 1201 室",
		MortgagedTogether: true,
		TitleNumber:       "皖(2019)长丰县不动产权第0012345号",
		UnitNumber:        "340121261006GB00014F00220045",
		CoOwnership:       collateral.CoOwnershipSole,
		Owners:            []collateral.Owner{{Name: "张三", IDNumber: "11010519491231002X", Relation: collateral.RelationBorrower}},
		Rank:              1,
		Appraisals:        []collateral.Appraisal{appraisal("1000000.00", "2026-01-10")},
	}
}

func byShares(shares ...string) collateral.Item {
	it := house()
	it.CoOwnership = collateral.CoOwnershipByShares
	names := []string{"张三", "李四", "王五"}
	it.Owners = nil
	for i, s := range shares {
		rel := collateral.RelationThirdParty
		if i == 0 {
			rel = collateral.RelationBorrower
		}
		it.Owners = append(it.Owners, collateral.Owner{Name: names[i], Relation: rel, Share: collateral.MustShare(s)})
	}
	return it
}

// pm is a field error as these tests compare it: its path and message.
type pm struct{ path, message string }

func pms(fes []check.FieldError) []pm {
	out := make([]pm, len(fes))
	for i, fe := range fes {
		out[i] = pm{fe.Field, fe.Message}
	}
	return out
}

func TestItem_Validate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		assert.Empty(t, house().Validate())
		assert.Empty(t, byShares("1/3", "1/3", "1/3").Validate(), "three thirds add up to exactly 1")
		assert.Empty(t, byShares("0.5", "1/2").Validate())
	})
	t.Run("shares by shares not adding to 1", func(t *testing.T) {
		got := byShares("1/2", "2/5").Validate()
		assert.Equal(t, []pm{{"owners[1].share", "the shares add up to 9/10, not 1"}}, pms(got))
		got = byShares("0.34", "0.33", "0.33").Validate()
		assert.Empty(t, got, "0.34 + 0.33 + 0.33 is exactly 1")
		got = byShares("0.333", "0.333", "0.333").Validate()
		require.Len(t, got, 1)
		assert.Equal(t, "owners[2].share", got[0].Field)
		assert.Equal(t, "the shares add up to 999/1000, not 1", got[0].Message)
	})
	t.Run("shares out of range", func(t *testing.T) {
		got := pms(byShares("0", "3/2").Validate())
		assert.Contains(t, got, pm{"owners[0].share", "must be more than 0 and at most 1, got 0"})
		assert.Contains(t, got, pm{"owners[1].share", "must be more than 0 and at most 1, got 3/2"})
	})
	t.Run("share missing by shares", func(t *testing.T) {
		it := byShares("1/2", "1/2")
		it.Owners[1].Share = collateral.Share{}
		assert.Contains(t, pms(it.Validate()), pm{"owners[1].share", "is required in a co-ownership by shares"})
	})
	t.Run("every problem at once", func(t *testing.T) {
		bad := 5
		it := collateral.Item{
			Kind:        "house",
			Arrangement: "lien",
			CoOwnership: collateral.CoOwnershipJoint,
			Owners:      []collateral.Owner{{Name: " ", Relation: "friend"}},
			Consents:    []collateral.Consent{{Owner: &bad}, {Name: "赵六"}, {}},
			Rank:        -1,
			Encumbrances: []collateral.Encumbrance{
				{Kind: collateral.EncumbranceLien, Holder: "某银行", Amount: yuan("0.00"), RegisteredOn: money.Date{Year: 2025, Month: 2, Day: 30}},
				{Kind: collateral.EncumbranceLease, Holder: "某公司"},
				{Kind: "seizure", Holder: "某法院"},
			},
			Appraisals: []collateral.Appraisal{{Method: "guess", Value: yuan("-1.00")}},
			Land:       &collateral.Land{Right: collateral.LandCollective},
		}
		paths := map[string]bool{}
		for _, p := range it.Validate() {
			paths[p.Field] = true
		}
		for _, want := range []string{
			"kind", "arrangement", "land.collective_use", "owners", "owners[0].name", "owners[0].relation",
			"consents[0].owner", "consents[1].name", "consents[2]", "rank",
			"encumbrances[0].amount", "encumbrances[0].registered_on", "encumbrances[1].lease_start", "encumbrances[2].kind",
			"appraisals[0].appraiser", "appraisals[0].method", "appraisals[0].value", "appraisals[0].date",
		} {
			assert.True(t, paths[want], "expected a problem at %s; got %v", want, paths)
		}
	})
	t.Run("land", func(t *testing.T) {
		it := house()
		it.Kind = collateral.KindLandUseRight
		assert.Equal(t, []pm{{"land", "is required for a land use right"}}, pms(it.Validate()))
		it.Land = &collateral.Land{Right: collateral.LandStateOwned, CollectiveUse: collateral.Homestead}
		assert.Equal(t, []pm{{"land.collective_use", "is only for a collective land use right"}}, pms(it.Validate()))
	})
	t.Run("sole with two owners", func(t *testing.T) {
		it := byShares("1/2", "1/2")
		it.CoOwnership = collateral.CoOwnershipSole
		assert.Contains(t, pms(it.Validate()), pm{"co_ownership", "is sole but there are 2 owners"})
	})
}

// TestItem_Validate_limits holds the security review's findings: owners'
// ID numbers and appraisers' names took 100,000 characters, and owners' ID
// numbers took "1e6". Every text has a maximum and an identity number must
// be one; the value a field error repeats is cut short or masked.
func TestItem_Validate_limits(t *testing.T) {
	problem := func(t *testing.T, it collateral.Item, path string) check.FieldError {
		t.Helper()
		for _, fe := range it.Validate() {
			if fe.Field == path {
				return fe
			}
		}
		t.Fatalf("no problem at %s: %v", path, it.Validate())
		return check.FieldError{}
	}
	t.Run("an owner's number of 100,000 characters", func(t *testing.T) {
		it := house()
		it.Owners[0].IDNumber = strings.Repeat("1", 100000)
		fe := problem(t, it, "owners[0].id_number")
		assert.ErrorIs(t, &fe, check.ErrFormat)
		assert.Equal(t, "***", fe.Value, "nothing of a number that may be an ID is repeated")
	})
	for _, n := range []string{"1e6", "11010519491231002", "ABCDEFGHIJKLMNOPQR"} {
		t.Run("an owner's number "+n, func(t *testing.T) {
			it := house()
			it.Owners[0].IDNumber = n
			fe := problem(t, it, "owners[0].id_number")
			assert.ErrorIs(t, &fe, check.ErrFormat)
		})
	}
	t.Run("a resident ID with a wrong check character", func(t *testing.T) {
		it := house()
		it.Owners[0].IDNumber = "110105194912310021"
		fe := problem(t, it, "owners[0].id_number")
		assert.ErrorIs(t, &fe, check.ErrChecksum)
		assert.Equal(t, "110105********0021", fe.Value)
		assert.Equal(t, "须为有效的居民身份证号码或统一社会信用代码：校验码不符", collateral.Messages().RenderField(fe, check.ZH))
	})
	t.Run("a credit code is an owner's number too", func(t *testing.T) {
		it := house()
		it.Owners[0].IDNumber = "91350100M000100Y43"
		assert.Empty(t, it.Validate())
	})
	t.Run("an appraiser's name of 100,000 characters", func(t *testing.T) {
		it := house()
		it.Appraisals[0].Appraiser = strings.Repeat("评", 100000)
		fe := problem(t, it, "appraisals[0].appraiser")
		assert.ErrorIs(t, &fe, check.ErrTooLong)
		assert.Empty(t, fe.Value)
	})
	for _, f := range []struct {
		path string
		set  func(*collateral.Item, string)
	}{
		{"description", func(it *collateral.Item, s string) { it.Description = s }},
		{"address", func(it *collateral.Item, s string) { it.Address = s }},
		{"title_number", func(it *collateral.Item, s string) { it.TitleNumber = s }},
		{"unit_number", func(it *collateral.Item, s string) { it.UnitNumber = s }},
		{"owners[0].name", func(it *collateral.Item, s string) { it.Owners[0].Name = s }},
		{"appraisals[0].report", func(it *collateral.Item, s string) { it.Appraisals[0].Report = s }},
		{"occupancy.occupant", func(it *collateral.Item, s string) { it.Occupancy.Occupant = s }},
	} {
		t.Run(f.path+" has a maximum", func(t *testing.T) {
			it := house()
			f.set(&it, strings.Repeat("长", 2001))
			fe := problem(t, it, f.path)
			assert.ErrorIs(t, &fe, check.ErrTooLong)
		})
	}
	t.Run("lists have a maximum", func(t *testing.T) {
		it := house()
		it.Appraisals = make([]collateral.Appraisal, 51)
		for i := range it.Appraisals {
			it.Appraisals[i] = appraisal("1000000.00", "2026-01-10")
		}
		fe := problem(t, it, "appraisals")
		assert.ErrorIs(t, &fe, check.ErrTooMany)
	})
	t.Run("a registration's texts", func(t *testing.T) {
		reg := registration()
		reg.Registry = strings.Repeat("局", 201)
		reg.Mortgagors = []string{strings.Repeat("张", 100000)}
		var paths []string
		for _, fe := range reg.Validate() {
			paths = append(paths, fe.Field)
		}
		assert.ElementsMatch(t, []string{"registry", "mortgagors[0]"}, paths)
	})
}

func TestParseShare(t *testing.T) {
	for _, tt := range []struct {
		in   string
		ok   bool
		want string // the exact fraction
	}{
		{"1/3", true, "1/3"}, {"2/4", true, "1/2"}, {"0.5", true, "1/2"}, {"1", true, "1"}, {"1.00", true, "1"},
		{"0", true, "0"}, {"0.333", true, "333/1000"},
		{"", false, ""}, {"1/0", false, ""}, {"-1/3", false, ""}, {"+0.5", false, ""}, {".5", false, ""}, {"5.", false, ""},
		{"50%", false, ""}, {"1e-1", false, ""}, {" 1/3", false, ""}, {"1/3/4", false, ""}, {"1234567890123456789/2", false, ""},
	} {
		s, err := collateral.ParseShare(tt.in)
		if !tt.ok {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, s.Rat().RatString(), tt.in)
		assert.Equal(t, tt.in, s.String(), "written as given")
	}
}

func TestItem_JSON(t *testing.T) {
	it := byShares("1/3", "2/3")
	zero := 0
	it.Consents = []collateral.Consent{{Owner: &zero, GivenOn: date("2026-02-01")}, {Name: "李四"}}
	it.Encumbrances = []collateral.Encumbrance{lien("200000.00", 1)}
	b, err := json.Marshal(it)
	require.NoError(t, err)
	s := string(b)
	for _, want := range []string{
		`"kind":"residential"`, `"arrangement":"mortgage"`, `"co_ownership":"by_shares"`,
		`"share":"1/3"`, `"share":"2/3"`, `"relation":"borrower"`, `"owner":0`, `"given_on":"2026-02-01"`,
		`"amount":"200000.00"`, `"value":"1000000.00"`, `"date":"2026-01-10"`, `"unit_number":"340121261006GB00014F00220045"`,
	} {
		assert.Contains(t, s, want)
	}
	assert.NotContains(t, s, `"delivered_on"`, "zero dates are left out")
	var back collateral.Item
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, it, back)

	err = json.Unmarshal([]byte(`{"owners":[{"name":"张三","share":"1/0"}]}`), &back)
	assert.ErrorIs(t, err, collateral.ErrShare)
	assert.ErrorContains(t, err, "zero denominator", "the error says what is wrong with the share")
	err = json.Unmarshal([]byte(`{"appraisals":[{"value":1000000}]}`), &back)
	assert.Error(t, err, "money is never a JSON number")
}

func TestRegistration_Validate(t *testing.T) {
	assert.Empty(t, registration().Validate())
	got := collateral.Registration{Mortgagors: []string{""}, SecuredAmount: yuan("-1.00")}.Validate()
	paths := map[string]bool{}
	for _, p := range got {
		paths[p.Field] = true
	}
	for _, want := range []string{"certificate_number", "registry", "mortgagee", "mortgagors[0]", "secured_amount", "registered_on"} {
		assert.True(t, paths[want], want)
	}
}
