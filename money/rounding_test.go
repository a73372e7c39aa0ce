package money_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

func TestRounding_Round(t *testing.T) {
	tests := []struct {
		in       string
		scale    int
		up, even string
	}{
		{"0.125", 2, "0.13", "0.12"},
		{"0.135", 2, "0.14", "0.14"},
		{"-0.125", 2, "-0.13", "-0.12"},
		{"0.1249999999999999999", 2, "0.12", "0.12"},
		{"0.1250000000000000001", 2, "0.13", "0.13"},
		{"2.5", 0, "3", "2"},
		{"-2.5", 0, "-3", "-2"},
		{"9.995", 2, "10.00", "10.00"},
		{"1.2", 2, "1.2", "1.2"},
		{"0.005", 2, "0.01", "0.00"},
		{"9999999999999.995", 2, "10000000000000.00", "10000000000000.00"},
	}
	for _, tt := range tests {
		d := decimal.MustParse(tt.in)
		if got := money.HalfUp.Round(d, tt.scale).String(); got != tt.up {
			t.Errorf("HalfUp.Round(%s, %d) = %s, want %s", tt.in, tt.scale, got, tt.up)
		}
		if got := money.Rounding("").Round(d, tt.scale).String(); got != tt.up {
			t.Errorf("zero Rounding.Round(%s, %d) = %s, want %s", tt.in, tt.scale, got, tt.up)
		}
		if got := money.HalfEven.Round(d, tt.scale).String(); got != tt.even {
			t.Errorf("HalfEven.Round(%s, %d) = %s, want %s", tt.in, tt.scale, got, tt.even)
		}
	}
}

func TestParseRounding(t *testing.T) {
	for in, want := range map[string]money.Rounding{"": money.HalfUp, "half_up": money.HalfUp, "half_even": money.HalfEven} {
		if got, err := money.ParseRounding(in); err != nil || got != want {
			t.Errorf("ParseRounding(%q) = %q, %v", in, got, err)
		}
	}
	var r money.Rounding
	if err := json.Unmarshal([]byte(`"bankers"`), &r); err == nil {
		t.Error("unknown rounding accepted")
	}
	if money.Rounding("").String() != "half_up" {
		t.Error("zero Rounding does not print as half_up")
	}
}

func TestDate_JSONAndSQL(t *testing.T) {
	type doc struct {
		D money.Date `json:"d"`
	}
	b, err := json.Marshal(doc{money.MustDate("2025-01-31")})
	if err != nil || string(b) != `{"d":"2025-01-31"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	if b, err := json.Marshal(doc{}); err != nil || string(b) != `{"d":""}` {
		t.Errorf("zero date = %s, %v", b, err)
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"d":"2024-02-29"}`), &d); err != nil || d.D.String() != "2024-02-29" {
		t.Errorf("Unmarshal = %s, %v", d.D, err)
	}
	for _, bad := range []string{`{"d":"2025-02-29"}`, `{"d":20250101}`, `{"d":"2025-01-01T00:00:00Z"}`} {
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if _, err := json.Marshal(doc{money.Date{Year: 2025, Month: 2, Day: 30}}); err == nil {
		t.Error("invalid date marshalled")
	}
	var s money.Date
	for _, src := range []any{"2025-03-01", []byte("2025-03-01"), time.Date(2025, 3, 1, 23, 0, 0, 0, time.UTC)} {
		if err := s.Scan(src); err != nil || s.String() != "2025-03-01" {
			t.Errorf("Scan(%#v) = %s, %v", src, s, err)
		}
	}
	if err := s.Scan(int64(20250301)); err == nil {
		t.Error("Scan(int64) accepted")
	}
	if v, err := s.Value(); err != nil || v != "2025-03-01" {
		t.Errorf("Value = %v, %v", v, err)
	}
	if _, err := money.NewDate(2025, time.February, 29); err == nil {
		t.Error("NewDate(2025-02-29) accepted")
	}
	a, b2 := money.MustDate("2025-01-01"), money.MustDate("2025-01-02")
	if !a.Before(b2) || !b2.After(a) || a.Compare(a) != 0 {
		t.Error("date order wrong")
	}
}
