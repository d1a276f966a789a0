package web

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// The sample files the ingest and app packages test with (their provenance is beside them).
const (
	ownFEC       = "../ingest/fec/testdata/123456782FEC20251231.txt"
	camtSample   = "../app/testdata/releve-camt053.xml"
	camtInvoices = "../app/testdata/factures.csv"
	einvoiceDir  = "../ingest/einvoice/testdata"
)

// upload is one file of a multipart upload.
type upload struct {
	name    string
	content []byte
}

func readSample(t *testing.T, name string) upload {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return upload{filepath.Base(name), b}
}

// uploadFiles posts files and fields to the imports page as a browser does.
func uploadFiles(t *testing.T, c *http.Client, u string, fields url.Values, files ...upload) (int, string, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, _ := mw.CreateFormFile("file", f.name)
		fw.Write(f.content)
	}
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

// stored is what an import may change in a company, as text: customers, invoices and credit
// notes, payments, proposals, and the documents kept for customers. Equal texts mean nothing
// was stored.
func stored(t *testing.T, st store.Store, co receivable.Company) string {
	t.Helper()
	ctx := context.Background()
	var parts []any
	add := func(v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, v)
	}
	customers, err := st.ListCustomers(ctx, store.CustomerQuery{CompanyID: co.ID, Day: today})
	add(customers, err)
	for _, kind := range []receivable.DocKind{receivable.KindInvoice, receivable.KindCreditNote} {
		add(st.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, Kind: kind}))
	}
	add(st.ListPayments(ctx, store.PaymentQuery{CompanyID: co.ID}))
	add(st.ListProposals(ctx, store.ProposalQuery{CompanyID: co.ID}))
	for _, cu := range customers {
		add(st.ListDocuments(ctx, co.ID, cu.ID))
		add(st.Contacts(ctx, co.ID, cu.ID))
	}
	b, err := json.Marshal(parts)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// text is a page's visible text with its tags and spacing reduced to single spaces, for
// checks that read as the page does.
func text(page string) string {
	page = regexp.MustCompile(`(?s)<head>.*</head>`).ReplaceAllString(page, "")
	page = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, " ")
	return strings.Join(strings.Fields(html.UnescapeString(page)), " ")
}

func wantText(t *testing.T, what, page string, wants ...string) {
	t.Helper()
	plain := text(page)
	for _, w := range wants {
		if !strings.Contains(plain, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// previewPath is the preview's address an upload redirects to, checked.
func previewPath(t *testing.T, slug string, code int, loc string) string {
	t.Helper()
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/c/"+slug+"/imports/") {
		t.Fatalf("upload: %d %q", code, loc)
	}
	return loc
}

// confirmForm is the hidden fields of the preview's confirmation form: what the browser
// sends when the user clicks Import.
func confirmForm(t *testing.T, page string) (string, url.Values) {
	t.Helper()
	m := regexp.MustCompile(`(?s)<form method="post" action="([^"]+)" class="confirm">(.*?)</form>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the preview has no confirmation form")
	}
	form := url.Values{}
	for _, in := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(m[2], -1) {
		form.Add(in[1], html.UnescapeString(in[2]))
	}
	return html.UnescapeString(m[1]), form
}

func TestAFECIsPreviewedThenImportedWithItsCountsAndOpenItems(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "admin@b.example")
	base := f.srv.URL + "/c/" + f.coB.Slug + "/imports"
	before := stored(t, f.a.Store, f.coB)

	code, _, loc := uploadFiles(t, c, base, url.Values{"kind": {"fec"}, "accounts": {"411"}}, readSample(t, ownFEC))
	loc = previewPath(t, f.coB.Slug, code, loc)
	code, page := get(t, c, f.srv.URL+loc+"&lang=en")
	if code != 200 {
		t.Fatalf("preview: %d", code)
	}
	// The counts of the app's own test of this file (app/import_fec_test.go).
	wantText(t, "the FEC preview", page, "123456782FEC20251231.txt", "Encoding: ISO-8859-15", "Separator: tab",
		"Dry run: nothing is stored yet",
		"customers 3 0", "invoices 7 0", "credit notes 2 0", "payments 5 0", "allocations (lettering) 5 0", "settled outside the file 1 0",
		"Open in this file €2,200.00 in 3 open invoices", "€150.00")
	if got := stored(t, f.a.Store, f.coB); got != before {
		t.Fatal("the preview stored something")
	}

	action, form := confirmForm(t, page)
	if form.Get("kind") != "fec" || form.Get("accounts") != "411" {
		t.Errorf("the confirmation sends %v", form)
	}
	code, _, done := postForm(t, c, f.srv.URL+action, form)
	if code != http.StatusSeeOther || !strings.Contains(done, "done=1") {
		t.Fatalf("confirm: %d %s", code, done)
	}
	code, page = get(t, c, f.srv.URL+done+"&lang=en")
	if code != 200 {
		t.Fatalf("summary: %d", code)
	}
	wantText(t, "the FEC summary", page, "Imported", "Import result · accounting entries (FEC)",
		"customers 3 0", "invoices 7 0", "credit notes 2 0", "payments 5 0", "allocations (lettering) 5 0", "settled outside the file 1 0",
		"€2,200.00 in 3 open invoices")
	ctx := context.Background()
	inv, err := f.a.Store.InvoiceByNumber(ctx, f.coB.ID, receivable.KindInvoice, "FA2025-0003")
	if err != nil || inv.Open() != 96000 {
		t.Errorf("FA2025-0003 after the import: %+v, %v", inv, err)
	}
	rep, err := f.a.AgingReport(ctx, f.coB, today)
	if err != nil || rep.TotalOpen != 220000+99900 { // the file's open items and B's own FB-1
		t.Errorf("aging after the import: %v, %v", rep.TotalOpen, err)
	}

	// The same file again: nothing new, nothing to confirm.
	_, _, loc = uploadFiles(t, c, base, url.Values{"kind": {"fec"}}, readSample(t, ownFEC))
	_, page = get(t, c, f.srv.URL+loc+"&lang=en")
	wantText(t, "the second preview", page, "customers 0 3", "invoices 0 7", "Everything in this file is already in relance.")
	if strings.Contains(page, `class="confirm"`) {
		t.Error("a file already imported can be confirmed")
	}
}

// The FEC's options: prefixes that are not numbers are refused on the form, and prefixes
// that match no account say so on the preview.
func TestFECAccountPrefixesAreChecked(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "admin@b.example")
	base := f.srv.URL + "/c/" + f.coB.Slug + "/imports"
	code, page, _ := uploadFiles(t, c, base+"?lang=en", url.Values{"kind": {"fec"}, "accounts": {"411,clients"}}, readSample(t, ownFEC))
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("prefixes that are not numbers: %d", code)
	}
	wantText(t, "the refusal", page, "customer-account prefixes are numbers, such as 411 or 411,416")
	if !strings.Contains(page, `name="accounts" value="411,clients"`) {
		t.Error("the refused prefixes are not shown back")
	}
	_, _, loc := uploadFiles(t, c, base, url.Values{"kind": {"fec"}, "accounts": {"416"}}, readSample(t, ownFEC))
	_, page = get(t, c, f.srv.URL+loc+"&lang=en")
	wantText(t, "the preview with 416", page, "The file holds no customer account entry: check the customer-account prefixes.")
	// Read again with 411 from the preview's options form.
	loc = strings.Replace(loc, "accounts=416", "accounts=411", 1)
	_, page = get(t, c, f.srv.URL+loc+"&lang=en")
	wantText(t, "the preview with 411", page, "customers 3 0")
}

// camtCompany is company B with the invoices the sample statement pays
// (app/testdata/factures.csv), imported through the imports page.
func camtCompany(t *testing.T, f *fixture, c *http.Client) {
	t.Helper()
	base := f.srv.URL + "/c/" + f.coB.Slug + "/imports"
	code, _, loc := uploadFiles(t, c, base, url.Values{"kind": {"invoices"}}, readSample(t, camtInvoices))
	loc = previewPath(t, f.coB.Slug, code, loc)
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/c/"+f.coB.Slug+"/imports/")
	if code, _, done := postForm(t, c, base+"/"+id, url.Values{"kind": {"invoices"}}); code != http.StatusSeeOther || !strings.Contains(done, "created=9") {
		t.Fatalf("the invoices the statement pays: %d %s", code, done)
	}
}

func TestABankStatementIsPreviewedMatchedAndItsReviewQueueFilled(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "admin@b.example")
	camtCompany(t, f, c)
	base := f.srv.URL + "/c/" + f.coB.Slug + "/imports"
	before := stored(t, f.a.Store, f.coB)

	code, _, loc := uploadFiles(t, c, base, url.Values{"kind": {"bank"}, "threshold": {"90"}}, readSample(t, camtSample))
	loc = previewPath(t, f.coB.Slug, code, loc)
	code, page := get(t, c, f.srv.URL+loc+"&lang=en")
	if code != 200 {
		t.Fatalf("preview: %d", code)
	}
	wantText(t, "the bank preview", page, "releve-camt053.xml", "Format: camt.053.001.08", "Dry run: nothing is stored yet",
		"incoming payments 5", "to record 5 €6,277.00", "already recorded 0",
		"allocated automatically 2 €4,200.00", "queued for review 2 €2,000.00", "left unmatched 1")
	if got := stored(t, f.a.Store, f.coB); got != before {
		t.Fatal("the preview stored something")
	}
	// Read again with nothing allocated automatically: the certain matches go to the queue.
	_, page = get(t, c, f.srv.URL+loc+"&no_auto=1&lang=en")
	wantText(t, "the preview without automatic allocation", page, "allocated automatically 0", "queued for review 4", "left unmatched 1")
	if !strings.Contains(page, `name="no_auto" value="1" checked`) {
		t.Error("the option is not shown as chosen")
	}

	action, form := confirmForm(t, page)
	if form.Get("no_auto") != "1" || form.Get("threshold") != "90" {
		t.Errorf("the confirmation sends %v", form)
	}
	form.Del("no_auto") // as the first preview
	code, _, done := postForm(t, c, f.srv.URL+action, form)
	if code != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", code, done)
	}
	code, page = get(t, c, f.srv.URL+done+"&lang=en")
	if code != 200 {
		t.Fatalf("summary: %d", code)
	}
	wantText(t, "the bank summary", page, "Import result · bank statement", "recorded 5 €6,277.00",
		"allocated automatically 2 €4,200.00", "queued for review 2 €2,000.00", "left unmatched 1",
		"2 payments wait for review in the matching queue. Review them")
	if !strings.Contains(page, `href="/c/`+f.coB.Slug+`/matches">Review them</a>`) {
		t.Error("the summary does not link to the review queue")
	}
	// The queue holds what the summary says, for the invoices the statement names.
	ps, err := f.a.Proposals(context.Background(), f.coB, store.ProposalQuery{Status: store.ProposalPending})
	if err != nil || len(ps) != 2 {
		t.Fatalf("review queue: %d proposals, %v", len(ps), err)
	}
	code, page = get(t, c, f.srv.URL+"/c/"+f.coB.Slug+"/matches?lang=en")
	if code != 200 || !strings.Contains(page, "FA-1005") {
		t.Errorf("the review queue page: %d", code)
	}
	payments, _ := f.a.Store.ListPayments(context.Background(), store.PaymentQuery{CompanyID: f.coB.ID})
	if len(payments) != 5 {
		t.Errorf("%d payments stored, want 5", len(payments))
	}
	inv, _ := f.a.Store.InvoiceByNumber(context.Background(), f.coB.ID, receivable.KindInvoice, "FA-1001")
	if inv.Open() != 0 {
		t.Errorf("FA-1001 is still open: %v", inv.Open())
	}
}

// einvoiceSamples are the Factur-X PDFs and CII/UBL files of the einvoice package.
func einvoiceSamples(t *testing.T) []upload {
	t.Helper()
	var out []upload
	for _, pat := range []string{"*.pdf", "*.xml"} {
		names, _ := filepath.Glob(filepath.Join(einvoiceDir, pat))
		for _, n := range names {
			out = append(out, readSample(t, n))
		}
	}
	if len(out) < 9 {
		t.Fatalf("only %d e-invoice samples", len(out))
	}
	return out
}

func TestSeveralEInvoicesArePreviewedOneLineEachThenImported(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "admin@b.example")
	base := f.srv.URL + "/c/" + f.coB.Slug + "/imports"
	before := stored(t, f.a.Store, f.coB)
	files := einvoiceSamples(t)

	code, _, loc := uploadFiles(t, c, base, url.Values{"kind": {"einvoices"}}, files...)
	loc = previewPath(t, f.coB.Slug, code, loc)
	code, page := get(t, c, f.srv.URL+loc+"&lang=en")
	if code != 200 {
		t.Fatalf("preview: %d", code)
	}
	// One line per file: the app's own test of these files (app/import_einvoice_test.go) says
	// what each holds; factur-x-minimum.xml repeats invoice_EN16931.pdf's invoice.
	wantText(t, "the e-invoice preview", page, "Dry run: nothing is stored yet",
		"Facture_FR_BASICWL.pdf CII invoice FA-2017-0010 787878784 Ma jolie boutique 13 Nov 2017 13 Dec 2017 €671.15 new",
		"CII_example5.xml CII invoice TOSL110 DK16356607 Buyercompany ltd 10 Apr 2013 10 May 2013 DKK 4,675.00 new",
		"factur-x-minimum.xml CII invoice F20260023 987654321 LE CLIENT 31 Jan 2026 2 Mar 2026 €104.90 already imported",
		"ubl-21-extended-ctc-fr.xml UBL invoice F124212",
		"Avoir_FR_type381_BASIC.pdf CII credit note AV-2017-0005",
		"files 9 invoices created 6 credit notes created 2 already imported 1 attached to an existing invoice 0 new customers 6")
	if n := strings.Count(page, "<tr><td>"); n != len(files) {
		t.Errorf("%d lines for %d files", n, len(files))
	}
	if got := stored(t, f.a.Store, f.coB); got != before {
		t.Fatal("the preview stored something")
	}

	action, form := confirmForm(t, page)
	if len(strings.Split(form.Get("more"), ",")) != len(files)-1 {
		t.Errorf("the confirmation names the uploads %v", form)
	}
	code, _, done := postForm(t, c, f.srv.URL+action, form)
	if code != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", code, done)
	}
	_, page = get(t, c, f.srv.URL+done+"&lang=en")
	wantText(t, "the e-invoice summary", page, "Import result · e-invoices",
		"files 9 invoices created 6 credit notes created 2 already imported 1 attached to an existing invoice 0 new customers 6")
	ctx := context.Background()
	inv, err := f.a.Store.InvoiceByNumber(ctx, f.coB.ID, receivable.KindInvoice, "F124212")
	if err != nil || inv.Open() != 20803 || !strings.HasPrefix(inv.Document, "document:") {
		t.Fatalf("F124212 after the import: %+v, %v", inv, err)
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(inv.Document, "document:"), 10, 64)
	doc, err := f.a.Store.Document(ctx, f.coB.ID, id)
	if want := readSample(t, filepath.Join(einvoiceDir, "ubl-21-extended-ctc-fr.xml")); err != nil || doc.Kind != "einvoice" || !bytes.Equal(doc.Content, want.content) {
		t.Errorf("the file kept for F124212: %s %s, %v", doc.Kind, doc.Name, err)
	}

	// The same file again changes nothing, and says so.
	_, _, loc = uploadFiles(t, c, base, url.Values{"kind": {"einvoices"}}, files[0])
	_, page = get(t, c, f.srv.URL+loc+"&lang=en")
	wantText(t, "the second preview", page, "already imported", "Everything in this file is already in relance.")
	if strings.Contains(page, `class="confirm"`) {
		t.Error("files already imported can be confirmed")
	}
}

// A bad file of each kind: the preview lists each problem with its file, line and column or
// element, offers nothing to confirm, and a confirmation sent anyway is refused (422) with
// the same list; nothing is stored.
func TestAMalformedFileOfEachKindIsLocatedAndNothingIsStored(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "admin@b.example")
	camtCompany(t, f, c)
	base := f.srv.URL + "/c/" + f.coB.Slug + "/imports"

	// The FEC with a debit that is no amount on line 4.
	fecFile := readSample(t, ownFEC)
	lines := bytes.Split(fecFile.content, []byte("\n"))
	fields := bytes.Split(lines[3], []byte("\t"))
	fields[11] = []byte("12O,00")
	lines[3] = bytes.Join(fields, []byte("\t"))
	fecFile.content = bytes.Join(lines, []byte("\n"))

	// The statement with a letter O in its first credit's amount.
	camtFile := readSample(t, camtSample)
	camtFile.content = bytes.Replace(camtFile.content, []byte(`<NtryRef>1</NtryRef><Amt Ccy="EUR">1200.00</Amt>`), []byte(`<NtryRef>1</NtryRef><Amt Ccy="EUR">12O0.00</Amt>`), 1)

	// Two good e-invoices and one cut short.
	good := readSample(t, filepath.Join(einvoiceDir, "CII_example1.xml"))
	cut := readSample(t, filepath.Join(einvoiceDir, "factur-x-minimum.xml"))
	cut.name, cut.content = "F-cut.xml", cut.content[:len(cut.content)/2]

	for _, tc := range []struct {
		kind  string
		files []upload
		want  string
	}{
		{"fec", []upload{fecFile}, "Errors 1 File Line Where Value Problem 123456782FEC20251231.txt 4 Debit 12O,00 invalid amount"},
		{"bank", []upload{camtFile}, "Errors 1 File Line Where Value Problem releve-camt053.xml 18 Stmt[1]/Ntry[1]/Amt 12O0.00 invalid amount"},
		{"einvoices", []upload{good, cut}, "Errors 1 File Line Where Value Problem F-cut.xml 30 malformed XML"},
	} {
		before := stored(t, f.a.Store, f.coB)
		code, _, loc := uploadFiles(t, c, base, url.Values{"kind": {tc.kind}}, tc.files...)
		loc = previewPath(t, f.coB.Slug, code, loc)
		code, page := get(t, c, f.srv.URL+loc+"&lang=en")
		if code != 200 {
			t.Fatalf("%s preview: %d", tc.kind, code)
		}
		wantText(t, tc.kind+" preview", page, tc.want, "nothing can be imported while there are errors")
		if strings.Contains(page, `class="confirm"`) {
			t.Errorf("a bad %s file can be confirmed", tc.kind)
		}
		u, _ := url.Parse(loc)
		code, page, _ = postForm(t, c, f.srv.URL+u.Path+"?lang=en", u.Query())
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s confirmed anyway: %d", tc.kind, code)
		}
		wantText(t, tc.kind+" refusal", page, tc.want)
		if got := stored(t, f.a.Store, f.coB); got != before {
			t.Errorf("a bad %s file stored something", tc.kind)
		}
	}

	// An e-invoice another company issued is no receivable of this one: company A (the
	// demo's Imprimerie Lemoine) refuses the samples' invoices, naming the file.
	a := f.client(t, "collector@a.example")
	before := stored(t, f.a.Store, f.coA)
	code, _, loc := uploadFiles(t, a, f.srv.URL+"/c/"+f.coA.Slug+"/imports", url.Values{"kind": {"einvoices"}}, readSample(t, filepath.Join(einvoiceDir, "Facture_FR_BASICWL.pdf")))
	loc = previewPath(t, f.coA.Slug, code, loc)
	_, page := get(t, a, f.srv.URL+loc+"&lang=en")
	wantText(t, "another seller's invoice", page, "Facture_FR_BASICWL.pdf the seller is Au bon moulin (SIREN 999999998), not Imprimerie Lemoine SAS")
	if got := stored(t, f.a.Store, f.coA); got != before {
		t.Error("another seller's invoice stored something")
	}
}

// A viewer can neither upload nor preview nor confirm a file of these kinds; another
// company's admin finds none of company A's uploads, through A's address or B's own, nor
// through the list of further files of an e-invoice import.
func TestFileImportsRefuseViewersAndOtherCompanies(t *testing.T) {
	f := newFixture(t)
	collector := f.client(t, "collector@a.example")
	baseA := f.srv.URL + "/c/" + f.coA.Slug + "/imports"
	baseB := f.srv.URL + "/c/" + f.coB.Slug + "/imports"
	ids := map[string]string{} // kind → the preview's address in A, without the company
	for kind, files := range map[string][]upload{
		"fec":       {readSample(t, ownFEC)},
		"bank":      {readSample(t, camtSample)},
		"einvoices": {readSample(t, filepath.Join(einvoiceDir, "CII_example1.xml")), readSample(t, filepath.Join(einvoiceDir, "CII_example5.xml"))},
	} {
		code, _, loc := uploadFiles(t, collector, baseA, url.Values{"kind": {kind}}, files...)
		ids[kind] = strings.TrimPrefix(previewPath(t, f.coA.Slug, code, loc), "/c/"+f.coA.Slug+"/imports")
		// The control: A's collector reads the preview, so that the refusals below come
		// from the role and the company, not from a request that cannot work.
		if code, _ := get(t, collector, baseA+ids[kind]); code != 200 {
			t.Fatalf("A's collector, %s preview: %d", kind, code)
		}
	}
	beforeA, beforeB := f.digest(t), stored(t, f.a.Store, f.coB)

	v := f.client(t, "viewer@a.example")
	for kind, p := range ids {
		if code, _, _ := uploadFiles(t, v, baseA, url.Values{"kind": {kind}}, readSample(t, ownFEC)); code != http.StatusForbidden {
			t.Errorf("viewer uploads %s: %d", kind, code)
		}
		if code, _ := get(t, v, baseA+p); code != http.StatusForbidden {
			t.Errorf("viewer previews %s: %d", kind, code)
		}
		u, _ := url.Parse(p)
		if code, _, _ := postForm(t, v, baseA+u.Path, u.Query()); code != http.StatusForbidden {
			t.Errorf("viewer confirms %s: %d", kind, code)
		}
	}

	b := f.client(t, "admin@b.example")
	_, _, own := uploadFiles(t, b, baseB, url.Values{"kind": {"einvoices"}}, readSample(t, filepath.Join(einvoiceDir, "factur-x-minimum.xml")))
	ownID := strings.Split(strings.TrimPrefix(own, "/c/"+f.coB.Slug+"/imports/"), "?")[0]
	for kind, p := range ids {
		u, _ := url.Parse(p)
		for _, base := range []string{baseA, baseB} {
			if code, _ := get(t, b, base+p); code != http.StatusNotFound {
				t.Errorf("B's admin previews A's %s upload through %s: %d", kind, base, code)
			}
			if code, _, _ := postForm(t, b, base+u.Path, u.Query()); code != http.StatusNotFound {
				t.Errorf("B's admin confirms A's %s upload through %s: %d", kind, base, code)
			}
		}
		// B's own upload first, A's among the further files.
		first := strings.TrimPrefix(u.Path, "/")
		q := url.Values{"kind": {"einvoices"}, "more": {first}}
		if code, _ := get(t, b, baseB+"/"+ownID+"?"+q.Encode()); code != http.StatusNotFound {
			t.Errorf("B's admin previews A's %s upload as a further file: %d", kind, code)
		}
		if code, _, _ := postForm(t, b, baseB+"/"+ownID, q); code != http.StatusNotFound {
			t.Errorf("B's admin confirms A's %s upload as a further file: %d", kind, code)
		}
	}
	if f.digest(t) != beforeA {
		t.Error("a refused request changed company A")
	}
	if stored(t, f.a.Store, f.coB) != beforeB {
		t.Error("a refused request changed company B")
	}
}

// What the upload forms refuse: several files where one is expected, an empty file among
// several e-invoices — and then no upload is kept.
func TestFileUploadsRefuseSeveralFilesForOneAndEmptyFiles(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "admin@b.example")
	base := f.srv.URL + "/c/" + f.coB.Slug + "/imports?lang=en"
	code, page, _ := uploadFiles(t, c, base, url.Values{"kind": {"bank"}}, readSample(t, camtSample), readSample(t, camtSample))
	if code != http.StatusUnprocessableEntity {
		t.Errorf("two statements at once: %d", code)
	}
	wantText(t, "the refusal", page, "choose one file: only e-invoices can be several")
	code, page, _ = uploadFiles(t, c, base, url.Values{"kind": {"einvoices"}}, readSample(t, filepath.Join(einvoiceDir, "CII_example1.xml")), upload{"vide.xml", nil})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("an empty e-invoice: %d", code)
	}
	wantText(t, "the refusal", page, "a file is empty — vide.xml")
	code, page, _ = uploadFiles(t, c, base, url.Values{"kind": {"einvoices"}})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("no file: %d", code)
	}
	wantText(t, "the refusal", page, "choose a file")
	code, page, _ = uploadFiles(t, c, base, url.Values{"kind": {"bank"}, "threshold": {"150"}}, readSample(t, camtSample))
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, `name="threshold" value="150"`) {
		t.Errorf("a threshold of 150: %d", code)
	}
	wantText(t, "the refusal", page, "the threshold is a confidence from 1 to 100")
	// Nothing was kept: no upload among the documents, up to one stored now.
	last := store.Document{CompanyID: f.coB.ID, Kind: "attachment", Name: "probe.txt", ContentType: "text/plain", Content: []byte("probe")}
	if err := f.a.Store.PutDocument(context.Background(), &last); err != nil {
		t.Fatal(err)
	}
	for id := int64(1); id < last.ID; id++ {
		if doc, err := f.a.Store.Document(context.Background(), f.coB.ID, id); err == nil && doc.Kind == "upload" {
			t.Errorf("a refused upload kept %s", doc.Name)
		}
	}
}

// The imports page and each kind's preview and summary read in both languages, the texts
// that come from the code (kinds, reasons, refusals) included.
func TestFileImportsReadInBothLanguages(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "admin@b.example")
	camtCompany(t, f, c)
	base := f.srv.URL + "/c/" + f.coB.Slug + "/imports"
	for lang, wants := range map[string][]string{
		"fr": {"Écritures comptables (FEC)", "Préfixes des comptes clients", "Relevé bancaire (camt.053 ou CSV)",
			"Ne rien affecter automatiquement", "Factures électroniques (Factur-X, CII, UBL)", "Sage, Cegid", "EBICS"},
		"en": {"Accounting entries (FEC)", "Customer-account prefixes", "Bank statement (camt.053 or CSV)",
			"Do not allocate automatically", "E-invoices (Factur-X, CII, UBL)", "Sage, Cegid", "EBICS"},
	} {
		code, page := get(t, c, base+"?lang="+lang)
		if code != 200 {
			t.Fatalf("%s imports page: %d", lang, code)
		}
		wantText(t, lang+" imports page", page, wants...)
		if strings.Count(page, `enctype="multipart/form-data"`) != 4 || !strings.Contains(page, `name="file" multiple`) {
			t.Errorf("%s: the four upload forms are not all there", lang)
		}
	}
	english := []string{"Dry run", "would give", "customers", "incoming payments", "queued for review", "allocated automatically",
		"already imported", "credit note", "new customers", "Import result", "payments wait for review", "Review them"}
	for kind, files := range map[string][]upload{
		"fec":       {readSample(t, ownFEC)},
		"bank":      {readSample(t, camtSample)},
		"einvoices": {readSample(t, filepath.Join(einvoiceDir, "Avoir_FR_type381_BASIC.pdf")), readSample(t, filepath.Join(einvoiceDir, "CII_example1.xml"))},
	} {
		_, _, loc := uploadFiles(t, c, base, url.Values{"kind": {kind}}, files...)
		code, page := get(t, c, f.srv.URL+loc+"&lang=fr")
		if code != 200 {
			t.Fatalf("%s French preview: %d", kind, code)
		}
		wantText(t, kind+" French preview", page, "Aperçu de l'import", "Simulation : rien n'est encore enregistré. L'import donnerait :")
		action, form := confirmForm(t, page)
		_, _, done := postForm(t, c, f.srv.URL+action, form)
		code, summary := get(t, c, f.srv.URL+done+"&lang=fr")
		if code != 200 {
			t.Fatalf("%s French summary: %d", kind, code)
		}
		wantText(t, kind+" French summary", summary, "Importé", "Résultat de l'import")
		for _, p := range []string{text(page), text(summary)} {
			for _, e := range english {
				if strings.Contains(p, e) {
					t.Errorf("%s in French: %q is left in English", kind, e)
				}
			}
		}
		switch kind {
		case "fec":
			wantText(t, "the French FEC summary", summary, "Résultat de l'import · écritures comptables (FEC)", "clients 0 3", "avoirs 2 0", "Ouvert dans ce fichier 2 200,00")
		case "bank":
			wantText(t, "the French bank summary", summary, "affectés automatiquement 2", "à valider 2", "2 règlements attendent une validation dans la file de lettrage. Les valider")
		case "einvoices":
			wantText(t, "the French e-invoice preview", page, "avoir AV-2017-0005", "facture 12115118", "nouvelle")
		}
	}
}
