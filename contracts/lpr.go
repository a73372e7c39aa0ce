package contracts

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/jinzhi-dev/jinzhi/money"
)

// Tenor is an LPR term (期限品种).
type Tenor string

const (
	// OneYear is the one-year LPR (1年期), the reference of the
	// private-lending cap.
	OneYear Tenor = "1y"
	// FiveYear is the LPR for over five years (5年期以上), the reference
	// of most mortgages.
	FiveYear Tenor = "5y"
)

// ParseTenor returns the tenor named s: "1y" or "5y".
func ParseTenor(s string) (Tenor, error) {
	switch t := Tenor(s); t {
	case OneYear, FiveYear:
		return t, nil
	}
	return "", fmt.Errorf("%w: tenor %q: must be 1y or 5y", ErrInvalidLPR, s)
}

// UnmarshalText accepts "1y" or "5y".
func (t *Tenor) UnmarshalText(text []byte) error {
	v, err := ParseTenor(string(text))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// LPRRow is one published Loan Prime Rate (贷款市场报价利率): in force from
// Date, until the next row of the same tenor.
type LPRRow struct {
	Date  money.Date `json:"date"`  // publication date (around the 20th, 09:30)
	Tenor Tenor      `json:"tenor"` // 1y or 5y
	Rate  money.Rate `json:"rate"`  // a fraction: "0.0300" is 3.00%
}

// String returns "2025-05-20 1y 3.00%".
func (r LPRRow) String() string {
	return fmt.Sprintf("%s %s %s%%", r.Date, r.Tenor, percent(r.Rate))
}

// percent returns a rate in percent for people, with two to four fraction
// digits and no sign (the messages write "{rate}%"): "3.00", "15.7972" —
// money.Percent to 0.0001%, the precision of the IRR's disclosure.
func percent(r money.Rate) string {
	return strings.TrimSuffix(money.Percent(r.Decimal(), money.PercentPlaces, money.IRRPercentPlaces), "%")
}

// ErrNoLPR is returned for a date before the first row of a table: the rate
// then is unknown, not guessed.
var ErrNoLPR = errors.New("contracts: no LPR published on or before the date")

// maxLPRRows bounds what the parsers accept from outside.
const maxLPRRows = 10000

// maxLPR is the highest LPR a row may carry (50%), a guard against a
// percentage read as a fraction.
var maxLPR = money.MustRate("0.5")

// LPRTable is a dated history of the LPR. It is immutable: Extend returns a
// new table. The zero value is an empty table.
type LPRTable struct {
	rows map[Tenor][]LPRRow // each sorted by date, one row per date
}

//go:embed lpr.csv
var shippedLPRCSV string

// shippedLPR parses the embedded history once; TestShippedLPR proves it
// parses.
var shippedLPR = sync.OnceValue(func() *LPRTable {
	rows, err := ParseLPRCSV(strings.NewReader(shippedLPRCSV))
	if err == nil {
		var t *LPRTable
		if t, err = NewLPRTable(rows); err == nil {
			return t
		}
	}
	panic("contracts: shipped lpr.csv: " + err.Error())
})

// ShippedLPR returns the LPR history shipped with the package (1-year and
// 5-year rows from 2019-08-20, the first LPR under the reformed mechanism).
// Extend it with newer rows as they are published.
func ShippedLPR() *LPRTable { return shippedLPR() }

// LPR returns the row of the shipped table in force on a date; see
// LPRTable.LPR.
func LPR(on money.Date, tenor Tenor) (LPRRow, error) { return shippedLPR().LPR(on, tenor) }

// NewLPRTable returns a table of the given rows, in any order. Every row
// must be valid; two rows for the same date and tenor must agree.
func NewLPRTable(rows []LPRRow) (*LPRTable, error) {
	t := &LPRTable{rows: map[Tenor][]LPRRow{}}
	for i, r := range rows {
		if err := r.validate(); err != nil {
			return nil, fmt.Errorf("row %d: %w", i, err)
		}
		t.rows[r.Tenor] = append(t.rows[r.Tenor], r)
	}
	for tenor, rs := range t.rows {
		slices.SortStableFunc(rs, func(a, b LPRRow) int { return a.Date.Compare(b.Date) })
		out := rs[:0]
		for _, r := range rs {
			if n := len(out); n > 0 && out[n-1].Date == r.Date {
				if out[n-1].Rate.Cmp(r.Rate) != 0 {
					return nil, fmt.Errorf("%w: %s and %s", ErrLPRConflict, out[n-1], r)
				}
				continue
			}
			out = append(out, r)
		}
		t.rows[tenor] = out
	}
	return t, nil
}

// lprError places err, a problem with an LPR row, at where, wrapping
// ErrInvalidLPR once.
func lprError(where string, err error) error {
	if errors.Is(err, ErrInvalidLPR) {
		return fmt.Errorf("%s: %w", where, err)
	}
	return fmt.Errorf("%w: %s: %w", ErrInvalidLPR, where, err)
}

func (r LPRRow) validate() error {
	var problems []string
	if !r.Date.IsValid() {
		problems = append(problems, "date: is required")
	}
	if _, err := ParseTenor(string(r.Tenor)); err != nil {
		problems = append(problems, "tenor: must be 1y or 5y")
	}
	if r.Rate.IsZero() || r.Rate.Cmp(maxLPR) > 0 {
		problems = append(problems, "rate: must be above 0 and at most 0.5 (a fraction, not a percentage)")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalidLPR, strings.Join(problems, "; "))
	}
	return nil
}

// Extend returns a new table with rows added. A row must be newer than the
// table's latest row of its tenor, or repeat an existing row exactly: the
// published history is not rewritten.
func (t *LPRTable) Extend(rows []LPRRow) (*LPRTable, error) {
	for i, r := range rows {
		if err := r.validate(); err != nil {
			return nil, fmt.Errorf("row %d: %w", i, err)
		}
		have := t.rows[r.Tenor]
		j, found := slices.BinarySearchFunc(have, r.Date, func(x LPRRow, d money.Date) int { return x.Date.Compare(d) })
		switch {
		case found && have[j].Rate.Cmp(r.Rate) != 0:
			return nil, fmt.Errorf("%w: row %d (%s) conflicts with the known row %s", ErrLPRConflict, i, r, have[j])
		case !found && j < len(have):
			return nil, fmt.Errorf("%w: row %d (%s) is older than %s; only newer rows are accepted", ErrLPRHistory, i, r, have[len(have)-1])
		}
	}
	return NewLPRTable(append(t.Rows(), rows...))
}

// Rows returns a copy of every row, 1-year rows first, each tenor by date.
func (t *LPRTable) Rows() []LPRRow {
	var out []LPRRow
	for _, tenor := range []Tenor{OneYear, FiveYear} {
		out = append(out, t.rows[tenor]...)
	}
	return out
}

// LPR returns the latest row of the tenor published on or before the date.
// A date before the table's first row is ErrNoLPR. The table knows dates,
// not times: a row counts from the start of its publication day.
func (t *LPRTable) LPR(on money.Date, tenor Tenor) (LPRRow, error) {
	if _, err := ParseTenor(string(tenor)); err != nil {
		return LPRRow{}, err
	}
	rs := t.rows[tenor]
	j, found := slices.BinarySearchFunc(rs, on, func(x LPRRow, d money.Date) int { return x.Date.Compare(d) })
	if found {
		return rs[j], nil
	}
	if j == 0 {
		first := "none"
		if len(rs) > 0 {
			first = rs[0].Date.String()
		}
		return LPRRow{}, fmt.Errorf("%w: %s %s (first row: %s)", ErrNoLPR, tenor, on, first)
	}
	return rs[j-1], nil
}

// ParseLPRCSV reads rows from CSV with a header line. The columns are
// date,tenor,rate (a fraction, "0.0300") or date,tenor,percent (as
// published, "3.00"):
//
//	date,tenor,percent
//	2025-05-20,1y,3.00
func ParseLPRCSV(r io.Reader) ([]LPRRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 3
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: CSV header: %w", ErrInvalidLPR, err)
	}
	if head[0] != "date" || head[1] != "tenor" || (head[2] != "rate" && head[2] != "percent") {
		return nil, fmt.Errorf("%w: CSV header %q: want date,tenor,rate or date,tenor,percent", ErrInvalidLPR, strings.Join(head, ","))
	}
	inPercent := head[2] == "percent"
	var rows []LPRRow
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: CSV: %w", ErrInvalidLPR, err)
		}
		if len(rows) == maxLPRRows {
			return nil, fmt.Errorf("%w: CSV: more than %d rows", ErrInvalidLPR, maxLPRRows)
		}
		row, err := parseLPRFields(rec[0], rec[1], rec[2], inPercent)
		if err != nil {
			return nil, lprError(fmt.Sprintf("CSV line %d", line), err)
		}
		rows = append(rows, row)
	}
}

func parseLPRFields(date, tenor, rate string, inPercent bool) (LPRRow, error) {
	var row LPRRow
	var err error
	if row.Date, err = money.ParseDate(date); err != nil {
		return row, err
	}
	if row.Tenor, err = ParseTenor(tenor); err != nil {
		return row, err
	}
	if inPercent {
		if row.Rate, err = money.ParsePercent(rate); err != nil {
			return row, err
		}
	} else if row.Rate, err = money.ParseRate(rate); err != nil {
		return row, err
	}
	return row, row.validate()
}

// ParseLPRJSON reads rows from a JSON array of objects with the fields of
// LPRRow, the rate as a fraction string:
//
//	[{"date": "2025-05-20", "tenor": "1y", "rate": "0.0300"}]
//
// Unknown fields, missing fields and trailing data are errors.
func ParseLPRJSON(data []byte) ([]LPRRow, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var rows []LPRRow
	if err := dec.Decode(&rows); err != nil {
		return nil, fmt.Errorf("%w: JSON: %w", ErrInvalidLPR, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: JSON: trailing data after the array", ErrInvalidLPR)
	}
	if rows == nil {
		return nil, fmt.Errorf("%w: JSON: want an array of rows", ErrInvalidLPR)
	}
	if len(rows) > maxLPRRows {
		return nil, fmt.Errorf("%w: JSON: more than %d rows", ErrInvalidLPR, maxLPRRows)
	}
	for i, r := range rows {
		if err := r.validate(); err != nil {
			return nil, lprError(fmt.Sprintf("JSON row %d", i), err)
		}
	}
	return rows, nil
}
