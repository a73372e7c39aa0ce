package identity

import (
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDetailZH: every way a number fails has its Chinese words, with no
// English word in them (the letters of the number itself aside).
func TestDetailZH(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	english := regexp.MustCompile(`[A-Za-z]{2,}`)
	for _, tc := range []struct {
		name, input string
		parse       func(string) error
		want        string
	}{
		{"resident checksum", "11010519491231002Y", resident(now), "第 18 位为“Y”，应为数字或 X"},
		{"resident check character", "110105194912310020", resident(now), "第 18 位为 0，应为 X"},
		{"resident length", "1101051949123100", resident(now), "共 16 位，应为 18 位（一代证 15 位）"},
		{"resident character", "11010519491231A02X", resident(now), "第 15 位为“A”，应为数字"},
		{"resident month", "110105194913310021", resident(now), "出生日期的月份为 13"},
		{"resident day", "110105194902300020", resident(now), "出生日期的日为 30，但该月只有 28 天"},
		{"legacy character", "11010549123100A", resident(now), "第 15 位为“A”，应为数字"},
		{"credit length", "91350100M000100Y4", credit, "共 17 位，应为 18 位"},
		{"credit character", "91350100M000100Y4I", credit, "第 18 位为“I”；应为数字或 I、O、S、V、Z 以外的字母"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.parse(tc.input)
			require.Error(t, err)
			zh := DetailZH(err)
			assert.Contains(t, zh, tc.want, err.Error())
			assert.Empty(t, english.FindString(zh), zh)
		})
	}
	assert.Empty(t, DetailZH(assert.AnError), "not an error of this package")
}

func resident(now time.Time) func(string) error {
	return func(s string) error { _, err := parseResidentID(s, now); return err }
}

func credit(s string) error { _, err := ParseCreditCode(s); return err }
