package penalty

import (
	"errors"
	"testing"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// Les Echos Publishing, « Le point sur les pénalités de retard » (legal note §1.4): an invoice
// of 15,000 EUR including VAT due on 15 April 2018 at 15 %, paid on 15 May 2018, 30 days late:
// 15,000 × 15 % × 30 / 365 = 184.9315… → 184.93 EUR; plus the 40 EUR indemnity.
func TestPublishedLesEchosExampleGives184_93(t *testing.T) {
	inv := Invoice{Number: "LE-2018", IssueDate: d("2018-02-15"), DueDate: d("2018-04-15"), Amount: eur("15000.00"),
		Payments: []Payment{{d("2018-05-15"), eur("15000.00")}}}
	r := mustCompute(t, inv, Terms{Rate: pct100("15")}, "2018-05-15", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2018-04-16", "2018-05-15", 30, "15", "15000.00", "184.93"}})
	if r.Interest != eur("184.93") || r.Indemnity != eur("40.00") || r.Total != eur("224.93") || r.DaysLate != 30 {
		t.Errorf("interest %s indemnity %s total %s days %d", r.Interest, r.Indemnity, r.Total, r.DaysLate)
	}
	// 3 × the legal rate of 2018-H1 is 3 × 0.89 = 2.67 %: 15 % is above the floor.
	if len(r.Warnings) != 0 {
		t.Errorf("warnings: %v", r.Warnings)
	}
}

// A later computation day does not add interest to an invoice already paid: the delay ends
// on the payment date.
func TestInterestStopsOnThePaymentDate(t *testing.T) {
	inv := Invoice{DueDate: d("2018-04-15"), Amount: eur("15000.00"), Payments: []Payment{{d("2018-05-15"), eur("15000.00")}}}
	r := mustCompute(t, inv, Terms{Rate: pct100("15")}, "2026-11-23", DefaultRates())
	if r.Interest != eur("184.93") || r.PaidDate != d("2018-05-15") || r.Outstanding != 0 {
		t.Errorf("interest %s paid %s outstanding %s", r.Interest, r.PaidDate, r.Outstanding)
	}
}

// 10,000 EUR due 15 June 2024, paid 15 July 2024, default rate. ECB MRO on 1 Jan 2024 4.50 %
// ⇒ 14.50 %; on 1 Jul 2024 4.25 % ⇒ 14.25 % (the 12 June 2024 cut is ignored in H1).
// 16–30 June: 15 days × 10,000 × 14.50 % / 365 = 59.589… → 59.59;
// 1–15 July: 15 days × 10,000 × 14.25 % / 365 = 58.561… → 58.56; interest 118.15.
func TestDefaultRateSplitsAtFirstJulyWithEachHalfYearsRate(t *testing.T) {
	inv := Invoice{DueDate: d("2024-06-15"), Amount: eur("10000.00"), Payments: []Payment{{d("2024-07-15"), eur("10000.00")}}}
	r := mustCompute(t, inv, Terms{}, "2024-07-15", DefaultRates())
	checkLines(t, r.Lines, []wantLine{
		{"2024-06-16", "2024-06-30", 15, "14.50", "10000.00", "59.59"},
		{"2024-07-01", "2024-07-15", 15, "14.25", "10000.00", "58.56"},
	})
	if r.Interest != eur("118.15") || r.Indemnity != eur("40.00") {
		t.Errorf("interest %s indemnity %s", r.Interest, r.Indemnity)
	}
	if !hasText(r.Notes, "Interpretation", "split") {
		t.Errorf("the split is not documented as an interpretation: %v", r.Notes)
	}
	if r.Lines[0].Basis.EN != "Code de commerce L441-10: ECB main refinancing rate 4.50% (2024-H1) + 10 points" {
		t.Errorf("basis = %q", r.Lines[0].Basis.EN)
	}
}

// Half-years at the same rate need no split: 2025-H2 and 2026-H1 are both 2.15 + 10 = 12.15 %.
// 1,000 EUR due 15 Dec 2025, paid 14 Jan 2026, 30 days at 12.15 %: 1,000 × 12.15 % × 30 / 365
// = 9.986… → 9.99, one line.
func TestSameRateAcrossHalfYearsIsOneLine(t *testing.T) {
	inv := Invoice{DueDate: d("2025-12-15"), Amount: eur("1000.00"), Payments: []Payment{{d("2026-01-14"), eur("1000.00")}}}
	r := mustCompute(t, inv, Terms{}, "2026-01-14", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2025-12-16", "2026-01-14", 30, "12.15", "1000.00", "9.99"}})
	if r.Lines[0].Basis.EN != "Code de commerce L441-10: ECB main refinancing rate 2.15% (2025-H2 to 2026-H1) + 10 points" {
		t.Errorf("basis = %q", r.Lines[0].Basis.EN)
	}
}

// Each line is rounded, then added: 100.00 EUR across 1 July 2024 gives
// 100 × 14.50 % × 15 / 365 = 0.5958… → 0.60 and 100 × 14.25 % × 15 / 365 = 0.5856… → 0.59,
// interest 1.19, where rounding the unsplit sum (1.1815…) would give 1.18.
func TestInterestIsTheSumOfLinesRoundedOneByOne(t *testing.T) {
	inv := Invoice{DueDate: d("2024-06-15"), Amount: eur("100.00"), Payments: []Payment{{d("2024-07-15"), eur("100.00")}}}
	r := mustCompute(t, inv, Terms{}, "2024-07-15", DefaultRates())
	if r.Lines[0].Amount != eur("0.60") || r.Lines[1].Amount != eur("0.59") || r.Interest != eur("1.19") {
		t.Errorf("lines %s + %s = %s, want 0.60 + 0.59 = 1.19", r.Lines[0].Amount, r.Lines[1].Amount, r.Interest)
	}
}

// 10,000 EUR due 31 Jan 2025 (2025-H1: 3.15 + 10 = 13.15 %), 4,000 paid on 28 Feb, the
// balance on 31 Mar. 1–28 Feb: 28 days on 10,000: 10,000 × 13.15 % × 28 / 365 = 100.876… →
// 100.88; 1–31 Mar: 31 days on 6,000: 6,000 × 13.15 % × 31 / 365 = 67.010… → 67.01;
// interest 167.89, and the indemnity once: 40.00.
func TestPartialPaymentReducesTheBaseFromTheNextDay(t *testing.T) {
	inv := Invoice{DueDate: d("2025-01-31"), Amount: eur("10000.00"), Payments: []Payment{
		{d("2025-03-31"), eur("6000.00")}, {d("2025-02-28"), eur("4000.00")}}}
	r := mustCompute(t, inv, Terms{}, "2025-04-30", DefaultRates())
	checkLines(t, r.Lines, []wantLine{
		{"2025-02-01", "2025-02-28", 28, "13.15", "10000.00", "100.88"},
		{"2025-03-01", "2025-03-31", 31, "13.15", "6000.00", "67.01"},
	})
	if r.Interest != eur("167.89") || r.Indemnity != eur("40.00") || r.Total != eur("207.89") {
		t.Errorf("interest %s indemnity %s total %s", r.Interest, r.Indemnity, r.Total)
	}
}

// The indemnity is per invoice, not per payment: three late instalments still owe 40 EUR.
func TestIndemnityIsNotSplitByPartialPayments(t *testing.T) {
	inv := Invoice{DueDate: d("2025-01-31"), Amount: eur("3000.00"), Payments: []Payment{
		{d("2025-02-10"), eur("1000.00")}, {d("2025-02-20"), eur("1000.00")}, {d("2025-03-02"), eur("1000.00")}}}
	r := mustCompute(t, inv, Terms{}, "2025-04-30", DefaultRates())
	if r.Indemnity != eur("40.00") || len(r.Lines) != 3 {
		t.Errorf("indemnity %s, %d lines", r.Indemnity, len(r.Lines))
	}
}

// A payment received by the due date lowers the base from the first day of delay:
// 1,000 due 31 Jan 2025, 600 paid on 31 Jan, 400 on 2 Mar (30 days): 400 × 13.15 % × 30 / 365 =
// 4.323… → 4.32, and the invoice, not fully paid at its due date, owes the 40 EUR.
func TestPaymentByTheDueDateLowersTheFirstBase(t *testing.T) {
	inv := Invoice{DueDate: d("2025-01-31"), Amount: eur("1000.00"), Payments: []Payment{
		{d("2025-01-31"), eur("600.00")}, {d("2025-03-02"), eur("400.00")}}}
	r := mustCompute(t, inv, Terms{}, "2025-04-30", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2025-02-01", "2025-03-02", 30, "13.15", "400.00", "4.32"}})
	if r.Indemnity != eur("40.00") {
		t.Errorf("indemnity %s", r.Indemnity)
	}
}

func TestNothingIsOwedWhenPaidOnTimeOrNotYetDue(t *testing.T) {
	onTime := Invoice{DueDate: d("2025-01-31"), Amount: eur("1000.00"), Payments: []Payment{{d("2025-01-31"), eur("1000.00")}}}
	notDue := Invoice{DueDate: d("2025-01-31"), Amount: eur("1000.00")}
	for name, tc := range map[string]struct {
		inv Invoice
		day string
	}{"paid on the due date": {onTime, "2025-06-30"}, "on the due date": {notDue, "2025-01-31"}} {
		r := mustCompute(t, tc.inv, Terms{}, tc.day, DefaultRates())
		if len(r.Lines) != 0 || r.Total != 0 || r.Indemnity != 0 || len(r.Notes) != 1 {
			t.Errorf("%s: %+v", name, r)
		}
	}
}

// An unpaid invoice accrues to the computation day: 2,000 due 31 Mar 2025 (13.15 %), computed
// on 30 Apr 2025: 2,000 × 13.15 % × 30 / 365 = 21.616… → 21.62.
func TestUnpaidInvoiceAccruesToTheComputationDay(t *testing.T) {
	inv := Invoice{DueDate: d("2025-03-31"), Amount: eur("2000.00")}
	r := mustCompute(t, inv, Terms{}, "2025-04-30", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2025-04-01", "2025-04-30", 30, "13.15", "2000.00", "21.62"}})
	if r.Outstanding != eur("2000.00") || !r.PaidDate.IsZero() || r.Indemnity != eur("40.00") {
		t.Errorf("outstanding %s paid %s indemnity %s", r.Outstanding, r.PaidDate, r.Indemnity)
	}
}

// A stipulated 15 % over 16 June–15 July 2024 is one line (the rate does not change):
// 10,000 × 15 % × 30 / 365 = 123.287… → 123.29. The floor is 3 × 5.07 = 15.21 % in 2024-H1
// (15 % is below: warned) and 3 × 4.92 = 14.76 % in 2024-H2 (15 % is above: no warning).
func TestStipulatedRateBelowTheFloorIsWarnedPerHalfYear(t *testing.T) {
	inv := Invoice{DueDate: d("2024-06-15"), Amount: eur("10000.00"), Payments: []Payment{{d("2024-07-15"), eur("10000.00")}}}
	r := mustCompute(t, inv, Terms{Rate: pct100("15"), RateFrom: "customer"}, "2024-07-15", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2024-06-16", "2024-07-15", 30, "15", "10000.00", "123.29"}})
	if len(r.Warnings) != 1 || !hasText(r.Warnings, "15.00%", "2024-H1", "3 × 5.07% = 15.21%") {
		t.Errorf("warnings = %v", r.Warnings)
	}
	if r.Lines[0].Basis.FR != "taux convenu 15,00\u00a0% (fixé pour le client)" {
		t.Errorf("basis = %q", r.Lines[0].Basis.FR)
	}
}

// The floor check needs the legal rate; when it is missing (2026-H2 is not published in the
// defaults) the stipulated rate is still applied and the warning says what to add.
func TestStipulatedRateWithUnknownLegalRateIsComputedAndWarned(t *testing.T) {
	inv := Invoice{DueDate: d("2026-06-30"), Amount: eur("1000.00")}
	r := mustCompute(t, inv, Terms{Rate: pct100("12")}, "2026-07-30", DefaultRates())
	// 1,000 × 12 % × 30 / 365 = 9.863… → 9.86.
	if r.Interest != eur("9.86") {
		t.Errorf("interest %s", r.Interest)
	}
	if !hasText(r.Warnings, "2026-H2", `relance rates set fr_legal_other 2026-H2 <rate>`) {
		t.Errorf("warnings = %v", r.Warnings)
	}
}

// The default rate needs the ECB rate of every half-year of the delay; 2026-H2 was not
// confirmed, so the computation refuses and says how to add it.
func TestMissingECBRateFailsNamingTheHalfYear(t *testing.T) {
	inv := Invoice{DueDate: d("2026-06-15"), Amount: eur("1000.00")}
	_, err := Compute(inv, Terms{}, d("2026-07-15"), DefaultRates())
	var missing *MissingRateError
	if !errors.As(err, &missing) || missing.Series != ECBMRO || missing.Semester != (Semester{2026, 2}) {
		t.Fatalf("err = %v", err)
	}
	want := `no ECB main refinancing rate for 2026-H2: add it with "relance rates set ecb_mro 2026-H2 <rate>"`
	if err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	// Once a user sets it, the same computation runs: 16–30 June at 12.15 % and 1–15 July at
	// 2.00 + 10 = 12 %: 1,000 × 12.15 % × 15 / 365 = 4.993… → 4.99; 1,000 × 12 % × 15 / 365 =
	// 4.931… → 4.93.
	rates := DefaultRates().With(ECBMRO, Semester{2026, 2}, pct100("2.00"), "ECB press release")
	r := mustCompute(t, inv, Terms{}, "2026-07-15", rates)
	if r.Interest != eur("9.92") {
		t.Errorf("interest with the user's rate = %s, want 9.92", r.Interest)
	}
}

// actual/actual divides the days of a leap year by 366 and splits at 31 December: 10,000 at a
// stipulated 10 %, due 15 Dec 2023, paid 14 Jan 2024: 16–31 Dec 2023, 16 days / 365 =
// 43.835… → 43.84; 1–14 Jan 2024, 14 days / 366 = 38.251… → 38.25; 82.09. actual/365 gives one
// line of 30 days: 82.191… → 82.19.
func TestActualActualSplitsAtYearEndAndDividesLeapYearsBy366(t *testing.T) {
	inv := Invoice{DueDate: d("2023-12-15"), Amount: eur("10000.00"), Payments: []Payment{{d("2024-01-14"), eur("10000.00")}}}
	r := mustCompute(t, inv, Terms{Rate: pct100("10"), DayCount: ActualActual}, "2024-01-14", DefaultRates())
	checkLines(t, r.Lines, []wantLine{
		{"2023-12-16", "2023-12-31", 16, "10", "10000.00", "43.84"},
		{"2024-01-01", "2024-01-14", 14, "10", "10000.00", "38.25"},
	})
	if r.Lines[0].Divisor != 365 || r.Lines[1].Divisor != 366 {
		t.Errorf("divisors %d, %d", r.Lines[0].Divisor, r.Lines[1].Divisor)
	}
	r = mustCompute(t, inv, Terms{Rate: pct100("10")}, "2024-01-14", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2023-12-16", "2024-01-14", 30, "10", "10000.00", "82.19"}})
}

// Under actual/365 a whole leap year still divides by 365: 1,000 at 10 % over the 366 days
// of 2024 is 1,000 × 10 % × 366 / 365 = 100.273… → 100.27.
func TestActual365KeepsThe365DivisorInLeapYears(t *testing.T) {
	inv := Invoice{DueDate: d("2023-12-31"), Amount: eur("1000.00")}
	r := mustCompute(t, inv, Terms{Rate: pct100("10")}, "2024-12-31", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2024-01-01", "2024-12-31", 366, "10", "1000.00", "100.27"}})
}

// Consumers owe no penalty and no indemnity; legal interest ("other cases") runs only from the
// formal notice. Without one: nothing, and the result says why.
func TestConsumerWithoutFormalNoticeOwesNothing(t *testing.T) {
	inv := Invoice{DueDate: d("2025-06-30"), Amount: eur("5000.00")}
	r := mustCompute(t, inv, Terms{Kind: receivable.B2C}, "2025-12-31", DefaultRates())
	if r.Total != 0 || len(r.Lines) != 0 || r.Indemnity != 0 {
		t.Errorf("consumer without notice owes %s", r.Total)
	}
	if !hasText(r.Notes, "No formal notice recorded") {
		t.Errorf("notes = %v", r.Notes)
	}
}

// Same invoice, formal notice of 30 Sep 2025: from 1 Oct to 31 Dec 2025, 92 days at the
// legal rate "other cases" of 2025-H2, 2.76 %: 5,000 × 2.76 % × 92 / 365 = 34.783… → 34.78.
// Continued to 31 Jan 2026: 31 more days at 2.62 % (2026-H1): 5,000 × 2.62 % × 31 / 365 =
// 11.126… → 11.13.
func TestConsumerOwesLegalInterestFromTheFormalNotice(t *testing.T) {
	inv := Invoice{DueDate: d("2025-06-30"), Amount: eur("5000.00"), NoticeDate: d("2025-09-30")}
	r := mustCompute(t, inv, Terms{Kind: receivable.B2C}, "2025-12-31", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2025-10-01", "2025-12-31", 92, "2.76", "5000.00", "34.78"}})
	if r.Indemnity != 0 || r.Total != eur("34.78") {
		t.Errorf("indemnity %s total %s", r.Indemnity, r.Total)
	}
	r = mustCompute(t, inv, Terms{Kind: receivable.B2C}, "2026-01-31", DefaultRates())
	checkLines(t, r.Lines, []wantLine{
		{"2025-10-01", "2025-12-31", 92, "2.76", "5000.00", "34.78"},
		{"2026-01-01", "2026-01-31", 31, "2.62", "5000.00", "11.13"},
	})
}

// A notice sent before the due date makes interest run only from the day after the due date.
func TestConsumerNoticeBeforeDueDateRunsFromTheDueDate(t *testing.T) {
	inv := Invoice{DueDate: d("2025-09-30"), Amount: eur("5000.00"), NoticeDate: d("2025-09-01")}
	r := mustCompute(t, inv, Terms{Kind: receivable.B2C, Rate: pct100("10")}, "2025-12-31", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2025-10-01", "2025-12-31", 92, "2.76", "5000.00", "34.78"}})
	if !hasText(r.Warnings, "not applied to a consumer") {
		t.Errorf("a stipulated rate against a consumer is not reported: %v", r.Warnings)
	}
}

// A public buyer owes ECB + 8 points and 40 EUR: 10,000 due 28 Feb 2025, paid 31 Mar 2025,
// 31 days at 3.15 + 8 = 11.15 %: 10,000 × 11.15 % × 31 / 365 = 94.698… → 94.70.
func TestPublicBuyerOwesECBPlus8AndTheIndemnity(t *testing.T) {
	inv := Invoice{DueDate: d("2025-02-28"), Amount: eur("10000.00"), Payments: []Payment{{d("2025-03-31"), eur("10000.00")}}}
	r := mustCompute(t, inv, Terms{Kind: receivable.Public}, "2025-03-31", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2025-03-01", "2025-03-31", 31, "11.15", "10000.00", "94.70"}})
	if r.Indemnity != eur("40.00") || r.Total != eur("134.70") {
		t.Errorf("indemnity %s total %s", r.Indemnity, r.Total)
	}
}

// Interest on a large claim overflows int64 in the intermediate product (base × rate × days):
// 90,000,000,000,000.00 EUR at 15 % for 30 days is 9 × 10^13 × 0.15 × 30 / 365 =
// 1,109,589,041,095.890 41… EUR → 1,109,589,041,095.89.
func TestLargeAmountsAreComputedExactly(t *testing.T) {
	inv := Invoice{DueDate: d("2018-04-15"), Amount: eur("90000000000000.00")}
	r := mustCompute(t, inv, Terms{Rate: pct100("15")}, "2018-05-15", DefaultRates())
	if r.Interest != eur("1109589041095.89") {
		t.Errorf("interest %s", r.Interest)
	}
}

func TestBadInputIsRefused(t *testing.T) {
	ok := Invoice{DueDate: d("2025-01-31"), Amount: eur("100.00")}
	cases := map[string]struct {
		inv   Invoice
		terms Terms
	}{
		"no due date":       {Invoice{Amount: 100}, Terms{}},
		"zero amount":       {Invoice{DueDate: d("2025-01-31")}, Terms{}},
		"negative payment":  {Invoice{DueDate: d("2025-01-31"), Amount: 100, Payments: []Payment{{d("2025-02-01"), -5}}}, Terms{}},
		"negative rate":     {ok, Terms{Rate: -money.Rate(1)}},
		"unknown day count": {ok, Terms{DayCount: "30/360"}},
		"unknown country":   {ok, Terms{Country: "US"}},
		"foreign consumer":  {ok, Terms{Country: "DE", Kind: receivable.B2C}},
	}
	for name, tc := range cases {
		if _, err := Compute(tc.inv, tc.terms, d("2025-06-30"), DefaultRates()); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
