package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"mime"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/store"
)

// getFile GETs u and returns the answer with its whole body.
func getFile(t *testing.T, c *http.Client, u string) (*http.Response, []byte) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// wantAttachment fails the test unless the answer is a file of that type saved under that name.
func wantAttachment(t *testing.T, resp *http.Response, body []byte, contentType, name string) {
	t.Helper()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %.300s", resp.StatusCode, body)
	}
	if got := resp.Header.Get("Content-Type"); got != contentType {
		t.Errorf("Content-Type %q, want %q", got, contentType)
	}
	disp, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
	if err != nil || disp != "attachment" || params["filename"] != name {
		t.Errorf("Content-Disposition %q, want an attachment named %s", resp.Header.Get("Content-Disposition"), name)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q: a shared cache may keep receivables", resp.Header.Get("Cache-Control"))
	}
}

// workbookRows opens a workbook as excelize does and returns its first sheet's name and rows.
func workbookRows(t *testing.T, b []byte) (string, [][]string) {
	t.Helper()
	wb, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer wb.Close()
	sheet := wb.GetSheetList()[0]
	rows, err := wb.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return sheet, rows
}

func csvRecords(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not read: %v: %.300s", err, b)
	}
	return recs
}

func TestAViewerDownloadsTheInvoicesAsAWorkbookThatOpens(t *testing.T) {
	f := newFixture(t)
	invs, err := f.a.Store.ListInvoices(context.Background(), store.InvoiceQuery{CompanyID: f.coA.ID, OpenOnly: true, Limit: 1})
	if err != nil || len(invs) == 0 {
		t.Fatalf("no open invoice in A: %v", err)
	}
	resp, body := getFile(t, f.client(t, "viewer@a.example"), f.srv.URL+"/c/"+f.coA.Slug+"/exports/invoices?format=xlsx")
	wantAttachment(t, resp, body, xlsxType, "relance-"+f.coA.Slug+"-invoices-2026-11-23.xlsx")
	_, rows := workbookRows(t, body)
	if len(rows) < 2 || !slices.Equal(rows[0][:6], []string{"invoice_number", "kind", "customer_ref", "customer_name", "issue_date", "due_date"}) {
		t.Fatalf("header %v", rows[0])
	}
	found := false
	for _, row := range rows[1:] {
		if row[0] == "FB-1" {
			t.Error("company B's invoice is in A's export")
		}
		if row[0] == invs[0].Number && row[2] == invs[0].CustomerRef {
			found = true
		}
	}
	if !found {
		t.Errorf("no row for invoice %s of %s among %d", invs[0].Number, invs[0].CustomerRef, len(rows)-1)
	}
}

func TestTheCustomersCSVHoldsTheCompanysCustomers(t *testing.T) {
	f := newFixture(t)
	resp, body := getFile(t, f.client(t, "viewer@a.example"), f.srv.URL+"/c/"+f.coA.Slug+"/exports/customers")
	wantAttachment(t, resp, body, csvType, "relance-"+f.coA.Slug+"-customers-2026-11-23.csv")
	recs := csvRecords(t, body)
	if recs[0][0] != "ref" || recs[0][1] != "name" {
		t.Fatalf("header %v", recs[0])
	}
	var got []string
	for _, r := range recs[1:] {
		got = append(got, r[0])
	}
	list, err := f.a.Store.ListCustomers(context.Background(), store.CustomerQuery{CompanyID: f.coA.ID, Day: today})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, cu := range list {
		want = append(want, cu.Ref)
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("customers exported %v, want %v", got, want)
	}
}

func TestAnotherCompanysCustomerInTheHistoryExportIsNotFound(t *testing.T) {
	f := newFixture(t)
	a := f.client(t, "admin@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/exports/"
	for _, ref := range []string{f.refB, "NO-SUCH-REF"} {
		if resp, body := getFile(t, a, base+"history?customer="+ref); resp.StatusCode != http.StatusNotFound || bytes.Contains(body, []byte("FB-1")) {
			t.Errorf("A's admin, history of %s: %d", ref, resp.StatusCode)
		}
	}
	// B's admin reaches nothing of A, by A's path or by B's with A's customer.
	b := f.client(t, "admin@b.example")
	for _, u := range []string{base + "history?customer=C0001", base + "customers", f.srv.URL + "/c/" + f.coA.Slug + "/reports/aging.xlsx",
		f.srv.URL + "/c/" + f.coB.Slug + "/exports/history?customer=C0001"} {
		if resp, _ := getFile(t, b, u); resp.StatusCode != http.StatusNotFound {
			t.Errorf("B's admin, %s: %d, want 404", u, resp.StatusCode)
		}
	}
	// The control: A's own customer's history, whole, and nobody else's.
	cu, _ := f.debtor(t)
	resp, body := getFile(t, a, base+"history?customer="+cu.Ref+"&format=csv")
	wantAttachment(t, resp, body, csvType, "relance-"+f.coA.Slug+"-history-"+cu.Ref+"-2026-11-23.csv")
	f.wantHistoryOf(t, cu.Ref, csvRecords(t, body))
}

// wantHistoryOf fails the test unless the exported rows are the customer's timeline.
func (f *fixture) wantHistoryOf(t *testing.T, ref string, recs [][]string) {
	t.Helper()
	tl, err := f.a.History(context.Background(), f.coA, ref, app.HistoryParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Entries) == 0 || len(recs)-1 != len(tl.Entries) {
		t.Fatalf("%d rows exported, %d entries in %s's timeline", len(recs)-1, len(tl.Entries), ref)
	}
	for _, r := range recs[1:] {
		if r[0] != ref {
			t.Fatalf("a row of %s in %s's history", r[0], ref)
		}
	}
}

func TestAnExportAsksForAKnownKindAndFormat(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "viewer@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug
	for u, want := range map[string]int{
		"/exports/debts":                        http.StatusNotFound,
		"/exports/invoices?format=pdf":          http.StatusBadRequest,
		"/exports/invoices?customer=C0001":      http.StatusBadRequest,
		"/reports/aging.xlsx?date=2026-13-01":   http.StatusBadRequest,
		"/exports/payments?format=xlsx&lang=en": http.StatusOK,
	} {
		resp, body := getFile(t, c, base+u)
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", u, resp.StatusCode, want)
		}
		if want != http.StatusOK && !strings.Contains(string(body), "</html>") {
			t.Errorf("%s: no error page: %.200s", u, body)
		}
	}
}

func TestExportsWithoutASessionSendToTheLoginPage(t *testing.T) {
	f := newFixture(t)
	anon := f.client(t, "")
	for _, p := range []string{"/exports/invoices?format=xlsx", "/exports/history?customer=C0001", "/reports/aging.xlsx", "/reports/aging.csv"} {
		resp, body := getFile(t, anon, f.srv.URL+"/c/"+f.coA.Slug+p)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") || bytes.Contains(body, []byte("C0001,")) {
			t.Errorf("%s without a session: %d %s", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

func TestTheAgingWorkbookDownloadsInTheVisitorsLanguage(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "viewer@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/reports/aging"
	resp, body := getFile(t, c, base+".xlsx?lang=en")
	wantAttachment(t, resp, body, xlsxType, "relance-"+f.coA.Slug+"-aging-2026-11-23.xlsx")
	sheet, rows := workbookRows(t, body)
	if sheet != "Aging" || !strings.HasPrefix(rows[0][0], "Aging balance on") || rows[2][0] != "Customer" || rows[len(rows)-1][0] != "TOTAL" {
		t.Errorf("sheet %q, rows %v", sheet, rows)
	}
	resp, body = getFile(t, c, base+".csv?lang=fr&date=2026-06-30")
	wantAttachment(t, resp, body, csvType, "relance-"+f.coA.Slug+"-aging-2026-06-30.csv")
	recs := csvRecords(t, body)
	if recs[0][0] != "Client" || recs[len(recs)-1][0] != "TOTAL" {
		t.Errorf("French CSV: %v … %v", recs[0], recs[len(recs)-1])
	}
	rep, err := f.a.AgingReport(context.Background(), f.coA, civil.MustParse("2026-06-30"))
	if err != nil {
		t.Fatal(err)
	}
	if total := recs[len(recs)-1]; total[len(total)-1] != rep.TotalOpen.String() {
		t.Errorf("total open on 30 June %s, want %s", total[len(total)-1], rep.TotalOpen)
	}
}

func TestTheExportLinksAreWhereAUserLooks(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "viewer@a.example")
	co := "/c/" + f.coA.Slug
	pages := map[string][]string{
		"/":                {co + "/reports/aging.xlsx", co + "/reports/aging.csv"},
		"/customers":       {co + "/exports/customers?format=csv", co + "/exports/customers?format=xlsx"},
		"/invoices":        {co + "/exports/invoices?format=xlsx", co + "/exports/payments?format=csv"},
		"/customers/C0001": {co + "/exports/history?format=csv&amp;customer=C0001", co + "/exports/history?format=xlsx&amp;customer=C0001"},
	}
	for lang, text := range map[string]string{"fr": "Exporter XLSX", "en": "Export XLSX"} {
		for p, links := range pages {
			code, body := get(t, c, f.srv.URL+co+p+sep(p)+"lang="+lang)
			if code != http.StatusOK || !strings.Contains(body, text) {
				t.Errorf("%s %s: %d, no %q", lang, p, code, text)
			}
			for _, l := range links {
				if !strings.Contains(body, `href="`+l+`"`) {
					t.Errorf("%s %s: no link to %s", lang, p, l)
				}
				// Each link leads to a file.
				if resp, _ := getFile(t, c, f.srv.URL+strings.ReplaceAll(l, "&amp;", "&")); resp.StatusCode != http.StatusOK {
					t.Errorf("%s: %d", l, resp.StatusCode)
				}
			}
		}
	}
}

// A file bigger than what a download keeps in memory goes through a temporary file, arrives
// whole, and leaves nothing behind.
func TestABigDownloadGoesThroughATemporaryFileAndLeavesNothing(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "viewer@a.example")
	u := f.srv.URL + "/c/" + f.coA.Slug + "/exports/history?format=xlsx"
	_, inMemory := getFile(t, c, u)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	defer func(n int) { spoolMemory = n }(spoolMemory)
	spoolMemory = 1 << 10
	if len(inMemory) <= spoolMemory {
		t.Fatalf("the export is %d bytes: too small to test", len(inMemory))
	}
	resp, spooled := getFile(t, c, u)
	if resp.StatusCode != http.StatusOK || resp.ContentLength != int64(len(spooled)) || !bytes.Equal(spooled, inMemory) {
		t.Errorf("through a file: %d, %d bytes (Content-Length %d), want the %d bytes made in memory", resp.StatusCode, len(spooled), resp.ContentLength, len(inMemory))
	}
	workbookRows(t, spooled)
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left in the temporary directory: %v", left)
	}
}
