package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// commitments records a dispute, a promise and a plan for the debtor, through the use cases.
func (f *fixture) commitments(t *testing.T) (app.DisputeLine, app.PromiseLine, app.PlanLine) {
	t.Helper()
	ctx := context.Background()
	_, invs := f.debtor(t)
	d, err := f.a.OpenDispute(ctx, f.coA, app.DisputeParams{InvoiceNumber: invs[0].Number, Reason: "goods damaged"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.a.AddPromise(ctx, f.coA, app.PromiseParams{CustomerRef: "C0006", Date: today.AddDays(8), Amount: money.MustParse("321.00"),
		InvoiceNumbers: []string{invs[1].Number}, Via: "call"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := f.a.AddPlan(ctx, f.coA, app.PlanParams{CustomerRef: "C0006", InvoiceNumbers: []string{invs[2].Number},
		Instalments: []receivable.Instalment{{Due: today.AddDays(2), Amount: 10000}, {Due: today.AddDays(32), Amount: invs[2].Open() - 10000}}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	return d, p, plan
}

func TestTheListsOfDisputesPromisesAndPlansRenderInBothLanguages(t *testing.T) {
	f := newFixture(t)
	_, _, plan := f.commitments(t)
	c := f.client(t, "viewer@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug
	for _, lang := range []string{"en", "fr"} {
		for path, want := range map[string]string{
			"/disputes": "goods damaged", "/disputes?status=all&customer=C0006": "goods damaged", "/disputes?status=resolved": "",
			"/promises": "321", "/promises?status=kept": "", "/promises?status=broken": "", "/promises?status=all": "321",
			"/plans": map[string]string{"en": "To come", "fr": "À venir"}[lang], "/plans?status=all&customer=C0006": "Plomberie Guérin",
			"/plans?status=cancelled": "", "/customers/C0006": "goods damaged",
		} {
			code, body := get(t, c, base+path+sep(path)+"lang="+lang)
			if code != 200 || !strings.Contains(body, want) {
				t.Errorf("%s %s: %d, no %q", lang, path, code, want)
			}
			if strings.Contains(body, `method="post" action="/c/`) {
				t.Errorf("%s %s: a viewer sees forms", lang, path)
			}
		}
	}
	_, body := get(t, c, base+"/plans?lang=en")
	if !strings.Contains(body, money.Cents(10000).Format("en")) || strings.Count(body, "To come") != len(plan.Instalments) {
		t.Errorf("the plan's instalments are not listed with their state")
	}
}

func TestResolvingWithdrawingAndEndingWorkForACollectorAndNotForAViewer(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d, p, plan := f.commitments(t)
	cu, _ := f.debtor(t)
	st := f.a.Store
	coll, viewer := f.client(t, "collector@a.example"), f.client(t, "viewer@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug
	q := store.CommitmentQuery{CompanyID: f.coA.ID, CustomerID: cu.ID}

	// A resolution is required: the form says so, on the page it came from.
	_, invs := f.debtor(t)
	for from, page := range map[string]string{"": "<h1>Disputes", "customer": "<h1>Plomberie Guérin", "invoice": "<h1>Invoice " + invs[0].Number} {
		before := f.digest(t)
		code, body, _ := submit(t, coll, base+"/disputes/"+itoa(d.ID)+"/resolve?lang=en", url.Values{"from": {from}, "resolution": {" "}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "say how the dispute was resolved") || !strings.Contains(body, page) {
			t.Errorf("no resolution from %q: %d, or not on its page", from, code)
		}
		if f.digest(t) != before {
			t.Errorf("a refused resolution from %q changed the store", from)
		}
	}

	cases := []struct {
		path  string
		form  url.Values
		back  string
		event string
		done  func() bool
	}{
		{"/disputes/" + itoa(d.ID) + "/resolve", url.Values{"resolution": {"credit note issued"}, "from": {"invoice"}}, "/invoices/" + itoa(d.InvoiceID) + "?flash=",
			"dispute_resolve", func() bool {
				ds, _ := st.ListDisputes(ctx, q)
				return len(ds) == 1 && ds[0].Resolution == "credit note issued"
			}},
		{"/promises/" + itoa(p.ID) + "/cancel", url.Values{"from": {"customer"}}, "/customers/C0006?flash=", "promise_cancel", func() bool {
			ps, _ := st.ListPromises(ctx, q)
			return len(ps) == 1 && ps[0].Status() == receivable.PromiseCancelled
		}},
		{"/plans/" + itoa(plan.ID) + "/cancel", url.Values{"status": {"running"}}, "/plans?status=running&flash=", "plan_cancel", func() bool {
			ps, _ := st.ListPlans(ctx, q)
			return len(ps) == 1 && !ps[0].Cancelled.IsZero()
		}},
	}
	for _, c := range cases {
		before, entries := f.digest(t), f.events(t, cu, c.event)
		if code, _, _ := submit(t, viewer, base+c.path, c.form); code != http.StatusForbidden {
			t.Errorf("%s by a viewer: %d", c.path, code)
		}
		if f.digest(t) != before {
			t.Errorf("%s by a viewer changed the store", c.path)
		}
		code, _, loc := submit(t, coll, base+c.path, c.form)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/c/"+f.coA.Slug+c.back) {
			t.Errorf("%s: %d %s", c.path, code, loc)
		}
		if !c.done() || f.events(t, cu, c.event) != entries+1 {
			t.Errorf("%s: not in the store or the timeline", c.path)
		}
		// Done once: doing it again is a conflict, not a second change.
		if code, _, _ := submit(t, coll, base+c.path, c.form); code != http.StatusConflict {
			t.Errorf("%s again: %d, want 409", c.path, code)
		}
	}
}

// A customer reference with characters a URL escapes reaches the filtered list through the
// customer page's "See all" link: the link's query is escaped once (html/template escapes a
// value in a URL's query itself; escaping it before gave A%252B…, a customer that does not exist).
func TestSeeAllLinksFilterOnAReferenceThatNeedsEscaping(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const ref = "A+B C/é"
	cu := storetest.Customer(t, f.a.Store, f.coA.ID, ref)
	inv := storetest.Invoice(t, f.a.Store, cu, "FX-1", "2026-09-01", "500.00")
	if _, err := f.a.OpenDispute(ctx, f.coA, app.DisputeParams{InvoiceNumber: inv.Number, Reason: "wrong quantity"}, "test"); err != nil {
		t.Fatal(err)
	}
	c := f.client(t, "viewer@a.example")
	_, page := get(t, c, f.srv.URL+"/c/"+f.coA.Slug+"/customers/"+url.PathEscape(ref)+"?lang=en")
	link := regexp.MustCompile(`href="([^"]*/disputes\?customer=[^"]*)"`).FindStringSubmatch(page)
	if link == nil {
		t.Fatal("the customer page has no link to its disputes")
	}
	href := html.UnescapeString(link[1])
	code, list := get(t, c, f.srv.URL+href)
	if code != 200 || !strings.Contains(list, "wrong quantity") {
		t.Errorf("%s: %d, the customer's dispute is not listed", href, code)
	}
}
