package cli

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExportCommand(t *testing.T) {
	db := newDB(t)
	mustRun(t, "--db", db, "import", "invoices", invoicesCSV)
	mustRun(t, "--db", db, "import", "bank", statementCAMT)

	out := mustRun(t, "--db", db, "export", "invoices")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 10 || recs[0][0] != "invoice_number" {
		t.Fatalf("export invoices: %v\n%s", err, out)
	}
	wantAll(t, "the invoices CSV", out, "FA-1001,invoice,C001,Boulangerie Martin SARL,2026-09-15,2026-10-15,1200.00,EUR,1200.00,0.00")

	dir := t.TempDir()
	file := filepath.Join(dir, "reglements.xlsx")
	_, errOut, code := run(t, "--db", db, "export", "payments", "--format", "xlsx", "--out", file)
	if code != 0 || !strings.Contains(errOut, "5 payments") {
		t.Fatalf("export payments xlsx: %d %s", code, errOut)
	}
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetName(0))
	if len(rows) != 6 || rows[0][1] != "amount" {
		t.Errorf("the workbook has %d rows: %v", len(rows), rows)
	}
	if info, err := os.Stat(file); err != nil || info.Mode().Perm()&0o044 == 0 {
		t.Errorf("the workbook is not readable by others: %v %v", info.Mode(), err)
	}

	hist := filepath.Join(dir, "C001.csv")
	mustRun(t, "--db", db, "export", "history", "--customer", "C001", "--out", hist)
	b, _ := os.ReadFile(hist)
	recs, _ = csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if len(recs) < 2 {
		t.Fatalf("C001's history: %s", b)
	}
	for _, r := range recs[1:] {
		if r[0] != "C001" {
			t.Errorf("C001's history has %v", r)
		}
	}
	wantAll(t, "C001's history", string(b), "payment_matched", "FA-1001")

	for _, args := range [][]string{{"export", "debts"}, {"export", "invoices", "--format", "xlsx"}, {"export", "invoices", "--format", "pdf"},
		{"export", "invoices", "--customer", "C001"}, {"export"}} {
		if _, _, code := run(t, append([]string{"--db", db}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if _, errOut, code := run(t, "--db", db, "export", "history", "--customer", "NOPE"); code != 1 || !strings.Contains(errOut, "NOPE") {
		t.Errorf("history of an unknown customer: exit %d %s", code, errOut)
	}
}
