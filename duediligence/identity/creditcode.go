package identity

import (
	"fmt"
	"strings"
)

// CreditCode is a unified social credit code (统一社会信用代码, GB 32100-2015).
type CreditCode struct {
	Code             string // canonical upper-case
	RegistrationDept byte   // char 1
	OrgType          byte   // char 2
	Region           string // chars 3–8
	OrganizationCode string // chars 9–17 (GB 11714 组织机构代码, without the hyphen)
}

// creditCharset is the GB 32100 alphabet; a character's value is its index. I, O, S, V
// and Z are left out because they are easily confused with 1, 0, 5, U and 2.
const creditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are the GB 32100 weights, 3^(i−1) mod 31 for characters 1–17.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgWeights are the GB 11714 weights of the organization code's first 8 characters.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// ParseCreditCode parses and validates a unified social credit code (rule
// identity.credit_code): 18 characters over the GB 32100 alphabet (digits and upper-case
// letters except I, O, S, V and Z) whose 18th is the MOD 31 check character.
// Surrounding white space is trimmed and lower-case letters are upper-cased; anything
// else that does not conform is an error wrapping ErrLength, ErrCharacter or
// ErrChecksum. The structure of the first 17 characters is not an error: see
// StructureProblems.
func ParseCreditCode(s string) (CreditCode, error) {
	r := []rune(strings.TrimSpace(s))
	if len(r) != 18 {
		return CreditCode{}, &numberError{"credit code",
			fmt.Sprintf("has %d characters, want 18", len(r)), ErrLength,
			fmt.Sprintf("共 %d 位，应为 18 位", len(r))}
	}
	code := make([]byte, 18)
	values := make([]int, 18)
	var bad, badZH []string
	for i, c := range r {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		v := -1
		if c < 0x80 {
			v = strings.IndexByte(creditCharset, byte(c))
		}
		if v < 0 {
			bad = append(bad, fmt.Sprintf("character %d is %q", i+1, string(r[i])))
			badZH = append(badZH, fmt.Sprintf("第 %d 位为“%s”", i+1, string(r[i])))
			continue
		}
		code[i], values[i] = byte(c), v
	}
	if bad != nil {
		return CreditCode{}, &numberError{"credit code",
			strings.Join(bad, ", ") + "; want digits and letters other than I, O, S, V and Z",
			ErrCharacter, strings.Join(badZH, "，") + "；应为数字或 I、O、S、V、Z 以外的字母"}
	}
	sum := 0
	for i, w := range creditWeights {
		sum += values[i] * w
	}
	if want := creditCharset[(31-sum%31)%31]; code[17] != want {
		return CreditCode{}, &numberError{"credit code",
			fmt.Sprintf("check character is %c, want %c", code[17], want), ErrChecksum,
			fmt.Sprintf("第 18 位为 %c，应为 %c", code[17], want)}
	}
	c := string(code)
	return CreditCode{
		Code:             c,
		RegistrationDept: c[0],
		OrgType:          c[1],
		Region:           c[2:8],
		OrganizationCode: c[8:17],
	}, nil
}

// StructureProblems checks the parts of the code (rule identity.credit_code_structure,
// a warning): the registration authority (character 1) is 1–9, A, N or Y; the region
// (characters 3–8) is six digits; and the embedded organization code (characters 9–17)
// carries a valid GB 11714 check character. It returns one human-readable sentence per
// problem, or nil when the structure is sound. The structure rule rests on secondary
// sources only, so the catalogue rates it a warning, and a code that passes its own check
// still parses.
func (c CreditCode) StructureProblems() []string {
	var problems []string
	switch d := c.RegistrationDept; {
	case d >= '1' && d <= '9', d == 'A', d == 'N', d == 'Y':
	default:
		problems = append(problems, fmt.Sprintf(
			"registration authority (character 1) is %q, want 1–9, A, N or Y", string(rune(d))))
	}
	if !allDigits(c.Region) || len(c.Region) != 6 {
		problems = append(problems, fmt.Sprintf(
			"region (characters 3–8) is %q, want 6 digits", c.Region))
	}
	if p := organizationCodeProblem(c.OrganizationCode); p != "" {
		problems = append(problems, "organization code (characters 9–17) fails its GB 11714 check: "+p)
	}
	return problems
}

// organizationCodeProblem checks a 9-character GB 11714 organization code: 8 digits or
// upper-case letters (A=10 … Z=35) and a check character 11 − Σ vᵢ·Wᵢ mod 11, where 10
// is written X and 11 is written 0.
func organizationCodeProblem(code string) string {
	if len(code) != 9 {
		return fmt.Sprintf("has %d characters, want 9", len(code))
	}
	sum := 0
	for i, w := range orgWeights {
		c := code[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return fmt.Sprintf("character %d is %q, want a digit or an upper-case letter", i+9, string(rune(c)))
		}
		sum += v * w
	}
	var want byte
	switch n := 11 - sum%11; n {
	case 10:
		want = 'X'
	case 11:
		want = '0'
	default:
		want = byte('0' + n)
	}
	if code[8] != want {
		return fmt.Sprintf("check character is %s, want %c", printable(code[8]), want)
	}
	return ""
}

// printable shows a byte as itself when it is visible ASCII and quoted otherwise, so a
// hand-built value cannot put control characters into a message.
func printable(b byte) string {
	if b > ' ' && b < 0x7f {
		return string(rune(b))
	}
	return fmt.Sprintf("%q", string(rune(b)))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
