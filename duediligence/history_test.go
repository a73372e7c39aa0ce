package duediligence_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dd "github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestCase_Relations checks the relations a case records for the
// related-party limit: a borrower's spouse, an organization's legal
// representative and actual controller (and the controller's own), each
// by identity number; a party named without one relates no one.
func TestCase_Relations(t *testing.T) {
	const org, rep, boss, parent = "91350100M000100Y43", "110105198001010016", "11010519491231002X", "91110000600037341L"
	c := &dd.Case{
		Applicant: dd.Party{Kind: dd.Organization, Name: "厦门某某贸易有限公司", CreditCode: org,
			LegalRepresentative: &dd.Party{Kind: dd.Person, Name: "赵六", IDNumber: rep},
			ActualController: &dd.Party{Kind: dd.Organization, Name: "某集团", CreditCode: parent,
				ActualController: &dd.Party{Kind: dd.Person, Name: "张三", IDNumber: boss}}},
		Guarantees: []dd.Guarantee{{Guarantor: dd.Party{Kind: dd.Person, Name: "王五", IDNumber: "110105194912310029",
			MaritalStatus: dd.Married, Spouse: &dd.Party{Kind: dd.Person, Name: "李四"}}}},
	}
	assert.Equal(t, []dd.PartyRelation{
		{PartyKey: org, Relation: dd.RelatedLegalRepresentative, RelatedKey: rep},
		{PartyKey: org, Relation: dd.RelatedController, RelatedKey: parent},
		{PartyKey: parent, Relation: dd.RelatedController, RelatedKey: boss},
	}, c.Relations())
}

// TestLoadPolicy_ConcentrationKnobs checks the knobs of the concentration
// limits: the default share of net assets for related parties, a lender's
// own limit, and the values that cannot work.
func TestLoadPolicy_ConcentrationKnobs(t *testing.T) {
	p, err := dd.LoadPolicy([]byte(`{"limits":{"related_parties_limit":"8000000.00","lender_net_assets":"50000000.00"}}`))
	require.NoError(t, err)
	assert.Equal(t, "0.15", p.Limits.RelatedPartiesShare.String())
	assert.Equal(t, "8000000.00", p.Limits.RelatedPartiesLimit.String())
	for _, bad := range []string{`{"limits":{"related_parties_limit":"-1.00"}}`, `{"limits":{"related_parties_share":"1.5"}}`, `{"limits":{"single_borrower_share":"-0.1"}}`} {
		_, err := dd.LoadPolicy([]byte(bad))
		assert.Error(t, err, bad)
	}
}
