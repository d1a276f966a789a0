package cli

import (
	"strings"
	"testing"
)

func TestRejectedDebitRemindsAnAutomaticPayerOfThatInvoiceOnly(t *testing.T) {
	db := accountsDB(t)
	runOK(t, db, "profiles", "set", "C1", "automatique")
	if got := dryRunInvoices(t, db)["C1"]; len(got) != 0 {
		t.Fatalf("an automatic payer is reminded of %v", got)
	}
	out := runOK(t, db, "debit", "rejected", "--invoice", "F2", "--reason", "provision insuffisante")
	if !strings.Contains(out, "Rejected direct debit recorded on invoice F2 (customer C1, 300,00") {
		t.Errorf("rejected: %s", out)
	}
	if got := dryRunInvoices(t, db)["C1"]; strings.Join(got, " ") != "F2" {
		t.Errorf("after F2's rejected debit, C1 reminded of %v", got)
	}
	if hist := runOK(t, db, "customer", "history", "C1"); !strings.Contains(hist, "Prélèvement rejeté sur la facture F2") {
		t.Errorf("history:\n%s", hist)
	}
	if e := runFails(t, 2, db, "debit", "rejected"); !strings.Contains(e, "--invoice NUMBER is required") {
		t.Errorf("no invoice: %s", e)
	}
	if e := runFails(t, 1, db, "debit", "rejected", "--invoice", "F99"); !strings.Contains(e, `no invoice numbered "F99"`) {
		t.Errorf("unknown invoice: %s", e)
	}
}
