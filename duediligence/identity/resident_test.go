package identity_test

import (
	"errors"
	"testing"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
)

// now is the reference date of the tests: 15 June 2025, 10:00 in Beijing.
var now = time.Date(2025, 6, 15, 10, 0, 0, 0, beijing)

var beijing = time.FixedZone("CST", 8*60*60)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// residentSamples are the valid numbers of the design notes, plus edge cases with computed check
// characters; they also seed the fuzz target.
var residentSamples = []string{
	"11010519491231002X", "440524188001010014", "360426199101010071", "11010219840406970X",
	"110105491231002", "110105200002290021", "110105180001010010",
}

func TestParseResidentID(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		now   time.Time
		want  identity.ResidentID
		upper string // the canonical number, when it differs from in
	}{
		{name: "RulesSample1949", in: "11010519491231002X",
			want: identity.ResidentID{BirthDate: date(1949, 12, 31), Sex: identity.Female, Region: "110105"}},
		{name: "RulesSample1880", in: "440524188001010014",
			want: identity.ResidentID{BirthDate: date(1880, 1, 1), Sex: identity.Male, Region: "440524"}},
		{name: "RulesSample1991", in: "360426199101010071",
			want: identity.ResidentID{BirthDate: date(1991, 1, 1), Sex: identity.Male, Region: "360426"}},
		{name: "RulesSample1984", in: "11010219840406970X",
			want: identity.ResidentID{BirthDate: date(1984, 4, 6), Sex: identity.Female, Region: "110102"}},
		{name: "LowerCaseX", in: "11010519491231002x", upper: "11010519491231002X",
			want: identity.ResidentID{BirthDate: date(1949, 12, 31), Sex: identity.Female, Region: "110105"}},
		{name: "SurroundingSpace", in: " \t11010519491231002X\u3000\n", upper: "11010519491231002X",
			want: identity.ResidentID{BirthDate: date(1949, 12, 31), Sex: identity.Female, Region: "110105"}},
		{name: "LeapDay", in: "110105200002290021",
			want: identity.ResidentID{BirthDate: date(2000, 2, 29), Sex: identity.Female, Region: "110105"}},
		{name: "Year1800", in: "110105180001010010",
			want: identity.ResidentID{BirthDate: date(1800, 1, 1), Sex: identity.Male, Region: "110105"}},
		{name: "BornToday", in: "110105202506150021",
			want: identity.ResidentID{BirthDate: date(2025, 6, 15), Sex: identity.Female, Region: "110105"}},
		{
			// 00:30 on 16 June in Beijing is still 15 June in UTC: the caller's calendar
			// date counts, so a baby born on the 16th in Beijing is not "in the future".
			name: "BornTodayInNowLocation", in: "110105202506160019",
			now:  time.Date(2025, 6, 16, 0, 30, 0, 0, beijing),
			want: identity.ResidentID{BirthDate: date(2025, 6, 16), Sex: identity.Male, Region: "110105"},
		},
		{name: "Legacy", in: "110105491231002", upper: "11010519491231002X",
			want: identity.ResidentID{BirthDate: date(1949, 12, 31), Sex: identity.Female, Region: "110105", Upgraded: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref := now
			if !tt.now.IsZero() {
				ref = tt.now
			}
			want := tt.want
			want.Number = tt.in
			if tt.upper != "" {
				want.Number = tt.upper
			}
			got, err := identity.ParseResidentID(tt.in, ref)
			if err != nil {
				t.Fatalf("ParseResidentID(%q): %v", tt.in, err)
			}
			if got != want {
				t.Errorf("ParseResidentID(%q)\n got %+v\nwant %+v", tt.in, got, want)
			}
			if got.BirthDate.Location() != time.UTC {
				t.Errorf("BirthDate location is %v, want UTC", got.BirthDate.Location())
			}
		})
	}
}

func TestParseResidentID_Errors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		now  time.Time
		err  error
		msg  string
	}{
		{"RulesChecksum", "110105194912310021", now, identity.ErrChecksum,
			"invalid resident ID: check character is 1, want X"},
		{"RulesMonth13", "360426199113010079", now, identity.ErrBirthDate,
			"invalid resident ID: birth date has month 13"},
		{"Month00", "110105199100010016", now, identity.ErrBirthDate,
			"invalid resident ID: birth date has month 00"},
		{"ChecksumBeforeDate", "110105199113010070", now, identity.ErrChecksum,
			"invalid resident ID: check character is 0, want 4"},
		{"February30", "110105199102300017", now, identity.ErrBirthDate,
			"invalid resident ID: birth date has day 30, but its month has 28 days"},
		{"Day00", "110105199102000014", now, identity.ErrBirthDate,
			"invalid resident ID: birth date has day 00, but its month has 28 days"},
		{"April31", "110105199104310016", now, identity.ErrBirthDate,
			"invalid resident ID: birth date has day 31, but its month has 30 days"},
		{"Before1800", "110105179901010018", now, identity.ErrBirthDate,
			"invalid resident ID: birth year is before 1800"},
		{"Tomorrow", "110105202506160019", now, identity.ErrFutureBirthDate,
			"invalid resident ID: birth date is after 2025-06-15"},
		{"TomorrowInNowLocation", "110105202506150021", time.Date(2025, 6, 14, 23, 0, 0, 0, beijing),
			identity.ErrFutureBirthDate, "invalid resident ID: birth date is after 2025-06-14"},
		{"Empty", "", now, identity.ErrLength,
			"invalid resident ID: has 0 characters, want 18 (or 15 for a legacy number)"},
		{"Short", "11010519491231002", now, identity.ErrLength,
			"invalid resident ID: has 17 characters, want 18 (or 15 for a legacy number)"},
		{"Long", "11010519491231002X0", now, identity.ErrLength,
			"invalid resident ID: has 19 characters, want 18 (or 15 for a legacy number)"},
		{"InnerSpace", "110105 19491231002X", now, identity.ErrLength,
			"invalid resident ID: has 19 characters, want 18 (or 15 for a legacy number)"},
		{"CheckY", "11010519491231002Y", now, identity.ErrCharacter,
			`invalid resident ID: character 18 is "Y", want a digit or X`},
		{"XNotLast", "1101051949123100X2", now, identity.ErrCharacter,
			`invalid resident ID: character 17 is "X", want a digit`},
		{"Hyphens", "110105-19491231-02", now, identity.ErrCharacter,
			`invalid resident ID: character 7 is "-", want a digit, character 16 is "-", want a digit`},
		{"FullWidthDigit", "１1010519491231002X", now, identity.ErrCharacter,
			`invalid resident ID: character 1 is "１", want a digit`},
		{"LegacyLetter", "11010549123100X", now, identity.ErrCharacter,
			`invalid legacy resident ID: character 15 is "X", want a digit`},
		{"LegacyMonth13", "110105491301002", now, identity.ErrBirthDate,
			"invalid legacy resident ID: birth date has month 13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := identity.ParseResidentID(tt.in, tt.now)
			checkError(t, err, tt.err, tt.msg)
			if (got != identity.ResidentID{}) {
				t.Errorf("ParseResidentID(%q) = %+v with its error, want the zero value", tt.in, got)
			}
		})
	}
}

// sentinels are all the package's sentinel errors.
var sentinels = []error{identity.ErrLength, identity.ErrCharacter, identity.ErrChecksum,
	identity.ErrBirthDate, identity.ErrFutureBirthDate}

// checkError asserts that err has the exact text msg and matches sentinel and no other.
func checkError(t *testing.T, err, sentinel error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %q", msg)
	}
	if err.Error() != msg {
		t.Errorf("error text\n got %q\nwant %q", err.Error(), msg)
	}
	for _, s := range sentinels {
		if got, want := errors.Is(err, s), s == sentinel; got != want {
			t.Errorf("errors.Is(%q, %v) = %t, want %t", err, s, got, want)
		}
	}
}

func TestUpgradeLegacyID(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for in, want := range map[string]string{
			"110105491231002":   "11010519491231002X",
			" 360426910101007 ": "360426199101010071",
		} {
			if got, err := identity.UpgradeLegacyID(in); err != nil || got != want {
				t.Errorf("UpgradeLegacyID(%q) = %q, %v; want %q", in, got, err, want)
			}
		}
	})
	t.Run("Errors", func(t *testing.T) {
		tests := []struct {
			in  string
			err error
			msg string
		}{
			{"11010519491231002X", identity.ErrLength, "invalid legacy resident ID: has 18 characters, want 15"},
			{"11010549123100", identity.ErrLength, "invalid legacy resident ID: has 14 characters, want 15"},
			{"1101054912310O2", identity.ErrCharacter, `invalid legacy resident ID: character 14 is "O", want a digit`},
			{"110105490230002", identity.ErrBirthDate, "invalid legacy resident ID: birth date has day 30, but its month has 28 days"},
		}
		for _, tt := range tests {
			got, err := identity.UpgradeLegacyID(tt.in)
			checkError(t, err, tt.err, tt.msg)
			if got != "" {
				t.Errorf("UpgradeLegacyID(%q) = %q with its error, want \"\"", tt.in, got)
			}
		}
	})
}

func TestResidentID_AgeOn(t *testing.T) {
	parse := func(t *testing.T, s string) identity.ResidentID {
		t.Helper()
		id, err := identity.ParseResidentID(s, now)
		if err != nil {
			t.Fatalf("ParseResidentID(%q): %v", s, err)
		}
		return id
	}
	tests := []struct {
		name string
		id   string
		on   time.Time
		want int
	}{
		{"DayBeforeBirthday", "11010519491231002X", date(2024, 12, 30), 74},
		{"OnBirthday", "11010519491231002X", date(2024, 12, 31), 75},
		{"Turns18Today", "360426199101010071", date(2009, 1, 1), 18},
		{"Turns18Tomorrow", "360426199101010071", date(2008, 12, 31), 17},
		{"LeapDayBirthdayOnLeapDay", "110105200002290021", date(2024, 2, 29), 24},
		{"LeapDayBirthdayFeb28CommonYear", "110105200002290021", date(2023, 2, 28), 22},
		{"LeapDayBirthdayMar1CommonYear", "110105200002290021", date(2023, 3, 1), 23},
		// 00:30 on 31 Dec in Beijing is still 30 Dec in UTC: d's own calendar date counts.
		{"CalendarDateOfD", "11010519491231002X", time.Date(2024, 12, 31, 0, 30, 0, 0, beijing), 75},
		{"OnBirthDate", "110105202506150021", date(2025, 6, 15), 0},
		{"BeforeBirth", "110105202506150021", date(2025, 6, 14), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parse(t, tt.id).AgeOn(tt.on); got != tt.want {
				t.Errorf("%s.AgeOn(%v) = %d, want %d", tt.id, tt.on, got, tt.want)
			}
		})
	}
}

func TestMaskResidentID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519491231002X", "110105********002X"},
		{"11010519491231002x", "110105********002x"},
		{" 11010519491231002X\n", "110105********002X"},
		{"110105194912310021", "110105********0021"}, // invalid numbers are masked too
		{"110105491231002", "***********1002"},
		{"1101051949123100", "************3100"},
		{"abcd", "abcd"},
		{"12", "12"},
		{"", ""},
		{"身份证号码无效", "***号码无效"},
		{"\xff\xfe1234", "**1234"},
	}
	for _, tt := range tests {
		if got := identity.MaskResidentID(tt.in); got != tt.want {
			t.Errorf("MaskResidentID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestResidentID_Masked(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010219840406970x", "110102********970X"},
		{"110105491231002", "110105********002X"}, // the canonical 18-character form is masked
	}
	for _, tt := range tests {
		id, err := identity.ParseResidentID(tt.in, now)
		if err != nil {
			t.Fatalf("ParseResidentID(%q): %v", tt.in, err)
		}
		if got := id.Masked(); got != tt.want {
			t.Errorf("ParseResidentID(%q).Masked() = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := (identity.ResidentID{}).Masked(); got != "" {
		t.Errorf("zero ResidentID masked as %q, want \"\"", got)
	}
}

func FuzzParseResidentID(f *testing.F) {
	for _, s := range residentSamples {
		f.Add(s, now.Unix())
	}
	for _, s := range []string{"110105194912310021", "360426199113010079", "11010519491231002x",
		"110105202506160019", "110105491301002", "", "１1010519491231002X"} {
		f.Add(s, now.Unix())
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		ref := time.Unix(unix, 0).In(beijing)
		masked := identity.MaskResidentID(s)
		if n, m := len([]rune(s)), len([]rune(masked)); m > n {
			t.Fatalf("MaskResidentID(%q) = %q, longer than its input", s, masked)
		}
		id, err := identity.ParseResidentID(s, ref)
		if err != nil {
			if !errors.Is(err, identity.ErrLength) && !errors.Is(err, identity.ErrCharacter) &&
				!errors.Is(err, identity.ErrChecksum) && !errors.Is(err, identity.ErrBirthDate) &&
				!errors.Is(err, identity.ErrFutureBirthDate) {
				t.Fatalf("ParseResidentID(%q) error %v wraps no sentinel", s, err)
			}
			if (id != identity.ResidentID{}) {
				t.Fatalf("ParseResidentID(%q) returned %+v with an error", s, id)
			}
			return
		}
		again, err := identity.ParseResidentID(id.Number, ref)
		if err != nil {
			t.Fatalf("ParseResidentID(%q) = %q, which does not re-parse: %v", s, id.Number, err)
		}
		want := id
		want.Upgraded = false
		if again != want {
			t.Fatalf("ParseResidentID(%q) = %+v, re-parsed %+v", s, id, again)
		}
		if id.Upgraded {
			if up, err := identity.UpgradeLegacyID(s); err != nil || up != id.Number {
				t.Fatalf("UpgradeLegacyID(%q) = %q, %v; ParseResidentID gave %q", s, up, err, id.Number)
			}
		}
		if m := id.Masked(); len(m) != 18 || m[:6] != id.Region || m[14:] != id.Number[14:] {
			t.Fatalf("%q masked as %q", id.Number, m)
		}
		if age := id.AgeOn(ref); age < 0 {
			t.Fatalf("%q is %d years old on %v, after passing the future-date check", id.Number, age, ref)
		}
	})
}
