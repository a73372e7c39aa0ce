package identity_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
)

// creditSamples are the valid codes of the design notes. Each one's embedded organization code
// also passes its GB 11714 check (worked independently: e.g. 60003734 gives S = 186,
// 11 − 186 mod 11 = 1, and the code's 17th character is 1).
var creditSamples = []string{
	"91110000600037341L", "121200004013590816", "91310115MA1K3BTP2B",
	"92340602MA2PBMEM24", "91620105L015101280", "91350100M000100Y43",
}

func TestParseCreditCode(t *testing.T) {
	tests := []struct {
		in   string
		want identity.CreditCode
	}{
		{"91110000600037341L", identity.CreditCode{Code: "91110000600037341L", RegistrationDept: '9', OrgType: '1', Region: "110000", OrganizationCode: "600037341"}},
		{"121200004013590816", identity.CreditCode{Code: "121200004013590816", RegistrationDept: '1', OrgType: '2', Region: "120000", OrganizationCode: "401359081"}},
		{"91310115MA1K3BTP2B", identity.CreditCode{Code: "91310115MA1K3BTP2B", RegistrationDept: '9', OrgType: '1', Region: "310115", OrganizationCode: "MA1K3BTP2"}},
		{"92340602MA2PBMEM24", identity.CreditCode{Code: "92340602MA2PBMEM24", RegistrationDept: '9', OrgType: '2', Region: "340602", OrganizationCode: "MA2PBMEM2"}},
		{"91620105L015101280", identity.CreditCode{Code: "91620105L015101280", RegistrationDept: '9', OrgType: '1', Region: "620105", OrganizationCode: "L01510128"}},
		{"91350100M000100Y43", identity.CreditCode{Code: "91350100M000100Y43", RegistrationDept: '9', OrgType: '1', Region: "350100", OrganizationCode: "M000100Y4"}},
		// Lower case and surrounding white space are normalized away.
		{" 91310115ma1k3btp2b\u3000", identity.CreditCode{Code: "91310115MA1K3BTP2B", RegistrationDept: '9', OrgType: '1', Region: "310115", OrganizationCode: "MA1K3BTP2"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := identity.ParseCreditCode(tt.in)
			if err != nil {
				t.Fatalf("ParseCreditCode(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseCreditCode(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCreditCode_Errors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		err  error
		msg  string
	}{
		{"RulesChecksum", "91110000600037341N", identity.ErrChecksum,
			"invalid credit code: check character is N, want L"},
		{"RulesExcludedLetters", "9111000060003IOZSV", identity.ErrCharacter,
			`invalid credit code: character 14 is "I", character 15 is "O", character 16 is "Z", ` +
				`character 17 is "S", character 18 is "V"; want digits and letters other than I, O, S, V and Z`},
		{"LowerCaseExcludedLetter", "91110000600037341o", identity.ErrCharacter,
			`invalid credit code: character 18 is "o"; want digits and letters other than I, O, S, V and Z`},
		{"Hyphen", "91110000-60003734L", identity.ErrCharacter,
			`invalid credit code: character 9 is "-"; want digits and letters other than I, O, S, V and Z`},
		{"FullWidth", "９1110000600037341L", identity.ErrCharacter,
			`invalid credit code: character 1 is "９"; want digits and letters other than I, O, S, V and Z`},
		{"Empty", "", identity.ErrLength, "invalid credit code: has 0 characters, want 18"},
		{"OldStyle15", "110000600037341", identity.ErrLength, "invalid credit code: has 15 characters, want 18"},
		{"Long", "91110000600037341L1", identity.ErrLength, "invalid credit code: has 19 characters, want 18"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := identity.ParseCreditCode(tt.in)
			checkError(t, err, tt.err, tt.msg)
			if (got != identity.CreditCode{}) {
				t.Errorf("ParseCreditCode(%q) = %+v with its error, want the zero value", tt.in, got)
			}
		})
	}
}

func TestCreditCode_StructureProblems(t *testing.T) {
	tests := []struct {
		name string
		code string
		want []string
	}{
		// Every sample of the design notes is sound, including its GB 11714 organization code.
		{"Sample1", creditSamples[0], nil},
		{"Sample2", creditSamples[1], nil},
		{"Sample3", creditSamples[2], nil},
		{"Sample4", creditSamples[3], nil},
		{"Sample5", creditSamples[4], nil},
		{"Sample6", creditSamples[5], nil},
		// The codes below carry a correct GB 32100 check character, so they parse.
		{"OrganizationCheck", "91110000600037342P", []string{
			"organization code (characters 9–17) fails its GB 11714 check: check character is 2, want 1"}},
		{"OrganizationCheckWithLetters", "91110000MA0000000H", []string{
			"organization code (characters 9–17) fails its GB 11714 check: check character is 0, want 7"}},
		{"RegistrationAuthority0", "01110000600037341X", []string{
			`registration authority (character 1) is "0", want 1–9, A, N or Y`}},
		{"RegionLetters", "91MA00006000373410", []string{
			`region (characters 3–8) is "MA0000", want 6 digits`}},
		{"TwoProblems", "B1110000600037342M", []string{
			`registration authority (character 1) is "B", want 1–9, A, N or Y`,
			"organization code (characters 9–17) fails its GB 11714 check: check character is 2, want 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := identity.ParseCreditCode(tt.code)
			if err != nil {
				t.Fatalf("ParseCreditCode(%q): %v", tt.code, err)
			}
			if got := c.StructureProblems(); !slices.Equal(got, tt.want) {
				t.Errorf("%s.StructureProblems()\n got %q\nwant %q", tt.code, got, tt.want)
			}
		})
	}

	t.Run("ZeroValue", func(t *testing.T) {
		want := []string{
			`registration authority (character 1) is "\x00", want 1–9, A, N or Y`,
			`region (characters 3–8) is "", want 6 digits`,
			"organization code (characters 9–17) fails its GB 11714 check: has 0 characters, want 9",
		}
		if got := (identity.CreditCode{}).StructureProblems(); !slices.Equal(got, want) {
			t.Errorf("zero CreditCode problems\n got %q\nwant %q", got, want)
		}
	})
}

func FuzzParseCreditCode(f *testing.F) {
	for _, s := range creditSamples {
		f.Add(s)
	}
	for _, s := range []string{"91110000600037341N", "9111000060003IOZSV", "91310115ma1k3btp2b",
		"91110000600037342P", "B1110000600037342M", "", "９1110000600037341L"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := identity.ParseCreditCode(s)
		if err != nil {
			if !errors.Is(err, identity.ErrLength) && !errors.Is(err, identity.ErrCharacter) &&
				!errors.Is(err, identity.ErrChecksum) {
				t.Fatalf("ParseCreditCode(%q) error %v wraps no sentinel", s, err)
			}
			if (c != identity.CreditCode{}) {
				t.Fatalf("ParseCreditCode(%q) returned %+v with an error", s, c)
			}
			return
		}
		again, err := identity.ParseCreditCode(c.Code)
		if err != nil {
			t.Fatalf("ParseCreditCode(%q) = %q, which does not re-parse: %v", s, c.Code, err)
		}
		if again != c {
			t.Fatalf("ParseCreditCode(%q) = %+v, re-parsed %+v", s, c, again)
		}
		if len(c.Code) != 18 || c.Code[0] != c.RegistrationDept || c.Code[1] != c.OrgType ||
			c.Code[2:8] != c.Region || c.Code[8:17] != c.OrganizationCode {
			t.Fatalf("ParseCreditCode(%q) fields disagree with the code: %+v", s, c)
		}
		for _, p := range c.StructureProblems() {
			if p == "" {
				t.Fatalf("%q has an empty structure problem", c.Code)
			}
		}
	})
}
