package web

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store"
)

func TestTemplatePagesRenderForAViewerInBothLanguages(t *testing.T) {
	f := newFixture(t)
	v := f.client(t, "viewer@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug
	for _, lang := range []string{"fr", "en"} {
		for _, p := range []string{"/templates", "/templates/level1/fr/email", "/templates/formal-notice/en/letter", "/templates/call-level1/fr/call", "/templates/litigation/en/task"} {
			code, body := get(t, v, base+p+"?lang="+lang)
			if code != 200 || !strings.Contains(body, "</html>") {
				t.Errorf("%s %s: %d", lang, p, code)
			}
		}
	}
	_, body := get(t, v, base+"/templates/level1/fr/email?lang=fr")
	for _, want := range []string{".Customer.Name", "Variables", "Fonctions", "Boulangeries Martin SARL"} {
		if !strings.Contains(body, want) {
			t.Errorf("the French editor's help lacks %q", want)
		}
	}
	_, body = get(t, v, base+"/templates/level1/en/email?lang=en")
	if !strings.Contains(body, "The customer") && !strings.Contains(body, "customer") {
		t.Error("the English help panel is not in English")
	}
	if code, _ := get(t, v, base+"/templates/no-such-key/fr/email"); code != http.StatusNotFound {
		t.Errorf("an unknown template: %d", code)
	}
	if code, _ := get(t, v, base+"/templates/level1/de/email"); code != http.StatusNotFound {
		t.Errorf("an unknown language: %d", code)
	}
}

func TestATemplateWithAnUnknownVariableShowsThePartAndLineAndSavesNothing(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "collector@a.example")
	ctx := context.Background()
	u := f.srv.URL + "/c/" + f.coA.Slug + "/templates/level1/fr/email"
	body := "Bonjour,\r\n\r\nVotre facture {{.Customer.Nmae}} est en retard.\r\n"
	code, page, _ := postForm(t, c, u+"?lang=en", url.Values{"subject": {"Relance"}, "body": {body}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad template: %d", code)
	}
	for _, want := range []string{"Nothing was saved.", "body, line 3", "Nmae", "3 │ Votre facture {{.Customer.Nmae}} est en retard."} {
		if !strings.Contains(page, want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}
	if _, err := f.a.Store.Template(ctx, f.coA.ID, "level1", "fr", "email"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the bad template was stored: %v", err)
	}
	code, page, _ = postForm(t, c, u+"?lang=fr", url.Values{"subject": {"Relance {{.Compnay.Name}}"}, "body": {"Bonjour"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "objet") {
		t.Errorf("bad subject: %d", code)
	}

	// A good one is stored, with its lines as LF, and reverting brings the shipped one back.
	code, _, loc := postForm(t, c, u, url.Values{"subject": {"Relance {{.Company.Name}}"}, "body": {"Bonjour {{.Contact.Name}},\r\n\r\nMerci de régler {{money .Total}}.\r\n"}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "flash=Saved") {
		t.Fatalf("good template: %d %s", code, loc)
	}
	st, err := f.a.Store.Template(ctx, f.coA.ID, "level1", "fr", "email")
	if err != nil || strings.Contains(st.Body, "\r") || st.Author == "" {
		t.Fatalf("stored: %v %q by %q", err, st.Body, st.Author)
	}
	_, list := get(t, c, f.srv.URL+"/c/"+f.coA.Slug+"/templates?lang=en")
	if !strings.Contains(list, "edited") {
		t.Error("the list does not say the template was edited")
	}
	if code, _, _ := postForm(t, c, u+"/revert", nil); code != http.StatusSeeOther {
		t.Errorf("revert: %d", code)
	}
	if _, err := f.a.Store.Template(ctx, f.coA.ID, "level1", "fr", "email"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after revert: %v", err)
	}
}

func TestThePreviewRendersAPostedTemplateWithoutSavingIt(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "collector@a.example")
	ctx := context.Background()
	u := f.srv.URL + "/c/" + f.coA.Slug + "/templates/level1/fr/email"
	form := url.Values{"subject": {"Aperçu pour {{.Customer.Name}}"}, "body": {"Bonjour,\n\nIl reste {{money .Total}} à régler : <b>merci</b>.\n"}}
	code, page, _ := postForm(t, c, u+"/preview?lang=en", form)
	if code != 200 {
		t.Fatalf("preview: %d", code)
	}
	for _, want := range []string{"Aperçu pour Boulangeries Martin SARL", "<iframe class=\"mail-preview\" sandbox srcdoc=", "&amp;lt;b&amp;gt;merci", "Text part"} {
		if !strings.Contains(page, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if _, err := f.a.Store.Template(ctx, f.coA.ID, "level1", "fr", "email"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the preview stored the template: %v", err)
	}

	// On a real customer of the company, with its name and open balance.
	cu, err := f.a.Store.CustomerByRef(ctx, f.coA.ID, "C0001")
	if err != nil {
		t.Fatal(err)
	}
	form.Set("customer", cu.Ref)
	code, page, _ = postForm(t, c, u+"/preview", form)
	if code != 200 || !strings.Contains(page, "Aperçu pour "+template.HTMLEscapeString(cu.Name)) {
		t.Errorf("preview on %s: %d", cu.Ref, code)
	}
	// B's customer cannot be previewed through A.
	form.Set("customer", f.refB)
	if code, _, _ := postForm(t, c, u+"/preview", form); code != http.StatusNotFound {
		t.Errorf("preview on B's customer: %d", code)
	}

	// A letter previews as a PDF.
	resp, err := c.PostForm(f.srv.URL+"/c/"+f.coA.Slug+"/templates/formal-notice/fr/letter/preview.pdf", url.Values{
		"subject": {"Mise en demeure"}, "body": {"Madame, Monsieur,\n\nNous vous mettons en demeure de régler {{money .Total}}.\n"}})
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("letter PDF: %d %s %.8q", resp.StatusCode, resp.Header.Get("Content-Type"), pdf)
	}
	if _, err := f.a.Store.Template(ctx, f.coA.ID, "formal-notice", "fr", "letter"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the PDF preview stored the template: %v", err)
	}
}

// The preview page's policy allows the e-mail's own style attributes, by hash, and nothing
// else inline.
func TestThePreviewAllowsOnlyTheEmailsStyles(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "collector@a.example")
	resp, err := c.PostForm(f.srv.URL+"/c/"+f.coA.Slug+"/templates/level1/en/email/preview", url.Values{"subject": {"Hello"}, "body": {"Dear customer,\n\n- one\n- two\n"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "style-src-attr 'unsafe-hashes' 'sha256-") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("preview CSP: %s", csp)
	}
}

func TestANewTemplateForAKeyOfTheCompanysOwn(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "collector@a.example")
	ctx := context.Background()
	code, _, loc := postForm(t, c, f.srv.URL+"/c/"+f.coA.Slug+"/templates", url.Values{"key": {"relance-export"}, "lang": {"en"}, "form": {"email"}})
	if code != http.StatusSeeOther || !strings.HasSuffix(loc, "/templates/relance-export/en/email?new=1") {
		t.Fatalf("new: %d %s", code, loc)
	}
	if code, _ := get(t, c, f.srv.URL+loc); code != 200 {
		t.Errorf("the new editor: %d", code)
	}
	u := f.srv.URL + "/c/" + f.coA.Slug + "/templates/relance-export/en/email"
	if code, _, _ := postForm(t, c, u, url.Values{"new": {"1"}, "subject": {"Invoices for {{.Customer.Name}}"}, "body": {"Hello,\n\nPlease pay {{money .Total}}.\n"}}); code != http.StatusSeeOther {
		t.Fatalf("save the new template: %d", code)
	}
	if _, err := f.a.Store.Template(ctx, f.coA.ID, "relance-export", "en", "email"); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, c, u); code != 200 {
		t.Errorf("the saved template: %d", code)
	}
	if code, _, _ := postForm(t, c, f.srv.URL+"/c/"+f.coA.Slug+"/templates", url.Values{"key": {"Bad Key"}, "lang": {"en"}, "form": {"email"}}); code != http.StatusBadRequest {
		t.Errorf("a bad key: %d", code)
	}
}

func TestAnotherCompanysTemplateIsNotFound(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if err := f.a.Store.SaveTemplate(ctx, f.coB.ID, store.StoredTemplate{Key: "secret-b", Lang: "fr", Channel: "email", Subject: "Secret B", Body: "Secret B\n"}); err != nil {
		t.Fatal(err)
	}
	if err := f.a.Store.SaveTemplate(ctx, f.coB.ID, store.StoredTemplate{Key: "level1", Lang: "fr", Channel: "email", Subject: "Secret B level1", Body: "Secret B\n"}); err != nil {
		t.Fatal(err)
	}
	a := f.client(t, "admin@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/templates/secret-b/fr/email"
	if code, _ := get(t, a, base); code != http.StatusNotFound {
		t.Errorf("B's template through A: %d", code)
	}
	for _, p := range []string{"", "/revert", "/preview"} {
		if code, _, _ := postForm(t, a, f.srv.URL+"/c/"+f.coA.Slug+"/templates/secret-b/fr/email"+p, url.Values{"subject": {"x"}, "body": {"x"}}); code != http.StatusNotFound {
			t.Errorf("POST B's template through A%s: %d", p, code)
		}
	}
	_, page := get(t, a, f.srv.URL+"/c/"+f.coA.Slug+"/templates/level1/fr/email")
	_, list := get(t, a, f.srv.URL+"/c/"+f.coA.Slug+"/templates")
	if strings.Contains(page+list, "Secret B") || strings.Contains(list, "secret-b") {
		t.Error("B's template shows through A")
	}
	if _, err := f.a.Store.Template(ctx, f.coB.ID, "secret-b", "fr", "email"); err != nil {
		t.Errorf("B's template was touched: %v", err)
	}
}
