package penalty

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/civil"
)

// Semester is a half of a calendar year, the period for which the ECB reference rate, the
// French legal interest rate and most national late-payment rates are fixed. Half is 1
// (January to June) or 2 (July to December).
type Semester struct {
	Year int
	Half int
}

// SemesterOf is the half-year that contains d.
func SemesterOf(d civil.Date) Semester {
	if d.Month <= time.June {
		return Semester{d.Year, 1}
	}
	return Semester{d.Year, 2}
}

// ParseSemester reads "2026-H2" (also "2026-h2" and the French "2026-S2").
func ParseSemester(s string) (Semester, error) {
	orig := s
	s = strings.ToUpper(strings.TrimSpace(s))
	y, h, ok := strings.Cut(s, "-")
	bad := fmt.Errorf("invalid half-year %q: want yyyy-H1 or yyyy-H2", orig)
	if !ok || len(y) != 4 || (h != "H1" && h != "H2" && h != "S1" && h != "S2") {
		return Semester{}, bad
	}
	year, err := strconv.Atoi(y)
	if err != nil || year < 1900 {
		return Semester{}, bad
	}
	return Semester{year, int(h[1] - '0')}, nil
}

// MustParseSemester is ParseSemester for constants; it panics on bad input.
func MustParseSemester(s string) Semester {
	sem, err := ParseSemester(s)
	if err != nil {
		panic(err)
	}
	return sem
}

// String is the canonical form, "2026-H2".
func (s Semester) String() string { return fmt.Sprintf("%04d-H%d", s.Year, s.Half) }

// Label names the half-year for people: "2nd half of 2026", "2e semestre 2026".
func (s Semester) Label(lang string) string {
	if lang == "en" {
		return map[int]string{1: "1st", 2: "2nd"}[s.Half] + " half of " + strconv.Itoa(s.Year)
	}
	return map[int]string{1: "1er", 2: "2e"}[s.Half] + " semestre " + strconv.Itoa(s.Year)
}

// IsZero reports whether s is the zero value (no half-year).
func (s Semester) IsZero() bool { return s == Semester{} }

// Start is the first day of the half-year: 1 January or 1 July.
func (s Semester) Start() civil.Date {
	if s.Half == 1 {
		return civil.D(s.Year, time.January, 1)
	}
	return civil.D(s.Year, time.July, 1)
}

// End is the last day of the half-year: 30 June or 31 December.
func (s Semester) End() civil.Date { return s.Next().Start().AddDays(-1) }

// Next is the following half-year.
func (s Semester) Next() Semester {
	if s.Half == 1 {
		return Semester{s.Year, 2}
	}
	return Semester{s.Year + 1, 1}
}

// Compare returns -1, 0 or +1 as s is before, equal to or after o.
func (s Semester) Compare(o Semester) int {
	switch {
	case s.Year != o.Year:
		return cmpInt(s.Year, o.Year)
	default:
		return cmpInt(s.Half, o.Half)
	}
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

// MarshalText writes the canonical form, for JSON and CSV.
func (s Semester) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads the canonical form.
func (s *Semester) UnmarshalText(b []byte) error {
	p, err := ParseSemester(string(b))
	*s = p
	return err
}
