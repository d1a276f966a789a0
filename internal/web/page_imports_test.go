package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/relance-app/relance/internal/store"
)

// uploadImport posts a file to the imports page as a browser does.
func uploadImport(t *testing.T, c *http.Client, u, kind, name string, content []byte) (int, string, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", u, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String(), resp.Header.Get("Location")
}

// invoiceFile is 99 invoices of new customers, the one on line 57 with due date due57.
func invoiceFile(due57 string) []byte {
	var b strings.Builder
	b.WriteString("numéro;client;date;échéance;montant\n")
	for line := 2; line <= 100; line++ {
		due := "31/12/2026"
		if line == 57 {
			due = due57
		}
		fmt.Fprintf(&b, "WEB-F%03d;WEB-C%d;01/11/2026;%s;%d,50\n", line, line%7, due, line*10)
	}
	return []byte(b.String())
}

func countInvoices(t *testing.T, st store.Store, companyID int64) int {
	t.Helper()
	invs, err := st.ListInvoices(context.Background(), store.InvoiceQuery{CompanyID: companyID})
	if err != nil {
		t.Fatal(err)
	}
	return len(invs)
}

func TestAnImportWithABadDateOnLine57IsListedAndNothingIsStoredThenAGoodFileImports(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "collector@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/imports"
	before := countInvoices(t, f.a.Store, f.coA.ID)

	code, _, loc := uploadImport(t, c, base, "invoices", "factures.csv", invoiceFile("31/02/2026"))
	if code != http.StatusSeeOther {
		t.Fatalf("upload: %d", code)
	}
	code, page := get(t, c, f.srv.URL+loc+"&lang=en")
	if code != 200 {
		t.Fatalf("preview: %d", code)
	}
	for _, want := range []string{"factures.csv", "<td class=\"n\">57</td>", "<code>due_date</code>", "31/02/2026", "<strong>98</strong> valid rows",
		`value="échéance"`, `<option value="due_date" selected`, "CSV", "nothing can be imported"} {
		if !strings.Contains(page, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if strings.Contains(page, `method="post" action="/c/`+f.coA.Slug+`/imports/`) {
		t.Error("a file with errors can be confirmed")
	}
	if n := countInvoices(t, f.a.Store, f.coA.ID); n != before {
		t.Fatalf("the preview stored invoices: %d then %d", before, n)
	}
	// Confirming anyway imports nothing and says why.
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/c/"+f.coA.Slug+"/imports/")
	code, page, _ = postForm(t, c, base+"/"+id, url.Values{"kind": {"invoices"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "31/02/2026") {
		t.Errorf("confirming a bad file: %d", code)
	}
	if n := countInvoices(t, f.a.Store, f.coA.ID); n != before {
		t.Fatalf("a bad file was imported: %d then %d", before, n)
	}

	// The fixed file previews clean and imports, all of it.
	code, _, loc = uploadImport(t, c, base, "invoices", "factures.csv", invoiceFile("28/02/2027"))
	if code != http.StatusSeeOther {
		t.Fatalf("upload: %d", code)
	}
	_, page = get(t, c, f.srv.URL+loc+"&lang=fr")
	if !strings.Contains(page, "<strong>99</strong> lignes valides") || !strings.Contains(page, "Importer (99 lignes)") {
		t.Fatalf("the clean preview cannot be confirmed")
	}
	if n := countInvoices(t, f.a.Store, f.coA.ID); n != before {
		t.Fatalf("the preview stored invoices: %d then %d", before, n)
	}
	id = strings.TrimPrefix(strings.Split(loc, "?")[0], "/c/"+f.coA.Slug+"/imports/")
	code, _, loc = postForm(t, c, base+"/"+id, url.Values{"kind": {"invoices"}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "created=99") || !strings.Contains(loc, "customers=7") {
		t.Fatalf("confirm: %d %s", code, loc)
	}
	if n := countInvoices(t, f.a.Store, f.coA.ID); n != before+99 {
		t.Errorf("after the import: %d invoices, want %d", n, before+99)
	}
	_, page = get(t, c, f.srv.URL+loc+"&lang=en")
	if !strings.Contains(page, "Import result") || !strings.Contains(page, "<div class=\"v\">99</div>") {
		t.Error("the summary is not shown")
	}
}

// The mapping can be changed on the preview, as --map does: here the issue date is ignored
// and the due date is taken from it instead.
func TestTheImportMappingCanBeChanged(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "collector@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/imports"
	file := []byte("Facture;Code client;Montant TTC;Date limite;Remarque\nM-1;WEB-C1;100,00;31/12/2026;x\n")
	_, _, loc := uploadImport(t, c, base, "invoices", "m.csv", file)
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/c/"+f.coA.Slug+"/imports/")
	q := url.Values{"kind": {"invoices"}, "h": {"Facture", "Code client", "Montant TTC", "Date limite", "Remarque"},
		"f": {"invoice_number", "customer_ref", "amount", "issue_date", ""}}
	code, page := get(t, c, base+"/"+id+"?"+q.Encode())
	if code != 200 || !strings.Contains(page, `<option value="issue_date" selected`) || !strings.Contains(page, "<strong>1</strong>") {
		t.Fatalf("remapped preview: %d", code)
	}
	// A mapping that leaves out a required column says so, and offers to map by hand.
	q.Set("f", "")
	q["f"] = []string{"", "customer_ref", "amount", "issue_date", ""}
	_, page = get(t, c, base+"/"+id+"?"+q.Encode()+"&lang=en")
	if !strings.Contains(page, "no column for the invoice number") || !strings.Contains(page, "Header as written in the file") {
		t.Errorf("a missing column is not explained")
	}
	// Confirming with the mapping imports with it.
	q["f"] = []string{"invoice_number", "customer_ref", "amount", "due_date", ""}
	code, _, loc = postForm(t, c, base+"/"+id, q)
	if code != http.StatusSeeOther || !strings.Contains(loc, "created=1") {
		t.Fatalf("confirm with a mapping: %d %s", code, loc)
	}
}

func TestImportsRefuseViewersOtherCompaniesUploadsAndOversizedFiles(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	doc := store.Document{CompanyID: f.coB.ID, Kind: "upload", Name: "b.csv", ContentType: "text/csv", Content: invoiceFile("31/12/2026")}
	if err := f.a.Store.PutDocument(ctx, &doc); err != nil {
		t.Fatal(err)
	}
	a := f.client(t, "admin@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/imports"
	if code, _ := get(t, a, base+"/"+itoa(doc.ID)+"?kind=invoices"); code != http.StatusNotFound {
		t.Errorf("B's upload through A: %d", code)
	}
	if code, _, _ := postForm(t, a, base+"/"+itoa(doc.ID), url.Values{"kind": {"invoices"}}); code != http.StatusNotFound {
		t.Errorf("import B's upload through A: %d", code)
	}
	// A document that is not an upload (a letter kept as proof) is not importable either.
	letter := store.Document{CompanyID: f.coA.ID, Kind: "letter", Name: "l.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.7 test")}
	if err := f.a.Store.PutDocument(ctx, &letter); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, a, base+"/"+itoa(letter.ID)+"?kind=invoices"); code != http.StatusNotFound {
		t.Errorf("a letter as an import: %d", code)
	}
	v := f.client(t, "viewer@a.example")
	if code, _ := get(t, v, base); code != http.StatusForbidden {
		t.Errorf("a viewer on the imports page: %d", code)
	}
	defer func(n int) { importMaxBytes = n }(importMaxBytes)
	importMaxBytes = 1000
	big := bytes.Repeat([]byte("x;y\n"), 260)
	if code, page, _ := uploadImport(t, a, base+"?lang=en", "invoices", "big.csv", big); code != http.StatusRequestEntityTooLarge || !strings.Contains(page, "larger than 50 MB") {
		t.Errorf("an oversized file: %d", code)
	}
}

func TestTheImportsPageRendersForACollectorInBothLanguages(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "collector@a.example")
	for _, lang := range []string{"fr", "en"} {
		code, body := get(t, c, f.srv.URL+"/c/"+f.coA.Slug+"/imports?lang="+lang)
		if code != 200 || !strings.Contains(body, `enctype="multipart/form-data"`) || !strings.Contains(body, "invoice_number") {
			t.Errorf("%s: %d", lang, code)
		}
	}
	_, body := get(t, c, f.srv.URL+"/c/"+f.coA.Slug+"/imports?lang=fr")
	if !strings.Contains(body, "le numéro de facture") {
		t.Error("the French page does not describe the fields in French")
	}
}

// An XLSX workbook previews with its sheet, and the sheet named on the form is the one read.
func TestAnXLSXWorkbookImportsFromTheSheetChosen(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "collector@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/imports"
	wb := excelize.NewFile()
	defer wb.Close()
	wb.SetSheetName("Sheet1", "Notes")
	wb.SetSheetRow("Notes", "A1", &[]any{"nothing to import here"})
	wb.NewSheet("Factures")
	wb.SetSheetRow("Factures", "A1", &[]any{"N° facture", "Code client", "Date de facture", "Échéance", "Montant TTC"})
	wb.SetSheetRow("Factures", "A2", &[]any{"X-1", "WEB-X1", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), 1234.56})
	wb.SetSheetRow("Factures", "A3", &[]any{"X-2", "WEB-X1", time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 99.5})
	var file bytes.Buffer
	if err := wb.Write(&file); err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", "invoices")
	mw.WriteField("sheet", "Factures")
	fw, _ := mw.CreateFormFile("file", "export.xlsx")
	fw.Write(file.Bytes())
	mw.Close()
	req, _ := http.NewRequest("POST", base, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "sheet=Factures") {
		t.Fatalf("upload: %d %s", resp.StatusCode, loc)
	}
	_, page := get(t, c, f.srv.URL+loc+"&lang=en")
	if !strings.Contains(page, "XLSX") || !strings.Contains(page, "<strong>2</strong> valid rows") || !strings.Contains(page, `name="sheet" value="Factures"`) {
		t.Fatalf("XLSX preview:\n%s", page)
	}
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/c/"+f.coA.Slug+"/imports/")
	code, _, done := postForm(t, c, base+"/"+id, url.Values{"kind": {"invoices"}, "sheet": {"Factures"}})
	if code != http.StatusSeeOther || !strings.Contains(done, "created=2") {
		t.Fatalf("confirm: %d %s", code, done)
	}
	inv, err := f.a.Store.InvoiceByNumber(context.Background(), f.coA.ID, "invoice", "X-1")
	if err != nil || inv.Amount != 123456 {
		t.Errorf("X-1: %v %+v", err, inv)
	}
}
