package store

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/govalues/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

var update = flag.Bool("update", false, "rewrite testdata/case.v2.json from goldenCase")

// The fixtures of every stored version, each of which must read back as
// goldenCase (see format.go):
//   - case.v1.json: goldenCase as the store wrote it before it had a format
//     of its own (f3734d6, the JSON of duediligence.Case);
//   - case.v1-derived.json: a case stored by the service of 5b8107f^, which
//     saved the figures it derives (valuation, exposure, coverage, mutual);
//   - case.v2.json: goldenCase in the current format.
//
// The version 1 files were written by that code, not by this one, and are
// never rewritten.

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return b
}

func TestCaseFormat_V2Golden(t *testing.T) {
	got, err := encodeCase(goldenCase())
	require.NoError(t, err)
	if *update {
		var pretty bytes.Buffer
		require.NoError(t, json.Indent(&pretty, got, "", "  "))
		require.NoError(t, os.WriteFile("testdata/case.v2.json", append(pretty.Bytes(), '\n'), 0o644))
	}
	var want bytes.Buffer
	require.NoError(t, json.Compact(&want, readFixture(t, "case.v2.json")))
	assert.Equal(t, want.String(), string(got), "the stored format changed: bump schemaVersion and add an upgrade, or run go test -run V2Golden -update for an additive change")

	c, err := decodeCase(2, readFixture(t, "case.v2.json"))
	require.NoError(t, err)
	assert.Equal(t, goldenCase(), c)
}

func TestCaseFormat_V1(t *testing.T) {
	c, err := decodeCase(1, readFixture(t, "case.v1.json"))
	require.NoError(t, err)
	assert.Equal(t, goldenV1(), c, "version 1 reads back whole")
}

func TestCaseFormat_V1Derived(t *testing.T) {
	c, err := decodeCase(1, readFixture(t, "case.v1-derived.json"))
	require.NoError(t, err)
	assert.Nil(t, c.Coverage, "derived figures are dropped")
	require.Len(t, c.Collateral, 1)
	assert.Nil(t, c.Collateral[0].Valuation)
	assert.Nil(t, c.Collateral[0].Exposure)
	require.Len(t, c.Guarantees, 1)
	assert.Nil(t, c.Guarantees[0].Mutual)
	assert.Equal(t, "皖(2019)长丰县不动产权第0000001号", c.Collateral[0].TitleNumber, "the facts stay")
	require.Len(t, c.Collateral[0].Appraisals, 1)
	assert.Equal(t, "1200000.00", c.Collateral[0].Appraisals[0].Value.String())
	assert.Equal(t, "91350100M000100Y43", c.Guarantees[0].Guarantor.CreditCode)
	require.Len(t, c.Findings, 1)

	again, err := encodeCase(c)
	require.NoError(t, err)
	back, err := decodeCase(schemaVersion, again)
	require.NoError(t, err)
	assert.Equal(t, c, back, "what version 1 held survives a rewrite in the current version")
}

func TestCaseFormat_Strict(t *testing.T) {
	v2 := readFixture(t, "case.v2.json")
	v1 := readFixture(t, "case.v1.json")
	for _, tt := range []struct {
		name    string
		version int
		body    []byte
		want    string
	}{
		{"unknown field", 2, bytes.Replace(v2, []byte(`"stage"`), []byte(`"stagee": "x", "stage"`), 1), "stagee"},
		{"unknown nested field", 2, bytes.Replace(v2, []byte(`"sha256"`), []byte(`"sha512": "x", "sha256"`), 1), "sha512"},
		{"unknown field of version 1", 1, bytes.Replace(v1, []byte(`"stage"`), []byte(`"stagee":"x","stage"`), 1), "stagee"},
		{"a renamed field", 2, bytes.Replace(v2, []byte(`"owner_name"`), []byte(`"ownerName"`), 1), "ownerName"},
		{"newer version", 3, v2, "versions 1 to 2"},
		{"no version", 0, v2, "versions 1 to 2"},
		{"a bad amount", 2, bytes.Replace(v2, []byte(`"500000.00"`), []byte(`"500,000.00"`), 1), "500,000.00"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeCase(tt.version, tt.body)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

// TestCaseFormat_EveryField fills every field duediligence.Case holds, down
// to the leaves, and checks that it survives the stored format: a field
// added to the domain but not to the store's types fails here, named by its
// path.
func TestCaseFormat_EveryField(t *testing.T) {
	var c duediligence.Case
	fill(t, reflect.ValueOf(&c).Elem(), "case", 0)
	body, err := encodeCase(&c)
	require.NoError(t, err)
	got, err := decodeCase(schemaVersion, body)
	require.NoError(t, err)
	assert.Equal(t, &c, got)
}

// derivedFields are filled by the service on read, never stored.
var derivedFields = map[string]bool{
	"case.Coverage":                true,
	"case.Collateral[0].Valuation": true,
	"case.Collateral[0].Exposure":  true,
	"case.Guarantees[0].Mutual":    true,
	"case.Contracting.Contracts":   true,
	"case.History":                 true,
}

// fill sets v, and everything it holds, to a value that is not its zero,
// derived from path where it is text so that a lost field names itself.
func fill(t *testing.T, v reflect.Value, path string, depth int) {
	t.Helper()
	switch v.Interface().(type) {
	case time.Time:
		v.Set(reflect.ValueOf(goldenTime.Add(time.Duration(len(path)) * time.Second)))
		return
	case money.Money:
		v.Set(reflect.ValueOf(money.MustMoney(fmt.Sprintf("%d.25", len(path)))))
		return
	case money.Rate:
		v.Set(reflect.ValueOf(money.MustRate("0.0435")))
		return
	case money.Date:
		v.Set(reflect.ValueOf(money.MustDate("2026-02-28")))
		return
	case decimal.Decimal:
		v.Set(reflect.ValueOf(decimal.MustParse("1.2300")))
		return
	case collateral.Share:
		v.Set(reflect.ValueOf(collateral.MustShare("1/3")))
		return
	case []byte: // a frozen report's bytes: kept as they are
		v.SetBytes([]byte(path))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(path)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(len(path)))
	case reflect.Pointer:
		if depth > 3 {
			return // a spouse's spouse's …
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), path, depth+1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(t, v.Index(0), path+"[0]", depth)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		key, val := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(t, key, path+".key", depth)
		fill(t, val, path+".value", depth)
		v.SetMapIndex(key, val)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				t.Fatalf("%s: %s has unexported fields; teach fill its value", path, v.Type())
			}
			p := path + "." + f.Name
			if f.Anonymous {
				p = path
			}
			if derivedFields[p] {
				continue
			}
			fill(t, v.Field(i), p, depth)
		}
	default:
		t.Fatalf("%s: fill does not know %s", path, v.Type())
	}
}
