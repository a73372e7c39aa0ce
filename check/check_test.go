package check_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jinzhi-dev/jinzhi/check"
)

var msgs = check.Merge(check.FieldMessages(), check.Messages{
	"t.coverage": {EN: "coverage {ratio} is below the minimum {min}", ZH: "覆盖率 {ratio} 低于下限 {min}"},
	"t.kind":     {EN: "a {@kind} is pledged", ZH: "{@kind}应当质押"},
	"t.term":     {EN: "receivable", ZH: "应收账款"},
})

func TestMessages_Render(t *testing.T) {
	for _, tc := range []struct {
		lang      check.Lang
		key       string
		p         check.Params
		want      string
		wantOther string
	}{
		{check.ZH, "t.coverage", check.Params{"ratio": "0.95", "min": "1.00"}, "覆盖率 0.95 低于下限 1.00", ""},
		{check.EN, "t.coverage", check.Params{"ratio": "0.95", "min": "1.00"}, "coverage 0.95 is below the minimum 1.00", ""},
		{check.ZH, "t.kind", check.Params{"kind": "t.term"}, "应收账款应当质押", ""},
		{check.EN, "t.kind", check.Params{"kind": "t.term"}, "a receivable is pledged", ""},
		{check.EN, "t.kind", check.Params{"kind": "no.such.term"}, "a no.such.term is pledged", ""},
		{check.EN, "t.coverage", check.Params{"ratio": "0.95"}, "coverage 0.95 is below the minimum {min}", ""},
		{check.ZH, "no.such.key", nil, "no.such.key", ""},
		{check.Lang("fr"), "field.required", nil, "is required", ""},
	} {
		if got := msgs.Render(tc.lang, tc.key, tc.p); got != tc.want {
			t.Errorf("Render(%s, %s, %v) = %q, want %q", tc.lang, tc.key, tc.p, got, tc.want)
		}
	}
}

func TestMessages_RenderResultAndField(t *testing.T) {
	r := check.Result{Rule: "x", Key: "t.coverage", Params: check.Params{"ratio": "0.95", "min": "1.00"}, Message: "coverage 0.95 is below the minimum 1.00"}
	if got := msgs.RenderResult(r, check.ZH); got != "覆盖率 0.95 低于下限 1.00" {
		t.Errorf("RenderResult zh = %q", got)
	}
	keyless := check.Result{Rule: "lender.own", Message: "the lender's own words"}
	if got := msgs.RenderResult(keyless, check.ZH); got != keyless.Message {
		t.Errorf("a result without a key keeps its message, got %q", got)
	}
	fe := check.TooLong("applicant.name", 200)
	if fe.Message != "must be at most 200 characters" {
		t.Errorf("TooLong message %q", fe.Message)
	}
	if got := msgs.RenderField(fe, check.ZH); got != "不得超过 200 个字符" {
		t.Errorf("RenderField zh = %q", got)
	}
	if got := msgs.RenderField(check.WrongType("a", "integer"), check.ZH); got != "必须是整数" {
		t.Errorf("WrongType zh = %q", got)
	}
	if got := check.WrongType("a", "integer").Message; got != "must be an integer" {
		t.Errorf("WrongType en = %q", got)
	}
}

func TestMessages_Validate(t *testing.T) {
	if err := check.FieldMessages().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := check.Messages{
		"no.zh":    {EN: "only English"},
		"mismatch": {EN: "{a} and {b}", ZH: "{a}"},
	}
	err := bad.Validate()
	if err == nil || !strings.Contains(err.Error(), "no.zh") || !strings.Contains(err.Error(), "mismatch") {
		t.Fatalf("Validate = %v, want both problems", err)
	}
}

func TestMerge_duplicate(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("a key defined twice must panic")
		}
	}()
	check.Merge(check.Messages{"a": {EN: "a", ZH: "甲"}}, check.Messages{"a": {EN: "b", ZH: "乙"}})
}

func TestProblems(t *testing.T) {
	var p check.Problems
	if p.Err() != nil {
		t.Fatal("no problem, no error")
	}
	p.RequiredText("name", " ", 10)
	p.Text("address", strings.Repeat("长", 11), 10)
	p.Text("note", "a\x00b", 10)
	p.OneOf("kind", "robot", "person", "organization")
	p.OptionalOneOf("status", "", "single")
	p.Under("collateral[2]", []check.FieldError{check.Required("owners[0].name"), check.Required("")})
	p.Under("x", []check.FieldError{check.Required("[1]")})
	p.Count("owners", 3, 2)
	p.Between("term_months", 0, 1, 600)
	err := p.Err()
	var fields []string
	for _, fe := range p.Fields {
		fields = append(fields, fe.Field)
	}
	want := []string{"name", "address", "note", "kind", "collateral[2].owners[0].name", "collateral[2]", "x[1]", "owners", "term_months"}
	if strings.Join(fields, " ") != strings.Join(want, " ") {
		t.Fatalf("fields %v, want %v", fields, want)
	}
	for _, reason := range []error{check.ErrRequired, check.ErrTooLong, check.ErrEncoding, check.ErrOneOf, check.ErrTooMany, check.ErrRange} {
		if !errors.Is(err, reason) {
			t.Errorf("errors.Is(err, %v) = false", reason)
		}
	}
	if errors.Is(err, check.ErrChecksum) {
		t.Error("errors.Is finds a reason no problem has")
	}
	var fe *check.FieldError
	if !errors.As(err, &fe) || fe.Field != "name" {
		t.Errorf("errors.As finds %v", fe)
	}
	if got := p.Fields[3].Value; got != "robot" {
		t.Errorf("the offending value is kept: %q", got)
	}
	if !strings.HasPrefix(err.Error(), "name: is required; address: must be at most 10 characters") {
		t.Errorf("Error() = %q", err)
	}
	p.Add(check.Required("later"))
	if len(err.(*check.Problems).Fields) != len(want) {
		t.Error("Err returns a copy: later problems do not change an error already returned")
	}
}

func TestShown(t *testing.T) {
	if got := check.Shown("1e6"); got != "1e6" {
		t.Errorf("Shown(1e6) = %q", got)
	}
	long := strings.Repeat("长", 100000)
	got := check.Shown(long)
	if got != strings.Repeat("长", 40)+"…" {
		t.Errorf("Shown cuts to 40 characters, got %d runes", len([]rune(got)))
	}
	if got := check.Shown("a\xffb"); got != "a\uFFFDb" {
		t.Errorf("Shown repairs invalid UTF-8, got %q", got)
	}
}

func TestSeverity_Valid(t *testing.T) {
	for _, s := range []check.Severity{check.Block, check.Warn, check.Info} {
		if !s.Valid() {
			t.Errorf("%s is valid", s)
		}
	}
	if check.Severity("fatal").Valid() || check.Severity("").Valid() {
		t.Error("only the three severities are valid")
	}
}

func TestMessages_RenderPercent(t *testing.T) {
	m := check.Messages{
		"t.dsr": {EN: "DSR {dsr%} above {max%}", ZH: "债务收入比 {dsr%} 超过上限 {max%}"},
		"t.apr": {EN: "IRR {nominal%4}", ZH: "年化利率 {nominal%4}"},
		"t.odd": {EN: "{x%} {x%12} {x%a}", ZH: "{x%} {x%12} {x%a}"},
	}
	for _, tc := range []struct {
		key  string
		p    check.Params
		want string
	}{
		{"t.dsr", check.Params{"dsr": "0.5623", "max": "0.50"}, "债务收入比 56.23% 超过上限 50.00%"},
		{"t.dsr", check.Params{"dsr": "0.50004", "max": "0.5"}, "债务收入比 50.004% 超过上限 50.00%"},
		{"t.apr", check.Params{"nominal": "0.0849999922"}, "年化利率 8.50%"},
		{"t.apr", check.Params{"nominal": "0.0912345678"}, "年化利率 9.1235%"},
		// A value that is not a fraction (a snapshot that stored "50.00%",
		// a "?") shows as it is, and so does a precision out of range.
		{"t.dsr", check.Params{"dsr": "?", "max": "50.00%"}, "债务收入比 ? 超过上限 50.00%"},
		{"t.odd", check.Params{"x": "0.1"}, "10.00% 0.1 0.1"},
		{"t.dsr", check.Params{"max": "0.5"}, "债务收入比 {dsr%} 超过上限 50.00%"},
	} {
		if got := m.Render(check.ZH, tc.key, tc.p); got != tc.want {
			t.Errorf("Render(%s, %v) = %q, want %q", tc.key, tc.p, got, tc.want)
		}
	}
	if got := m.Render(check.EN, "t.apr", check.Params{"nominal": "0.12"}); got != "IRR 12.00%" {
		t.Errorf("en: %q", got)
	}
	if err := m.Validate(); err != nil {
		t.Error(err)
	}
	bad := check.Messages{"t": {EN: "{x%}", ZH: "{x}"}}
	if bad.Validate() == nil {
		t.Error("the two languages must show a parameter the same way")
	}
}
