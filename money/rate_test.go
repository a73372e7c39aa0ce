package money_test

import (
	"encoding/json"
	"testing"

	"github.com/jinzhi-dev/jinzhi/money"
)

func TestParseRate(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"0.0435", "0.0435", false},
		{"0.1", "0.10", false},
		{"0.100", "0.10", false},
		{"0", "0.00", false},
		{"0.1234567891", "0.1234567891", false},
		{"1.5", "1.50", false},
		{"0.12345678912", "", true},
		{"-0.01", "", true},
		{"4.35%", "", true},
		{"1e-2", "", true},
		{"", "", true},
		{" 0.1", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := money.ParseRate(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseRate(%q) = %s, %v; wantErr %v", tt.in, r, err, tt.wantErr)
			}
			if err == nil && r.String() != tt.want {
				t.Errorf("ParseRate(%q) = %s, want %s", tt.in, r, tt.want)
			}
		})
	}
}

func TestRate_zeroValueAndJSON(t *testing.T) {
	var r money.Rate
	if !r.IsZero() || r.Cmp(money.MustRate("0")) != 0 {
		t.Error("Rate{} is not zero")
	}
	b, err := json.Marshal(money.MustRate("0.0435"))
	if err != nil || string(b) != `"0.0435"` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	if err := json.Unmarshal([]byte(`0.0435`), &r); err == nil {
		t.Error("bare number accepted")
	}
	if err := json.Unmarshal([]byte(`"0.0385"`), &r); err != nil || r.String() != "0.0385" {
		t.Errorf("Unmarshal = %s, %v", r, err)
	}
	if err := r.Scan(1.5); err == nil {
		t.Error("float64 scanned")
	}
	if err := r.Scan([]byte("0.24")); err != nil || r.String() != "0.24" {
		t.Errorf("Scan = %s, %v", r, err)
	}
	if v, _ := r.Value(); v != "0.24" {
		t.Errorf("Value = %v", v)
	}
}
