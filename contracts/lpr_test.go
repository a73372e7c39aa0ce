package contracts_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

func TestLPR(t *testing.T) {
	tests := []struct {
		on      string
		tenor   contracts.Tenor
		want    string
		wantErr error
	}{
		{"2019-08-20", contracts.OneYear, "2019-08-20 1y 4.25%", nil},
		{"2019-08-19", contracts.OneYear, "", contracts.ErrNoLPR},
		{"2019-09-19", contracts.OneYear, "2019-08-20 1y 4.25%", nil},
		{"2021-06-01", contracts.OneYear, "2020-04-20 1y 3.85%", nil},
		{"2025-05-19", contracts.OneYear, "2024-10-21 1y 3.10%", nil},
		{"2025-05-20", contracts.OneYear, "2025-05-20 1y 3.00%", nil},
		{"2030-01-01", contracts.OneYear, "2025-05-20 1y 3.00%", nil},
		{"2019-09-20", contracts.FiveYear, "2019-08-20 5y 4.85%", nil},
		{"2024-03-01", contracts.FiveYear, "2024-02-20 5y 3.95%", nil},
		{"2026-01-01", contracts.FiveYear, "2025-05-20 5y 3.50%", nil},
	}
	for _, tt := range tests {
		t.Run(tt.on+string(tt.tenor), func(t *testing.T) {
			row, err := contracts.LPR(money.MustDate(tt.on), tt.tenor)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || row.String() != tt.want {
				t.Fatalf("LPR = %s, %v; want %s", row, err, tt.want)
			}
		})
	}
	if _, err := contracts.LPR(money.MustDate("2025-01-01"), "3y"); err == nil {
		t.Error("tenor 3y accepted")
	}
	if n := len(contracts.ShippedLPR().Rows()); n != 25 {
		t.Errorf("shipped table has %d rows, want 25", n)
	}
}

func TestLPRTable_Extend(t *testing.T) {
	base := contracts.ShippedLPR()
	newer := contracts.LPRRow{Date: money.MustDate("2026-01-20"), Tenor: contracts.OneYear, Rate: money.MustRate("0.029")}
	t.Run("OK", func(t *testing.T) {
		ext, err := base.Extend([]contracts.LPRRow{newer, {Date: money.MustDate("2025-05-20"), Tenor: contracts.OneYear, Rate: money.MustRate("0.03")}})
		if err != nil {
			t.Fatal(err)
		}
		row, _ := ext.LPR(money.MustDate("2026-02-01"), contracts.OneYear)
		if row.String() != "2026-01-20 1y 2.90%" {
			t.Errorf("extended LPR = %s", row)
		}
		old, _ := base.LPR(money.MustDate("2026-02-01"), contracts.OneYear)
		if old.String() != "2025-05-20 1y 3.00%" {
			t.Errorf("Extend changed the original table: %s", old)
		}
	})
	tests := []struct {
		name   string
		row    contracts.LPRRow
		reason error
		want   string
	}{
		{"conflict", contracts.LPRRow{Date: money.MustDate("2025-05-20"), Tenor: contracts.OneYear, Rate: money.MustRate("0.031")}, contracts.ErrLPRConflict, "conflicts"},
		{"history", contracts.LPRRow{Date: money.MustDate("2021-01-20"), Tenor: contracts.OneYear, Rate: money.MustRate("0.0385")}, contracts.ErrLPRHistory, "only newer rows"},
		{"percent as fraction", contracts.LPRRow{Date: money.MustDate("2026-01-20"), Tenor: contracts.OneYear, Rate: money.MustRate("3.00")}, contracts.ErrInvalidLPR, "not a percentage"},
		{"no tenor", contracts.LPRRow{Date: money.MustDate("2026-01-20"), Rate: money.MustRate("0.03")}, contracts.ErrInvalidLPR, "tenor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := base.Extend([]contracts.LPRRow{tt.row})
			if !errors.Is(err, tt.reason) {
				t.Errorf("err = %v, want %v", err, tt.reason)
			}
			// The message names what is wrong, for the person who typed the row.
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
	var empty contracts.LPRTable
	if _, err := empty.LPR(money.MustDate("2025-01-01"), contracts.OneYear); !errors.Is(err, contracts.ErrNoLPR) {
		t.Errorf("empty table: %v", err)
	}
}

func TestParseLPRCSV(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // rows joined by "|", or an error substring after "!"
	}{
		{"percent", "date,tenor,percent\n2026-01-20,1y,2.90\n", "2026-01-20 1y 2.90%"},
		{"fraction", "date,tenor,rate\n2026-01-20,5y,0.034\n", "2026-01-20 5y 3.40%"},
		{"header only", "date,tenor,rate\n", ""},
		{"no header", "2026-01-20,1y,2.90\n", "!header"},
		{"empty", "", "!header"},
		{"bad date", "date,tenor,rate\n2026-02-30,1y,0.03\n", "!line 2"},
		{"bad tenor", "date,tenor,rate\n2026-01-20,10y,0.03\n", "!tenor"},
		{"percent in rate column", "date,tenor,rate\n2026-01-20,1y,2.90\n", "!not a percentage"},
		{"fields", "date,tenor,rate\n2026-01-20,1y\n", "!fields"},
		{"spaces", "date,tenor,rate\n2026-01-20, 1y,0.03\n", "!tenor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := contracts.ParseLPRCSV(strings.NewReader(tt.in))
			if strings.HasPrefix(tt.want, "!") {
				if !errors.Is(err, contracts.ErrInvalidLPR) || !strings.Contains(err.Error(), tt.want[1:]) {
					t.Fatalf("err = %v, want one containing %q", err, tt.want[1:])
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.String())
			}
			if strings.Join(got, "|") != tt.want {
				t.Errorf("rows = %v, want %s", got, tt.want)
			}
		})
	}
}

func TestParseLPRJSON(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
	}{
		{"OK", `[{"date":"2026-01-20","tenor":"1y","rate":"0.029"}]`, "2026-01-20 1y 2.90%"},
		{"bare number", `[{"date":"2026-01-20","tenor":"1y","rate":0.029}]`, "!must be a JSON string"},
		{"unknown field", `[{"date":"2026-01-20","tenor":"1y","rate":"0.029","x":1}]`, "!unknown field"},
		{"missing rate", `[{"date":"2026-01-20","tenor":"1y"}]`, "!rate"},
		{"missing date", `[{"tenor":"1y","rate":"0.03"}]`, "!date"},
		{"trailing", `[] []`, "!trailing"},
		{"null", `null`, "!array"},
		{"object", `{}`, "!cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := contracts.ParseLPRJSON([]byte(tt.in))
			if strings.HasPrefix(tt.want, "!") {
				if !errors.Is(err, contracts.ErrInvalidLPR) || !strings.Contains(err.Error(), tt.want[1:]) {
					t.Fatalf("err = %v, want one containing %q", err, tt.want[1:])
				}
				return
			}
			if err != nil || len(rows) != 1 || rows[0].String() != tt.want {
				t.Fatalf("rows = %v, %v", rows, err)
			}
		})
	}
}
