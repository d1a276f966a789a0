package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// The security suite runs over every route of the registry (apiRoutes), so that a route
// added later is covered without anyone remembering to add it here. Each path is filled with
// real objects of company A: a route whose parameter has no object here fails the suite.

// objectsOfA makes sure company A has an object of every kind a route names, and returns the
// value of each path parameter.
func (f *fixture) objectsOfA(t *testing.T) map[string]string {
	t.Helper()
	ctx := context.Background()
	st, co := f.a.Store, f.coA
	list, err := st.ListCustomers(ctx, store.CustomerQuery{CompanyID: co.ID, Day: today, Sort: "overdue", Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no customer in A: %v", err)
	}
	cu := list[0].Customer
	contacts, err := st.Contacts(ctx, co.ID, cu.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(contacts) == 0 {
		ct := receivable.Contact{CompanyID: co.ID, CustomerID: cu.ID, Name: "Contact", Email: "contact@a.example"}
		if err := st.AddContact(ctx, &ct); err != nil {
			t.Fatal(err)
		}
		contacts = append(contacts, ct)
	}
	invs, err := st.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, CustomerID: cu.ID, OpenOnly: true})
	if err != nil || len(invs) < 2 {
		t.Fatalf("customer %s has %d open invoices: %v", cu.Ref, len(invs), err)
	}
	actions, err := st.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, Limit: 1})
	if err != nil || len(actions) == 0 {
		t.Fatalf("no action in A: %v", err)
	}
	items, err := st.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) == 0 {
		it := store.OutboxItem{CompanyID: co.ID, CustomerID: cu.ID, Key: "test/" + cu.Ref, Kind: "statement", Channel: "email",
			Status: store.OutboxPending, Day: today, NextAt: f.a.Now()}
		if _, err := st.Enqueue(ctx, &it); err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	// A registered letter to print, and a stored document (a letter's PDF, an e-invoice's original).
	letter := store.OutboxItem{CompanyID: co.ID, CustomerID: cu.ID, Key: "test/letter/" + cu.Ref, Kind: "reminder", Channel: "registered_letter",
		Template: "formal-notice", Day: today, Payload: `{"invoice_ids":[` + strconv.FormatInt(invs[0].ID, 10) + `]}`}
	if _, err := st.Enqueue(ctx, &letter); err != nil {
		t.Fatal(err)
	}
	doc := store.Document{CompanyID: co.ID, CustomerID: cu.ID, Kind: "attachment", Name: "test.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4 test")}
	if err := st.PutDocument(ctx, &doc); err != nil {
		t.Fatal(err)
	}
	d, err := f.a.OpenDispute(ctx, co, app.DisputeParams{InvoiceNumber: invs[0].Number, Reason: "quantity"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.a.AddPromise(ctx, co, app.PromiseParams{CustomerRef: cu.Ref, Date: today.AddDays(10), Amount: money.Cents(10000)}, "test")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := f.a.AddPlan(ctx, co, app.PlanParams{CustomerRef: cu.Ref, InvoiceNumbers: []string{invs[1].Number},
		Instalments: []receivable.Instalment{{Due: today.AddDays(3), Amount: invs[1].Open()}}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	// A bank credit the matcher was not sure of, waiting in the review queue.
	pay := receivable.Payment{CompanyID: co.ID, Date: today.AddDays(-1), Amount: 10000, Currency: "EUR", Reference: "VIR " + invs[0].Number,
		PayerName: cu.Name, Source: "camt053", ExternalID: "test/match/" + cu.Ref}
	if err := st.CreatePayment(ctx, &pay); err != nil {
		t.Fatal(err)
	}
	match := store.Proposal{CompanyID: co.ID, PaymentID: pay.ID, CustomerID: cu.ID, Confidence: 70, Reasons: []string{"invoice number in the remittance"},
		Allocations: []store.ProposedAllocation{{InvoiceID: invs[0].ID, Number: invs[0].Number, Amount: pay.Amount}}}
	if err := st.CreateProposal(ctx, &match); err != nil {
		t.Fatal(err)
	}
	f.setRates(t)
	id := func(i int64) string { return strconv.FormatInt(i, 10) }
	return map[string]string{"company": co.Slug, "ref": cu.Ref, "contact": id(contacts[0].ID), "invoice": id(invs[0].ID),
		"action": id(actions[0].ID), "item": id(items[0].ID), "dispute": id(d.ID), "promise": id(p.ID), "plan": id(plan.ID),
		"match": id(match.ID), "letter": id(letter.ID), "document": id(doc.ID)}
}

// setRates enters the rates of the second half of 2026, which the embedded table cannot
// know yet: without them a statement of claim is refused, naming the missing rate.
func (f *fixture) setRates(t *testing.T) {
	t.Helper()
	for series, rate := range map[penalty.Series]string{penalty.ECBMRO: "2.15", penalty.FRLegalOther: "3.20", penalty.FRLegalConsumerCreditor: "6.70"} {
		e := penalty.Entry{Series: series, Semester: penalty.SemesterOf(today), Rate: money.MustParseRate(rate), Source: "test"}
		if _, _, err := f.a.SetRate(context.Background(), f.coA, e, "test"); err != nil {
			t.Fatal(err)
		}
	}
}

// fillPath puts the values in a route's pattern; a parameter without a value fails the test.
func fillPath(t *testing.T, pattern string, values map[string]string) string {
	t.Helper()
	return wildcard.ReplaceAllStringFunc(pattern, func(w string) string {
		v, ok := values[strings.Trim(w, "{}")]
		if !ok {
			t.Fatalf("%s: no object for %s: add one to objectsOfA", pattern, w)
		}
		return v
	})
}

// bodyFor is what the suite sends: an empty object to a change, nothing to a read. The
// answers it checks come before the body is read.
func bodyFor(rt apiRoute) any {
	if rt.Method == "GET" {
		return nil
	}
	return "{}"
}

func protectedRoutes() []apiRoute {
	var out []apiRoute
	for _, rt := range apiRoutes {
		if rt.Role != "" {
			out = append(out, rt)
		}
	}
	return out
}

func TestAPIRefusesEveryRouteWithoutCredentials(t *testing.T) {
	f := newFixture(t)
	ids := f.objectsOfA(t)
	clients := map[string]*apiClient{
		"no credentials": f.anonymous(t),
		"unknown token":  {t: t, f: f, token: "rl_not-a-token"},
		"basic":          {t: t, f: f, header: http.Header{"Authorization": {"Basic YWRtaW5AYS5leGFtcGxlOnB3"}}},
	}
	routes := protectedRoutes()
	for name, c := range clients {
		for _, rt := range routes {
			resp := c.do(rt.Method, fillPath(t, rt.Path, ids), bodyFor(rt))
			if resp.status != http.StatusUnauthorized {
				t.Errorf("%s: %s %s: %d, want 401", name, rt.Method, rt.Path, resp.status)
				continue
			}
			if code, _, _ := resp.errorOf(t); code != "unauthorized" || resp.header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s: %s %s: code %s, WWW-Authenticate %q", name, rt.Method, rt.Path, code, resp.header.Get("WWW-Authenticate"))
			}
		}
	}
	t.Logf("%d routes refuse a request without credentials", len(routes))
	f.anonymous(t).get("/openapi.json").want(t, http.StatusOK)
}

func TestAPIRevokedTokenIsRefused(t *testing.T) {
	f := newFixture(t)
	ids := f.objectsOfA(t)
	c := f.api(t, "admin@a.example")
	c.get("/companies").want(t, http.StatusOK)
	ctx := context.Background()
	toks, err := f.a.Store.ListAPITokens(ctx, f.coA.ID)
	if err != nil || len(toks) != 1 {
		t.Fatalf("tokens: %v %v", toks, err)
	}
	if err := f.a.Store.RevokeAPIToken(ctx, f.coA.ID, toks[0].ID); err != nil {
		t.Fatal(err)
	}
	before := f.digest(t)
	for _, rt := range protectedRoutes() {
		if resp := c.do(rt.Method, fillPath(t, rt.Path, ids), bodyFor(rt)); resp.status != http.StatusUnauthorized {
			t.Errorf("revoked token: %s %s: %d", rt.Method, rt.Path, resp.status)
		}
	}
	if f.digest(t) != before {
		t.Error("requests with a revoked token changed company A")
	}
}

func TestAPIViewerCannotChangeAnything(t *testing.T) {
	f := newFixture(t)
	ids := f.objectsOfA(t)
	before := f.digest(t)
	changes := 0
	for name, c := range map[string]*apiClient{"token": f.api(t, "viewer@a.example"), "session": f.session(t, "viewer@a.example")} {
		for _, rt := range protectedRoutes() {
			resp := c.do(rt.Method, fillPath(t, rt.Path, ids), bodyFor(rt))
			if rt.Role == auth.Viewer {
				if resp.status != http.StatusOK {
					t.Errorf("viewer's %s reads %s %s: %d %.200s", name, rt.Method, rt.Path, resp.status, resp.body)
				}
				continue
			}
			changes++
			if resp.status != http.StatusForbidden {
				t.Errorf("viewer's %s: %s %s: %d, want 403", name, rt.Method, rt.Path, resp.status)
			} else if code, _, _ := resp.errorOf(t); code != "forbidden" {
				t.Errorf("viewer's %s: %s %s: code %s", name, rt.Method, rt.Path, code)
			}
		}
	}
	if f.digest(t) != before {
		t.Error("the viewer's requests changed company A")
	}
	if changes == 0 {
		t.Fatal("no route changes anything?")
	}
	for _, rt := range apiRoutes {
		if rt.Method != "GET" && rt.Role == auth.Viewer {
			t.Errorf("%s %s changes something with a viewer's role", rt.Method, rt.Path)
		}
	}
}

func TestAPIAnotherCompanysObjectsAreNotFound(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ids := f.objectsOfA(t)
	// Company B's own objects, to name beside one of A's.
	cuB, err := f.a.Store.CustomerByRef(ctx, f.coB.ID, f.refB)
	if err != nil {
		t.Fatal(err)
	}
	ctB := receivable.Contact{CompanyID: f.coB.ID, CustomerID: cuB.ID, Name: "B's contact"}
	if err := f.a.Store.AddContact(ctx, &ctB); err != nil {
		t.Fatal(err)
	}
	invB, err := f.a.Store.InvoiceByNumber(ctx, f.coB.ID, receivable.KindInvoice, "FB-1")
	if err != nil {
		t.Fatal(err)
	}
	ownB := map[string]string{"company": f.coB.Slug, "ref": f.refB, "contact": strconv.FormatInt(ctB.ID, 10), "invoice": strconv.FormatInt(invB.ID, 10)}
	before := f.digest(t)
	checked := 0
	for name, c := range map[string]*apiClient{"token": f.api(t, "admin@b.example"), "session": f.session(t, "admin@b.example")} {
		for _, rt := range protectedRoutes() {
			params := pathParams(rt.Path)
			if !slices.Contains(params, "company") {
				continue
			}
			// A's path: A does not exist for B.
			wantNotFound(t, c.do(rt.Method, fillPath(t, rt.Path, ids), bodyFor(rt)), name+" on A's path")
			checked++
			// B's path with A's objects, each of A's in turn beside B's own where B has one.
			for _, p := range params {
				if p == "company" {
					continue
				}
				values := map[string]string{}
				for k, v := range ids {
					values[k] = v
				}
				for k, v := range ownB {
					values[k] = v
				}
				values[p] = ids[p]
				wantNotFound(t, c.do(rt.Method, fillPath(t, rt.Path, values), bodyFor(rt)), name+" with A's "+p+" through B")
				checked++
			}
		}
	}
	if f.digest(t) != before {
		t.Error("B's requests changed company A")
	}
	t.Logf("%d requests of B's admin on A's objects answered 404", checked)
}

func wantNotFound(t *testing.T, resp apiResponse, what string) {
	t.Helper()
	if resp.status != http.StatusNotFound {
		t.Errorf("%s: %d, want 404: %.200s", what, resp.status, resp.body)
		return
	}
	if code, _, msg := resp.errorOf(t); code != "not_found" || msg != "not found" {
		t.Errorf("%s: %s %q: a 404 says nothing more than not found", what, code, msg)
	}
}

// A request body naming another company's customer or invoice is refused exactly as one
// naming an object that does not exist: the answer tells nothing of the other company.
func TestAPIBodiesNamingAnotherCompanysObjectsAreRefusedAsUnknown(t *testing.T) {
	f := newFixture(t)
	ids := f.objectsOfA(t)
	ctx := context.Background()
	invs, _ := f.a.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: f.coA.ID, OpenOnly: true, Limit: 1})
	numberA, refA := invs[0].Number, ids["ref"]
	b := f.api(t, "admin@b.example")
	co := "/companies/" + f.coB.Slug
	before := f.digest(t)
	cases := []struct {
		path, field string
		body        func(ref, number string) map[string]any
	}{
		{"/disputes", "invoice_number", func(_, n string) map[string]any { return map[string]any{"invoice_number": n, "reason": "x"} }},
		{"/promises", "customer_ref", func(r, _ string) map[string]any {
			return map[string]any{"customer_ref": r, "date": "2026-12-10", "amount_cents": 100}
		}},
		{"/promises", "invoice_numbers", func(_, n string) map[string]any {
			return map[string]any{"customer_ref": f.refB, "date": "2026-12-10", "amount_cents": 100, "invoice_numbers": []string{n}}
		}},
		{"/plans", "customer_ref", func(r, n string) map[string]any {
			return map[string]any{"customer_ref": r, "invoice_numbers": []string{n}, "instalments": []any{map[string]any{"due": "2026-11-25", "amount_cents": 100}}}
		}},
		{"/payments", "customer_ref", func(r, _ string) map[string]any {
			return map[string]any{"customer_ref": r, "date": "2026-11-20", "amount_cents": 100}
		}},
		{"/payments", "allocations[0].invoice_number", func(_, n string) map[string]any {
			return map[string]any{"customer_ref": f.refB, "date": "2026-11-20", "amount_cents": 100,
				"allocations": []any{map[string]any{"invoice_number": n, "amount_cents": 100}}}
		}},
		{"/invoices", "customer_ref", func(r, _ string) map[string]any {
			return map[string]any{"number": "FB-2", "customer_ref": r, "issue_date": "2026-11-01", "due_date": "2026-12-01", "amount_cents": 100}
		}},
		{"/invoices", "credits_number", func(_, n string) map[string]any {
			return map[string]any{"kind": "credit_note", "number": "AB-1", "customer_ref": f.refB, "issue_date": "2026-11-01", "amount_cents": 100, "credits_number": n}
		}},
	}
	for _, c := range cases {
		msgA := b.post(co+c.path, c.body(refA, numberA)).wantError(t, http.StatusUnprocessableEntity, "unprocessable", c.field)
		msgNone := b.post(co+c.path, c.body("NO-SUCH-REF", "NO-SUCH-NUMBER")).wantError(t, http.StatusUnprocessableEntity, "unprocessable", c.field)
		generic := strings.NewReplacer(refA, "X", numberA, "X", "NO-SUCH-REF", "X", "NO-SUCH-NUMBER", "X")
		if generic.Replace(msgA) != generic.Replace(msgNone) {
			t.Errorf("POST %s: A's object gets %q, an unknown one %q", c.path, msgA, msgNone)
		}
	}
	for _, list := range []string{"/invoices", "/payments", "/actions", "/outbox", "/disputes", "/promises", "/plans"} {
		b.get(co+list+"?customer="+refA).wantError(t, http.StatusBadRequest, "bad_request", "customer")
	}
	if f.digest(t) != before {
		t.Error("B's requests changed company A")
	}
}

func TestAPICrossSiteRequestsWithASessionAreRefused(t *testing.T) {
	f := newFixture(t)
	ids := f.objectsOfA(t)
	c := f.session(t, "admin@a.example")
	c.header = http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}
	before := f.digest(t)
	n := 0
	for _, rt := range protectedRoutes() {
		if rt.Method == "GET" {
			continue
		}
		n++
		resp := c.do(rt.Method, fillPath(t, rt.Path, ids), bodyFor(rt))
		if code, _, _ := resp.errorOf(t); resp.status != http.StatusForbidden || code != "forbidden" {
			t.Errorf("cross-site %s %s: %d %s, want 403 forbidden", rt.Method, rt.Path, resp.status, code)
		}
	}
	if f.digest(t) != before {
		t.Error("cross-site requests changed company A")
	}
	// The same session from the application's own pages works.
	c.header = http.Header{"Origin": {f.srv.URL}, "Sec-Fetch-Site": {"same-origin"}}
	c.post(f.companyA()+"/customers/"+ids["ref"]+"/pause", map[string]string{"until": "2026-12-31", "reason": "test"}).want(t, http.StatusOK)
	t.Logf("%d state-changing routes refuse a cross-site request", n)
}

// An API token acts in its one company, even for a user who belongs to several.
func TestAPITokenActsInItsOneCompany(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u, err := f.a.Store.UserByEmail(ctx, "admin@a.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.a.Store.SetMembership(ctx, u.ID, f.coB.ID, auth.Admin); err != nil {
		t.Fatal(err)
	}
	tok := f.api(t, "admin@a.example")
	tok.get("/companies/"+f.coB.Slug+"/customers").want(t, http.StatusNotFound)
	if items := tok.get("/companies").want(t, http.StatusOK).items(t); len(items) != 1 || items[0]["slug"] != f.coA.Slug {
		t.Errorf("the token's companies: %v", items)
	}
	sess := f.session(t, "admin@a.example")
	sess.get("/companies/"+f.coB.Slug+"/customers").want(t, http.StatusOK)
	if items := sess.get("/companies").want(t, http.StatusOK).items(t); len(items) != 2 {
		t.Errorf("the session's companies: %v", items)
	}
}
