package penalty

import "testing"

// The examples table of the legal note §4.1 (years added where the sources give none).
func TestFortyFiveDaysEndOfMonthCountedBothWays(t *testing.T) {
	for _, tc := range []struct{ issue, a, b string }{
		{"2026-03-10", "2026-04-30", "2026-05-15"},
		{"2025-02-15", "2025-04-30", "2025-04-14"},
		{"2013-05-29", "2013-07-31", "2013-07-15"},
		{"2026-08-02", "2026-09-30", "2026-10-15"},
	} {
		c, err := CheckTerms(d(tc.issue), d(tc.issue))
		if err != nil || c.Limit45EOMA != d(tc.a) || c.Limit45EOMB != d(tc.b) {
			t.Errorf("issued %s: A %s, B %s (%v); want %s, %s", tc.issue, c.Limit45EOMA, c.Limit45EOMB, err, tc.a, tc.b)
		}
	}
}

// Issued 10 March 2026: 60 days ⇒ 9 May; A ⇒ 30 April; B ⇒ 15 May.
func TestTermsCheckSaysWhichLimitsAreExceeded(t *testing.T) {
	for _, tc := range []struct {
		due           string
		flagged, a, b bool
		findings      int
	}{
		{"2026-04-09", false, false, false, 1}, // 30 days: within every cap
		{"2026-05-05", false, true, false, 1},  // 56 days: only beyond A
		{"2026-05-09", false, true, false, 1},  // 60 days exactly: allowed
		{"2026-05-12", true, true, false, 3},   // 63 days: beyond 60 and A, within B (lawful only under B)
		{"2026-05-20", true, true, true, 3},    // 71 days: beyond every cap
	} {
		c, err := CheckTerms(d("2026-03-10"), d(tc.due))
		if err != nil || c.Flagged != tc.flagged || c.Exceeds60 != tc.flagged || c.Exceeds45EOMA != tc.a || c.Exceeds45EOMB != tc.b || len(c.Findings) != tc.findings {
			t.Errorf("due %s: %+v, %v", tc.due, c, err)
		}
	}
	c, _ := CheckTerms(d("2026-03-10"), d("2026-05-20"))
	if c.Days != 71 || c.Limit60 != d("2026-05-09") || !hasText(c.Findings, "beyond 60 days", "limit 2026-05-09") ||
		!hasText(c.Findings, "then end of month (limit 2026-04-30)") || !hasText(c.Findings, "then +45 days (limit 2026-05-15)") {
		t.Errorf("findings = %v", c.Findings)
	}
}
