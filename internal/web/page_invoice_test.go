package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func TestTheInvoiceListFiltersSearchesAndPagesInBothLanguages(t *testing.T) {
	f := newFixture(t)
	_, invs := f.debtor(t)
	c := f.client(t, "viewer@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/invoices"
	for _, lang := range []string{"en", "fr"} {
		for _, q := range []string{"", "?status=overdue", "?status=all", "?status=all&page=2", "?q=Gu%C3%A9rin", "?q=C0006&status=overdue"} {
			code, body := get(t, c, base+q+sep(q)+"lang="+lang)
			if code != 200 || !strings.Contains(body, "</html>") {
				t.Errorf("%s %s: %d", lang, q, code)
			}
			if strings.Contains(q, "C0006") && (!strings.Contains(body, invs[0].Number) || strings.Contains(body, "C0004")) {
				t.Errorf("%s %s: the customer's invoices only are expected", lang, q)
			}
		}
	}
	_, body := get(t, c, base+"?q="+url.QueryEscape(invs[2].Number))
	if !strings.Contains(body, `/invoices/`+itoa(invs[2].ID)+`"`) || strings.Count(body, `<tr><td><a href="/c/`) != 1 {
		t.Errorf("a search by number does not find that invoice alone")
	}
	_, body = get(t, c, base+"?status=all")
	if !strings.Contains(body, "page=2") {
		t.Error("the list of all invoices has no next page")
	}
}

func TestTheInvoicePageShowsPaymentsStepsAndHistoryInBothLanguages(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.client(t, "viewer@a.example")
	all, _ := f.a.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: f.coA.ID})
	var partly receivable.Invoice
	for _, inv := range all {
		if inv.Allocated > 0 && inv.IsOpen() {
			partly = inv
			break
		}
	}
	if partly.ID == 0 {
		t.Fatal("no partly paid invoice in the demo")
	}
	_, invs := f.debtor(t)
	credits, _ := f.a.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: f.coA.ID, Kind: receivable.KindCreditNote, Limit: 1})
	pages := []receivable.Invoice{partly, invs[0]}
	pages = append(pages, credits...)
	for _, inv := range pages {
		for _, lang := range []string{"en", "fr"} {
			code, body := get(t, c, f.srv.URL+"/c/"+f.coA.Slug+"/invoices/"+itoa(inv.ID)+"?lang="+lang)
			if code != 200 || !strings.Contains(body, inv.Number) || !strings.Contains(body, "/customers/"+inv.CustomerRef) {
				t.Errorf("%s %s: %d", inv.Number, lang, code)
			}
			if inv.ID == partly.ID && strings.Contains(body, map[string]string{"en": "Payments and credit notes", "fr": "Règlements et avoirs"}[lang]) &&
				strings.Contains(body, `colspan="3" class="muted"`) {
				t.Errorf("%s: the payments are not listed", inv.Number)
			}
			if inv.ID == invs[0].ID && !strings.Contains(body, "litigation") {
				t.Errorf("%s: the steps taken are not listed", inv.Number)
			}
			if strings.Contains(body, `method="post" action="/c/`) {
				t.Errorf("%s: a viewer sees forms", inv.Number)
			}
		}
	}
}

func TestTheInvoiceControlsWorkForACollectorAndNotForAViewer(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cu, invs := f.debtor(t)
	inv := invs[0]
	st := f.a.Store
	base := f.srv.URL + "/c/" + f.coA.Slug + "/invoices/" + itoa(inv.ID)
	coll, viewer := f.client(t, "collector@a.example"), f.client(t, "viewer@a.example")
	if code, body := get(t, coll, base+"?lang=fr"); code != 200 || !strings.Contains(body, "Passer ou forcer une étape") {
		t.Fatalf("collector's invoice page: %d", code)
	}
	pol, err := f.a.Policy(ctx, f.coA, "bad-payer-fr")
	if err != nil {
		t.Fatal(err)
	}
	reread := func() receivable.Invoice {
		got, err := st.Invoice(ctx, f.coA.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	cases := []struct {
		action string
		form   url.Values
		event  string
		done   func() bool
	}{
		{"pause", url.Values{"until": {today.AddDays(20).String()}, "reason": {"credit note coming"}}, "pause", func() bool { return reread().PausedUntil == today.AddDays(20) }},
		{"resume", nil, "resume", func() bool { return reread().PausedUntil.IsZero() }},
		{"skip", url.Values{"step": {pol.Steps[len(pol.Steps)-1].Name}, "reason": {"not worth it"}}, "step_skip", func() bool { return true }},
		{"force", url.Values{"step": {pol.Steps[0].Name}}, "step_force", func() bool { return true }},
		{"dispute", url.Values{"reason": {"wrong quantity"}}, "dispute_open", func() bool {
			ds, _ := st.ListDisputes(ctx, store.CommitmentQuery{CompanyID: f.coA.ID, CustomerID: cu.ID, OpenOnly: true})
			return len(ds) == 1 && ds[0].InvoiceID == inv.ID
		}},
	}
	for _, c := range cases {
		before, entries := f.digest(t), f.events(t, cu, c.event)
		if code, _, _ := submit(t, viewer, base+"/"+c.action, c.form); code != http.StatusForbidden {
			t.Errorf("%s by a viewer: %d", c.action, code)
		}
		if f.digest(t) != before {
			t.Errorf("%s by a viewer changed the store", c.action)
		}
		code, body, loc := submit(t, coll, base+"/"+c.action, c.form)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/c/"+f.coA.Slug+"/invoices/"+itoa(inv.ID)+"?flash=") {
			t.Errorf("%s: %d %s %.300s", c.action, code, loc, body)
			continue
		}
		if !c.done() || f.events(t, cu, c.event) != entries+1 {
			t.Errorf("%s: not in the store or the timeline", c.action)
		}
	}
	// The open dispute is shown with its resolution form; the history lists what was done.
	if _, body := get(t, coll, base+"?lang=en"); !strings.Contains(body, "wrong quantity") || !strings.Contains(body, "/resolve") || !strings.Contains(body, "not worth it") {
		t.Error("the dispute or the history is not on the invoice page")
	}

	before := f.digest(t)
	for action, form := range map[string]url.Values{"pause": {"until": {today.AddDays(3).String()}}, "skip": {"step": {"no-such-step"}}} {
		code, body, _ := submit(t, coll, base+"/"+action+"?lang=en", form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Nothing was recorded.") {
			t.Errorf("bad %s: %d", action, code)
		}
	}
	if f.digest(t) != before {
		t.Error("a refused control changed the store")
	}
}
