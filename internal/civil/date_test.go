package civil

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseLooseReadsTheDateFormatsOfExports(t *testing.T) {
	tests := map[string]string{
		"2026-11-23":          "2026-11-23",
		"23/11/2026":          "2026-11-23",
		"23/11/26":            "2026-11-23",
		"3/1/2026":            "2026-01-03",
		"23-11-2026":          "2026-11-23",
		"23.11.2026":          "2026-11-23",
		"20261123":            "2026-11-23",
		"2026-01-31T00:00:00": "2026-01-31",
		"31/01/2026 00:00":    "2026-01-31",
	}
	for in, want := range tests {
		got, err := ParseLoose(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseLoose(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
}

func TestParseLooseRefusesImpossibleDates(t *testing.T) {
	for _, in := range []string{"", "31/02/2026", "2026-13-01", "00/01/2026", "12/2026", "abc", "1/1/123", "123/1/2026"} {
		if d, err := ParseLoose(in); err == nil {
			t.Errorf("ParseLoose(%q) = %v, want error", in, d)
		}
	}
}

func TestArithmeticCountsCalendarDays(t *testing.T) {
	due := MustParse("2018-04-15")
	if n := MustParse("2018-05-15").Sub(due); n != 30 {
		t.Errorf("Sub = %d, want 30", n)
	}
	if got := MustParse("2024-01-31").AddMonths(1); got.String() != "2024-02-29" {
		t.Errorf("AddMonths = %v", got)
	}
	if got := MustParse("2024-02-29").AddYears(5); got.String() != "2029-02-28" {
		t.Errorf("AddYears = %v", got)
	}
	if got := MustParse("2026-03-30").AddDays(-30); got.String() != "2026-02-28" {
		t.Errorf("AddDays = %v", got)
	}
	// Daylight saving must not shift a day count.
	if n := MustParse("2026-10-26").Sub(MustParse("2026-10-24")); n != 2 {
		t.Errorf("across DST = %d", n)
	}
}

func TestTodayUsesTheCompanyTimeZone(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	now := time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC) // 00:30 on the 23rd in Paris
	if got := Today(now, paris); got.String() != "2026-11-23" {
		t.Errorf("Today = %v", got)
	}
}

func TestDateRoundTripsThroughJSONAndSQL(t *testing.T) {
	d := MustParse("2026-07-14")
	b, _ := json.Marshal(struct{ D, Z Date }{D: d})
	if string(b) != `{"D":"2026-07-14","Z":null}` {
		t.Errorf("json = %s", b)
	}
	var back struct{ D, Z Date }
	if err := json.Unmarshal(b, &back); err != nil || back.D != d || !back.Z.IsZero() {
		t.Errorf("unmarshal = %+v %v", back, err)
	}
	var s Date
	if err := s.Scan(time.Date(2026, 7, 14, 0, 0, 0, 0, time.UTC)); err != nil || s != d {
		t.Errorf("scan time = %v %v", s, err)
	}
	if err := s.Scan("2026-07-14"); err != nil || s != d {
		t.Errorf("scan text = %v %v", s, err)
	}
	if d.FormatLong("fr") != "14 juillet 2026" || MustParse("2026-05-01").FormatLong("fr") != "1er mai 2026" {
		t.Errorf("FormatLong = %q", d.FormatLong("fr"))
	}
}

func TestNoBusinessOnWeekendsAndFrenchHolidays(t *testing.T) {
	c := FrenchCalendar(false)
	tests := []struct {
		in, want string
	}{
		{"2026-11-23", "2026-11-23"}, // Monday
		{"2026-11-21", "2026-11-23"}, // Saturday -> Monday
		{"2026-05-01", "2026-05-04"}, // Fête du travail (Friday) -> Monday
		{"2026-05-14", "2026-05-15"}, // Ascension (Thursday)
		{"2026-05-25", "2026-05-26"}, // Lundi de Pentecôte
		{"2026-07-14", "2026-07-15"}, // Fête nationale
		{"2026-12-25", "2026-12-28"}, // Christmas (Friday) -> Monday
		{"2027-03-29", "2027-03-30"}, // Easter Monday 2027
	}
	for _, tt := range tests {
		if got := c.OnOrAfter(MustParse(tt.in)); got.String() != tt.want {
			t.Errorf("OnOrAfter(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
	am := FrenchCalendar(true)
	if am.IsBusinessDay(MustParse("2025-12-26")) || !c.IsBusinessDay(MustParse("2025-12-26")) || am.IsBusinessDay(MustParse("2026-04-03")) {
		t.Error("Alsace-Moselle holidays missing")
	}
	if c.HolidayName(MustParse("2026-07-14")) == "" {
		t.Error("14 July has no name")
	}
}

// Parse's fast path for yyyy-mm-dd reads exactly what time.Parse reads, and refuses what it
// refuses: leap days, month ends, the first and last years, malformed fields.
func TestParseReadsWhatTimeParseReads(t *testing.T) {
	for _, s := range []string{"2026-11-23", "2024-02-29", "2023-02-29", "2026-04-31", "2026-12-31", "0000-01-01",
		"9999-12-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-1-01", "2026-01-1", "2026/01/01", "20260101",
		" 2026-01-01", "2026-01-01 ", "2026-01-0a", "+026-01-01", "2026-01-32", ""} {
		want, werr := time.Parse("2006-01-02", strings.TrimSpace(s))
		got, err := Parse(s)
		if (err != nil) != (werr != nil) {
			t.Errorf("Parse(%q): error %v, time.Parse's %v", s, err, werr)
			continue
		}
		if err == nil && got != Of(want) {
			t.Errorf("Parse(%q) = %v, time.Parse gives %v", s, got, Of(want))
		}
	}
}

// String writes what fmt writes, for every day of four centuries and the odd values.
func TestStringWritesYyyyMmDd(t *testing.T) {
	for d := D(1900, 1, 1); d.Before(D(2300, 1, 1)); d = d.AddDays(1) {
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day); got != want {
			t.Fatalf("%v: %q, want %q", d.t(), got, want)
		}
	}
	for _, d := range []Date{D(1, 1, 1), D(9999, 12, 31), {Year: 10000, Month: 1, Day: 1}, {Year: -1, Month: 1, Day: 1}} {
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day); got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
}
