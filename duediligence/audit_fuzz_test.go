package duediligence_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dd "github.com/jinzhi-dev/jinzhi/duediligence"
)

func TestParseAuditKey(t *testing.T) {
	k := dd.GenerateAuditKey()
	for _, text := range []string{k.Text(), " " + strings.ToUpper(k.Text()) + "\n"} {
		got, err := dd.ParseAuditKey(text)
		require.NoError(t, err)
		assert.Equal(t, k.ID(), got.ID())
	}
	got, err := dd.ParseAuditKey("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=") // base64 of 32 bytes
	require.NoError(t, err)
	assert.Len(t, got.ID(), 16)
	for text, want := range map[string]string{
		"":                 "empty",
		"00ff":             "at least 32 bytes",
		"not a key at all": "neither hex nor base64",
	} {
		_, err := dd.ParseAuditKey(text)
		assert.ErrorContains(t, err, want, text)
		assert.ErrorIs(t, err, dd.ErrInvalid)
	}
}

func TestParseAuditHead(t *testing.T) {
	d := strings.Repeat("ab", 32)
	h, err := dd.ParseAuditHead("jzh1.3.12." + d + "." + d + "\n")
	require.NoError(t, err)
	assert.Equal(t, dd.AuditHead{Streams: 3, Events: 12, Digest: d, MAC: d}, h)
	assert.Equal(t, "jzh1.3.12."+d+"."+d, h.String())
	for _, bad := range []string{"", "jzh1", "jzh2.3.12." + d + "." + d, "jzh1.-1.12." + d + "." + d, "jzh1.3.x." + d + "." + d,
		"jzh1.3.12.abcd." + d, "jzh1.3.12." + d + "." + d + ".x"} {
		_, err := dd.ParseAuditHead(bad)
		assert.ErrorContains(t, err, "is not an audit head", bad)
	}
}

// FuzzParseAuditHead: what jinzhi audit verify --since reads from the
// command line either parses and prints back the same, or is refused.
func FuzzParseAuditHead(f *testing.F) {
	d := strings.Repeat("0f", 32)
	f.Add("jzh1.3.12." + d + "." + d)
	f.Add("jzh1...")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := dd.ParseAuditHead(s)
		if err != nil {
			return
		}
		back, err := dd.ParseAuditHead(h.String())
		require.NoError(t, err)
		assert.Equal(t, h, back)
	})
}

// FuzzParseAuditKey: a key from the environment or a file parses to a key
// of at least 32 bytes, or is refused.
func FuzzParseAuditKey(f *testing.F) {
	f.Add(strings.Repeat("a", 64))
	f.Add("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := dd.ParseAuditKey(s)
		if err != nil {
			return
		}
		again, err := dd.ParseAuditKey(k.Text())
		require.NoError(t, err)
		assert.Equal(t, k.ID(), again.ID())
		assert.GreaterOrEqual(t, len(k.Text()), 2*dd.MinAuditKeyBytes)
	})
}

func TestParseAuditKey_SeveralLines(t *testing.T) {
	next, old := dd.GenerateAuditKey(), dd.GenerateAuditKey()
	k, err := dd.ParseAuditKey(next.Text() + "\n\n# the key before 2026-12\n" + old.Text() + "\n" + next.Text() + "\n")
	require.NoError(t, err)
	assert.Equal(t, next.ID(), k.ID(), "the first line signs")
	assert.Equal(t, []string{next.ID(), old.ID()}, k.IDs(), "every line verifies, each key once")
	assert.Equal(t, []string{next.ID()}, k.Signer().IDs())
	_, err = dd.ParseAuditKey(next.Text() + "\n" + "00ff\n")
	assert.ErrorContains(t, err, "line 2: an audit key needs at least 32 bytes")
	_, err = dd.ParseAuditKey("\n# nothing\n")
	assert.ErrorContains(t, err, "empty")
}
