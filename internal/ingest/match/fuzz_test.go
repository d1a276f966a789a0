package match

import (
	"testing"

	"github.com/relance-app/relance/internal/money"
)

// FuzzMatch feeds arbitrary remittance texts and payer names: the matcher must not panic and
// must stay within the payment and the open amounts.
func FuzzMatch(f *testing.F) {
	f.Add("VIR SEPA FA-2024-0012 FA2024 12", "SARL BOULANGERIE MARTIN", int64(144000))
	f.Add("fa/2024/0031 CLI-0003", "", int64(9990))
	f.Add("", "HOTEL BEAUSEJOUR", int64(156000))
	mt := NewMatcher(sampleInvoices(), Options{})
	open := map[string]int64{}
	for _, inv := range sampleInvoices() {
		open[inv.ID] = int64(inv.Open)
	}
	f.Fuzz(func(t *testing.T, text, payer string, amount int64) {
		pr := mt.Match(Payment{ID: "p", Amount: moneyOf(amount), PayerName: payer, Remittance: text})
		var sum int64
		for _, a := range pr.Allocations {
			if a.Amount <= 0 || int64(a.Amount) > open[a.InvoiceID] {
				t.Fatalf("allocation %+v beyond the open amount", a)
			}
			sum += int64(a.Amount)
		}
		if a := int64(moneyOf(amount)); a > 0 && sum+int64(pr.Unallocated) != a {
			t.Fatalf("proposal %+v does not add up to %d", pr, amount)
		}
	})
}

func moneyOf(c int64) money.Cents { return money.Cents(c % 1e12) }
