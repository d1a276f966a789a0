package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store/sqlstore"
)

// seeded creates a database with the company "Test" and lets fill add what a test needs,
// through the store; it returns the --db URL.
func seeded(t *testing.T, fill func(st *sqlstore.DB, co receivable.Company)) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.db")
	db := "sqlite:" + path
	if _, errOut, code := run(t, "--db", db, "init", "--company", "Test"); code != 0 {
		t.Fatal(errOut)
	}
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	co, err := st.CompanyBySlug(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	if fill != nil {
		fill(st, co)
	}
	return db
}

// addCustomer creates a customer with a postal address (a letter needs one).
func addCustomer(t *testing.T, st *sqlstore.DB, co receivable.Company, ref string, kind receivable.Kind) receivable.Customer {
	t.Helper()
	cu := receivable.Customer{CompanyID: co.ID, Ref: ref, Name: "Client " + ref, Kind: kind, Language: "fr",
		Address: receivable.Address{Line1: "3 rue des Lilas", PostalCode: "69003", City: "Lyon", Country: "FR"}}
	if err := st.CreateCustomer(context.Background(), &cu); err != nil {
		t.Fatal(err)
	}
	return cu
}

func addInvoice(t *testing.T, st *sqlstore.DB, cu receivable.Customer, number, due, amount string) receivable.Invoice {
	t.Helper()
	d := civil.MustParse(due)
	inv := receivable.Invoice{CompanyID: cu.CompanyID, CustomerID: cu.ID, Kind: receivable.KindInvoice, Number: number,
		IssueDate: d.AddDays(-30), DueDate: d, Amount: money.MustParse(amount), Currency: "EUR"}
	if err := st.CreateInvoice(context.Background(), &inv); err != nil {
		t.Fatal(err)
	}
	return inv
}

func addPayment(t *testing.T, st *sqlstore.DB, inv receivable.Invoice, date, amount string) {
	t.Helper()
	ctx := context.Background()
	p := receivable.Payment{CompanyID: inv.CompanyID, CustomerID: inv.CustomerID, Date: civil.MustParse(date),
		Amount: money.MustParse(amount), ExternalID: "test-" + inv.Number + "-" + date}
	if err := st.CreatePayment(ctx, &p); err != nil {
		t.Fatal(err)
	}
	al := receivable.Allocation{CompanyID: inv.CompanyID, InvoiceID: inv.ID, PaymentID: p.ID, Amount: p.Amount, Date: p.Date}
	if err := st.Allocate(ctx, &al); err != nil {
		t.Fatal(err)
	}
}

func TestRatesListSetImportAndSettings(t *testing.T) {
	db := seeded(t, nil)
	out, errOut, code := run(t, "--db", db, "rates", "list", "--series", "ecb_mro", "--format", "csv")
	if code != 0 || !strings.Contains(out, "ecb_mro,2026-H1,2.15,true,embedded,") || strings.Contains(out, "2026-H2") ||
		strings.Contains(out, "fr_legal") {
		t.Fatalf("list: %d %s %s", code, out, errOut)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"ecb_mro", "2026-H3", "2.15"}, "SEMESTER"},
		{[]string{"ecb", "2026-H2", "2.15"}, "unknown rate series"},
		{[]string{"ecb_mro", "2026-H2", "deux"}, "RATE"},
	} {
		if _, errOut, code := run(t, append([]string{"--db", db, "rates", "set"}, c.args...)...); code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("rates set %v: exit %d, %s (want 2 and %q)", c.args, code, errOut, c.want)
		}
	}
	if _, _, code := run(t, "--db", db, "rates", "set", "ecb_mro", "2026-H2", "215"); code != 1 {
		t.Errorf("a rate of 215 %%: exit %d", code)
	}
	out, errOut, code = run(t, "--db", db, "rates", "set", "ecb_mro", "2026-H2", "2,15", "--source", "BCE, taux au 1er juillet 2026")
	if code != 0 || !strings.Contains(out, "ecb_mro 2026-H2 = 2.15% (new)") {
		t.Fatalf("set: %d %s %s", code, out, errOut)
	}
	out, _, _ = run(t, "--db", db, "rates", "set", "ecb_mro", "2026-H2", "2.40")
	if !strings.Contains(out, "was 2.15%, set by") {
		t.Errorf("set again: %s", out)
	}

	dir := t.TempDir()
	bad := filepath.Join(dir, "taux.csv")
	os.WriteFile(bad, []byte("series,semester,rate,source\necb_mro,2027-H1,2.00,BCE\nfr_legal_other,2026-H2,abc,JO\n"), 0o644)
	_, errOut, code = run(t, "--db", db, "rates", "import", bad)
	if code != 1 || !strings.Contains(errOut, "taux.csv") || !strings.Contains(errOut, "line 3") || !strings.Contains(errOut, "no rate was imported") {
		t.Errorf("bad import: %d %s", code, errOut)
	}
	good := filepath.Join(dir, "taux-ok.csv")
	os.WriteFile(good, []byte("# JO du 22 juin 2026\nsemester,ecb_mro,legal_other\n2027-H1,2.00,\n2026-H2,,2.50\n"), 0o644)
	out, errOut, code = run(t, "--db", db, "rates", "import", good)
	if code != 0 || !strings.Contains(out, "2 rates imported") {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	out, _, _ = run(t, "--db", db, "rates", "list", "--format", "json")
	var rows []struct {
		Series, Semester, Rate, Origin, Source string
		Confirmed                              bool
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, r := range rows {
		found[r.Series+" "+r.Semester] = r.Rate + " " + r.Origin
	}
	if !strings.HasPrefix(found["ecb_mro 2026-H2"], "2.40 set by") || !strings.HasPrefix(found["ecb_mro 2027-H1"], "2.00 imported from taux-ok.csv") ||
		!strings.HasPrefix(found["fr_legal_other 2026-H2"], "2.50 imported") || !strings.HasPrefix(found["ecb_mro 2025-H2"], "2.15 embedded") {
		t.Errorf("list after set and import: %v", found)
	}

	if _, errOut, code := run(t, "--db", db, "rates", "settings", "--day-count", "30/360"); code != 2 || !strings.Contains(errOut, "--day-count") {
		t.Errorf("bad day count: %d %s", code, errOut)
	}
	out, _, code = run(t, "--db", db, "rates", "settings", "--day-count", "actual/actual", "--consumer-interest-from", "sent", "--format", "json")
	if code != 0 || !strings.Contains(out, `"day_count": "actual/actual"`) || !strings.Contains(out, `"consumer_interest_from": "sent"`) {
		t.Errorf("settings: %d %s", code, out)
	}
	out, _, _ = run(t, "--db", db, "rates", "settings")
	if !strings.Contains(out, "actual/actual") {
		t.Errorf("settings kept: %s", out)
	}
}
