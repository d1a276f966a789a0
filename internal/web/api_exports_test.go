package web

import (
	"context"
	"mime"
	"net/http"
	"slices"
	"testing"

	"github.com/relance-app/relance/internal/money"
)

// wantAPIFile fails the test unless the API answered a file of that type under that name.
func wantAPIFile(t *testing.T, resp apiResponse, contentType, name string) {
	t.Helper()
	resp.want(t, http.StatusOK)
	if got := resp.header.Get("Content-Type"); got != contentType {
		t.Errorf("Content-Type %q, want %q", got, contentType)
	}
	if _, params, err := mime.ParseMediaType(resp.header.Get("Content-Disposition")); err != nil || params["filename"] != name {
		t.Errorf("Content-Disposition %q, want the file %s", resp.header.Get("Content-Disposition"), name)
	}
}

func TestAPIExportsTheInvoicesWithATokenAndRefusesWithoutOne(t *testing.T) {
	f := newFixture(t)
	path := f.companyA() + "/exports/invoices?format=xlsx"
	resp := f.api(t, "viewer@a.example").get(path)
	wantAPIFile(t, resp, xlsxType, "relance-"+f.coA.Slug+"-invoices-2026-11-23.xlsx")
	if _, rows := workbookRows(t, resp.body); len(rows) < 2 || rows[0][0] != "invoice_number" {
		t.Errorf("the workbook's rows: %d", len(rows))
	}
	f.anonymous(t).get(path).wantError(t, http.StatusUnauthorized, "unauthorized", "")
	// CSV by default, for each kind.
	c := f.api(t, "viewer@a.example")
	for _, kind := range exportKinds {
		wantAPIFile(t, c.get(f.companyA()+"/exports/"+kind), csvType, "relance-"+f.coA.Slug+"-"+kind+"-2026-11-23.csv")
	}
}

func TestAPIExportParametersAreChecked(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "viewer@a.example")
	co := f.companyA()
	c.get(co+"/exports/invoices?format=pdf").wantError(t, http.StatusBadRequest, "bad_request", "format")
	// The customer is the history's filter only, and as every filter, an unknown one (or
	// another company's) is the query's fault.
	c.get(co+"/exports/invoices?customer=C0001").wantError(t, http.StatusBadRequest, "bad_request", "customer")
	c.get(co+"/exports/history?customer="+f.refB).wantError(t, http.StatusBadRequest, "bad_request", "customer")
	c.get(co+"/exports/debts").wantError(t, http.StatusNotFound, "not_found", "")
	cu, _ := f.debtor(t)
	f.wantHistoryOf(t, cu.Ref, csvRecords(t, c.get(co+"/exports/history?customer="+cu.Ref).want(t, http.StatusOK).body))
	c.get(co+"/reports/aging.xlsx?lang=de").wantError(t, http.StatusBadRequest, "bad_request", "lang")
}

// The aging CSV in English is the command line's (`relance report aging --format csv`), and
// the workbook opens.
func TestAPIAgingFiles(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "viewer@a.example")
	resp := c.get(f.companyA() + "/reports/aging.xlsx?lang=fr")
	wantAPIFile(t, resp, xlsxType, "relance-"+f.coA.Slug+"-aging-2026-11-23.xlsx")
	if sheet, rows := workbookRows(t, resp.body); sheet != "Balance âgée" || rows[2][0] != "Client" {
		t.Errorf("sheet %q, header %v", sheet, rows[2])
	}
	resp = c.get(f.companyA() + "/reports/aging.csv?lang=en")
	wantAPIFile(t, resp, csvType, "relance-"+f.coA.Slug+"-aging-2026-11-23.csv")
	rep, err := f.a.AgingReport(context.Background(), f.coA, today)
	if err != nil {
		t.Fatal(err)
	}
	want := append([][]string{rep.Header("en")}, rep.Rows("en", money.Cents.String)...)
	if got := csvRecords(t, resp.body); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("aging CSV:\n got %v\nwant %v", got, want)
	}
}
