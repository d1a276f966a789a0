// Package civil holds calendar dates: a due date is a day, not an instant, and "15 days late"
// must not depend on the server's time zone or on daylight saving.
package civil

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a day of the Gregorian calendar. The zero value means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// D builds a date; out-of-range values are normalised as time.Date does (D(2026, 2, 30) is
// 2 March).
func D(year int, month time.Month, day int) Date {
	return Of(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// Of returns the date of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today is the date of now in the company's time zone. Domain code never calls it: "today" is
// always a parameter there.
func Today(now time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	return Of(now.In(loc))
}

// Parse reads an ISO date, yyyy-mm-dd.
func Parse(s string) (Date, error) {
	if d, ok := parseISO(s); ok {
		return d, nil
	}
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q: want yyyy-mm-dd", s)
	}
	return Of(t), nil
}

// parseISO reads a well-formed yyyy-mm-dd without time.Parse: the database hands millions of
// dates to a day's run, and time.Parse was a tenth of reading them. Anything else (spaces, a
// bad day) is left to time.Parse and its error.
func parseISO(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !isDigits(s[:4]) || !isDigits(s[5:7]) || !isDigits(s[8:]) {
		return Date{}, false
	}
	y, m, d := atoi(s[:4]), atoi(s[5:7]), atoi(s[8:])
	if m < 1 || m > 12 || d < 1 {
		return Date{}, false
	}
	out := D(y, time.Month(m), d)
	return out, out.Day == d
}

// MustParse is Parse for constants in tests; it panics on bad input.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// ParseLoose reads the dates people and accounting packages write: yyyy-mm-dd, dd/mm/yyyy,
// dd/mm/yy, dd-mm-yyyy, dd.mm.yyyy, yyyymmdd, and a trailing time ("2026-01-31T00:00:00" or
// "31/01/2026 00:00") which is dropped. Day-first is assumed: relance's users are European.
// Two-digit years are 20yy.
func ParseLoose(s string) (Date, error) {
	orig := s
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "T "); i > 0 {
		s = s[:i]
	}
	bad := fmt.Errorf("invalid date %q: want dd/mm/yyyy or yyyy-mm-dd", orig)
	if len(s) == 8 && isDigits(s) {
		return valid(atoi(s[:4]), atoi(s[4:6]), atoi(s[6:]), bad)
	}
	sep := strings.IndexAny(s, "/-.")
	if sep < 0 {
		return Date{}, bad
	}
	parts := strings.Split(s, s[sep:sep+1])
	if len(parts) != 3 || !isDigits(parts[0]) || !isDigits(parts[1]) || !isDigits(parts[2]) {
		return Date{}, bad
	}
	if len(parts[0]) == 4 {
		return valid(atoi(parts[0]), atoi(parts[1]), atoi(parts[2]), bad)
	}
	y := atoi(parts[2])
	switch len(parts[2]) {
	case 2:
		y += 2000
	case 4:
	default:
		return Date{}, bad
	}
	if len(parts[0]) > 2 || len(parts[1]) > 2 {
		return Date{}, bad
	}
	return valid(y, atoi(parts[1]), atoi(parts[0]), bad)
}

func valid(y, m, d int, bad error) (Date, error) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2999 {
		return Date{}, bad
	}
	out := D(y, time.Month(m), d)
	if out.Day != d { // 31/02 rolled over
		return Date{}, bad
	}
	return out, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func (d Date) t() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Time is midnight of the date in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// IsZero reports whether d is the zero "no date" value.
func (d Date) IsZero() bool { return d == Date{} }

// String is the ISO form, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Year < 0 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	// Written by hand: every date bound to a query goes through here (two per imported row),
	// and fmt was a twentieth of an import's time.
	b := [10]byte{byte('0' + d.Year/1000), byte('0' + d.Year/100%10), byte('0' + d.Year/10%10), byte('0' + d.Year%10), '-',
		byte('0' + d.Month/10), byte('0' + d.Month%10), '-', byte('0' + d.Day/10), byte('0' + d.Day%10)}
	return string(b[:])
}

// Format writes the date for people: 23/11/2026 in French, 23 Nov 2026 in English.
func (d Date) Format(lang string) string {
	if d.IsZero() {
		return ""
	}
	if lang == "en" {
		return d.t().Format("2 Jan 2006")
	}
	return d.t().Format("02/01/2006")
}

// FormatLong writes "23 novembre 2026" or "23 November 2026", as letters do.
func (d Date) FormatLong(lang string) string {
	if d.IsZero() {
		return ""
	}
	if lang == "en" {
		return d.t().Format("2 January 2006")
	}
	months := [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
		"août", "septembre", "octobre", "novembre", "décembre"}
	day := strconv.Itoa(d.Day)
	if d.Day == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d", day, months[d.Month-1], d.Year)
}

// AddDays moves n days forward (backward when negative).
func (d Date) AddDays(n int) Date { return Of(d.t().AddDate(0, 0, n)) }

// AddMonths moves n months, clamping to the end of a shorter month (31 Jan + 1 month = 28 or
// 29 Feb), which is how payment terms and limitation periods are counted.
func (d Date) AddMonths(n int) Date {
	first := D(d.Year, d.Month+time.Month(n), 1)
	return D(first.Year, first.Month, min(d.Day, first.EndOfMonth().Day))
}

// AddYears moves n years with the same clamping (29 Feb + 1 year = 28 Feb).
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }

// EndOfMonth is the last day of d's month.
func (d Date) EndOfMonth() Date { return Of(time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC)) }

// Sub is the number of days from o to d (positive when d is later).
func (d Date) Sub(o Date) int { return int(d.t().Sub(o.t()).Hours() / 24) }

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmp(d.Year, o.Year)
	case d.Month != o.Month:
		return cmp(int(d.Month), int(o.Month))
	default:
		return cmp(d.Day, o.Day)
	}
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Weekday of the date.
func (d Date) Weekday() time.Weekday { return d.t().Weekday() }

// MaxDate returns the later of its arguments, ignoring zero dates.
func MaxDate(ds ...Date) Date {
	var m Date
	for _, d := range ds {
		if !d.IsZero() && (m.IsZero() || d.After(m)) {
			m = d
		}
	}
	return m
}

// MarshalText implements encoding.TextMarshaler (JSON, YAML, CSV).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText accepts the ISO form or an empty string.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := Parse(string(b))
	*d = p
	return err
}

// MarshalJSON writes null for the zero date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts null, "" or "yyyy-mm-dd".
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: %w", err)
	}
	return d.UnmarshalText([]byte(s))
}

// Value stores the date as ISO text (SQLite) or a DATE (PostgreSQL accepts the text); the
// zero date is NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads what either database returns: ISO text, or a time.Time from PostgreSQL's DATE.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = Date{v.Year(), v.Month(), v.Day()}
		return nil
	case string:
		return d.scanString(v)
	case []byte:
		return d.scanString(string(v))
	}
	return fmt.Errorf("civil.Date: cannot scan %T", src)
}

func (d *Date) scanString(s string) error {
	if s == "" {
		*d = Date{}
		return nil
	}
	if len(s) > 10 {
		s = s[:10]
	}
	p, err := Parse(s)
	*d = p
	return err
}
