package penalty

import (
	"errors"
	"testing"

	"github.com/relance-app/relance/internal/money"
)

// Belgium: reference + 8 points, rounded up to the next half point. 2026-H1: 2.15 + 8 =
// 10.15 → 10.50 %. 10,000 EUR due 31 Jan 2026, paid 2 Mar 2026 (30 days):
// 10,000 × 10.50 % × 30 / 365 = 86.301… → 86.30; plus 40 EUR. The 2026-H1 value is not
// confirmed in the defaults, and the result says so.
func TestBelgiumRoundsTheRateUpToTheHalfPoint(t *testing.T) {
	inv := Invoice{DueDate: d("2026-01-31"), Amount: eur("10000.00"), Payments: []Payment{{d("2026-03-02"), eur("10000.00")}}}
	r := mustCompute(t, inv, Terms{Country: "BE"}, "2026-03-02", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2026-02-01", "2026-03-02", 30, "10.50", "10000.00", "86.30"}})
	if r.Indemnity != eur("40.00") || r.Lines[0].Basis.EN != "Belgian law of 2 August 2002, art. 5: Belgian reference rate 2.15% (2026-H1) + 8 points = 10.15%, rounded up to 10.50%" {
		t.Errorf("indemnity %s, basis %q", r.Indemnity, r.Lines[0].Basis.EN)
	}
	if !hasText(r.Warnings, "not confirmed", "be_reference 2026-H1") {
		t.Errorf("the unconfirmed rate is not reported: %v", r.Warnings)
	}
}

// A rate already on a half point is not moved: 2024-H1, 4.50 + 8 = 12.50 %.
func TestBelgiumKeepsARateOnTheHalfPoint(t *testing.T) {
	if got := roundUp(pct100("12.50"), money.Percent(50)); got != pct100("12.50") {
		t.Errorf("roundUp(12.50) = %s", got)
	}
	if got := roundUp(pct100("12.51"), money.Percent(50)); got != pct100("13.00") {
		t.Errorf("roundUp(12.51) = %s", got)
	}
	inv := Invoice{DueDate: d("2024-01-31"), Amount: eur("1000.00")}
	r := mustCompute(t, inv, Terms{Country: "BE"}, "2024-03-01", DefaultRates())
	if r.Lines[0].Rate != pct100("12.50") || len(r.Warnings) != 0 {
		t.Errorf("rate %s, warnings %v", r.Lines[0].Rate, r.Warnings)
	}
}

// Germany: Basiszinssatz + 9 points. 2026-H1 default 1.27 (unconfirmed) ⇒ 10.27 %:
// 10,000 × 10.27 % × 30 / 365 = 84.410… → 84.41, plus the 40 EUR Pauschale.
func TestGermanyAddsNinePointsToTheBaseRate(t *testing.T) {
	inv := Invoice{DueDate: d("2026-01-31"), Amount: eur("10000.00"), Payments: []Payment{{d("2026-03-02"), eur("10000.00")}}}
	r := mustCompute(t, inv, Terms{Country: "DE"}, "2026-03-02", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2026-02-01", "2026-03-02", 30, "10.27", "10000.00", "84.41"}})
	if r.Indemnity != eur("40.00") || !hasText(r.Warnings, "de_base 2026-H1") {
		t.Errorf("indemnity %s warnings %v", r.Indemnity, r.Warnings)
	}
}

// Italy and Spain: reference + 8 points. Italy 2026-H1 2.15 (GU n. 15/2026) ⇒ 10.15 %:
// 10,000 × 10.15 % × 30 / 365 = 83.424… → 83.42. Spain 2020-H1 0.00 (BOE) ⇒ 8.00 %, 30 days
// from 1 Feb to 1 Mar 2020 (February has 29 days): 10,000 × 8 % × 30 / 365 = 65.753… → 65.75.
func TestItalyAndSpainAddEightPointsToTheirReferenceRate(t *testing.T) {
	it := mustCompute(t, Invoice{DueDate: d("2026-01-31"), Amount: eur("10000.00")}, Terms{Country: "IT"}, "2026-03-02", DefaultRates())
	checkLines(t, it.Lines, []wantLine{{"2026-02-01", "2026-03-02", 30, "10.15", "10000.00", "83.42"}})
	es := mustCompute(t, Invoice{DueDate: d("2020-01-31"), Amount: eur("10000.00")}, Terms{Country: "ES"}, "2020-03-01", DefaultRates())
	checkLines(t, es.Lines, []wantLine{{"2020-02-01", "2020-03-01", 30, "8", "10000.00", "65.75"}})
	if it.Indemnity != eur("40.00") || es.Indemnity != eur("40.00") || len(it.Warnings)+len(es.Warnings) != 0 {
		t.Errorf("indemnities %s %s, warnings %v %v", it.Indemnity, es.Indemnity, it.Warnings, es.Warnings)
	}
}

// A euro-area state without a rule of its own gets the Directive minimum, ECB + 8: Portugal,
// 10,000 due 28 Feb 2025, 31 days at 3.15 + 8 = 11.15 %: 94.698… → 94.70.
func TestEuroAreaBaselineIsECBPlusEight(t *testing.T) {
	r := mustCompute(t, Invoice{DueDate: d("2025-02-28"), Amount: eur("10000.00")}, Terms{Country: "pt"}, "2025-03-31", DefaultRates())
	checkLines(t, r.Lines, []wantLine{{"2025-03-01", "2025-03-31", 31, "11.15", "10000.00", "94.70"}})
	if r.Indemnity != eur("40.00") || !hasText(r.Notes, "No national rule recorded for PT") {
		t.Errorf("indemnity %s notes %v", r.Indemnity, r.Notes)
	}
}

// Netherlands: ECB + 8 per half-year, and each full year of delay the unpaid interest joins
// the base. 10,000 EUR due 31 Dec 2023, unpaid on 31 Dec 2025 (two full years).
// Year 1 on 10,000: 1 Jan–30 Jun 2024, 182 days at 12.50 %: 623.287… → 623.29;
// 1 Jul–31 Dec 2024, 184 days at 12.25 %: 617.534… → 617.53; year 1 = 1,240.82.
// Year 2 on 10,000 + 1,240.82 = 11,240.82: 1 Jan–30 Jun 2025, 181 days at 3.15 + 8 = 11.15 %:
// 11,240.82 × 11.15 % × 181 / 365 = 621.5249… → 621.52; 1 Jul–31 Dec 2025, 184 days at
// 2.15 + 8 = 10.15 %: 575.160… → 575.16. Interest 2,437.50 (simple interest would be 2,305.41).
func TestNetherlandsCompoundsUnpaidInterestEachYear(t *testing.T) {
	rates := DefaultRates().
		With(NLReference, Semester{2025, 1}, pct100("3.15"), "test").
		With(NLReference, Semester{2025, 2}, pct100("2.15"), "test")
	inv := Invoice{DueDate: d("2023-12-31"), Amount: eur("10000.00")}
	r := mustCompute(t, inv, Terms{Country: "NL"}, "2025-12-31", rates)
	checkLines(t, r.Lines, []wantLine{
		{"2024-01-01", "2024-06-30", 182, "12.50", "10000.00", "623.29"},
		{"2024-07-01", "2024-12-31", 184, "12.25", "10000.00", "617.53"},
		{"2025-01-01", "2025-06-30", 181, "11.15", "11240.82", "621.52"},
		{"2025-07-01", "2025-12-31", 184, "10.15", "11240.82", "575.16"},
	})
	if r.Interest != eur("2437.50") {
		t.Errorf("interest %s", r.Interest)
	}
	if r.Lines[2].Basis.EN != "BW 6:119a: Dutch reference rate 3.15% (2025-H1) + 8 points; base includes 1,240.82 of capitalised interest" {
		t.Errorf("basis = %q", r.Lines[2].Basis.EN)
	}
	// Without the 2025 rates the defaults stop at 2024-H2 and the computation says which to add.
	_, err := Compute(inv, Terms{Country: "NL"}, d("2025-12-31"), DefaultRates())
	var missing *MissingRateError
	if !errors.As(err, &missing) || missing.Series != NLReference || missing.Semester != (Semester{2025, 1}) {
		t.Errorf("err = %v", err)
	}
}

// United Kingdom: base rate + 8, fixed at the rate before interest starts. £5,000 due 15 June
// 2024, paid 14 August 2024: interest starts on 16 June (H1), so the base rate of 31 Dec 2023
// applies for the whole debt (test value 5.25 %, filed under 2024-H1) even after 1 July (test
// value 5.00 % for 2024-H2, not used): 60 days at 13.25 %: 5,000 × 13.25 % × 60 / 365 =
// 108.904… → 108.90. A £5,000 debt earns £70 compensation.
func TestUnitedKingdomFixesTheRateWhenInterestStartsAndPays70Pounds(t *testing.T) {
	rates := DefaultRates().
		With(GBBase, Semester{2024, 1}, pct100("5.25"), "test").
		With(GBBase, Semester{2024, 2}, pct100("5.00"), "test")
	inv := Invoice{DueDate: d("2024-06-15"), Amount: eur("5000.00"), Currency: "GBP",
		Payments: []Payment{{d("2024-08-14"), eur("5000.00")}}}
	r := mustCompute(t, inv, Terms{Country: "GB"}, "2024-08-14", rates)
	checkLines(t, r.Lines, []wantLine{{"2024-06-16", "2024-08-14", 60, "13.25", "5000.00", "108.90"}})
	if r.Indemnity != eur("70.00") || r.Currency != "GBP" || r.Total != eur("178.90") {
		t.Errorf("indemnity %s %s total %s", r.Indemnity, r.Currency, r.Total)
	}
	if r.Lines[0].Basis.EN != "Late Payment of Commercial Debts (Interest) Act 1998: Bank of England base rate 5.25% on 2023-12-31 + 8 points, fixed when interest started" {
		t.Errorf("basis = %q", r.Lines[0].Basis.EN)
	}
}

func TestUnitedKingdomCompensationFollowsTheSizeOfTheDebt(t *testing.T) {
	for _, tc := range []struct{ debt, want string }{
		{"999.99", "40.00"}, {"1000.00", "70.00"}, {"9999.99", "70.00"}, {"10000.00", "100.00"}, {"250000.00", "100.00"},
	} {
		if got := ukCompensation(eur(tc.debt)); got != eur(tc.want) {
			t.Errorf("debt %s: compensation %s, want %s", tc.debt, got, tc.want)
		}
	}
}

// The 40 EUR cannot be added to an invoice in another currency: it is reported and left out
// of the total.
func TestIndemnityInAnotherCurrencyIsLeftOutOfTheTotal(t *testing.T) {
	inv := Invoice{DueDate: d("2025-01-31"), Amount: eur("1000.00"), Currency: "USD"}
	r := mustCompute(t, inv, Terms{}, "2025-03-02", DefaultRates())
	if r.Indemnity != 0 || r.Total != r.Interest || !hasText(r.Warnings, "another currency") {
		t.Errorf("indemnity %s total %s warnings %v", r.Indemnity, r.Total, r.Warnings)
	}
}
