package dunning

import (
	"testing"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// busyAccount is a realistic account without history: ten open invoices due every nine days
// from 5 January 2026, one partly paid, a little credit on account, one invoice disputed.
func busyAccount() Account {
	var invoices []receivable.Invoice
	for i := range 10 {
		inv := invoice(int64(i+1), "2026-01-05", "0")
		inv.DueDate = inv.DueDate.AddDays(9 * i)
		inv.Amount = money.Cents(15000 + 25000*int64(i%4))
		invoices = append(invoices, inv)
	}
	invoices[3].Allocated = 5000
	acct := account(invoices...)
	acct.Credit = 2000
	acct.Disputes = []receivable.Dispute{{ID: 1, CustomerID: 1, InvoiceID: 5, Opened: day("2026-02-12"), Reason: "prix contesté"}}
	return acct
}

// benchDay is a Monday on which the busy account gets an e-mail, a registered letter and a
// call, with an invoice disputed.
var benchDay = day("2026-03-23")

// benchAccount is the busy account as the daily run finds it on benchDay: the history the
// standard policy left since the first invoice (30 actions and 2 superseded steps).
func benchAccount() Account {
	acct := busyAccount()
	pol, _ := DefaultPolicy("standard-fr")
	from := day("2026-01-01")
	for _, dp := range Simulate(acct, pol, from, benchDay.Sub(from), fr) {
		acct = acct.Record(dp.Decision, "")
	}
	return acct
}

// catchUpAccount is the busy account with only twenty history entries, as after an import of
// late invoices or weeks without a run: on benchDay most invoices are several steps behind.
func catchUpAccount() Account {
	acct := busyAccount()
	std, _ := DefaultPolicy("standard-fr")
	cutoff := day("2026-02-19")
	for _, s := range std.Steps {
		for _, inv := range acct.Invoices {
			when := fr.OnOrAfter(inv.DueDate.AddDays(s.OffsetDays))
			if when.After(cutoff) || len(acct.History) == 20 {
				continue
			}
			acct.History = append(acct.History, PastAction{Day: when, Channel: s.Channel, Step: s.Name, Phase: s.Phase,
				Status: Outcome(s.Channel), Invoices: []PastInvoice{{ID: inv.ID, Step: s.Name}}})
		}
	}
	return acct
}

func TestBenchmarkAccountsAreRealistic(t *testing.T) {
	pol := shipped(t, "standard-fr")
	acct := benchAccount()
	if len(acct.Invoices) != 10 || len(acct.History) < 20 {
		t.Fatalf("%d invoices, %d history entries", len(acct.Invoices), len(acct.History))
	}
	expect(t, Plan(acct, pol, benchDay, fr),
		"email relance-1 level1 F009:relance-1 F010:rappel-preventif",
		"registered_letter relance-2 level2 F007:relance-2",
		"call appel-2 level2 F007:appel-2 F008:appel-1",
		"left F005 disputed")
	d := Plan(catchUpAccount(), pol, benchDay, fr)
	if len(catchUpAccount().History) != 20 || len(d.Actions) != 4 || len(d.Superseded) < 20 {
		t.Errorf("catch-up day: %v", summary(d))
	}
}

// BenchmarkPlan measures one customer's daily decision: ten open invoices, thirty past
// actions, three actions out. The daily run calls Plan once per customer with open invoices,
// 100,000 times for a large database.
func BenchmarkPlan(b *testing.B) {
	acct := benchAccount()
	pol, _ := DefaultPolicy("standard-fr")
	b.ReportAllocs()
	reportCPU(b, func() {
		for b.Loop() {
			Plan(acct, pol, benchDay, fr)
		}
	})
}

// BenchmarkPlanCatchUp is the heavy case: ten invoices several steps behind, twenty past
// actions, four actions out and two dozen steps superseded.
func BenchmarkPlanCatchUp(b *testing.B) {
	acct := catchUpAccount()
	pol, _ := DefaultPolicy("standard-fr")
	b.ReportAllocs()
	reportCPU(b, func() {
		for b.Loop() {
			Plan(acct, pol, benchDay, fr)
		}
	})
}

// BenchmarkPlanQuiet is the most common case: a customer with nothing due today.
func BenchmarkPlanQuiet(b *testing.B) {
	acct := benchAccount()
	pol, _ := DefaultPolicy("standard-fr")
	for _, dp := range Simulate(acct, pol, benchDay, 2, fr) {
		acct = acct.Record(dp.Decision, "")
	}
	quiet := benchDay.AddDays(2)
	if d := Plan(acct, pol, quiet, fr); len(d.Actions) != 0 {
		b.Fatalf("not quiet: %v", summary(d))
	}
	b.ReportAllocs()
	reportCPU(b, func() {
		for b.Loop() {
			Plan(acct, pol, quiet, fr)
		}
	})
}
