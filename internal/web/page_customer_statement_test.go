package web

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestTheStatementSaysWhichRateIsMissingAndHowToAddIt(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "viewer@a.example")
	u := f.srv.URL + "/c/" + f.coA.Slug + "/customers/C0006"
	for lang, want := range map[string]string{"en": "relance rates set ecb_mro 2026-H2", "fr": "relance rates set ecb_mro 2026-H2"} {
		code, body := get(t, c, u+"?lang="+lang)
		if code != 200 || !strings.Contains(body, want) || strings.Contains(body, "/statement.pdf") {
			t.Errorf("%s: %d, the missing rate is not said, or a PDF is offered", lang, code)
		}
	}
	if code, body := get(t, c, u+"/statement.pdf?lang=en"); code != http.StatusUnprocessableEntity || !strings.Contains(body, "relance rates set") {
		t.Errorf("PDF without the rate: %d", code)
	}
}

func TestTheStatementWithPenaltiesAndItsPDF(t *testing.T) {
	f := newFixture(t)
	f.setRates(t)
	c := f.client(t, "viewer@a.example")
	u := f.srv.URL + "/c/" + f.coA.Slug + "/customers/C0006"
	for lang, words := range map[string][]string{"en": {"Statement with penalties", "Indemnity", "€40.00", "Interest periods and payments"},
		"fr": {"Décompte avec pénalités", "Indemnité", "40,00", "Périodes d&#39;intérêts et règlements"}} {
		code, body := get(t, c, u+"?lang="+lang)
		for _, w := range words {
			if code != 200 || !strings.Contains(body, w) {
				t.Errorf("%s: %d, no %q", lang, code, w)
			}
		}
		if !strings.Contains(body, `href="/c/`+f.coA.Slug+`/customers/C0006/statement.pdf"`) {
			t.Errorf("%s: no link to the PDF", lang)
		}
	}
	for _, lang := range []string{"fr", "en"} {
		resp, err := c.Get(u + "/statement.pdf?lang=" + lang)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("%s PDF: %d %s %q", lang, resp.StatusCode, resp.Header.Get("Content-Type"), b[:min(len(b), 8)])
		}
		if !strings.Contains(resp.Header.Get("Content-Disposition"), "C0006") {
			t.Errorf("%s PDF named %q", lang, resp.Header.Get("Content-Disposition"))
		}
	}
}
