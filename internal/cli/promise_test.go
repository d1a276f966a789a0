package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPromiseHoldsTheCustomerUntilItsDateFromTheCommandLine(t *testing.T) {
	db := accountsDB(t)
	out := runOK(t, db, "promise", "add", "--customer", "C1", "--date", "30/11/2026", "--amount", "800,00", "--via", "call",
		"--invoice", "F1", "--invoice", "F2", "--note", "virement vendredi")
	if !strings.Contains(out, "Promise 1 recorded: customer C1 pays 800,00") || !strings.Contains(out, "by 30/11/2026 (invoice(s) F1, F2)") {
		t.Errorf("add: %s", out)
	}
	if got := dryRunInvoices(t, db)["C1"]; len(got) != 0 {
		t.Errorf("a pending promise let the run remind %v", got)
	}
	var list []struct {
		ID             int64    `json:"id"`
		CustomerRef    string   `json:"customer_ref"`
		InvoiceNumbers []string `json:"invoice_numbers"`
		Made           string   `json:"made"`
		Date           string   `json:"date"`
		Amount         int64    `json:"amount_cents"`
		Via            string   `json:"via"`
		Note           string   `json:"note"`
		Status         string   `json:"status"`
	}
	if err := json.Unmarshal([]byte(runOK(t, db, "promise", "list", "--pending", "--format", "json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].CustomerRef != "C1" || strings.Join(list[0].InvoiceNumbers, " ") != "F1 F2" || list[0].Made != "2026-11-23" ||
		list[0].Date != "2026-11-30" || list[0].Amount != 80000 || list[0].Via != "call" || list[0].Status != "pending" {
		t.Errorf("promise list = %+v", list)
	}
	if out := runOK(t, db, "promise", "cancel", "1"); !strings.Contains(out, "Promise 1 of customer C1 cancelled") {
		t.Errorf("cancel: %s", out)
	}
	if got := dryRunInvoices(t, db)["C1"]; len(got) != 2 {
		t.Errorf("after cancelling, C1 reminded of %v", got)
	}
	if e := runFails(t, 1, db, "promise", "cancel", "1"); !strings.Contains(e, "promise 1 is cancelled, not pending") {
		t.Errorf("second cancel: %s", e)
	}
	if out := runOK(t, db, "promise", "list"); !strings.Contains(out, "cancelled") || !strings.Contains(out, "virement vendredi") {
		t.Errorf("list:\n%s", out)
	}
	if hist := runOK(t, db, "customer", "history", "C1"); !strings.Contains(hist, "Promesse de règlement : 800,00") || !strings.Contains(hist, "promise_cancel") {
		t.Errorf("history:\n%s", hist)
	}
}

func TestPromiseUsageErrorsExitWith2(t *testing.T) {
	db := accountsDB(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"promise", "add", "--customer", "C1", "--amount", "100"}, "--date D"},
		{[]string{"promise", "add", "--customer", "C1", "--date", "30/11/2026", "--amount", "cent euros"}, "--amount"},
		{[]string{"promise", "add", "--customer", "C1", "--date", "30/11/2026", "--amount", "100", "--via", "pigeon"}, "want call, email, letter, meeting"},
		{[]string{"promise", "add", "--customer", "C1", "--date", "01/11/2026", "--amount", "100"}, "before the promise"},
		{[]string{"promise", "add", "--customer", "C1", "--date", "30/11/2026", "--amount", "100", "--invoice", "F3"}, "invoice F3 is customer C2's, not C1's"},
		{[]string{"promise", "cancel"}, "want ID"},
	} {
		if e := runFails(t, 2, db, tc.args...); !strings.Contains(e, tc.want) {
			t.Errorf("%v: %s", tc.args, e)
		}
	}
	if out := runOK(t, db, "promise", "list"); !strings.Contains(out, "No promise.") {
		t.Errorf("refused promises were stored:\n%s", out)
	}
}
