package duediligence_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

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
