package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// submit posts a form as a browser does and returns the status, the body and where a
// redirect goes.
func submit(t *testing.T, c *http.Client, u string, form url.Values) (int, string, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

// debtor is a customer of company A with several open invoices, oldest due first, and no
// commitment yet: the demo's bad payer C0006.
func (f *fixture) debtor(t *testing.T) (receivable.Customer, []receivable.Invoice) {
	t.Helper()
	ctx := context.Background()
	cu, err := f.a.Store.CustomerByRef(ctx, f.coA.ID, "C0006")
	if err != nil {
		t.Fatal(err)
	}
	invs, err := f.a.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: f.coA.ID, CustomerID: cu.ID, OpenOnly: true})
	if err != nil || len(invs) < 4 {
		t.Fatalf("C0006 has %d open invoices (%v): the demo changed", len(invs), err)
	}
	return cu, invs
}

// events counts the customer's timeline entries of a kind.
func (f *fixture) events(t *testing.T, cu receivable.Customer, kind string) int {
	t.Helper()
	evs, err := f.a.Store.Events(context.Background(), f.coA.ID, cu.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(slices.DeleteFunc(evs, func(e store.Event) bool { return e.Kind != kind }))
}

func TestTheCustomerPageShowsTheActionsToACollectorOnlyInBothLanguages(t *testing.T) {
	f := newFixture(t)
	u := f.srv.URL + "/c/" + f.coA.Slug + "/customers/C0006"
	for _, lang := range []string{"en", "fr"} {
		code, body := get(t, f.client(t, "collector@a.example"), u+"?lang="+lang)
		want := map[string]string{"en": "Log a call", "fr": "Noter un appel"}[lang]
		if code != 200 || !strings.Contains(body, want) || !strings.Contains(body, `action="/c/`+f.coA.Slug+`/customers/C0006/plan"`) {
			t.Errorf("collector, %s: %d, no action forms", lang, code)
		}
		code, body = get(t, f.client(t, "viewer@a.example"), u+"?lang="+lang)
		if code != 200 || strings.Contains(body, `method="post" action="/c/`+f.coA.Slug+`/customers`) {
			t.Errorf("viewer, %s: %d, or forms shown", lang, code)
		}
	}
}

// Each form of the customer page, as a collector, changes the store and the timeline and
// comes back to the customer page; as a viewer it is refused with nothing changed.
func TestEachCustomerFormWorksForACollectorAndNotForAViewer(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cu, invs := f.debtor(t)
	st := f.a.Store
	base := f.srv.URL + "/c/" + f.coA.Slug + "/customers/C0006/"
	coll, viewer := f.client(t, "collector@a.example"), f.client(t, "viewer@a.example")
	q := store.CommitmentQuery{CompanyID: f.coA.ID, CustomerID: cu.ID}
	reread := func() receivable.Customer {
		c, err := st.Customer(ctx, f.coA.ID, cu.ID)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	outboxOf := func(kind string) int {
		items, _ := st.ListOutbox(ctx, store.OutboxQuery{CompanyID: f.coA.ID, CustomerID: cu.ID})
		return len(slices.DeleteFunc(items, func(it store.OutboxItem) bool { return it.Kind != kind }))
	}
	cases := []struct {
		action string
		form   url.Values
		event  string
		done   func() bool
	}{
		{"call", url.Values{"outcome": {"reached"}, "person": {"M. Guérin"}, "note": {"will check with the bank"},
			"contact_name": {"Mme Trésorerie"}, "contact_email": {"tresorerie@guerin.example"}}, "call",
			func() bool {
				cs, _ := st.Contacts(ctx, f.coA.ID, cu.ID)
				return slices.ContainsFunc(cs, func(c receivable.Contact) bool { return c.Dunning && c.Email == "tresorerie@guerin.example" })
			}},
		{"promise", url.Values{"date": {today.AddDays(10).String()}, "amount": {"1 500,00"}, "invoice": {invs[0].Number}, "via": {"call"}, "note": {"virement"}}, "promise",
			func() bool {
				ps, _ := st.ListPromises(ctx, q)
				return len(ps) == 1 && ps[0].Amount == 150000 && outboxOf("confirmation") == 1
			}},
		{"dispute", url.Values{"invoice": {invs[1].Number}, "reason": {"missing delivery note"}}, "dispute_open",
			func() bool {
				ds, _ := st.ListDisputes(ctx, q)
				return len(ds) == 1 && ds[0].InvoiceID == invs[1].ID && ds[0].Reason == "missing delivery note"
			}},
		{"plan", url.Values{"invoice": {invs[2].Number}, "instalments": {today.AddDays(3).Format("fr") + "=100,00\r\n" + today.AddDays(33).String() + "=200"}}, "plan",
			func() bool {
				ps, _ := st.ListPlans(ctx, q)
				return len(ps) == 1 && len(ps[0].Instalments) == 2 && ps[0].Total() == 30000 && outboxOf("confirmation") == 2
			}},
		{"payment", url.Values{"date": {today.AddDays(-1).String()}, "amount": {"50"}, "method": {"chèque"}, "reference": {"n° 42"}, "invoice": {invs[3].Number}}, "payment",
			func() bool {
				inv, _ := st.Invoice(ctx, f.coA.ID, invs[3].ID)
				return inv.Open() == invs[3].Open()-5000
			}},
		{"pause", url.Values{"until": {today.AddDays(14).String()}, "reason": {"director on leave"}}, "pause",
			func() bool { return reread().PausedUntil == today.AddDays(14) }},
		{"resume", url.Values{}, "resume", func() bool { return reread().PausedUntil.IsZero() }},
		{"profile", url.Values{"profile": {string(receivable.Careless)}}, "profile", func() bool { return reread().Profile == receivable.Careless }},
		{"policy", url.Values{"policy": {"standard-fr"}}, "policy_assign", func() bool { return reread().Policy == "standard-fr" }},
		{"statement", url.Values{}, "statement", func() bool { return outboxOf("statement") == 1 }},
	}
	for _, c := range cases {
		before, entries := f.digest(t), f.events(t, cu, c.event)
		if code, _, _ := submit(t, viewer, base+c.action, c.form); code != http.StatusForbidden {
			t.Errorf("%s by a viewer: %d", c.action, code)
		}
		if f.digest(t) != before {
			t.Errorf("%s by a viewer changed the store", c.action)
		}
		code, body, loc := submit(t, coll, base+c.action, c.form)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/c/"+f.coA.Slug+"/customers/C0006?flash=") {
			t.Errorf("%s: %d %s %.300s", c.action, code, loc, body)
			continue
		}
		if !c.done() {
			t.Errorf("%s: the store does not show it", c.action)
		}
		if got := f.events(t, cu, c.event); got != entries+1 {
			t.Errorf("%s: %d timeline entries %s, want %d", c.action, got, c.event, entries+1)
		}
		// The flash message is shown, in French too.
		if _, page := get(t, coll, f.srv.URL+loc+"&lang=fr"); !strings.Contains(page, `class="flash"`) {
			t.Errorf("%s: no flash message", c.action)
		}
	}
}

// A refused input is shown on its form, with the field and what was typed, and nothing is
// recorded.
func TestABadInputShowsItsMessageOnTheFormAndRecordsNothing(t *testing.T) {
	f := newFixture(t)
	_, invs := f.debtor(t)
	coll := f.client(t, "collector@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/customers/C0006/"
	cases := []struct {
		action, lang string
		form         url.Values
		want         []string
	}{
		{"plan", "en", url.Values{"invoice": {invs[0].Number}, "instalments": {today.AddDays(21).String() + "=500,00"}},
			[]string{"Nothing was recorded.", "more than 7 days after the plan", "immediate partial payment", today.AddDays(21).String() + "=500,00"}},
		{"plan", "fr", url.Values{"invoice": {invs[0].Number}, "instalments": {today.AddDays(21).Format("fr") + "=500,00"}},
			[]string{"Rien n&#39;a été enregistré.", "plus de 7 jours après l&#39;accord", "paiement partiel immédiat"}},
		{"plan", "en", url.Values{"invoice": {invs[0].Number}, "instalments": {"next week: 500"}}, []string{"line 1: write DATE=AMOUNT"}},
		{"promise", "en", url.Values{"date": {today.AddDays(5).String()}, "amount": {""}, "note": {"he will pay"}},
			[]string{"a promise needs a positive amount", `value="he will pay"`, `aria-invalid="true"`}},
		{"promise", "fr", url.Values{"date": {today.AddDays(5).String()}}, []string{"une promesse a besoin d&#39;un montant positif"}},
		{"promise", "en", url.Values{"date": {"someday"}, "amount": {"10"}}, []string{"not a date"}},
		{"dispute", "en", url.Values{"invoice": {invs[0].Number}}, []string{"a dispute needs its reason"}},
		{"dispute", "en", url.Values{"invoice": {"SECRET-INVOICE"}, "reason": {"x"}}, []string{"choose one of this customer&#39;s invoices"}},
		{"pause", "en", url.Values{"until": {today.AddDays(-1).String()}, "reason": {"x"}}, []string{"that day has passed"}},
		{"payment", "en", url.Values{"amount": {"10"}, "date": {today.AddDays(2).String()}}, []string{"that day has not come yet"}},
		{"call", "en", url.Values{"outcome": {"no_answer"}, "promise_date": {today.AddDays(3).String()}, "promise_amount": {"10"}}, []string{"mark the call reached"}},
	}
	for _, c := range cases {
		before := f.digest(t)
		code, body, _ := submit(t, coll, base+c.action+"?lang="+c.lang, c.form)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s %v: %d, want 422", c.action, c.form, code)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s %s %v: the page does not say %q", c.action, c.lang, c.form, w)
			}
		}
		if !strings.Contains(body, "<details class=\"action\" open>") {
			t.Errorf("%s: the refused form is not unfolded", c.action)
		}
		if f.digest(t) != before {
			t.Errorf("%s %v: something was recorded", c.action, c.form)
		}
	}
}

// From the worklist, a call reached with a promise closes the entry and queues the
// promise's written confirmation; nobody on the line leaves it on the worklist.
func TestAWorklistCallWithAPromiseClosesTheEntryAndQueuesTheConfirmation(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	st := f.a.Store
	calls, _ := st.ListActions(ctx, store.ActionQuery{CompanyID: f.coA.ID, Channels: []dunning.Channel{dunning.Call}, Statuses: []dunning.Status{dunning.StatusQueued}})
	if len(calls) < 2 {
		t.Fatalf("%d calls on the worklist", len(calls))
	}
	coll := f.client(t, "collector@a.example")
	wl := f.srv.URL + "/c/" + f.coA.Slug + "/worklist"
	for _, lang := range []string{"en", "fr"} {
		if code, body := get(t, coll, wl+"?lang="+lang); code != 200 || !strings.Contains(body, "/actions/"+itoa(calls[0].ID)+"/call") {
			t.Fatalf("worklist, %s: %d, no outcome form", lang, code)
		}
	}
	call := calls[0]
	u := f.srv.URL + "/c/" + f.coA.Slug + "/actions/" + itoa(call.ID) + "/call"
	if code, _, _ := submit(t, f.client(t, "viewer@a.example"), u, url.Values{"outcome": {"reached"}}); code != http.StatusForbidden {
		t.Errorf("a viewer logs a call: %d", code)
	}

	// A refused outcome comes back in the customer page's call form, which posts to the entry.
	code, body, _ := submit(t, coll, u+"?lang=en", url.Values{"outcome": {"reached"}, "promise_date": {today.AddDays(4).String()}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "a promise needs a positive amount") || !strings.Contains(body, `action="/c/`+f.coA.Slug+`/actions/`+itoa(call.ID)+`/call"`) {
		t.Fatalf("refused outcome: %d %.500s", code, body)
	}

	code, _, loc := submit(t, coll, u, url.Values{"outcome": {"reached"}, "person": {"Mme Compta"}, "promise_date": {today.AddDays(4).String()},
		"promise_amount": {"250,00"}, "note": {"virement vendredi"}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/c/"+f.coA.Slug+"/worklist?flash=Promise+recorded") {
		t.Fatalf("call with a promise: %d %s", code, loc)
	}
	if act, _ := st.Action(ctx, f.coA.ID, call.ID); act.Status != dunning.StatusDone {
		t.Errorf("the worklist entry is %s", act.Status)
	}
	ps, _ := st.ListPromises(ctx, store.CommitmentQuery{CompanyID: f.coA.ID, CustomerID: call.CustomerID})
	items, _ := st.ListOutbox(ctx, store.OutboxQuery{CompanyID: f.coA.ID, CustomerID: call.CustomerID})
	if len(ps) != 1 || ps[0].Amount != 25000 || !slices.ContainsFunc(items, func(it store.OutboxItem) bool { return it.Kind == "confirmation" }) {
		t.Errorf("promises %+v, outbox %d items without a confirmation", ps, len(items))
	}

	other := calls[1]
	u = f.srv.URL + "/c/" + f.coA.Slug + "/actions/" + itoa(other.ID) + "/call"
	if code, _, loc := submit(t, coll, u, url.Values{"outcome": {"no_answer"}}); code != http.StatusSeeOther || !strings.Contains(loc, "flash=No+answer") {
		t.Errorf("no answer: %d %s", code, loc)
	}
	if act, _ := st.Action(ctx, f.coA.ID, other.ID); act.Status != dunning.StatusQueued {
		t.Errorf("an unanswered call left the worklist: %s", act.Status)
	}
	if code, _, _ := submit(t, coll, u, url.Values{"outcome": {"no_answer_close"}}); code != http.StatusSeeOther {
		t.Errorf("no answer, closed: %d", code)
	}
	if act, _ := st.Action(ctx, f.coA.ID, other.ID); act.Status != dunning.StatusDone {
		t.Errorf("a call closed without answer is %s", act.Status)
	}
}

func TestSendingAStatementNowQueuesAnOutboxItemOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cu, _ := f.debtor(t)
	coll := f.client(t, "collector@a.example")
	u := f.srv.URL + "/c/" + f.coA.Slug + "/customers/C0006/statement"
	if code, _, loc := submit(t, coll, u, nil); code != http.StatusSeeOther || !strings.Contains(loc, "flash=Statement+queued") {
		t.Fatalf("send: %d %s", code, loc)
	}
	// The same second (the test's clock does not move) is a double click: one item only.
	if code, _, loc := submit(t, coll, u, nil); code != http.StatusSeeOther || !strings.Contains(loc, "a+moment+ago") {
		t.Errorf("second click: %d %s", code, loc)
	}
	items, _ := f.a.Store.ListOutbox(ctx, store.OutboxQuery{CompanyID: f.coA.ID, CustomerID: cu.ID})
	items = slices.DeleteFunc(items, func(it store.OutboxItem) bool { return it.Kind != "statement" })
	if len(items) != 1 || items[0].Status != store.OutboxPending || items[0].Template != "statement" || items[0].Author == "" {
		t.Errorf("statement items: %+v", items)
	}
}
