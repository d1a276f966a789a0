package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPaymentPlanHoldsItsInvoicesFromTheCommandLine(t *testing.T) {
	db := accountsDB(t)
	out := runOK(t, db, "plan", "add", "--customer", "C1", "--invoice", "F1",
		"--instalment", "25/11/2026=200", "--instalment", "25/12/2026=300,00", "--note", "accord avec M. Martin")
	if !strings.Contains(out, "Payment plan 1 recorded for customer C1, invoice(s) F1: 2 instalments, 500,00") || !strings.Contains(out, "25/12/2026") {
		t.Errorf("add:\n%s", out)
	}
	if got := dryRunInvoices(t, db)["C1"]; strings.Join(got, " ") != "F2" {
		t.Errorf("with F1 in the plan, C1 reminded of %v", got)
	}
	var list []struct {
		ID             int64    `json:"id"`
		CustomerRef    string   `json:"customer_ref"`
		InvoiceNumbers []string `json:"invoice_numbers"`
		Created        string   `json:"created"`
		Total          int64    `json:"total_cents"`
		Status         string   `json:"status"`
		Instalments    []struct {
			Due    string `json:"due"`
			Amount int64  `json:"amount_cents"`
		} `json:"instalments"`
	}
	if err := json.Unmarshal([]byte(runOK(t, db, "plan", "list", "--running", "--format", "json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Status != "running" || list[0].Total != 50000 || list[0].Created != "2026-11-23" ||
		len(list[0].Instalments) != 2 || list[0].Instalments[1].Due != "2026-12-25" || list[0].Instalments[1].Amount != 30000 {
		t.Errorf("plan list = %+v", list)
	}
	if out := runOK(t, db, "plan", "cancel", "1"); !strings.Contains(out, "Payment plan 1 of customer C1 cancelled: invoice(s) F1 are reminded again.") {
		t.Errorf("cancel: %s", out)
	}
	if got := dryRunInvoices(t, db)["C1"]; strings.Join(got, " ") != "F1 F2" {
		t.Errorf("after cancelling, C1 reminded of %v", got)
	}
	if out := runOK(t, db, "plan", "list"); !strings.Contains(out, "cancelled") {
		t.Errorf("list:\n%s", out)
	}
}

func TestPaymentPlanWithoutAnImmediatePaymentIsRefused(t *testing.T) {
	db := accountsDB(t)
	e := runFails(t, 2, db, "plan", "add", "--customer", "C1", "--invoice", "F1", "--instalment", "10/12/2026=200", "--instalment", "10/01/2027=300")
	if !strings.Contains(e, "more than 7 days after the plan") || !strings.Contains(e, "immediate partial payment") {
		t.Errorf("late first instalment: %s", e)
	}
	if e := runFails(t, 2, db, "plan", "add", "--customer", "C1", "--invoice", "F1", "--instalment", "25/11/2026:200"); !strings.Contains(e, "want DATE=AMOUNT") {
		t.Errorf("bad instalment: %s", e)
	}
	if e := runFails(t, 2, db, "plan", "add", "--customer", "C1", "--instalment", "25/11/2026=200"); !strings.Contains(e, "--invoice NUMBER") {
		t.Errorf("no invoice: %s", e)
	}
	if out := runOK(t, db, "plan", "list"); !strings.Contains(out, "No payment plan.") {
		t.Errorf("refused plans were stored:\n%s", out)
	}
}
