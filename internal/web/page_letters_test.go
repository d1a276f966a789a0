package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// dayLetters queues for today, in company A, a simple letter and a registered letter (a
// formal notice) to a customer of the demo, and returns the registered one. The run may have
// queued letters of its own: the tests count every letter of the day.
func (f *fixture) dayLetters(t *testing.T) store.OutboxItem {
	t.Helper()
	ctx := context.Background()
	cu, invs := f.debtor(t)
	if len(cu.Address.Lines()) == 0 {
		t.Fatalf("%s has no postal address: the demo changed", cu.Ref)
	}
	var registered store.OutboxItem
	for i, l := range []struct{ channel, template string }{{"letter", "level1"}, {"registered_letter", "formal-notice"}} {
		it := store.OutboxItem{CompanyID: f.coA.ID, CustomerID: cu.ID, Key: fmt.Sprintf("test-letter/%d", i), Kind: "reminder",
			Channel: l.channel, Template: l.template, Day: today, Payload: fmt.Sprintf(`{"invoice_ids":[%d,%d]}`, invs[0].ID, invs[1].ID)}
		if _, err := f.a.Store.Enqueue(ctx, &it); err != nil {
			t.Fatal(err)
		}
		registered = it
	}
	return registered
}

// printable are the letters of the day that printing prints.
func (f *fixture) printable(t *testing.T) []store.OutboxItem {
	t.Helper()
	items, err := f.a.Store.ListOutbox(context.Background(), store.OutboxQuery{CompanyID: f.coA.ID, Day: today, Channels: letterChannels,
		Statuses: []string{store.OutboxPending, store.OutboxReady, store.OutboxPosted, store.OutboxDelivered}})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func download(t *testing.T, c *http.Client, u string) (*http.Response, []byte) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func pageCount(t *testing.T, pdf []byte) int {
	t.Helper()
	n, err := api.PageCount(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatalf("not a PDF pdfcpu reads: %v", err)
	}
	return n
}

func TestACollectorPrintsTheDaysLettersAsOnePDFOfTheKeptOnes(t *testing.T) {
	f := newFixture(t)
	f.dayLetters(t)
	c := f.client(t, "collector@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug
	for _, lang := range []string{"fr", "en"} {
		code, page := get(t, c, base+"/letters?lang="+lang)
		if code != 200 || !strings.Contains(page, `action="/c/`+f.coA.Slug+`/letters/print"`) {
			t.Fatalf("%s: the letters page answers %d, or has no print button", lang, code)
		}
	}
	want := f.printable(t)
	resp, err := c.PostForm(base+"/letters/print", url.Values{"date": {today.String()}})
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF")) ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("print: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	// Each letter is now frozen; the print file is their pages, all of them.
	pages := 0
	for _, it := range f.printable(t) {
		if it.DocumentID == 0 || it.Status != store.OutboxReady {
			t.Fatalf("letter %d after printing: %s, document %d", it.ID, it.Status, it.DocumentID)
		}
		r, b := download(t, c, base+"/documents/"+itoa(it.DocumentID))
		sum := sha256.Sum256(b)
		if r.StatusCode != 200 || hex.EncodeToString(sum[:]) != it.DocumentSHA256 || r.Header.Get("ETag") != `"sha256-`+it.DocumentSHA256+`"` {
			t.Fatalf("letter %d's PDF: %d, its SHA-256 is not the one kept", it.ID, r.StatusCode)
		}
		pages += pageCount(t, b)
	}
	if got := pageCount(t, pdf); got != pages || len(want) < 2 {
		t.Errorf("the print file has %d pages, the %d letters %d", got, len(want), pages)
	}
	// The page shows each letter's proof, and the outbox links its PDF.
	_, page := get(t, c, base+"/letters?date="+today.String())
	_, outbox := get(t, c, base+"/outbox")
	for _, it := range want {
		it, _ = f.a.Store.OutboxItemByID(context.Background(), f.coA.ID, it.ID)
		if !strings.Contains(page, it.DocumentSHA256[:16]) || !strings.Contains(page, "/documents/"+itoa(it.DocumentID)) {
			t.Errorf("the letters page does not show letter %d's SHA-256 and PDF", it.ID)
		}
		if !strings.Contains(outbox, "/documents/"+itoa(it.DocumentID)) {
			t.Errorf("the outbox does not link letter %d's PDF", it.ID)
		}
	}
	// A day without letters prints nothing, and says so.
	code, _, loc := postForm(t, c, base+"/letters/print", url.Values{"date": {"2020-01-01"}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "date=2020-01-01") {
		t.Errorf("printing a day without letters: %d %s", code, loc)
	}
}

func TestARegisteredLettersNumberAndReceiptShowOnThePageAndInTheTimeline(t *testing.T) {
	f := newFixture(t)
	reg := f.dayLetters(t)
	c := f.client(t, "collector@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug
	posted := base + "/letters/" + itoa(reg.ID) + "/posted?lang=en"

	// Without its number, a registered letter is refused, in the form, and nothing changes.
	code, page, _ := postForm(t, c, posted, url.Values{"number": {" "}, "date": {today.String()}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "Registered number") ||
		!regexp.MustCompile(`name="number"[^>]*aria-invalid="true"`).MatchString(page) {
		t.Fatalf("a registered letter without its number: %d", code)
	}
	if it, _ := f.a.Store.OutboxItemByID(context.Background(), f.coA.ID, reg.ID); it.Status != store.OutboxPending {
		t.Fatalf("the refused posting changed the letter: %s", it.Status)
	}
	// A receipt before the posting is a conflict the page explains.
	code, page, _ = postForm(t, c, base+"/letters/"+itoa(reg.ID)+"/received?lang=en", url.Values{"presented": {today.AddDays(1).String()}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "record its posting first") {
		t.Errorf("a receipt before the posting: %d", code)
	}

	const number = "1A 123 456 7890 1"
	code, _, loc := postForm(t, c, posted, url.Values{"number": {number}, "date": {today.String()}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "/letters?date="+today.String()) {
		t.Fatalf("posting: %d %s", code, loc)
	}
	// A receipt signed before the presentation is refused, on its field.
	code, page, _ = postForm(t, c, base+"/letters/"+itoa(reg.ID)+"/received?lang=en",
		url.Values{"presented": {today.AddDays(2).String()}, "received": {today.AddDays(1).String()}})
	if code != http.StatusUnprocessableEntity || !regexp.MustCompile(`name="received"[^>]*aria-invalid="true"`).MatchString(page) {
		t.Errorf("a receipt before the presentation: %d", code)
	}
	code, _, _ = postForm(t, c, base+"/letters/"+itoa(reg.ID)+"/received",
		url.Values{"presented": {today.AddDays(1).String()}, "received": {"25/11/2026"}})
	if code != http.StatusSeeOther {
		t.Fatalf("receipt: %d", code)
	}

	_, page = get(t, c, base+"/letters?date="+today.String()+"&lang=fr")
	for _, want := range []string{number, "24/11/2026", "25/11/2026", "delivered"} {
		if !strings.Contains(page, want) {
			t.Errorf("the letters page does not show %q", want)
		}
	}
	cu, _ := f.a.Store.Customer(context.Background(), f.coA.ID, reg.CustomerID)
	_, page = get(t, c, base+"/customers/"+url.PathEscape(cu.Ref)+"?lang=fr")
	for _, want := range []string{"recommandé n° " + number, "accusé de réception signé le 25/11/2026"} {
		if !strings.Contains(page, want) {
			t.Errorf("the customer's timeline does not say %q", want)
		}
	}
}

func TestAViewerCannotPrintOrRecordLetters(t *testing.T) {
	f := newFixture(t)
	reg := f.dayLetters(t)
	v := f.client(t, "viewer@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug
	code, page := get(t, v, base+"/letters")
	if code != 200 || strings.Contains(page, "/letters/print") || strings.Contains(page, "/posted") {
		t.Errorf("the viewer's letters page: %d, or it offers the collector's forms", code)
	}
	for _, p := range []struct {
		path string
		form url.Values
	}{
		{"/letters/print", url.Values{"date": {today.String()}}},
		{"/letters/" + itoa(reg.ID) + "/posted", url.Values{"number": {"1A"}}},
		{"/letters/" + itoa(reg.ID) + "/received", url.Values{"presented": {today.String()}}},
	} {
		if code, _, _ := postForm(t, v, base+p.path, p.form); code != http.StatusForbidden {
			t.Errorf("viewer POST %s: %d", p.path, code)
		}
	}
	if it, _ := f.a.Store.OutboxItemByID(context.Background(), f.coA.ID, reg.ID); it.Status != store.OutboxPending || it.DocumentID != 0 {
		t.Errorf("the viewer's POSTs changed the letter: %s, document %d", it.Status, it.DocumentID)
	}
}

func TestAnotherCompanysDocumentIsNotFound(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	docA := store.Document{CompanyID: f.coA.ID, Kind: "attachment", Name: "a.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4 A")}
	docB := store.Document{CompanyID: f.coB.ID, Kind: "attachment", Name: "b.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4 B")}
	for _, d := range []*store.Document{&docA, &docB} {
		if err := f.a.Store.PutDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	a, b := f.client(t, "admin@a.example"), f.client(t, "admin@b.example")
	for _, tc := range []struct {
		who  *http.Client
		path string
		want int
	}{
		{a, "/c/" + f.coA.Slug + "/documents/" + itoa(docA.ID), 200},
		{a, "/c/" + f.coA.Slug + "/documents/" + itoa(docB.ID), 404},
		{b, "/c/" + f.coB.Slug + "/documents/" + itoa(docA.ID), 404},
		{b, "/c/" + f.coA.Slug + "/documents/" + itoa(docA.ID), 404},
		{a, "/c/" + f.coA.Slug + "/documents/x", 404},
	} {
		resp, body := download(t, tc.who, f.srv.URL+tc.path)
		if resp.StatusCode != tc.want || tc.want == 404 && bytes.Contains(body, []byte("%PDF")) {
			t.Errorf("%s: %d, want %d", tc.path, resp.StatusCode, tc.want)
		}
	}
}

func TestTheInvoicePageLinksAnImportedEInvoicesOriginalWhichDownloadsTheSameBytes(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const file = "../ingest/einvoice/testdata/invoice_EN16931.pdf"
	original, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.a.ImportEInvoices(ctx, f.coB, []string{file}, os.ReadFile, app.EInvoiceOptions{})
	if err != nil || len(res.Files) != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	inv, err := f.a.Store.InvoiceByNumber(ctx, f.coB.ID, receivable.KindInvoice, res.Files[0].Number)
	if err != nil {
		t.Fatal(err)
	}
	b := f.client(t, "admin@b.example")
	code, page := get(t, b, f.srv.URL+"/c/"+f.coB.Slug+"/invoices/"+itoa(inv.ID)+"?lang=en")
	m := regexp.MustCompile(`<a href="(/c/[^"]+/documents/\d+)"[^>]*>Original e-invoice \(PDF\)</a>`).FindStringSubmatch(page)
	sum := sha256.Sum256(original)
	if code != 200 || m == nil || !strings.Contains(page, hex.EncodeToString(sum[:])) {
		t.Fatalf("the invoice page (%d) does not link the original with its SHA-256", code)
	}
	resp, got := download(t, b, f.srv.URL+m[1])
	if resp.StatusCode != 200 || !bytes.Equal(got, original) || resp.Header.Get("Content-Type") != "application/pdf" ||
		resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename=invoice_EN16931.pdf`) {
		t.Errorf("the original downloads %d %q %q, same bytes: %v", resp.StatusCode, resp.Header.Get("Content-Type"),
			resp.Header.Get("Content-Disposition"), bytes.Equal(got, original))
	}
	// The page in French names it too.
	if _, page := get(t, b, f.srv.URL+"/c/"+f.coB.Slug+"/invoices/"+itoa(inv.ID)+"?lang=fr"); !strings.Contains(page, "Facture électronique d&#39;origine") {
		t.Error("the French invoice page does not name the original")
	}
}

func TestADocumentsFileNameIsCleanedForTheDownload(t *testing.T) {
	for in, want := range map[string]string{
		`facture.pdf`:              `attachment; filename=facture.pdf`,
		`../../etc/passwd`:         `attachment; filename=passwd`,
		`C:\temp\a"b;c.xml`:        `attachment; filename=a_b_c.xml`,
		"x\r\nSet-Cookie: a=b.pdf": `attachment; filename="x__Set-Cookie_ a=b.pdf"`,
		``:                         `attachment; filename=document-7`,
		`relevé été.pdf`:           `attachment; filename*=utf-8''relev%C3%A9%20%C3%A9t%C3%A9.pdf`,
	} {
		if got := attachmentHeader(in, "document-7"); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
}
