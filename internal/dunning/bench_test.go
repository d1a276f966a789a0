package dunning

import (
	"fmt"
	"testing"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// benchAccount is a realistic account: ten open invoices due every nine days from 5 January
// 2026, one partly paid, a little credit, a dispute, and the twenty history entries the
// standard policy would have left by 19 February.
func benchAccount() Account {
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
	std, _ := DefaultPolicy("standard-fr")
	cutoff := day("2026-02-19")
	for _, s := range std.Steps {
		for _, inv := range invoices {
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

func TestBenchAccountIsRealistic(t *testing.T) {
	acct := benchAccount()
	if len(acct.Invoices) != 10 || len(acct.History) != 20 {
		t.Fatalf("%d invoices, %d history entries", len(acct.Invoices), len(acct.History))
	}
	d := Plan(acct, shipped(t, "standard-fr"), day("2026-03-23"), fr)
	if len(d.Actions) == 0 || len(d.LeftOut) == 0 {
		t.Errorf("the benchmark day does nothing interesting: %v", summary(d))
	}
	t.Log(fmt.Sprint(summary(d)))
}

// BenchmarkPlan measures one customer's decision: the daily run calls Plan once per customer
// with open invoices, 100,000 times for a large database.
func BenchmarkPlan(b *testing.B) {
	acct := benchAccount()
	pol, _ := DefaultPolicy("standard-fr")
	today := day("2026-03-23")
	b.ReportAllocs()
	for b.Loop() {
		Plan(acct, pol, today, fr)
	}
}
