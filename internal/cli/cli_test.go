package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// run executes the CLI as a user would, with a fixed clock.
func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = mainWithClock(context.Background(), args, strings.NewReader(""), &out, &errb, func() time.Time {
		return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	})
	return out.String(), errb.String(), code
}

func TestInitIsSafeToRunAgain(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "r.db")
	out, _, code := run(t, "--db", db, "init", "--company", "Atelier Durand SARL", "--siren", "123456789")
	if code != 0 || !strings.Contains(out, "--company atelier-durand-sarl") {
		t.Fatalf("init: %d %s", code, out)
	}
	out, _, code = run(t, "--db", db, "init", "--company", "Atelier Durand SARL")
	if code != 0 || !strings.Contains(out, "already exists") {
		t.Fatalf("second init: %d %s", code, out)
	}
}

func TestCommandsWithoutACompanySayHowToCreateOne(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "r.db")
	_, errOut, code := run(t, "--db", db, "report", "aging")
	if code != 1 || !strings.Contains(errOut, "relance init --company") {
		t.Fatalf("%d %s", code, errOut)
	}
}

func TestUsageErrorsExitWithCode2(t *testing.T) {
	_, errOut, code := run(t, "report", "aging", "--format", "pdf", "--db", "sqlite:"+filepath.Join(t.TempDir(), "r.db"))
	if code != 2 || !strings.Contains(errOut, "want one of") {
		t.Fatalf("%d %s", code, errOut)
	}
	if _, _, code := run(t, "--no-such-flag"); code != 2 {
		t.Fatalf("unknown flag: exit %d", code)
	}
}

func TestDemoThenAgingJSONHasTheStableFields(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "r.db")
	if out, errOut, code := run(t, "--db", db, "demo", "--customers", "12"); code != 0 {
		t.Fatalf("demo: %d %s %s", code, out, errOut)
	}
	out, _, code := run(t, "--db", db, "report", "aging", "--format", "json")
	if code != 0 {
		t.Fatalf("aging: %d", code)
	}
	var rep struct {
		Date         string `json:"date"`
		Currency     string `json:"currency"`
		TotalOpen    int64  `json:"total_open_cents"`
		TotalOverdue int64  `json:"total_overdue_cents"`
		Buckets      []struct {
			Label  string `json:"label"`
			Amount int64  `json:"amount_cents"`
		} `json:"buckets"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var labels []string
	var sum, overdue int64
	for _, b := range rep.Buckets {
		labels = append(labels, b.Label)
		sum += b.Amount
		if b.Label != "not_due" {
			overdue += b.Amount
		}
	}
	if rep.Date != "2026-11-23" || rep.Currency != "EUR" || strings.Join(labels, ",") != "not_due,1-30,31-60,61-90,91+" ||
		sum != rep.TotalOpen || overdue != rep.TotalOverdue || rep.TotalOpen == 0 {
		t.Errorf("aging json = %+v", rep)
	}
	for _, args := range [][]string{{"customers", "list", "--sort", "overdue"}, {"invoices", "list", "--overdue", "--format", "csv"},
		{"customers", "show", "C0001"}, {"report", "aging", "--format", "csv"}} {
		if out, errOut, code := run(t, append([]string{"--db", db}, args...)...); code != 0 || out == "" {
			t.Errorf("%v: %d %s", args, code, errOut)
		}
	}
	xlsx := filepath.Join(t.TempDir(), "aging.xlsx")
	if _, errOut, code := run(t, "--db", db, "report", "aging", "--format", "xlsx", "--out", xlsx); code != 0 {
		t.Errorf("xlsx: %s", errOut)
	}
}

func TestImportWithABadDateOnLine57ChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "r.db")
	if _, errOut, code := run(t, "--db", db, "init", "--company", "Test"); code != 0 {
		t.Fatal(errOut)
	}
	var b strings.Builder
	b.WriteString("numéro;client;date;échéance;montant\n")
	for line := 2; line <= 100; line++ {
		due := "31/12/2026"
		if line == 57 {
			due = "31/02/2026"
		}
		fmt.Fprintf(&b, "F%03d;C%d;01/11/2026;%s;%d,50\n", line, line%7, due, line*10)
	}
	file := filepath.Join(dir, "factures.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := run(t, "--db", db, "import", "invoices", file)
	if code == 0 {
		t.Fatal("import of a file with a bad date succeeded")
	}
	for _, want := range []string{"factures.csv", "line 57", "due_date", "31/02/2026", "nothing was imported"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("error does not say %q:\n%s", want, errOut)
		}
	}
	out, _, _ := run(t, "--db", db, "invoices", "list", "--format", "json")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("the database changed: %s", out)
	}
	// Fixed, the same file imports, and a second import changes nothing.
	os.WriteFile(file, []byte(strings.Replace(b.String(), "31/02/2026", "28/02/2027", 1)), 0o644)
	out, errOut, code = run(t, "--db", db, "import", "invoices", file)
	if code != 0 || !strings.Contains(out, "99 rows: 99 created") {
		t.Fatalf("fixed file: %d %s %s", code, out, errOut)
	}
	out, _, _ = run(t, "--db", db, "import", "invoices", file)
	if !strings.Contains(out, "99 rows: 0 created, 0 updated, 99 unchanged") {
		t.Errorf("second import: %s", out)
	}
}

func TestUnknownSubcommandIsAUsageError(t *testing.T) {
	_, errOut, code := run(t, "customers", "lst")
	if code != 2 || !strings.Contains(errOut, `unknown command "lst"`) {
		t.Errorf("relance customers lst: %d %s", code, errOut)
	}
	if out, _, code := run(t, "customers"); code != 0 || !strings.Contains(out, "Available Commands") {
		t.Errorf("relance customers: %d %s", code, out)
	}
}
