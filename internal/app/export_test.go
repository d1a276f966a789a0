package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// exported runs an export and returns its bytes.
func exported(t *testing.T, a *app.App, co receivable.Company, opts app.ExportOptions) ([]byte, int) {
	t.Helper()
	var buf bytes.Buffer
	n, err := a.Export(context.Background(), co, &buf, opts)
	if err != nil {
		t.Fatalf("export %+v: %v", opts, err)
	}
	return buf.Bytes(), n
}

// csvRecords reads an exported CSV into maps by header, in order.
func csvRecords(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func byKey(recs []map[string]string, key string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, r := range recs {
		out[r[key]] = r
	}
	return out
}

// matchedFixture is the fixture's invoices with the statement imported and matched.
func matchedFixture(t *testing.T, db *sqlstore.DB) (*app.App, receivable.Company) {
	t.Helper()
	a, co := loadFixture(t, db)
	if _, err := a.ImportBank(context.Background(), co, "releve-camt053.xml", bytes.NewReader(readStatement(t)), app.BankOptions{}); err != nil {
		t.Fatal(err)
	}
	return a, co
}

func TestCSVExportsHaveExactAmountsAndISODates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		a, co := matchedFixture(t, db)
		b, n := exported(t, a, co, app.ExportOptions{Kind: app.ExportInvoices, Format: app.ExportCSV})
		invoices := byKey(csvRecords(t, b), "invoice_number")
		if n != 9 || len(invoices) != 9 {
			t.Fatalf("%d invoices exported", n)
		}
		if r := invoices["FA-1001"]; r["amount"] != "1200.00" || r["allocated"] != "1200.00" || r["open"] != "0.00" ||
			r["issue_date"] != "2026-09-15" || r["due_date"] != "2026-10-15" || r["customer_ref"] != "C001" || r["currency"] != "EUR" {
			t.Errorf("FA-1001 = %v", r)
		}
		b, _ = exported(t, a, co, app.ExportOptions{Kind: app.ExportPayments, Format: app.ExportCSV})
		payments := byKey(csvRecords(t, b), "amount")
		if r := payments["3000.00"]; r["invoice_number"] != "FA-1003 FA-1004" || r["unallocated"] != "0.00" || r["customer_ref"] != "C002" ||
			r["date"] != "2026-11-20" || r["payer_name"] != "HOTEL BEAUSEJOUR" {
			t.Errorf("the 3 000,00 payment = %v", r)
		}
		if r := payments["77.00"]; r["customer_ref"] != "" || r["unallocated"] != "77.00" || r["invoice_number"] != "" {
			t.Errorf("the unmatched payment = %v", r)
		}
		b, _ = exported(t, a, co, app.ExportOptions{Kind: app.ExportCustomers, Format: app.ExportCSV})
		customers := byKey(csvRecords(t, b), "ref")
		if r := customers["C003"]; len(customers) != 5 || r["name"] != "Épicerie Fine Léa" || r["open"] != "1320.00" || r["credit_limit"] != "0.00" {
			t.Errorf("customers = %v", customers)
		}
		b, n = exported(t, a, co, app.ExportOptions{Kind: app.ExportHistory, Format: app.ExportCSV})
		hist := csvRecords(t, b)
		matched := 0
		for _, r := range hist {
			if r["kind"] == "payment_matched" {
				matched++
				if r["customer_ref"] != "C001" && r["customer_ref"] != "C002" || r["day"] != "2026-11-23" || !strings.Contains(r["summary"], "FA-100") {
					t.Errorf("history row %v", r)
				}
			}
		}
		if matched != 2 || n != len(hist) {
			t.Errorf("%d payment_matched rows in %d", matched, len(hist))
		}
		b, _ = exported(t, a, co, app.ExportOptions{Kind: app.ExportHistory, Format: app.ExportCSV, Customer: "C002"})
		for _, r := range csvRecords(t, b) {
			if r["customer_ref"] != "C002" {
				t.Errorf("--customer C002 exported %v", r)
			}
		}
		if _, err := a.Export(context.Background(), co, &bytes.Buffer{}, app.ExportOptions{Kind: app.ExportHistory, Customer: "NOPE"}); err == nil {
			t.Error("history of an unknown customer exported")
		}
	})
}

// An export of invoices or customers imports as it is into another company: the columns are
// the import's fields.
func TestExportedCSVImportsBack(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	a, co := matchedFixture(t, db)
	other, _, _ := a.Init(ctx, receivable.Company{Name: "Copie"})
	for _, kind := range []string{app.ExportCustomers, app.ExportInvoices} {
		b, n := exported(t, a, co, app.ExportOptions{Kind: kind, Format: app.ExportCSV})
		ik, _ := app.ParseImportKind(kind)
		res, err := a.Import(ctx, other, ik, kind+".csv", bytes.NewReader(b), app.ImportOptions{})
		if err != nil || res.Stats.Rows != n {
			t.Fatalf("%s: import of the export = %+v, %v", kind, res.Stats, err)
		}
	}
	orig, _ := exported(t, a, co, app.ExportOptions{Kind: app.ExportInvoices, Format: app.ExportCSV})
	copied, _ := exported(t, a, other, app.ExportOptions{Kind: app.ExportInvoices, Format: app.ExportCSV})
	for number, r := range byKey(csvRecords(t, orig), "invoice_number") {
		c := byKey(csvRecords(t, copied), "invoice_number")[number]
		for _, f := range []string{"customer_ref", "customer_name", "issue_date", "due_date", "amount", "currency", "kind"} {
			if c[f] != r[f] {
				t.Errorf("%s %s: %q, copied %q", number, f, r[f], c[f])
			}
		}
	}
}

func TestXLSXExportsHaveNumbersWithACurrencyFormatAndDates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		a, co := matchedFixture(t, db)
		for _, kind := range []string{app.ExportCustomers, app.ExportInvoices, app.ExportPayments, app.ExportHistory} {
			b, n := exported(t, a, co, app.ExportOptions{Kind: kind, Format: app.ExportXLSX})
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: not a workbook excelize reads: %v", kind, err)
			}
			sheet := f.GetSheetName(0)
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil || len(rows) != n+1 {
				t.Fatalf("%s: %d rows for %d exported (%v)", kind, len(rows), n, err)
			}
			if kind != app.ExportInvoices {
				continue
			}
			if sheet != "Factures" || rows[0][0] != "invoice_number" {
				t.Errorf("sheet %q, header %v", sheet, rows[0])
			}
			var line int
			for i, r := range rows {
				if r[0] == "FA-1005" {
					line = i + 1
				}
			}
			// G is the amount, E the issue date.
			amount, _ := f.GetCellValue(sheet, cellAt("G", line), excelize.Options{RawCellValue: true})
			typ, _ := f.GetCellType(sheet, cellAt("G", line))
			shown, _ := f.GetCellValue(sheet, cellAt("G", line))
			if amount != "960.00" || typ == excelize.CellTypeInlineString || !strings.Contains(shown, "€") || !strings.Contains(shown, "960.00") {
				t.Errorf("FA-1005 amount: raw %q, type %v, shown %q", amount, typ, shown)
			}
			issue, _ := f.GetCellValue(sheet, cellAt("E", line), excelize.Options{RawCellValue: true})
			shownDay, _ := f.GetCellValue(sheet, cellAt("E", line))
			if want := civil.MustParse("2026-10-05").Sub(civil.MustParse("1899-12-30")); issue != strconv.Itoa(want) || shownDay != "2026-10-05" {
				t.Errorf("FA-1005 issue date: raw %q (want %d), shown %q", issue, want, shownDay)
			}
			f.Close()
		}
	})
}

func cellAt(col string, row int) string { return col + strconv.Itoa(row) }
