package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// accountsDB is a company with five customers at different stages on the test clock's day,
// Monday 23 November 2026, imported the way a user would; the tests of the commands that work
// on accounts share it:
//
//	C1 Garage Martin     F1 500,00 and F2 300,00, due 14/11 (9 days late: the call of D+8)
//	C2 Boulangerie Roux  F3 5000,00, due 02/11 (21 days: the level-2 letter and call)
//	C3 Mairie de Lyon    F4 1000,00, due 10/10 (44 days: the formal notice, awaiting approval)
//	C4 Transports Petit  F5 100,00, due 20/09 (64 days: the litigation task)
//	C5 Pharmacie Blanc   F6 800,00, due 20/12 (not due yet)
func accountsDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "r.db")
	runOK(t, db, "init", "--company", "Test")
	customers := `code client;raison sociale;contact;téléphone;email;gestionnaire;type
C1;Garage Martin;M. Martin;01 11 11 11 11;compta@martin.example;julien;b2b
C2;Boulangerie Roux;Mme Roux;01 23 45 67 89;roux@example.org;claire;b2b
C3;Mairie de Lyon;Service financier;04 72 00 00 00;finances@lyon.example;claire;public
C4;Transports Petit;M. Petit;05 55 55 55 55;petit@example.org;julien;b2b
C5;Pharmacie Blanc;Mme Blanc;02 22 22 22 22;blanc@example.org;julien;b2b
`
	invoices := `numéro;code client;date;échéance;montant
F1;C1;15/10/2026;14/11/2026;500,00
F2;C1;15/10/2026;14/11/2026;300,00
F3;C2;03/10/2026;02/11/2026;5000,00
F4;C3;10/09/2026;10/10/2026;1000,00
F5;C4;20/08/2026;20/09/2026;100,00
F6;C5;20/11/2026;20/12/2026;800,00
`
	for name, body := range map[string]string{"clients.csv": customers, "factures.csv": invoices} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runOK(t, db, "import", "customers", filepath.Join(dir, "clients.csv"))
	runOK(t, db, "import", "invoices", filepath.Join(dir, "factures.csv"))
	return db
}

// runOK runs relance on db and fails the test unless it succeeds.
func runOK(t *testing.T, db string, args ...string) string {
	t.Helper()
	out, errOut, code := run(t, append([]string{"--db", db}, args...)...)
	if code != 0 {
		t.Fatalf("relance %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// runFails runs relance on db, wants the exit code, and returns the error output.
func runFails(t *testing.T, code int, db string, args ...string) string {
	t.Helper()
	out, errOut, got := run(t, append([]string{"--db", db}, args...)...)
	if got != code {
		t.Fatalf("relance %s: exit %d, want %d\n%s%s", strings.Join(args, " "), got, code, out, errOut)
	}
	return errOut
}

// dryRunInvoices lists, per customer, the invoices a dry run would remind (today, or on
// --date given in args).
func dryRunInvoices(t *testing.T, db string, args ...string) map[string][]string {
	t.Helper()
	var res struct {
		Actions []struct {
			CustomerRef string   `json:"customer_ref"`
			Invoices    []string `json:"invoices"`
		} `json:"actions"`
	}
	if err := json.Unmarshal([]byte(runOK(t, db, append([]string{"run", "--dry-run", "--format", "json"}, args...)...)), &res); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, a := range res.Actions {
		for _, n := range a.Invoices {
			if !strings.Contains(strings.Join(out[a.CustomerRef], " "), n) {
				out[a.CustomerRef] = append(out[a.CustomerRef], n)
			}
		}
	}
	return out
}

func TestDisputeStopsRemindersOnThatInvoiceOnlyFromTheCommandLine(t *testing.T) {
	db := accountsDB(t)
	if got := dryRunInvoices(t, db)["C1"]; strings.Join(got, " ") != "F1 F2" {
		t.Fatalf("before the dispute, C1 reminded of %v", got)
	}
	out := runOK(t, db, "dispute", "open", "--invoice", "F1", "--reason", "bon de livraison manquant")
	if !strings.Contains(out, "Dispute 1 opened on invoice F1 (customer C1)") || !strings.Contains(out, "relance dispute resolve 1") {
		t.Errorf("open: %s", out)
	}
	if got := dryRunInvoices(t, db)["C1"]; strings.Join(got, " ") != "F2" {
		t.Errorf("with F1 disputed, C1 reminded of %v", got)
	}
	var list []struct {
		ID            int64  `json:"id"`
		CustomerRef   string `json:"customer_ref"`
		InvoiceNumber string `json:"invoice_number"`
		Opened        string `json:"opened"`
		Reason        string `json:"reason"`
		Open          bool   `json:"open"`
	}
	if err := json.Unmarshal([]byte(runOK(t, db, "dispute", "list", "--open", "--format", "json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != 1 || list[0].CustomerRef != "C1" || list[0].InvoiceNumber != "F1" || list[0].Opened != "2026-11-23" || !list[0].Open {
		t.Errorf("dispute list = %+v", list)
	}
	if out := runOK(t, db, "dispute", "list"); !strings.Contains(out, "bon de livraison manquant") || !strings.Contains(out, "open") {
		t.Errorf("dispute list table:\n%s", out)
	}
	out = runOK(t, db, "dispute", "resolve", "1", "--resolution", "BL signé envoyé")
	if !strings.Contains(out, "resolved") {
		t.Errorf("resolve: %s", out)
	}
	if got := dryRunInvoices(t, db)["C1"]; strings.Join(got, " ") != "F1 F2" {
		t.Errorf("once resolved, C1 reminded of %v", got)
	}
	if out := runOK(t, db, "dispute", "list", "--open"); !strings.Contains(out, "No dispute") {
		t.Errorf("open disputes after resolving:\n%s", out)
	}
	if out := runOK(t, db, "customer", "history", "C1"); !strings.Contains(out, "dispute_open") || !strings.Contains(out, "dispute_resolve") {
		t.Errorf("history:\n%s", out)
	}
}

func TestDisputeCommandErrorsSayWhatIsWrongWithTheRightExitCode(t *testing.T) {
	db := accountsDB(t)
	if e := runFails(t, 2, db, "dispute", "open", "--invoice", "F1"); !strings.Contains(e, "--reason") {
		t.Errorf("missing reason: %s", e)
	}
	if e := runFails(t, 1, db, "dispute", "open", "--invoice", "F99", "--reason", "x"); !strings.Contains(e, `no invoice numbered "F99"`) {
		t.Errorf("unknown invoice: %s", e)
	}
	if e := runFails(t, 2, db, "dispute", "resolve", "abc", "--resolution", "x"); !strings.Contains(e, "not a dispute number") {
		t.Errorf("bad id: %s", e)
	}
	if e := runFails(t, 1, db, "dispute", "resolve", "42", "--resolution", "x"); !strings.Contains(e, "no dispute 42") {
		t.Errorf("unknown dispute: %s", e)
	}
	runOK(t, db, "dispute", "open", "--invoice", "F1", "--reason", "prix")
	if e := runFails(t, 1, db, "dispute", "open", "--invoice", "F1", "--reason", "encore"); !strings.Contains(e, "already has an open dispute") {
		t.Errorf("second dispute: %s", e)
	}
	if e := runFails(t, 2, db, "dispute", "open", "--invoice", "F1", "--reason", "avoir", "à", "venir"); !strings.Contains(e, "quote") {
		t.Errorf("unquoted reason: %s", e)
	}
}
