package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The imports are tested in company B, empty but for one invoice, so that what a file adds
// is plain to count; the security suite covers them in A with every other route.

func readTestdata(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// invoiceCount counts company B's invoices, to prove what an import stored or did not.
func invoiceCount(t *testing.T, c *apiClient, f *fixture) int {
	t.Helper()
	return len(c.get("/companies/"+f.coB.Slug+"/invoices?status=all&limit=500").want(t, http.StatusOK).items(t))
}

// multipartBody holds the files as the parts of a form, as curl -F sends them.
func multipartBody(t *testing.T, files map[string][]byte, order ...string) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, name := range order {
		w, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[name])
	}
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

func TestAPIImportInvoicesDryRunThenForReal(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "admin@b.example")
	path := "/companies/" + f.coB.Slug + "/imports/invoices"
	file := readTestdata(t, "../app/testdata/factures.csv")
	before := invoiceCount(t, c, f)

	dry := c.upload(path+"?dry_run=true&filename=factures.csv", "text/csv", file).want(t, http.StatusOK).object(t)
	if dry["dry_run"] != true || dry["kind"] != "invoices" || dry["file"] != "factures.csv" || dry["stats"].(map[string]any)["rows"] != 9.0 {
		t.Errorf("dry run: %v", dry)
	}
	fields := map[string]string{}
	for _, m := range dry["mapping"].([]any) {
		m := m.(map[string]any)
		fields[m["header"].(string)] = m["field"].(string)
	}
	if fields["N° facture"] != "invoice_number" || fields["Échéance"] != "due_date" || fields["Montant TTC"] != "amount" {
		t.Errorf("mapping: %v", fields)
	}
	if n := invoiceCount(t, c, f); n != before {
		t.Fatalf("a dry run stored %d invoices", n-before)
	}

	got := c.upload(path+"?filename=factures.csv", "text/csv", file).want(t, http.StatusOK).object(t)
	if st := got["stats"].(map[string]any); got["dry_run"] != false || st["created"] != 9.0 || st["customers_created"] != 5.0 {
		t.Errorf("import: %v", got)
	}
	if n := invoiceCount(t, c, f); n != before+9 {
		t.Errorf("%d invoices after the import, want %d", n, before+9)
	}
	// The same file again changes nothing.
	if st := c.upload(path, "text/csv", file).want(t, http.StatusOK).object(t)["stats"].(map[string]any); st["unchanged"] != 9.0 || st["created"] != 0.0 {
		t.Errorf("again: %v", st)
	}
}

func TestAPIImportRefusesAFileListingEveryProblem(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "admin@b.example")
	path := "/companies/" + f.coB.Slug + "/imports/invoices"
	before := invoiceCount(t, c, f)
	bad := "Numéro;Client;Date;Échéance;Montant\n" +
		"F-1;C1;01/10/2026;31/10/2026;100,00\n" +
		"F-2;C1;31/02/2026;31/10/2026;100,00\n" +
		"F-3;C1;01/10/2026;31/10/2026;cent euros\n"
	resp := c.upload(path+"?filename=bad.csv", "text/csv", []byte(bad)).want(t, http.StatusUnprocessableEntity)
	var e struct {
		Error struct {
			Code, Message string
			Rows          []importRow
			Total         int
		}
	}
	resp.decode(t, &e)
	if e.Error.Code != "unprocessable" || e.Error.Total != 2 || len(e.Error.Rows) != 2 || !strings.Contains(e.Error.Message, "bad.csv") {
		t.Fatalf("error: %+v", e.Error)
	}
	want := []importRow{{File: "bad.csv", Line: 3, Field: "issue_date", Value: "31/02/2026"}, {File: "bad.csv", Line: 4, Field: "amount", Value: "cent euros"}}
	for i, w := range want {
		got := e.Error.Rows[i]
		if got.File != w.File || got.Line != w.Line || got.Field != w.Field || got.Value != w.Value || got.Message == "" {
			t.Errorf("row %d: %+v, want %+v", i, got, w)
		}
	}
	// A column relance does not know: refused, until map says what it holds.
	odd := "Machin;Truc;Date;Échéance;Montant\nF-9;C1;01/10/2026;31/10/2026;100,00\n"
	resp = c.upload(path, "text/csv", []byte(odd)).want(t, http.StatusUnprocessableEntity)
	resp.decode(t, &e)
	if len(e.Error.Rows) != 1 || e.Error.Rows[0].Line != 0 || !strings.Contains(e.Error.Rows[0].Message, "Machin") || !strings.Contains(e.Error.Rows[0].Message, "map=") {
		t.Errorf("a header relance does not know: %+v", e.Error)
	}
	if n := invoiceCount(t, c, f); n != before {
		t.Fatalf("a refused file stored %d invoices", n-before)
	}
	q := url.Values{"map": {"Machin=invoice_number", "Truc=customer_ref"}}
	if got := c.upload(path+"?"+q.Encode(), "text/csv", []byte(odd)).want(t, http.StatusOK).object(t); got["stats"].(map[string]any)["created"] != 1.0 {
		t.Errorf("with map: %v", got)
	}
	c.upload(path+"?map=Machin", "text/csv", []byte(odd)).wantError(t, http.StatusBadRequest, "bad_request", "map")
	c.upload(path+"?dry_run=maybe", "text/csv", []byte(odd)).wantError(t, http.StatusBadRequest, "bad_request", "dry_run")
	c.upload(path+"?sheet=A&sheet=B", "text/csv", []byte(odd)).wantError(t, http.StatusBadRequest, "bad_request", "sheet")
}

func TestAPIImportAnXLSXSheet(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "admin@b.example")
	wb := excelize.NewFile()
	wb.SetSheetName("Sheet1", "Notes")
	wb.SetCellValue("Notes", "A1", "nothing to import here")
	wb.NewSheet("Clients")
	for i, row := range [][]any{{"Code client", "Raison sociale", "E-mail", "Délai de paiement"}, {"X-1", "Menuiserie Roux", "compta@roux.example", 45}} {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			wb.SetCellValue("Clients", cell, v)
		}
	}
	var b bytes.Buffer
	if err := wb.Write(&b); err != nil {
		t.Fatal(err)
	}
	const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	path := "/companies/" + f.coB.Slug + "/imports/customers"
	got := c.upload(path+"?sheet=Clients&filename=clients.xlsx", xlsx, b.Bytes()).want(t, http.StatusOK).object(t)
	if got["stats"].(map[string]any)["created"] != 1.0 || !strings.Contains(got["format"].(string), "Clients") {
		t.Errorf("import: %v", got)
	}
	cu := c.get("/companies/"+f.coB.Slug+"/customers/X-1").want(t, http.StatusOK).object(t)
	if cu["name"] != "Menuiserie Roux" || cu["payment_terms_days"] != 45.0 {
		t.Errorf("customer: %v", cu)
	}
	c.upload(path+"?sheet=Nowhere", xlsx, b.Bytes()).want(t, http.StatusUnprocessableEntity)
}

// A bank statement's credits are recorded and matched: the certain ones allocated, the
// others waiting in the review queue, where a collector accepts one.
func TestAPIImportABankStatementThenReviewItsMatches(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "admin@b.example")
	co := "/companies/" + f.coB.Slug
	c.upload(co+"/imports/invoices", "text/csv", readTestdata(t, "../app/testdata/factures.csv")).want(t, http.StatusOK)
	statement := readTestdata(t, "../app/testdata/releve-camt053.xml")

	dry := c.upload(co+"/imports/bank?dry_run=true", "application/xml", statement).want(t, http.StatusOK).object(t)
	if dry["dry_run"] != true || dry["created"] != 5.0 || len(c.get(co+"/payments").items(t)) != 0 {
		t.Errorf("dry run: %v", dry)
	}
	got := c.upload(co+"/imports/bank?filename=releve.xml", "application/xml", statement).want(t, http.StatusOK).object(t)
	m := got["matching"].(map[string]any)
	if got["file"] != "releve.xml" || got["format"] != "camt.053.001.08" || got["credits"] != 5.0 || got["created"] != 5.0 ||
		m["auto"] != 2.0 || m["queued"] != 2.0 || m["unmatched"] != 1.0 {
		t.Fatalf("import: %v", got)
	}
	if again := c.upload(co+"/imports/bank", "application/xml", statement).want(t, http.StatusOK).object(t); again["unchanged"] != 5.0 || again["created"] != 0.0 {
		t.Errorf("the same statement again: %v", again)
	}
	queue := c.get(co+"/matches").want(t, http.StatusOK).items(t)
	if len(queue) != 2 || len(c.get(co+"/matches?status=auto").items(t)) != 2 {
		t.Fatalf("the review queue: %v", queue)
	}
	accepted := c.post(co+"/matches/"+jsonString(queue[0]["id"])+"/accept", nil).want(t, http.StatusOK).object(t)
	if accepted["status"] != "accepted" || len(c.get(co+"/matches").items(t)) != 1 {
		t.Errorf("accepted: %v", accepted)
	}

	// auto=false sends every match to the queue: a second company's statement, say.
	c.upload(co+"/imports/bank?auto=false&auto_threshold=80", "application/xml", statement).wantError(t, http.StatusBadRequest, "bad_request", "auto_threshold")
	c.upload(co+"/imports/bank?auto_threshold=101", "application/xml", statement).wantError(t, http.StatusBadRequest, "bad_request", "auto_threshold")

	// A statement that is not one: every problem located.
	broken := bytes.Replace(statement, []byte(`<Amt Ccy="EUR">1200.00</Amt><CdtDbtInd>`), []byte(`<Amt Ccy="EUR">12OO.00</Amt><CdtDbtInd>`), 1)
	resp := c.upload(co+"/imports/bank?filename=broken.xml", "application/xml", broken).want(t, http.StatusUnprocessableEntity)
	var e importProblem
	resp.decode(t, &e)
	if len(e.Error.Rows) != 1 || e.Error.Rows[0].File != "broken.xml" || e.Error.Rows[0].Line == 0 || e.Error.Rows[0].Value != "12OO.00" {
		t.Errorf("a broken statement: %+v", e.Error)
	}
}

func TestAPIImportAFEC(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "admin@b.example")
	path := "/companies/" + f.coB.Slug + "/imports/fec"
	fecFile := readTestdata(t, "../ingest/fec/testdata/123456782FEC20251231.txt")
	before := invoiceCount(t, c, f)
	dry := c.upload(path+"?dry_run=true", "text/plain", fecFile).want(t, http.StatusOK).object(t)
	created := dry["invoices"].(map[string]any)["created"].(float64)
	if dry["dry_run"] != true || created == 0 || invoiceCount(t, c, f) != before {
		t.Fatalf("dry run: %v", dry)
	}
	got := c.upload(path+"?accounts=411&filename=FEC.txt", "text/plain", fecFile).want(t, http.StatusOK).object(t)
	if got["invoices"].(map[string]any)["created"] != created || got["file"] != "FEC.txt" {
		t.Errorf("import: %v", got)
	}
	again := c.upload(path, "text/plain", fecFile).want(t, http.StatusOK).object(t)
	if again["invoices"].(map[string]any)["created"] != 0.0 {
		t.Errorf("again: %v", again)
	}
	c.upload(path+"?accounts=411,clients", "text/plain", fecFile).wantError(t, http.StatusBadRequest, "bad_request", "accounts")

	lines := strings.Split(string(fecFile), "\n")
	lines[2] = strings.Replace(lines[2], "2400,00", "24OO,00", 1)
	lines[4] = strings.Replace(lines[4], "\t2025", "\t2O25", 1)
	resp := c.upload(path+"?filename=broken.txt", "text/plain", []byte(strings.Join(lines, "\n"))).want(t, http.StatusUnprocessableEntity)
	var e importProblem
	resp.decode(t, &e)
	if e.Error.Total != 2 || len(e.Error.Rows) != 2 || e.Error.Rows[0].Line != 3 || e.Error.Rows[0].Field != "Debit" ||
		e.Error.Rows[0].Value != "24OO,00" || e.Error.Rows[1].Line != 5 {
		t.Errorf("a broken FEC: %+v", e.Error)
	}
}

func TestAPIImportEInvoices(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "admin@b.example")
	path := "/companies/" + f.coB.Slug + "/imports/einvoices"
	const dir = "../ingest/einvoice/testdata/"
	files := map[string][]byte{}
	for _, name := range []string{"ubl-21-extended-ctc-fr.xml", "Avoir_FR_type381_BASIC.pdf", "CII_example1.xml"} {
		files[name] = readTestdata(t, dir+name)
	}
	files["notes.xml"] = []byte("<notes>not an invoice</notes>")
	before := invoiceCount(t, c, f)

	// One bad file refuses them all, each problem named with its file.
	ct, body := multipartBody(t, files, "ubl-21-extended-ctc-fr.xml", "notes.xml")
	resp := c.upload(path, ct, body).want(t, http.StatusUnprocessableEntity)
	var e importProblem
	resp.decode(t, &e)
	if len(e.Error.Rows) != 1 || e.Error.Rows[0].File != "notes.xml" || !strings.Contains(e.Error.Message, "ubl-21-extended-ctc-fr.xml, notes.xml") {
		t.Errorf("a bad file among good ones: %+v", e.Error)
	}
	if invoiceCount(t, c, f) != before {
		t.Fatal("a refused import stored invoices")
	}

	ct, body = multipartBody(t, files, "ubl-21-extended-ctc-fr.xml", "CII_example1.xml")
	got := c.upload(path, ct, body).want(t, http.StatusOK).object(t)
	if len(got["files"].([]any)) != 2 || got["invoices"].(map[string]any)["created"] != 2.0 {
		t.Fatalf("two files: %v", got)
	}
	// One file as the body; its kept copy bears the name given.
	got = c.upload(path+"?filename=avoir.pdf", "application/pdf", files["Avoir_FR_type381_BASIC.pdf"]).want(t, http.StatusOK).object(t)
	one := got["files"].([]any)[0].(map[string]any)
	if one["file"] != "avoir.pdf" || one["kind"] != "credit_note" || one["status"] != "created" {
		t.Errorf("one file: %v", got)
	}
	ct, body = multipartBody(t, files, "CII_example1.xml")
	if again := c.upload(path+"?dry_run=true", ct, body).want(t, http.StatusOK).object(t); again["invoices"].(map[string]any)["unchanged"] != 1.0 {
		t.Errorf("again: %v", again)
	}

	// In company A, whose SIREN is not the seller's: a supplier's invoice is refused.
	a := f.api(t, "collector@a.example")
	a.upload(f.companyA()+"/imports/einvoices?filename=supplier.xml", "application/xml", files["CII_example1.xml"]).
		want(t, http.StatusUnprocessableEntity).decode(t, &e)
	if len(e.Error.Rows) != 1 || e.Error.Rows[0].File != "supplier.xml" || e.Error.Rows[0].Line != 0 || !strings.Contains(e.Error.Rows[0].Message, "the seller is") {
		t.Errorf("another seller's invoice: %+v", e.Error)
	}
}

func TestAPIImportRefusesMalformedUploads(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "admin@b.example")
	co := "/companies/" + f.coB.Slug + "/imports/"
	file := readTestdata(t, "../app/testdata/factures.csv")
	before := invoiceCount(t, c, f)

	c.upload(co+"invoices", "text/csv", nil).wantError(t, http.StatusBadRequest, "bad_request", "")
	ct, body := multipartBody(t, map[string][]byte{"a.csv": file, "b.csv": file}, "a.csv", "b.csv")
	c.upload(co+"invoices", ct, body).wantError(t, http.StatusBadRequest, "bad_request", "")
	ct, body = multipartBody(t, map[string][]byte{"a.xml": file}, "a.xml", "a.xml")
	c.upload(co+"einvoices", ct, body).wantError(t, http.StatusBadRequest, "bad_request", "")
	ct, body = multipartBody(t, map[string][]byte{"a.csv": file}, "a.csv")
	c.upload(co+"invoices?filename=x.csv", ct, body).wantError(t, http.StatusBadRequest, "bad_request", "filename")

	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("dry_run", "true")
	mw.Close()
	c.upload(co+"invoices", mw.FormDataContentType(), form.Bytes()).wantError(t, http.StatusBadRequest, "bad_request", "dry_run")

	// Beyond the limit, nothing is read further: 413, whether the client said its length or not.
	defer func(n int64) { importMaxBody = n }(importMaxBody)
	importMaxBody = int64(len(file) - 1)
	c.upload(co+"invoices", "text/csv", file).wantError(t, http.StatusRequestEntityTooLarge, "too_large", "")
	c.send("POST", co+"invoices", "text/csv", struct{ *bytes.Reader }{bytes.NewReader(file)}).wantError(t, http.StatusRequestEntityTooLarge, "too_large", "")
	ct, body = multipartBody(t, map[string][]byte{"a.csv": file}, "a.csv")
	c.upload(co+"invoices", ct, body).wantError(t, http.StatusRequestEntityTooLarge, "too_large", "")
	if invoiceCount(t, c, f) != before {
		t.Error("a refused upload stored invoices")
	}
}
