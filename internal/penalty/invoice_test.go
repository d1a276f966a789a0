package penalty

import (
	"testing"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

func TestInvoiceOfTakesTheInvoicesOwnAllocationsAsPayments(t *testing.T) {
	inv := receivable.Invoice{ID: 7, Number: "F7", IssueDate: d("2025-01-01"), DueDate: d("2025-01-31"), Amount: eur("1200.00"), Currency: "EUR"}
	allocs := []receivable.Allocation{
		{InvoiceID: 7, Amount: eur("200.00"), Date: d("2025-02-10")},
		{InvoiceID: 8, Amount: eur("999.00"), Date: d("2025-02-11")},
		{InvoiceID: 7, Amount: eur("1000.00"), Date: d("2025-03-01"), CreditNoteID: 3},
	}
	got := InvoiceOf(inv, allocs)
	if got.Number != "F7" || got.Amount != eur("1200.00") || got.DueDate != d("2025-01-31") || len(got.Payments) != 2 ||
		got.Payments[0] != (Payment{d("2025-02-10"), eur("200.00")}) || got.Payments[1] != (Payment{d("2025-03-01"), eur("1000.00")}) {
		t.Errorf("InvoiceOf = %+v", got)
	}
}

func TestTermsForPrefersTheCustomersRateThenTheCompanys(t *testing.T) {
	co := receivable.Company{PenaltyRate: money.Percent(1200)}
	cu := receivable.Customer{Kind: receivable.B2B}
	if tr := TermsFor(co, cu); tr.Rate != money.Percent(1200) || tr.RateFrom != "company" || tr.Country != "" {
		t.Errorf("company rate: %+v", tr)
	}
	cu.PenaltyRate = money.Percent(1500)
	if tr := TermsFor(co, cu); tr.Rate != money.Percent(1500) || tr.RateFrom != "customer" {
		t.Errorf("customer rate: %+v", tr)
	}
	co.PenaltyRate, cu.PenaltyRate, cu.Kind = 0, 0, receivable.B2C
	if tr := TermsFor(co, cu); tr.Rate != 0 || tr.Kind != receivable.B2C {
		t.Errorf("no rate: %+v", tr)
	}
}

func TestTermsValidateRefusesWhatComputeCannotDo(t *testing.T) {
	for _, tc := range []struct {
		terms Terms
		ok    bool
	}{
		{Terms{}, true}, {Terms{Country: "gb"}, true}, {Terms{Country: "AT"}, true}, {Terms{Kind: receivable.Public}, true},
		{Terms{Country: "US"}, false}, {Terms{Country: "PL"}, false}, {Terms{Country: "NL", Kind: receivable.B2C}, false},
		{Terms{DayCount: "30/360"}, false}, {Terms{Rate: -1}, false},
	} {
		if err := tc.terms.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v: err = %v", tc.terms, err)
		}
	}
}

// A delay before 2013 is computed with the 1 January / 1 July rates and says that the
// half-year rule did not exist then. 1,000 due 15 Dec 2012, paid 14 Jan 2013: 16–31 Dec 2012,
// 16 days at 1.00 + 10 = 11 %: 4.821… → 4.82; 1–14 Jan 2013, 14 days at 0.75 + 10 = 10.75 %:
// 4.123… → 4.12. A delay wholly in 2013 has no such warning: 1,000 due 31 Jan 2013, 30 days at
// 10.75 %: 8.835… → 8.84.
func TestDelayBefore2013IsWarnedAboutTheHalfYearRule(t *testing.T) {
	inv := Invoice{DueDate: d("2012-12-15"), Amount: eur("1000.00"), Payments: []Payment{{d("2013-01-14"), eur("1000.00")}}}
	r := mustCompute(t, inv, Terms{}, "2013-01-14", DefaultRates())
	checkLines(t, r.Lines, []wantLine{
		{"2012-12-16", "2012-12-31", 16, "11", "1000.00", "4.82"},
		{"2013-01-01", "2013-01-14", 14, "10.75", "1000.00", "4.12"},
	})
	if !hasText(r.Warnings, "Before 2013") {
		t.Errorf("warnings = %v", r.Warnings)
	}
	r = mustCompute(t, Invoice{DueDate: d("2013-01-31"), Amount: eur("1000.00")}, Terms{}, "2013-03-02", DefaultRates())
	if r.Interest != eur("8.84") || hasText(r.Warnings, "Before 2013") {
		t.Errorf("2013: interest %s warnings %v", r.Interest, r.Warnings)
	}
}
