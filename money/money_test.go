package money_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"123", "123.00", false},
		{"123.4", "123.40", false},
		{"123.45", "123.45", false},
		{"-5.00", "-5.00", false},
		{"0", "0.00", false},
		{"-0", "0.00", false},
		{"00012.30", "12.30", false},
		{"92233720368547758.07", "92233720368547758.07", false},
		{"-92233720368547758.07", "-92233720368547758.07", false},
		{"92233720368547758.08", "", true},
		{"-92233720368547758.08", "", true},
		{"99999999999999999999999", "", true},
		{"123.456", "", true},
		{"1e3", "", true},
		{"1E3", "", true},
		{"", "", true},
		{"NaN", "", true},
		{"Inf", "", true},
		{" 1", "", true},
		{"1 ", "", true},
		{"+1", "", true},
		{".5", "", true},
		{"5.", "", true},
		{"-", "", true},
		{"1,000", "", true},
		{"100000000000000000.00", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, err := money.ParseMoney(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseMoney(%q) = %s, want error", tt.in, m)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseMoney(%q): %v", tt.in, err)
			}
			if got := m.String(); got != tt.want {
				t.Errorf("ParseMoney(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestMoney_zeroValue(t *testing.T) {
	var m money.Money
	if m.String() != "0.00" || !m.IsZero() || m.Sign() != 0 {
		t.Errorf("Money{} = %s, IsZero %v", m, m.IsZero())
	}
	if m.Cmp(money.MustMoney("0")) != 0 {
		t.Error("Money{} != 0.00")
	}
	if got := m.Decimal().Scale(); got != 2 {
		t.Errorf("Money{}.Decimal().Scale() = %d, want 2", got)
	}
	s, err := m.Add(money.MustMoney("1.5"))
	if err != nil || s.String() != "1.50" {
		t.Errorf("Money{}.Add(1.5) = %s, %v", s, err)
	}
}

func TestNewMoney(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"1.2300", "1.23", false},
		{"1.231", "", true},
		{"7", "7.00", false},
		{"1234567890123456789", "", true},
	}
	for _, tt := range tests {
		m, err := money.NewMoney(decimal.MustParse(tt.in))
		if (err != nil) != tt.wantErr {
			t.Fatalf("NewMoney(%s) err = %v, wantErr %v", tt.in, err, tt.wantErr)
		}
		if err == nil && m.String() != tt.want {
			t.Errorf("NewMoney(%s) = %s, want %s", tt.in, m, tt.want)
		}
	}
}

func TestMoney_arithmetic(t *testing.T) {
	a, b := money.MustMoney("10.05"), money.MustMoney("0.10")
	if s, _ := a.Add(b); s.String() != "10.15" {
		t.Errorf("Add = %s", s)
	}
	if d, _ := b.Sub(a); d.String() != "-9.95" || d.Sign() != -1 {
		t.Errorf("Sub = %s", d)
	}
	if a.Cmp(b) != 1 || b.Cmp(a) != -1 || a.Cmp(a) != 0 {
		t.Error("Cmp wrong")
	}
	max := money.MustMoney("92233720368547758.07")
	if _, err := max.Add(money.MustMoney("0.01")); err == nil {
		t.Error("overflow not reported")
	}
}

func TestMoney_JSON(t *testing.T) {
	type doc struct {
		Amount money.Money `json:"amount"`
	}
	b, err := json.Marshal(doc{money.MustMoney("1234.5")})
	if err != nil || string(b) != `{"amount":"1234.50"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"amount":"0.07"}`), &d); err != nil || d.Amount.String() != "0.07" {
		t.Fatalf("Unmarshal = %s, %v", d.Amount, err)
	}
	err = json.Unmarshal([]byte(`{"amount":1234.5}`), &d)
	if err == nil || !strings.Contains(err.Error(), "must be a JSON string") {
		t.Errorf("bare number: err = %v, want one naming a string", err)
	}
	if err := json.Unmarshal([]byte(`{"amount":"1.234"}`), &d); err == nil {
		t.Error("3 fraction digits accepted")
	}
	if err := json.Unmarshal([]byte(`{"amount":null}`), &d); err != nil || d.Amount.String() != "0.07" {
		t.Errorf("null: %s, %v", d.Amount, err)
	}
}

func TestMoney_Scan(t *testing.T) {
	tests := []struct {
		src     any
		want    string
		wantErr bool
	}{
		{"12.30", "12.30", false},
		{[]byte("-1.5"), "-1.50", false},
		// An SQL integer is a number of fen, never yuan: Fen stores it so.
		{int64(4250), "42.50", false},
		{int64(-42), "-0.42", false},
		{int64(math.MaxInt64), "92233720368547758.07", false},
		{int64(math.MinInt64), "", true},
		{float64(1.1), "", true},
		{nil, "", true},
		{"abc", "", true},
	}
	for _, tt := range tests {
		var m money.Money
		err := m.Scan(tt.src)
		if (err != nil) != tt.wantErr {
			t.Fatalf("Scan(%#v) err = %v", tt.src, err)
		}
		if err == nil && m.String() != tt.want {
			t.Errorf("Scan(%#v) = %s, want %s", tt.src, m, tt.want)
		}
	}
	v, err := money.MustMoney("3").Value()
	if err != nil || v != "3.00" {
		t.Errorf("Value = %#v, %v", v, err)
	}
	var m money.Money
	if err := m.UnmarshalText([]byte("8.8")); err != nil || m.String() != "8.80" {
		t.Errorf("UnmarshalText = %s, %v", m, err)
	}
	if b, _ := m.MarshalText(); string(b) != "8.80" {
		t.Errorf("MarshalText = %s", b)
	}
}
