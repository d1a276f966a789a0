package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const (
	fecSample     = "../ingest/fec/testdata/123456782FEC20251231.txt"
	einvoiceDir   = "../ingest/einvoice/testdata"
	invoicesCSV   = "../app/testdata/factures.csv"
	statementCAMT = "../app/testdata/releve-camt053.xml"
)

// newDB is a database with one company.
func newDB(t *testing.T) string {
	t.Helper()
	db := "sqlite:" + filepath.Join(t.TempDir(), "r.db")
	if _, errOut, code := run(t, "--db", db, "init", "--company", "Atelier Test"); code != 0 {
		t.Fatal(errOut)
	}
	return db
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := run(t, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

// wantAll checks that text says each of wants; the no-break spaces of French amounts
// ("1 200,00 €") read as spaces.
func wantAll(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	text = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(text)
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not say %q:\n%s", what, w, text)
		}
	}
}

func TestImportFECCommand(t *testing.T) {
	db := newDB(t)
	out := mustRun(t, "--db", db, "import", "fec", fecSample, "--dry-run")
	wantAll(t, "the dry run", out, "ISO-8859-15", "Dry run: nothing was stored", "invoices                  7", "Open: 2 200,00 €")
	if out, _, _ := run(t, "--db", db, "invoices", "list", "--format", "json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("the dry run stored invoices: %s", out)
	}
	out = mustRun(t, "--db", db, "import", "fec", fecSample)
	wantAll(t, "the import", out, "customers                 3        0", "allocations (lettering)   5        0", "settled outside the file  1")
	out = mustRun(t, "--db", db, "import", "fec", fecSample, "--format", "json")
	var res struct {
		Invoices struct{ Created, Unchanged int }
		Open     int64 `json:"open_cents"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Invoices.Created != 0 || res.Invoices.Unchanged != 7 || res.Open != 220000 {
		t.Errorf("second import: %+v %v\n%s", res, err, out)
	}

	data, _ := os.ReadFile(fecSample)
	bad := filepath.Join(t.TempDir(), "FEC-bad.txt")
	os.WriteFile(bad, bytes.Replace(data, []byte("Facture FA2025-0003\t960,00"), []byte("Facture FA2025-0003\t96O,00"), 1), 0o644)
	fresh := newDB(t)
	_, errOut, code := run(t, "--db", fresh, "import", "fec", bad)
	if code != 1 {
		t.Fatalf("malformed FEC: exit %d", code)
	}
	wantAll(t, "the error", errOut, "nothing was imported", "FEC-bad.txt", "line 14", "Debit", "96O,00")
	if out, _, _ := run(t, "--db", fresh, "customers", "list", "--format", "json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("a malformed FEC stored customers: %s", out)
	}
	if _, _, code := run(t, "--db", db, "import", "fec", fecSample, "--accounts", "clients"); code != 2 {
		t.Errorf("--accounts clients: exit %d, want 2", code)
	}
	if _, _, code := run(t, "--db", db, "import", "fec"); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
}

func TestImportBankThenReviewTheMatches(t *testing.T) {
	db := newDB(t)
	mustRun(t, "--db", db, "import", "invoices", invoicesCSV)
	out := mustRun(t, "--db", db, "import", "bank", statementCAMT)
	wantAll(t, "the bank import", out, "camt.053.001.08", "5 incoming payments, 5 recorded (6 277,00 €)",
		"2 allocated automatically (4 200,00 €), 2 queued for review (2 000,00 €), 1 left unmatched", "relance match list")
	out = mustRun(t, "--db", db, "import", "bank", statementCAMT)
	wantAll(t, "the second bank import", out, "0 recorded", "5 already recorded")

	out = mustRun(t, "--db", db, "match", "list")
	wantAll(t, "the review queue", out, "TRANSPORTS DURAND", "VIREMENT NOVEMBRE", "FA-1007 1 500,00 €", "ACOMPTE FA-1005", "pending")
	if strings.Contains(out, "FA-1001") {
		t.Errorf("an automatic allocation is in the queue:\n%s", out)
	}
	var pending []struct {
		ID      int64  `json:"id"`
		Status  string `json:"status"`
		Payment struct {
			Reference string `json:"reference"`
		} `json:"payment"`
		Allocations []struct {
			Number string `json:"number"`
			Amount int64  `json:"amount_cents"`
		} `json:"allocations"`
		Reasons []string `json:"reasons"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--db", db, "match", "list", "--format", "json")), &pending); err != nil || len(pending) != 2 {
		t.Fatalf("match list json: %v %+v", err, pending)
	}
	ids := map[string]string{}
	for _, p := range pending {
		ids[p.Allocations[0].Number] = strconv.FormatInt(p.ID, 10)
		if len(p.Reasons) == 0 {
			t.Errorf("proposal %d has no reasons", p.ID)
		}
	}
	out = mustRun(t, "--db", db, "match", "accept", ids["FA-1005"])
	wantAll(t, "accept", out, "accepted", "500,00 €", "FA-1005")
	_, errOut, code := run(t, "--db", db, "match", "accept", ids["FA-1005"])
	if code != 1 || !strings.Contains(errOut, "accepted already") {
		t.Errorf("second accept: exit %d %s", code, errOut)
	}
	wantAll(t, "reject", mustRun(t, "--db", db, "match", "reject", ids["FA-1007"]), "rejected", "stays unallocated")
	wantAll(t, "the auto list", mustRun(t, "--db", db, "match", "list", "--status", "auto"), "FA-1001", "FA-1003", "FA-1004")
	wantAll(t, "undo", mustRun(t, "--db", db, "match", "undo", ids["FA-1005"]), "pending again")
	if _, errOut, code := run(t, "--db", db, "match", "undo", ids["FA-1005"]); code != 1 || !strings.Contains(errOut, "nothing to undo") {
		t.Errorf("second undo: exit %d %s", code, errOut)
	}
	history := mustRun(t, "--db", db, "customer", "history", "C003")
	wantAll(t, "C003's history", history, "payment_matched", "match_undone")

	for _, args := range [][]string{{"match", "accept", "abc"}, {"match", "list", "--status", "maybe"}, {"match", "undo"}, {"import", "bank", statementCAMT, "--auto-threshold", "101"}} {
		if _, _, code := run(t, append([]string{"--db", db}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if _, errOut, code := run(t, "--db", db, "match", "accept", "999"); code != 1 || !strings.Contains(errOut, "not found") {
		t.Errorf("unknown proposal: exit %d %s", code, errOut)
	}
	wantAll(t, "match run", mustRun(t, "--db", db, "match", "run"), "never matched: 1.", "left unmatched: 1.")
}

func TestImportEInvoiceCommand(t *testing.T) {
	db := newDB(t)
	out := mustRun(t, "--db", db, "import", "einvoice", einvoiceDir, "--dry-run")
	wantAll(t, "the dry run", out, "Dry run", "Facture_FR_BASICWL.pdf", "FA-2017-0010")
	out = mustRun(t, "--db", db, "import", "einvoice", einvoiceDir)
	wantAll(t, "the import", out, "9 files: 6 invoices and 2 credit notes created", "6 new customers", "Ma jolie boutique", "credit note")
	out = mustRun(t, "--db", db, "import", "einvoice", filepath.Join(einvoiceDir, "ubl-21-extended-ctc-fr.xml"))
	wantAll(t, "a second import", out, "0 invoices and 0 credit notes created, 1 already imported")
	if _, _, code := run(t, "--db", db, "import", "einvoice", t.TempDir()); code != 2 {
		t.Errorf("an empty directory: exit %d, want 2", code)
	}
	bad := filepath.Join(t.TempDir(), "facture.xml")
	os.WriteFile(bad, []byte("<Invoice><cbc:ID>1</Invoice"), 0o644)
	_, errOut, code := run(t, "--db", db, "import", "einvoice", bad)
	if code != 1 || !strings.Contains(errOut, "facture.xml") || !strings.Contains(errOut, "nothing was imported") {
		t.Errorf("a malformed e-invoice: exit %d %s", code, errOut)
	}
}
