package penalty

import "testing"

func TestSemesterOfSplitsTheYearAtFirstJuly(t *testing.T) {
	for _, tc := range []struct {
		day  string
		want string
	}{{"2026-01-01", "2026-H1"}, {"2026-06-30", "2026-H1"}, {"2026-07-01", "2026-H2"}, {"2026-12-31", "2026-H2"}} {
		if got := SemesterOf(d(tc.day)).String(); got != tc.want {
			t.Errorf("SemesterOf(%s) = %s, want %s", tc.day, got, tc.want)
		}
	}
}

func TestSemesterBoundsAndNext(t *testing.T) {
	h1, h2 := Semester{2024, 1}, Semester{2024, 2}
	if h1.Start() != d("2024-01-01") || h1.End() != d("2024-06-30") || h2.Start() != d("2024-07-01") || h2.End() != d("2024-12-31") {
		t.Errorf("bounds: %s..%s, %s..%s", h1.Start(), h1.End(), h2.Start(), h2.End())
	}
	if h1.Next() != h2 || h2.Next() != (Semester{2025, 1}) || h1.Compare(h2) != -1 || h2.Compare(h1) != 1 || h1.Compare(h1) != 0 {
		t.Error("Next or Compare is wrong")
	}
	if h2.Label("fr") != "2e semestre 2024" || h1.Label("en") != "1st half of 2024" {
		t.Errorf("labels %q %q", h2.Label("fr"), h1.Label("en"))
	}
}

func TestParseSemesterReadsTheCanonicalAndFrenchForms(t *testing.T) {
	for in, want := range map[string]Semester{"2026-H2": {2026, 2}, " 2026-h1 ": {2026, 1}, "2025-S2": {2025, 2}} {
		got, err := ParseSemester(in)
		if err != nil || got != want {
			t.Errorf("ParseSemester(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "2026", "2026-H3", "26-H1", "2026/H1", "H1-2026"} {
		if _, err := ParseSemester(in); err == nil {
			t.Errorf("ParseSemester(%q) accepted", in)
		}
	}
}
