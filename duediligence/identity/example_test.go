package identity_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
)

func ExampleParseResidentID() {
	now := time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)

	id, err := identity.ParseResidentID("11010519491231002x", now)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(id.Number, id.BirthDate.Format(time.DateOnly), id.Sex, id.Region, id.AgeOn(now))

	legacy, _ := identity.ParseResidentID("110105491231002", now)
	fmt.Println(legacy.Number, legacy.Upgraded)

	_, err = identity.ParseResidentID("110105194912310021", now)
	fmt.Println(err, errors.Is(err, identity.ErrChecksum))

	_, err = identity.ParseResidentID("360426199113010079", now)
	fmt.Println(err, errors.Is(err, identity.ErrBirthDate))
	// Output:
	// 11010519491231002X 1949-12-31 female 110105 75
	// 11010519491231002X true
	// invalid resident ID: check character is 1, want X true
	// invalid resident ID: birth date has month 13 true
}

func ExampleParseCreditCode() {
	c, err := identity.ParseCreditCode("91310115MA1K3BTP2B")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s authority %c type %c region %s organization %s problems %d\n",
		c.Code, c.RegistrationDept, c.OrgType, c.Region, c.OrganizationCode, len(c.StructureProblems()))

	_, err = identity.ParseCreditCode("91110000600037341N")
	fmt.Println(err)

	// A code can pass its own check and still be malformed inside: that is a warning.
	odd, _ := identity.ParseCreditCode("91110000600037342P")
	fmt.Println(odd.StructureProblems())
	// Output:
	// 91310115MA1K3BTP2B authority 9 type 1 region 310115 organization MA1K3BTP2 problems 0
	// invalid credit code: check character is N, want L
	// [organization code (characters 9–17) fails its GB 11714 check: check character is 2, want 1]
}

func ExampleMaskResidentID() {
	fmt.Println(identity.MaskResidentID("11010519491231002X"))
	fmt.Println(identity.MaskResidentID("110105491231002")) // legacy, or any other length
	fmt.Println(identity.MaskResidentID("oops"))
	// Output:
	// 110105********002X
	// ***********1002
	// oops
}

// The region code of an ID number names the county of first registration, which may have
// been abolished since: the code stays on the card.
func ExampleLookupRegion() {
	for _, id := range []string{"11010519491231002X", "440524188001010014", "119999199001010010"} {
		r, ok := identity.LookupRegion(id[:6])
		fmt.Println(id[:6], ok, r.FullName, r.Current)
	}
	fmt.Println(identity.KnownRegion("360426199101010071"))
	// Output:
	// 110105 true 北京市朝阳区 true
	// 440524 true 广东省汕头市潮阳县 false
	// 119999 false  false
	// true
}
