package money_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/jinzhi-dev/jinzhi/money"
)

func TestMoney_Capitals(t *testing.T) {
	tests := []struct{ amount, want string }{
		// The regulation's own examples (正确填写票据和结算凭证的基本规定).
		{"1409.50", "壹仟肆佰零玖元伍角整"},
		{"6007.14", "陆仟零柒元壹角肆分"},
		{"1680.32", "壹仟陆佰捌拾元零叁角贰分"},
		{"107000.53", "壹拾万柒仟元零伍角叁分"},
		{"16409.02", "壹万陆仟肆佰零玖元零贰分"},
		{"325.04", "叁佰贰拾伍元零肆分"},
		// Round amounts.
		{"1000000.00", "壹佰万元整"},
		{"1", "壹元整"},
		{"10", "壹拾元整"},
		{"15", "壹拾伍元整"},
		{"100", "壹佰元整"},
		{"110", "壹佰壹拾元整"},
		{"10000", "壹万元整"},
		{"100000000", "壹亿元整"},
		{"1000000000000", "壹万亿元整"},
		// Zeros inside a group, across groups, and an empty 万 group.
		{"1010", "壹仟零壹拾元整"},
		{"1001", "壹仟零壹元整"},
		{"1100", "壹仟壹佰元整"},
		{"100010", "壹拾万零壹拾元整"},
		{"100001", "壹拾万零壹元整"},
		{"101000", "壹拾万壹仟元整"}, // the 万 group's trailing zero is not read
		{"110000", "壹拾壹万元整"},
		{"10010000", "壹仟零壹万元整"},
		{"100000001", "壹亿零壹元整"},
		{"100001000", "壹亿零壹仟元整"},
		{"101000000", "壹亿零壹佰万元整"},
		{"110000000", "壹亿壹仟万元整"},
		{"1000010000", "壹拾亿零壹万元整"},
		{"1000000000010", "壹万亿零壹拾元整"},
		{"1000100000000", "壹万零壹亿元整"},
		{"1010000000000", "壹万零壹佰亿元整"},
		// Only jiao, only fen, and the 零 after 元.
		{"0.05", "伍分"},
		{"0.50", "伍角整"},
		{"0.15", "壹角伍分"},
		{"0.01", "壹分"},
		{"10.05", "壹拾元零伍分"},
		{"10.50", "壹拾元零伍角整"},
		{"10.55", "壹拾元零伍角伍分"},
		{"11.05", "壹拾壹元零伍分"},
		{"11.50", "壹拾壹元伍角整"},
		{"100000.01", "壹拾万元零壹分"},
		{"0.00", "零元整"},
		// The largest loans: hundreds of billions.
		{"500000000000.00", "伍仟亿元整"},
		{"999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
		{"123456789012.34", "壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分"},
		// Beyond any loan, up to the type's maximum.
		{"12345678901234567.89", "壹亿亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖亿零壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"},
		{"10000000000000000", "壹亿亿元整"},
		{"10000000000000001", "壹亿亿零壹元整"},
		{"90001000000000000", "玖亿亿零壹万亿元整"},
		{"92233720368547758.07", "玖亿亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"},
		// Negative amounts.
		{"-5", "负伍元整"},
		{"-0.05", "负伍分"},
		{"-92233720368547758.07", "负玖亿亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"},
	}
	for _, tt := range tests {
		t.Run(tt.amount, func(t *testing.T) {
			m := money.MustMoney(tt.amount)
			got := m.Capitals()
			if got != tt.want {
				t.Errorf("Capitals(%s) = %s, want %s", tt.amount, got, tt.want)
			}
			if err := capitalsInvariants(got, m.Fen()); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestMoney_Capitals_roundTrip reads back many amounts, most of them rich in zeros, the
// digit that every rule is about.
func TestMoney_Capitals_roundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for range 100_000 {
		f := zeroRichFen(rng)
		checkCapitals(t, f)
	}
	for _, f := range []int64{0, 1, -1, 9, 10, 99, 100, 101, math.MaxInt64, -math.MaxInt64} {
		checkCapitals(t, f)
	}
}

func FuzzMoney_Capitals(f *testing.F) {
	for _, s := range []int64{0, 5, 50, 100, 1000010000_00, 1_0000_0001_00, 107000_53, math.MaxInt64} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, fen int64) {
		if fen == math.MinInt64 {
			return
		}
		checkCapitals(t, fen)
	})
}

func checkCapitals(t *testing.T, f int64) {
	t.Helper()
	m, err := money.FromFen(f)
	if err != nil {
		t.Fatal(err)
	}
	s := m.Capitals()
	back, err := parseCapitals(s)
	if err != nil {
		t.Fatalf("%s: Capitals %s does not read back: %v", m, s, err)
	}
	if back != f {
		t.Fatalf("%s: Capitals %s reads back as %d fen", m, s, back)
	}
	if err := capitalsInvariants(s, f); err != nil {
		t.Fatalf("%s: %v", m, err)
	}
}

// zeroRichFen draws an amount of 1 to 19 digits, each digit zero with probability one
// half, and a random sign.
func zeroRichFen(rng *rand.Rand) int64 {
	n := 1 + rng.IntN(19)
	var f uint64
	for range n {
		d := uint64(0)
		if rng.IntN(2) == 0 {
			d = 1 + rng.Uint64N(9)
		}
		f = f*10 + d
	}
	f %= math.MaxInt64
	if rng.IntN(4) == 0 {
		return -int64(f)
	}
	return int64(f)
}

// parseCapitals reads capitals back into fen, independently of how Capitals writes
// them: each digit is multiplied by the unit that follows it (拾 佰 仟 within a group);
// 万 and 亿 multiply what was read since the last larger unit; a 亿 right after 亿 makes
// it 亿亿; 零 only holds a place. It refuses what a person could not read one way only:
// a digit without its unit, two digits in a row, units out of order.
func parseCapitals(s string) (int64, error) {
	digits := map[rune]uint64{'壹': 1, '贰': 2, '叁': 3, '肆': 4, '伍': 5, '陆': 6, '柒': 7, '捌': 8, '玖': 9}
	small := map[rune]uint64{'拾': 10, '佰': 100, '仟': 1000}
	big := map[rune]struct {
		mul uint64
		exp int
	}{'万': {1e4, 4}, '亿': {1e8, 8}}
	type term struct {
		v   uint64
		exp int
	}
	var (
		terms      []term // descending
		section    uint64 // the group being read, below 万
		lastSmall  uint64 = math.MaxUint64
		digit      uint64 // a digit waiting for its unit, 0 if none
		yuan, frac uint64
		stage      = 0 // 0 yuan, 1 after 元, 2 after 角, 3 after 分, 4 after 整
		prev       rune
	)
	r := []rune(s)
	neg := len(r) > 0 && r[0] == '负'
	if neg {
		r = r[1:]
	}
	if string(r) == "零元整" {
		return 0, nil
	}
	for _, c := range r {
		if stage == 4 {
			return 0, errors.New("text after 整")
		}
		switch d, isDigit := digits[c]; {
		case isDigit:
			if digit != 0 {
				return 0, errors.New("two digits in a row")
			}
			digit = d
		case c == '零':
			if digit != 0 {
				return 0, errors.New("零 after a digit")
			}
		case small[c] != 0:
			u := small[c]
			if digit == 0 || stage != 0 || u >= lastSmall {
				return 0, fmt.Errorf("%c out of place", c)
			}
			section += digit * u
			digit, lastSmall = 0, u
		case big[c].mul != 0:
			if stage != 0 {
				return 0, fmt.Errorf("%c out of place", c)
			}
			b := big[c]
			v := section + digit
			section, digit, lastSmall = 0, 0, math.MaxUint64
			for len(terms) > 0 && terms[len(terms)-1].exp < b.exp {
				v += terms[len(terms)-1].v
				terms = terms[:len(terms)-1]
			}
			if v == 0 {
				if c != '亿' || prev != '亿' || terms[len(terms)-1].exp != 8 {
					return 0, fmt.Errorf("%c without a number", c)
				}
				top := &terms[len(terms)-1]
				top.v *= 1e8
				top.exp = 16
				break
			}
			v *= b.mul
			if len(terms) > 0 && terms[len(terms)-1].v <= v {
				return 0, errors.New("units out of order")
			}
			terms = append(terms, term{v, b.exp})
		case c == '元':
			if stage != 0 {
				return 0, errors.New("元 out of place")
			}
			yuan = section + digit
			for _, t := range terms {
				yuan += t.v
			}
			if yuan == 0 {
				return 0, errors.New("元 without a number")
			}
			digit, stage = 0, 1
		case c == '角' || c == '分':
			want := map[rune]int{'角': 1, '分': 2}[c]
			if digit == 0 || stage > want || (stage == 0 && (section != 0 || len(terms) != 0)) {
				return 0, fmt.Errorf("%c out of place", c)
			}
			frac += digit * map[rune]uint64{'角': 10, '分': 1}[c]
			digit, stage = 0, want+1
		case c == '整':
			if digit != 0 || stage == 0 || stage == 3 {
				return 0, errors.New("整 out of place")
			}
			stage = 4
		default:
			return 0, fmt.Errorf("unexpected %q", c)
		}
		prev = c
	}
	if digit != 0 || stage == 0 {
		return 0, errors.New("unfinished")
	}
	f := yuan*100 + frac
	if f > math.MaxInt64 {
		return 0, errors.New("out of range")
	}
	if neg {
		return -int64(f), nil
	}
	return int64(f), nil
}

// capitalsInvariants states the rules of the capitals as properties of the text alone,
// given the amount's fen.
func capitalsInvariants(s string, f int64) error {
	a := uint64(f)
	if f < 0 {
		a = uint64(-f)
		if !strings.HasPrefix(s, "负") {
			return fmt.Errorf("%s: negative without 负", s)
		}
		s = strings.TrimPrefix(s, "负")
	}
	yuan, jiao, fen := a/100, a/10%10, a%10
	r := []rune(s)
	for i, c := range r {
		if !strings.ContainsRune("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整", c) {
			return fmt.Errorf("%s: character %c", s, c)
		}
		if c == '零' && a != 0 && (i+1 == len(r) || !strings.ContainsRune("壹贰叁肆伍陆柒捌玖", r[i+1])) {
			return fmt.Errorf("%s: 零 not followed by a non-zero digit", s)
		}
		if c == '拾' && (i == 0 || !strings.ContainsRune("壹贰叁肆伍陆柒捌玖", r[i-1])) {
			return fmt.Errorf("%s: 拾 without its digit", s)
		}
	}
	switch {
	case strings.Contains(s, "零零"):
		return fmt.Errorf("%s: two 零 in a row", s)
	case strings.HasSuffix(s, "整") != (fen == 0):
		return fmt.Errorf("%s: 整 must close exactly the amounts without fen", s)
	case strings.Count(s, "整") > 1:
		return fmt.Errorf("%s: more than one 整", s)
	case strings.Contains(s, "元") != (yuan > 0 || a == 0):
		return fmt.Errorf("%s: 元 must follow exactly the amounts of one yuan or more", s)
	case strings.Contains(s, "角") != (jiao > 0), strings.Contains(s, "分") != (fen > 0):
		return fmt.Errorf("%s: 角 and 分 must appear exactly for their digits", s)
	case yuan > 0 && (jiao > 0 || fen > 0) && strings.Contains(s, "元零") != (yuan%10 == 0 || jiao == 0):
		return fmt.Errorf("%s: 零 after 元 exactly when the yuan end in 0 or there are no jiao", s)
	}
	return nil
}

func TestParseCapitals_refuses(t *testing.T) {
	// The reader is the judge of the round trip: it must not accept what is malformed.
	for _, s := range []string{"", "拾元整", "壹壹元整", "壹佰壹仟元整", "壹元整整", "壹元整伍角", "伍分整",
		"壹万万元整", "万元整", "壹元伍分伍角", "壹", "壹零元整", "元整", "壹亿壹亿元整", "亿亿元整", "壹亿亿亿元整"} {
		if f, err := parseCapitals(s); err == nil {
			t.Errorf("parseCapitals(%s) = %d, want an error", s, f)
		}
	}
}

func BenchmarkMoney_Capitals(b *testing.B) {
	m := money.MustMoney("123456789012.34")
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Capitals()
	}
}
