package money

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar date with no time of day and no time zone (日期), such
// as a disbursement or due date. Dates are written "YYYY-MM-DD" in JSON, text
// and SQL.
//
// A civil date rather than a time.Time: a due date is the same day for the
// lender in Shanghai and the auditor anywhere else, and comparing two dates
// never depends on a location. Use Time to get midnight UTC of the day.
//
// The zero value is no date; IsZero reports it and Validate-style checks
// treat it as missing.
type Date struct {
	Year  int        // 1 to 9999
	Month time.Month // 1 to 12
	Day   int        // 1 to the month's length
}

// NewDate returns the date y-m-d, or an error if there is no such day.
func NewDate(y int, m time.Month, d int) (Date, error) {
	dt := Date{y, m, d}
	if !dt.IsValid() {
		return Date{}, fmt.Errorf("money: %04d-%02d-%02d is not a date", y, int(m), d)
	}
	return dt, nil
}

// ParseDate parses "YYYY-MM-DD" exactly (four-digit year, two-digit month
// and day).
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("money: date %q: want YYYY-MM-DD", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("money: date %q: want YYYY-MM-DD", s)
	}
	dt := Date{y, time.Month(m), d}
	if !dt.IsValid() {
		return Date{}, fmt.Errorf("money: date %q: no such day", s)
	}
	return dt, nil
}

// MustDate is like ParseDate but panics on error. It is meant for tests and
// constants.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// String returns the date as "YYYY-MM-DD"; the zero value prints as
// "0000-00-00".
func (d Date) String() string {
	b := make([]byte, 0, 10)
	return string(d.appendTo(b))
}

func (d Date) appendTo(b []byte) []byte {
	b = append(b, byte('0'+d.Year/1000%10), byte('0'+d.Year/100%10), byte('0'+d.Year/10%10), byte('0'+d.Year%10), '-')
	b = append(b, byte('0'+int(d.Month)/10%10), byte('0'+int(d.Month)%10), '-')
	return append(b, byte('0'+d.Day/10%10), byte('0'+d.Day%10))
}

// IsZero reports whether d is the zero value (no date).
func (d Date) IsZero() bool { return d == Date{} }

// IsValid reports whether d is a real day between 0001-01-01 and 9999-12-31.
func (d Date) IsValid() bool {
	return d.Year >= 1 && d.Year <= 9999 && d.Month >= 1 && d.Month <= 12 &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// Compare returns -1 if d is before o, 0 if the same day, +1 if after.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	}
	return cmpInt(d.Day, o.Day)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// AddMonths returns the same day of the month n months later (or earlier for
// negative n), clamped to the last day of a shorter month: 2025-01-31 plus
// one month is 2025-02-28, plus two is 2025-03-31. Schedules compute every
// due date from the disbursement date, so a short month never shifts the
// later ones.
func (d Date) AddMonths(n int) Date {
	m := d.Year*12 + int(d.Month) - 1 + n
	y, mo := m/12, time.Month(m%12+1)
	if m < 0 {
		y, mo = (m-11)/12, time.Month((m%12+12)%12+1)
	}
	day := d.Day
	if last := daysIn(y, mo); day > last {
		day = last
	}
	return Date{y, mo, day}
}

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return civilFromDays(d.days() + n) }

// DaysSince returns the number of days from o to d: positive if d is later.
func (d Date) DaysSince(o Date) int { return d.days() - o.days() }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// days returns the number of days since 1970-01-01 (H. Hinnant's
// days_from_civil), so that date differences need no time.Time.
func (d Date) days() int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int) Date {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), day}
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// MarshalText encodes the date as "YYYY-MM-DD", and the zero value as an
// empty string; JSON uses it too, so a Date is a JSON string.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	if !d.IsValid() {
		return nil, fmt.Errorf("money: cannot encode invalid date %s", d)
	}
	return d.appendTo(make([]byte, 0, 10)), nil
}

// UnmarshalText parses "YYYY-MM-DD" as ParseDate does; an empty text is
// the zero value.
func (d *Date) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Scan implements sql.Scanner for a string or []byte "YYYY-MM-DD" or a
// time.Time (its calendar date in its own location).
func (d *Date) Scan(src any) error {
	var (
		v   Date
		err error
	)
	switch x := src.(type) {
	case string:
		v, err = ParseDate(x)
	case []byte:
		v, err = ParseDate(string(x))
	case time.Time:
		v = DateOf(x)
	default:
		err = fmt.Errorf("money: cannot scan %T into Date", src)
	}
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value implements driver.Valuer: the date as "YYYY-MM-DD".
func (d Date) Value() (driver.Value, error) {
	if !d.IsValid() {
		return nil, fmt.Errorf("money: cannot store invalid date %s", d)
	}
	return d.String(), nil
}
