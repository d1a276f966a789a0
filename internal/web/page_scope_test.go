package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// scopedRoute is a route of the customer actions, invoice and commitment pages, with a
// request that would succeed for company A's own users.
type scopedRoute struct {
	method, pattern string
	form            url.Values
}

// myRoutes lists every route of those pages; the test checks the registry holds no other.
func myRoutes() []scopedRoute {
	future := today.AddDays(5).String()
	var out []scopedRoute
	for action, form := range map[string]url.Values{
		"call": {"outcome": {"reached"}}, "promise": {"date": {future}, "amount": {"10"}}, "dispute": {"invoice": {"{invoice_number}"}, "reason": {"x"}},
		"plan": {"invoice": {"{invoice_number}"}, "instalments": {future + "=10"}}, "payment": {"amount": {"10"}}, "pause": {"until": {future}, "reason": {"x"}},
		"resume": nil, "profile": {"profile": {"careless"}}, "policy": {"policy": {"standard-fr"}}, "statement": nil,
		"collector": {"collector": {"collector@a.example"}},
	} {
		out = append(out, scopedRoute{"POST", "/c/{company}/customers/{ref}/" + action, form})
	}
	return append(out,
		scopedRoute{"GET", "/c/{company}/customers/{ref}/statement.pdf", nil},
		scopedRoute{"POST", "/c/{company}/actions/{action}/call", url.Values{"outcome": {"reached"}}},
		scopedRoute{"GET", "/c/{company}/invoices", nil},
		scopedRoute{"GET", "/c/{company}/invoices/{invoice}", nil},
		scopedRoute{"POST", "/c/{company}/invoices/{invoice}/pause", url.Values{"until": {future}, "reason": {"x"}}},
		scopedRoute{"POST", "/c/{company}/invoices/{invoice}/resume", nil},
		scopedRoute{"POST", "/c/{company}/invoices/{invoice}/dispute", url.Values{"reason": {"x"}}},
		scopedRoute{"POST", "/c/{company}/invoices/{invoice}/skip", url.Values{"step": {"{step}"}}},
		scopedRoute{"POST", "/c/{company}/invoices/{invoice}/force", url.Values{"step": {"{step}"}}},
		scopedRoute{"GET", "/c/{company}/disputes?customer={ref}", nil},
		scopedRoute{"GET", "/c/{company}/promises?customer={ref}", nil},
		scopedRoute{"GET", "/c/{company}/plans?customer={ref}", nil},
		scopedRoute{"POST", "/c/{company}/disputes/{dispute}/resolve", url.Values{"resolution": {"x"}}},
		// A refused input must not come before the company's check.
		scopedRoute{"POST", "/c/{company}/disputes/{dispute}/resolve", url.Values{"resolution": {""}}},
		scopedRoute{"POST", "/c/{company}/promises/{promise}/cancel", nil},
		scopedRoute{"POST", "/c/{company}/plans/{plan}/cancel", nil},
	)
}

func (r scopedRoute) fill(values map[string]string) (string, url.Values) {
	fill := func(s string) string {
		for k, v := range values {
			s = strings.ReplaceAll(s, "{"+k+"}", v)
		}
		return s
	}
	form := url.Values{}
	for k, vs := range r.form {
		for _, v := range vs {
			form.Add(k, fill(v))
		}
	}
	return fill(r.pattern), form
}

func (r scopedRoute) do(t *testing.T, c *http.Client, base string, values map[string]string) int {
	t.Helper()
	u, form := r.fill(values)
	if r.method == "GET" {
		code, _ := get(t, c, base+u)
		return code
	}
	code, _, _ := submit(t, c, base+u, form)
	return code
}

func TestEveryRouteOfTheseFilesIsListedForTheScopeTest(t *testing.T) {
	listed := map[string]bool{}
	for _, r := range myRoutes() {
		listed[r.method+" "+strings.Split(r.pattern, "?")[0]] = true
	}
	mine := []string{"/invoices", "/disputes", "/promises", "/plans", "/customers/{ref}/", "/actions/{id}/call"}
	for _, rt := range extraRoutes {
		p := strings.NewReplacer("{id}", "{x}").Replace(rt.pattern)
		for _, m := range mine {
			if strings.Contains(rt.pattern, "/c/{company}"+m) {
				norm := strings.NewReplacer("/invoices/{x}", "/invoices/{invoice}", "/disputes/{x}", "/disputes/{dispute}",
					"/promises/{x}", "/promises/{promise}", "/plans/{x}", "/plans/{plan}", "/actions/{x}", "/actions/{action}").Replace(p)
				if !listed[norm] {
					t.Errorf("%s is not in myRoutes: add it, so that the scope test covers it", rt.pattern)
				}
			}
		}
	}
}

// Every route of the customer actions, invoice and commitment pages answers 404 to another
// company's admin, through company A's path and through their own with A's objects, and
// changes nothing; A's users do not reach B's objects either.
func TestAnotherCompanysObjectsAreNotFoundOnTheseRoutes(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d, p, plan := f.commitments(t)
	_, invs := f.debtor(t)
	calls, _ := f.a.Store.ListActions(ctx, store.ActionQuery{CompanyID: f.coA.ID, Channels: []dunning.Channel{dunning.Call}, Statuses: []dunning.Status{dunning.StatusQueued}, Limit: 1})
	pol, _ := f.a.Policy(ctx, f.coA, "bad-payer-fr")
	objectsOfA := map[string]string{"ref": "C0006", "invoice": itoa(invs[3].ID), "invoice_number": invs[3].Number, "dispute": itoa(d.ID),
		"promise": itoa(p.ID), "plan": itoa(plan.ID), "action": itoa(calls[0].ID), "step": pol.Steps[0].Name}
	b := f.client(t, "admin@b.example")
	before := f.digest(t)
	for _, slug := range []string{f.coA.Slug, f.coB.Slug} {
		values := map[string]string{"company": slug}
		for k, v := range objectsOfA {
			values[k] = v
		}
		for _, r := range myRoutes() {
			if r.pattern == "/c/{company}/invoices" && slug == f.coB.Slug {
				continue // B's own list: B's invoices
			}
			if code := r.do(t, b, f.srv.URL, values); code != http.StatusNotFound {
				t.Errorf("B's admin, %s %s through %s: %d, want 404", r.method, r.pattern, slug, code)
			}
		}
	}
	if f.digest(t) != before {
		t.Error("B's admin changed company A's data")
	}
	// B's own invoice list shows nothing of A.
	if _, body := get(t, b, f.srv.URL+"/c/"+f.coB.Slug+"/invoices?status=all&lang=en&q="+invs[3].Number); !strings.Contains(body, "No invoice matches.") {
		t.Error("A's invoice is in B's list")
	}

	// A's admin, with B's customer and invoice, through A's path.
	cuB, _ := f.a.Store.CustomerByRef(ctx, f.coB.ID, f.refB)
	invB, _ := f.a.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: f.coB.ID, CustomerID: cuB.ID})
	a := f.client(t, "admin@a.example")
	values := map[string]string{"company": f.coA.Slug, "ref": f.refB, "invoice": itoa(invB[0].ID), "invoice_number": invB[0].Number,
		"dispute": "0", "promise": "0", "plan": "0", "action": "0", "step": pol.Steps[0].Name}
	for _, r := range myRoutes() {
		if !strings.Contains(r.pattern, "{ref}") && !strings.Contains(r.pattern, "{invoice}") {
			continue
		}
		if code := r.do(t, a, f.srv.URL, values); code != http.StatusNotFound {
			t.Errorf("A's admin, %s %s on B's objects: %d, want 404", r.method, r.pattern, code)
		}
	}
	if after, _ := f.a.Store.Invoice(ctx, f.coB.ID, invB[0].ID); after.PausedUntil != (receivable.Invoice{}).PausedUntil {
		t.Error("A's admin paused B's invoice")
	}

	// The control: the same requests with A's objects reach them for A's admin, so that the
	// 404s above come from the company's check and not from a request that could not work.
	values = map[string]string{"company": f.coA.Slug}
	for k, v := range objectsOfA {
		values[k] = v
	}
	for _, r := range myRoutes() {
		if code := r.do(t, a, f.srv.URL, values); code == http.StatusNotFound || code >= 500 {
			t.Errorf("A's admin, %s %s on A's objects: %d", r.method, r.pattern, code)
		}
	}
}
