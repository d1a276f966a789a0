package web

import (
	"net/http"
	"strings"
	"testing"
)

func TestAPIAnswersUnknownRoutesAndMethodsInJSON(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "admin@a.example")
	c.get("/nothing/here").wantError(t, http.StatusNotFound, "not_found", "")
	c.get(f.companyA()+"/customers/C0001/invoices").wantError(t, http.StatusNotFound, "not_found", "")
	resp := c.do("DELETE", f.companyA()+"/customers", nil)
	resp.wantError(t, http.StatusMethodNotAllowed, "method_not_allowed", "")
	if allow := resp.header.Get("Allow"); allow != "GET, POST" {
		t.Errorf("Allow %q", allow)
	}
	c.do("PUT", f.companyA()+"/customers/C0001", "{}").wantError(t, http.StatusMethodNotAllowed, "method_not_allowed", "")
}

func TestAPIAnswersAreNeverCached(t *testing.T) {
	f := newFixture(t)
	resp := f.api(t, "viewer@a.example").get(f.companyA()+"/customers?limit=1").want(t, http.StatusOK)
	if resp.header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(resp.header.Get("Content-Type"), "application/json") {
		t.Errorf("headers: %v", resp.header)
	}
}

func TestAPICompaniesAreTheCallersOnly(t *testing.T) {
	f := newFixture(t)
	items := f.api(t, "collector@a.example").get("/companies").want(t, http.StatusOK).items(t)
	if len(items) != 1 || items[0]["slug"] != f.coA.Slug || items[0]["role"] != "collector" || items[0]["currency"] != "EUR" {
		t.Errorf("collector of A: %v", items)
	}
	items = f.session(t, "admin@b.example").get("/companies").want(t, http.StatusOK).items(t)
	if len(items) != 1 || items[0]["slug"] != f.coB.Slug || items[0]["role"] != "admin" {
		t.Errorf("admin of B: %v", items)
	}
}
