package strictjson_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
	"github.com/jinzhi-dev/jinzhi/strictjson"
)

type step struct {
	Role  string      `json:"role"`
	Above money.Money `json:"above"`
}

type target struct {
	Name   string            `json:"name"`
	Count  int8              `json:"count"`
	Amount money.Money       `json:"amount"`
	Rate   *money.Rate       `json:"rate,omitempty"`
	Steps  []step            `json:"steps"`
	Limits map[string]int    `json:"limits"`
	Inner  struct{ On bool } `json:"inner"`
}

func TestParse_syntax(t *testing.T) {
	for _, tc := range []struct {
		in   string
		kind error
		line int
	}{
		{"", strictjson.ErrEmpty, 1},
		{"  \n ", strictjson.ErrEmpty, 2},
		{`{"a":`, strictjson.ErrTruncated, 1},
		{`{"a":1} {}`, strictjson.ErrTrailing, 1},
		{`{"a":1}]`, strictjson.ErrTrailing, 1},
		{"{\n\"a\": tru}", strictjson.ErrSyntax, 2},
		{`{"a":01}`, strictjson.ErrSyntax, 1},
		{`{"a":1.}`, strictjson.ErrSyntax, 1},
		{`{"a":"\x"}`, strictjson.ErrSyntax, 1},
		{"{\"a\":\"\t\"}", strictjson.ErrSyntax, 1},
		{`{a:1}`, strictjson.ErrSyntax, 1},
	} {
		_, err := strictjson.Parse([]byte(tc.in))
		var se *strictjson.SyntaxError
		if !errors.As(err, &se) || !errors.Is(err, tc.kind) || se.Line != tc.line {
			t.Errorf("Parse(%q) = %v, want %v on line %d", tc.in, err, tc.kind, tc.line)
		}
	}
}

// TestParse_problems holds what encoding/json accepts silently: a key
// given twice, NUL characters, invalid UTF-8 and lone surrogates, each
// named by its path.
func TestParse_problems(t *testing.T) {
	for _, tc := range []struct {
		in, path  string
		reason    error
		malformed bool
	}{
		{`{"a":{"b":1,"b":2}}`, "a.b", check.ErrDuplicate, true},
		{`{"a":["x","y\u0000"]}`, "a[1]", check.ErrEncoding, false},
		{"{\"a\":\"\xff\"}", "a", check.ErrEncoding, true},
		{`{"a":"\ud800"}`, "a", check.ErrEncoding, true},
		{`{"a":"\udc00\ud800"}`, "a", check.ErrEncoding, true},
		{`{"a":"\ud800\u0041"}`, "a", check.ErrEncoding, true},
	} {
		_, err := strictjson.Parse([]byte(tc.in))
		var ps *check.Problems
		if !errors.As(err, &ps) || len(ps.Fields) != 1 {
			t.Errorf("Parse(%q) = %v, want one problem", tc.in, err)
			continue
		}
		fe := ps.Fields[0]
		if fe.Field != tc.path || !errors.Is(&fe, tc.reason) || strictjson.Malformed(fe) != tc.malformed {
			t.Errorf("Parse(%q): %s %v malformed %v; want %s %v %v", tc.in, fe.Field, fe.Err, strictjson.Malformed(fe), tc.path, tc.reason, tc.malformed)
		}
	}
	v, err := strictjson.Parse([]byte(`{"a":"\ud83d\ude00","b":[1,-2.5e3,true,null]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": "😀", "b": []any{json.Number("1"), json.Number("-2.5e3"), true, nil}}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("Parse = %#v", v)
	}
}

func TestDecode(t *testing.T) {
	var v target
	err := strictjson.Decode([]byte(`{"name":1,"count":300,"amount":100,"rate":"8.5%","steps":[{"role":"x","size":1}],"extra":true,"inner":[]}`), &v)
	var ps *check.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Decode = %v", err)
	}
	got := map[string]error{}
	for _, fe := range ps.Fields {
		got[fe.Field] = fe.Err
	}
	want := map[string]error{
		"name": check.ErrType, "count": check.ErrRange, "amount": check.ErrFormat, "rate": check.ErrFormat,
		"steps[0].size": check.ErrUnknownField, "extra": check.ErrUnknownField, "inner": check.ErrType,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	msgs := check.Merge(check.FieldMessages(), strictjson.Messages())
	if err := msgs.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, fe := range ps.Fields {
		if fe.Field == "amount" && msgs.RenderField(fe, check.ZH) == fe.Message {
			t.Errorf("amount has no Chinese message: %s", fe.Message)
		}
	}

	// "Name" and "name" both fill Name: encoding/json would pick one.
	err = strictjson.Decode([]byte(`{"Name":"a","name":"b"}`), &v)
	if !errors.Is(err, check.ErrDuplicate) {
		t.Errorf("keys differing in case only: %v", err)
	}

	if err := strictjson.Decode([]byte(`{"name":"张三","count":-128,"amount":"1.00","rate":null,"limits":{"a":1}}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.Name != "张三" || v.Count != -128 || v.Amount.String() != "1.00" || v.Limits["a"] != 1 {
		t.Errorf("decoded %+v", v)
	}
}

// TestDecodeOnto holds the policy-file regression: a list in the input
// replaces the default list; it is not merged into it element by element,
// which made a two-step approval matrix take its second step's threshold
// from the default's.
func TestDecodeOnto(t *testing.T) {
	def := func() target {
		return target{
			Name:   "default",
			Steps:  []step{{Role: "department_manager"}, {Role: "risk_officer", Above: money.MustMoney("1000000.00")}},
			Limits: map[string]int{"a": 1, "b": 2},
		}
	}
	v := def()
	if err := strictjson.DecodeOnto([]byte(`{"steps":[{"role":"department_manager"},{"role":"department_manager"}],"limits":{"b":3}}`), &v); err != nil {
		t.Fatal(err)
	}
	want := []step{{Role: "department_manager"}, {Role: "department_manager"}}
	if !reflect.DeepEqual(v.Steps, want) {
		t.Errorf("steps %+v, want %+v", v.Steps, want)
	}
	if v.Name != "default" || v.Limits["a"] != 1 || v.Limits["b"] != 3 {
		t.Errorf("objects merge member by member: %+v", v)
	}
	v = def()
	if err := strictjson.DecodeOnto([]byte(`{"steps":[]}`), &v); err != nil || len(v.Steps) != 0 {
		t.Errorf("an empty list replaces the default: %+v, %v", v.Steps, err)
	}
	v = def()
	if err := strictjson.DecodeOnto([]byte(`{"name":"x"}`), &v); err != nil || len(v.Steps) != 2 {
		t.Errorf("a list the input does not name stays: %+v, %v", v.Steps, err)
	}
}

// FuzzParse checks that what Parse accepts, encoding/json reads the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,"x",{"b":null}]}`, `"\ud83d\ude00"`, `[1e5,-0.5]`, `{"a":1,"a":2}`, "\"\xff\"", `{"a":"\u0000"}`, ``, `{} {}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := strictjson.Parse(data)
		if err != nil {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var w any
		if err := dec.Decode(&w); err != nil {
			t.Fatalf("Parse accepted %q, encoding/json refuses it: %v", data, err)
		}
		if !reflect.DeepEqual(v, w) {
			t.Fatalf("Parse(%q) = %#v, encoding/json %#v", data, v, w)
		}
	})
}
