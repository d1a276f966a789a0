package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// relance runs the command line as a user would; the penalty commands need no database.
func relance(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

type penaltiesJSON struct {
	Interest  *int64 `json:"interest_cents"`
	Indemnity *int64 `json:"indemnity_cents"`
	Total     *int64 `json:"total_cents"`
	Currency  string `json:"currency"`
	Lines     []struct {
		From   string `json:"from"`
		To     string `json:"to"`
		Days   int    `json:"days"`
		Rate   string `json:"rate"`
		Base   int64  `json:"base_cents"`
		Amount int64  `json:"amount_cents"`
	} `json:"lines"`
	Warnings []struct{ EN string } `json:"warnings"`
}

func decodePenalties(t *testing.T, out string) penaltiesJSON {
	t.Helper()
	var v penaltiesJSON
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if v.Interest == nil || v.Indemnity == nil || v.Total == nil {
		t.Fatalf("missing interest_cents, indemnity_cents or total_cents in %s", out)
	}
	return v
}

// Les Echos Publishing's example (legal note §1.4): 15,000 EUR at 15 % from 16 April to
// 15 May 2018, 30 days: 15,000 × 15 % × 30 / 365 = 184.93 EUR, plus the 40 EUR indemnity.
func TestPenaltiesReproducesThePublishedExample(t *testing.T) {
	args := []string{"penalties", "--amount", "15000.00", "--due", "2018-04-15", "--paid", "2018-05-15", "--rate", "15"}
	out, errOut, code := relance(t, append(args, "--format", "json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	v := decodePenalties(t, out)
	if *v.Interest != 18493 || *v.Indemnity != 4000 || *v.Total != 22493 || len(v.Lines) != 1 {
		t.Fatalf("got %s", out)
	}
	l := v.Lines[0]
	if l.From != "2018-04-16" || l.To != "2018-05-15" || l.Days != 30 || l.Rate != "15.00" || l.Base != 1500000 || l.Amount != 18493 {
		t.Errorf("line = %+v", l)
	}
	out, _, code = relance(t, append(args, "--lang", "en")...)
	for _, want := range []string{"2018-04-16  2018-05-15  30    15.00%  15,000.00  184.93",
		"Late interest           €184.93", "Flat indemnity           €40.00", "Interest and indemnity  €224.93", "Rules applied:"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = relance(t, args...)
	if !strings.Contains(out, "184,93") || !strings.Contains(out, "Règles appliquées") {
		t.Errorf("French table:\n%s", out)
	}
}

// Default rate with a partial payment across 1 July 2024: 10,000 EUR due 15 June 2024,
// 4,000 paid on 30 June, the rest on 15 July. 16–30 June on 10,000 at 14.50 %: 59.589… →
// 59.59; 1–15 July on 6,000 at 14.25 %: 35.136… → 35.14; 94.73 + 40.
func TestPenaltiesWithPartialPaymentAcrossTheHalfYear(t *testing.T) {
	out, errOut, code := relance(t, "penalties", "--amount", "10 000,00", "--due", "15/06/2024", "--payment", "2024-06-30=4000,00",
		"--paid", "2024-07-15", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	v := decodePenalties(t, out)
	if len(v.Lines) != 2 || v.Lines[0].Amount != 5959 || v.Lines[1].Base != 600000 || v.Lines[1].Rate != "14.25" || v.Lines[1].Amount != 3514 || *v.Interest != 9473 || *v.Total != 13473 {
		t.Errorf("got %s", out)
	}
}

// A consumer owes legal interest from the notice only: 5,000 EUR, notice 30 Sep 2025, on
// 31 Dec 2025: 92 days at 2.76 % = 34.78, no indemnity.
func TestPenaltiesForAConsumerRunFromTheNotice(t *testing.T) {
	out, errOut, code := relance(t, "penalties", "--amount", "5000", "--due", "2025-06-30", "--consumer", "--notice", "2025-09-30",
		"--date", "2025-12-31", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	v := decodePenalties(t, out)
	if *v.Interest != 3478 || *v.Indemnity != 0 || len(v.Lines) != 1 || v.Lines[0].Rate != "2.76" {
		t.Errorf("got %s", out)
	}
}

// Without --paid or --date, interest runs to today: 1,000 EUR due 31 May 2026, today
// 30 June 2026: 30 days at 12.15 % = 9.986… → 9.99.
func TestPenaltiesRunToTodayByDefault(t *testing.T) {
	var out, errb bytes.Buffer
	code := mainWithClock(context.Background(), []string{"penalties", "--amount", "1000", "--due", "2026-05-31", "--format", "json"},
		strings.NewReader(""), &out, &errb, func() time.Time { return time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC) })
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if v := decodePenalties(t, out.String()); *v.Interest != 999 || v.Lines[0].To != "2026-06-30" {
		t.Errorf("got %s", out.String())
	}
}

// A rate missing from the tables is an error (exit 1) that says which rate to add.
func TestPenaltiesWithAMissingRateSayHowToAddIt(t *testing.T) {
	_, errOut, code := relance(t, "penalties", "--amount", "1000", "--due", "2026-06-15", "--date", "2026-07-15")
	want := `no ECB main refinancing rate for 2026-H2: add it with "relance rates set ecb_mro 2026-H2 <rate>"`
	if code != 1 || !strings.Contains(errOut, want) {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestPenaltiesUsageErrorsExitWith2AndNameTheFlag(t *testing.T) {
	base := []string{"penalties", "--amount", "1000", "--due", "2025-01-31"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"penalties", "--due", "2025-01-31"}, "--amount and --due are required"},
		{[]string{"penalties", "--amount", "1000"}, "--amount and --due are required"},
		{append(base[:2:2], "abc", "--due", "2025-01-31"), "--amount"},
		{append(base[:2:2], "-5", "--due", "2025-01-31"), "--amount"},
		{append(base[:4:4], "31/02/2025"), "--due"},
		{append(base, "--payment", "2025-02-28"), "--payment"},
		{append(base, "--payment", "2025-02-28=abc"), "--payment"},
		{append(base, "--payment", "2025-02-28=2000"), "exceed the amount"},
		{append(base, "--payment", "2025-03-28=200", "--paid", "2025-03-01"), "--payment"},
		{append(base, "--notice", "2025-02-15"), "--notice"},
		{append(base, "--consumer", "--public"), "exclude each other"},
		{append(base, "--day-count", "30/360"), "--day-count"},
		{append(base, "--rate", "douze"), "--rate"},
		{append(base, "--country", "US"), "--country"},
		{append(base, "--country", "DE", "--consumer"), "--country"},
		{append(base, "--format", "xml"), "want one of"},
		{append(base, "--lang", "de"), "--lang"},
		{append(base, "--date", "tomorrow"), "--date"},
		{append(base, "--no-such-flag"), "unknown flag"},
	} {
		_, errOut, code := relance(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args[1:], code, errOut, tc.want)
		}
	}
}

// The legal note's example (§5): an invoice due on 31 July 2017 can be sued on until
// 31 July 2022 and is barred from 1 August 2022.
func TestLimitationPrintsTheDateAndWhy(t *testing.T) {
	out, errOut, code := relance(t, "limitation", "--due", "2017-07-31", "--date", "2026-11-23", "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Time-barred from 2022-08-01 (last day for action: 2022-07-31).", "5 years", "L110-4", "On 2026-11-23: time-barred."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// A partial payment on 15 June 2023 restarts 5 years: barred from 16 June 2028; the formal
// notice of 10 January 2024 changes nothing and is explained. On 1 January 2028 the claim is
// within 6 months of being barred.
func TestLimitationMovedByAnInterruptionNotByANotice(t *testing.T) {
	out, errOut, code := relance(t, "limitation", "--due", "2021-03-31", "--interruption", "partial_payment=2023-06-15",
		"--interruption", "formal_notice=2024-01-10", "--date", "2028-01-01", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var v struct {
		LastDay    string `json:"last_day"`
		BarredFrom string `json:"barred_from"`
		Barred     bool   `json:"barred"`
		Soon       bool   `json:"barred_within_6_months"`
		Applied    []struct{ Kind string }
		Notes      []struct{ EN string }
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.LastDay != "2028-06-15" || v.BarredFrom != "2028-06-16" || v.Barred || !v.Soon || len(v.Applied) != 1 || v.Applied[0].Kind != "partial_payment" {
		t.Errorf("got %s", out)
	}
	if !strings.Contains(out, "Cass. com. 18 May 2022") {
		t.Errorf("the notice is not explained: %s", out)
	}
	out, _, _ = relance(t, "limitation", "--due", "2021-03-31", "--interruption", "paiement=15/06/2023", "--date", "2028-01-01")
	if !strings.Contains(out, "Prescrite à compter du 16/06/2028") || !strings.Contains(out, "Moins de 6 mois") {
		t.Errorf("French output:\n%s", out)
	}
}

func TestLimitationConsumerCountsTwoYearsFromCompletion(t *testing.T) {
	out, errOut, code := relance(t, "limitation", "--due", "2025-02-28", "--consumer", "--performed", "2025-01-20", "--date", "2025-03-01", "--lang", "en")
	if code != 0 || !strings.Contains(out, "Time-barred from 2027-01-21 (last day for action: 2027-01-20).") {
		t.Errorf("exit %d %s:\n%s", code, errOut, out)
	}
}

func TestLimitationUsageErrorsExitWith2(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"limitation"}, "--due is required"},
		{[]string{"limitation", "--due", "someday"}, "--due"},
		{[]string{"limitation", "--due", "2021-03-31", "--interruption", "phone_call=2022-01-01"}, "--interruption"},
		{[]string{"limitation", "--due", "2021-03-31", "--interruption", "acknowledgement"}, "--interruption"},
		{[]string{"limitation", "--due", "2021-03-31", "--performed", "2021-03-01"}, "--performed"},
		{[]string{"limitation", "--due", "2021-03-31", "--format", "csv"}, "want one of"},
	} {
		_, errOut, code := relance(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args[1:], code, errOut, tc.want)
		}
	}
}
