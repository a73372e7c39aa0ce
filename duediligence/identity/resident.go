package identity

import (
	"fmt"
	"strings"
	"time"
)

// ResidentID is a PRC resident identity card number (居民身份证号码, GB 11643-1999).
type ResidentID struct {
	Number    string    // the 18-character canonical form, upper-case X
	BirthDate time.Time // UTC midnight
	Sex       Sex       // from the 17th character: odd male, even female
	Region    string    // first 6 digits (county code)
	Upgraded  bool      // true when parsed from a legacy 15-digit number
}

// Sex is the holder's sex (性别) as encoded in the sequence code of a resident ID.
type Sex string

// The two values GB 11643 encodes in the 17th character.
const (
	Male   Sex = "male"
	Female Sex = "female"
)

// residentWeights are the GB 11643 MOD 11-2 weights, 2^(18−i) mod 11 for characters 1–17.
var residentWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// residentCheckChars maps Σ dᵢ·Wᵢ mod 11 to the check character.
const residentCheckChars = "10X98765432"

// earliestBirthYear rejects dates that are real but cannot belong to a living card
// holder (a typo such as year 0949). The oldest person ever documented was born in 1875;
// the catalogue's own sample 440524188001010014 is from 1880.
const earliestBirthYear = 1800

// ParseResidentID parses and validates a resident ID number (rules identity.resident_id,
// identity.resident_id_birthdate and identity.legacy_id).
//
// Surrounding white space is trimmed and a lower-case x check character is accepted;
// anything else that does not conform is an error. An 18-character number needs
// characters 1–17 to be digits, the GB 11643 MOD 11-2 check character, and characters
// 7–14 to be a real date (YYYYMMDD, year 1800 or later) on or before now's calendar date,
// read in now's location: pass the lender's local time. A 15-digit legacy number is
// upgraded (see UpgradeLegacyID) and then validated the same way, with Upgraded set.
//
// Errors wrap ErrLength, ErrCharacter, ErrChecksum, ErrBirthDate or ErrFutureBirthDate.
func ParseResidentID(s string, now time.Time) (ResidentID, error) {
	if id, ok := parseCanonical(s, now); ok {
		return id, nil
	}
	return parseResidentID(s, now)
}

// parseResidentID is ParseResidentID's general path, for any input.
func parseResidentID(s string, now time.Time) (ResidentID, error) {
	r := []rune(strings.TrimSpace(s))
	switch len(r) {
	case 18:
		if err := residentCharacters(r); err != nil {
			return ResidentID{}, err
		}
		number := strings.ToUpper(string(r))
		if want := residentCheckChar(number[:17]); number[17] != want {
			return ResidentID{}, &numberError{"resident ID",
				fmt.Sprintf("check character is %c, want %c", number[17], want), ErrChecksum,
				fmt.Sprintf("第 18 位为 %c，应为 %c", number[17], want)}
		}
		return residentFields(number, "resident ID", false, now)
	case 15:
		number, err := upgrade(r)
		if err != nil {
			return ResidentID{}, err
		}
		return residentFields(number, "legacy resident ID", true, now)
	default:
		return ResidentID{}, &numberError{"resident ID",
			fmt.Sprintf("has %d characters, want 18 (or 15 for a legacy number)", len(r)), ErrLength,
			fmt.Sprintf("共 %d 位，应为 18 位（一代证 15 位）", len(r))}
	}
}

// parseCanonical is ParseResidentID's fast path for a valid number as it is
// stored: 18 ASCII characters, 17 digits and the check character (an
// upper-case X), no white space. It parses it without copying it, and
// reports false for anything else, which the general path then parses (and
// explains).
func parseCanonical(s string, now time.Time) (ResidentID, bool) {
	if len(s) != 18 {
		return ResidentID{}, false
	}
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return ResidentID{}, false
		}
	}
	if c := s[17]; (c < '0' || c > '9') && c != 'X' || c != residentCheckChar(s[:17]) {
		return ResidentID{}, false
	}
	id, err := residentFields(s, "resident ID", false, now)
	return id, err == nil
}

// UpgradeLegacyID converts a legacy 15-digit resident ID number (GB 11643-1989) to the
// 18-character form: "19" is inserted before the two-digit birth year and the check
// character appended, so 110105491231002 becomes 11010519491231002X. Surrounding white
// space is trimmed. The birth date must be a real date; it is not compared with today,
// which ParseResidentID does. Errors wrap ErrLength, ErrCharacter or ErrBirthDate.
func UpgradeLegacyID(s15 string) (string, error) {
	r := []rune(strings.TrimSpace(s15))
	if len(r) != 15 {
		return "", &numberError{"legacy resident ID",
			fmt.Sprintf("has %d characters, want 15", len(r)), ErrLength,
			fmt.Sprintf("共 %d 位，应为 15 位", len(r))}
	}
	number, err := upgrade(r)
	if err != nil {
		return "", err
	}
	if _, msg, zh := birthDate(number[6:14]); msg != "" {
		return "", &numberError{"legacy resident ID", msg, ErrBirthDate, zh}
	}
	return number, nil
}

// Masked returns the number with the birth date and the first sequence digits hidden, as
// lists and logs must show it: "110105********002X".
func (id ResidentID) Masked() string { return MaskResidentID(id.Number) }

// MaskResidentID masks a string that is supposed to be a resident ID number, valid or
// not, for logs. After trimming surrounding white space, an 18-character string keeps
// its first 6 and last 4 characters with 8 asterisks between them
// ("110105********002X"); any other string has every character but the last 4 replaced
// by an asterisk (a legacy 15-digit number becomes "***********1002"). It never panics;
// characters are runes, so multi-byte input is never cut in half.
func MaskResidentID(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) == 18 {
		return string(r[:6]) + "********" + string(r[14:])
	}
	shown := min(4, len(r))
	return strings.Repeat("*", len(r)-shown) + string(r[len(r)-shown:])
}

// AgeOn returns the holder's age in full years (周岁) on d's calendar date, read in d's
// location: the age goes up on the birthday itself, and for a 29 February birthday on
// 1 March of common years. It is negative when d is before the birth date.
func (id ResidentID) AgeOn(d time.Time) int {
	y, m, day := d.Date()
	by, bm, bday := id.BirthDate.Date()
	age := y - by
	if m < bm || (m == bm && day < bday) {
		age--
	}
	return age
}

// residentCharacters checks that an 18-rune candidate has digits in positions 1–17 and
// a digit, X or x in position 18.
func residentCharacters(r []rune) error {
	var bad, badZH []string
	for i, c := range r {
		switch {
		case isDigit(c):
		case i == 17 && (c == 'X' || c == 'x'):
		case i == 17:
			bad = append(bad, fmt.Sprintf("character 18 is %q, want a digit or X", string(c)))
			badZH = append(badZH, fmt.Sprintf("第 18 位为“%s”，应为数字或 X", string(c)))
		default:
			bad = append(bad, fmt.Sprintf("character %d is %q, want a digit", i+1, string(c)))
			badZH = append(badZH, fmt.Sprintf("第 %d 位为“%s”，应为数字", i+1, string(c)))
		}
	}
	if bad != nil {
		return &numberError{"resident ID", strings.Join(bad, ", "), ErrCharacter, strings.Join(badZH, "；")}
	}
	return nil
}

// upgrade turns a 15-rune candidate into the 18-character number, without checking the
// birth date.
func upgrade(r []rune) (string, error) {
	var bad, badZH []string
	for i, c := range r {
		if !isDigit(c) {
			bad = append(bad, fmt.Sprintf("character %d is %q, want a digit", i+1, string(c)))
			badZH = append(badZH, fmt.Sprintf("第 %d 位为“%s”，应为数字", i+1, string(c)))
		}
	}
	if bad != nil {
		return "", &numberError{"legacy resident ID", strings.Join(bad, ", "), ErrCharacter, strings.Join(badZH, "；")}
	}
	s := string(r)
	first17 := s[:6] + "19" + s[6:]
	return first17 + string(residentCheckChar(first17)), nil
}

// residentFields derives the fields of a number whose characters and check character
// are known to be valid, validating the birth date against now.
func residentFields(number, kind string, upgraded bool, now time.Time) (ResidentID, error) {
	born, msg, zh := birthDate(number[6:14])
	if msg != "" {
		return ResidentID{}, &numberError{kind, msg, ErrBirthDate, zh}
	}
	ny, nm, nd := now.Date()
	if by, bm, bd := born.Date(); by > ny || by == ny && (bm > nm || bm == nm && bd > nd) {
		today := time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC)
		return ResidentID{}, &numberError{kind,
			"birth date is after " + today.Format(time.DateOnly), ErrFutureBirthDate,
			"出生日期晚于今天（" + today.Format(time.DateOnly) + "）"}
	}
	sex := Male
	if (number[16]-'0')%2 == 0 {
		sex = Female
	}
	return ResidentID{
		Number:    number,
		BirthDate: born,
		Sex:       sex,
		Region:    number[:6],
		Upgraded:  upgraded,
	}, nil
}

// birthDate parses YYYYMMDD (8 ASCII digits) into UTC midnight, or says why it is not a
// real date, in English and in Chinese. The message leaves the date itself out: it is
// what masking hides.
func birthDate(yyyymmdd string) (born time.Time, msg, zh string) {
	y := atoi(yyyymmdd[:4])
	m := atoi(yyyymmdd[4:6])
	d := atoi(yyyymmdd[6:8])
	if y < earliestBirthYear {
		return time.Time{}, fmt.Sprintf("birth year is before %d", earliestBirthYear), fmt.Sprintf("出生年份早于 %d 年", earliestBirthYear)
	}
	if m < 1 || m > 12 {
		return time.Time{}, fmt.Sprintf("birth date has month %02d", m), fmt.Sprintf("出生日期的月份为 %02d", m)
	}
	days := daysIn(y, m)
	if d < 1 || d > days {
		return time.Time{}, fmt.Sprintf("birth date has day %02d, but its month has %d days", d, days), fmt.Sprintf("出生日期的日为 %02d，但该月只有 %d 天", d, days)
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), "", ""
}

// daysIn returns the number of days of month m of year y (Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// residentCheckChar computes the MOD 11-2 check character of 17 ASCII digits.
func residentCheckChar(first17 string) byte {
	sum := 0
	for i, w := range residentWeights {
		sum += int(first17[i]-'0') * w
	}
	return residentCheckChars[sum%11]
}

func isDigit(c rune) bool { return c >= '0' && c <= '9' }

// atoi converts a string of ASCII digits already validated as such.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
