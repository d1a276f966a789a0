package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// pages follows a list's next links from path and returns every item and the number of pages.
func pages(t *testing.T, c *apiClient, path string) ([]map[string]any, int) {
	t.Helper()
	var all []map[string]any
	n := 0
	for path != "" {
		var l struct {
			Items []map[string]any `json:"items"`
			Next  *string          `json:"next"`
		}
		c.get(path).want(t, http.StatusOK).decode(t, &l)
		all = append(all, l.Items...)
		n++
		path = ""
		if l.Next != nil {
			if !strings.HasPrefix(*l.Next, apiPrefix+"/") {
				t.Fatalf("next %q is not an API path", *l.Next)
			}
			path = strings.TrimPrefix(*l.Next, apiPrefix)
		}
		if n > 100 {
			t.Fatal("the pages never end")
		}
	}
	return all, n
}

func strs(items []map[string]any, key string) []string {
	var out []string
	for _, it := range items {
		out = append(out, it[key].(string))
	}
	return out
}

func TestAPICustomersListPagesThroughEveryCustomer(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "viewer@a.example")
	count, err := f.a.Store.ListCustomers(context.Background(), store.CustomerQuery{CompanyID: f.coA.ID})
	if err != nil {
		t.Fatal(err)
	}
	whole, n := pages(t, c, f.companyA()+"/customers")
	if n != 1 || len(whole) != len(count) {
		t.Fatalf("default page: %d pages, %d customers of %d", n, len(whole), len(count))
	}
	paged, n := pages(t, c, f.companyA()+"/customers?limit=7")
	if want := (len(count) + 6) / 7; n != want {
		t.Errorf("%d pages of 7, want %d", n, want)
	}
	if !slices.Equal(strs(paged, "ref"), strs(whole, "ref")) {
		t.Errorf("paged %v, whole %v", strs(paged, "ref"), strs(whole, "ref"))
	}
	if len(c.get(f.companyA()+"/customers?limit=100000").want(t, http.StatusOK).items(t)) != len(count) {
		t.Error("a limit above 500 is not capped")
	}

	byOverdue := c.get(f.companyA()+"/customers?sort=overdue&limit=500").want(t, http.StatusOK).items(t)
	for i := 1; i < len(byOverdue); i++ {
		if byOverdue[i]["overdue_cents"].(float64) > byOverdue[i-1]["overdue_cents"].(float64) {
			t.Errorf("sort=overdue: %v after %v", byOverdue[i]["overdue_cents"], byOverdue[i-1]["overdue_cents"])
		}
	}
	late := c.get(f.companyA()+"/customers?min_days_late=30").want(t, http.StatusOK).items(t)
	if len(late) == 0 {
		t.Error("no customer 30 days late in the demo")
	}
	for _, cu := range late {
		if cu["max_days_late"].(float64) < 30 {
			t.Errorf("min_days_late=30 lists %v, %v days late", cu["ref"], cu["max_days_late"])
		}
	}
	profile := byOverdue[0]["profile"].(string)
	for _, cu := range c.get(f.companyA()+"/customers?profile="+profile).want(t, http.StatusOK).items(t) {
		if cu["profile"] != profile {
			t.Errorf("profile=%s lists %v", profile, cu)
		}
	}
	ref := whole[3]["ref"].(string)
	if found := c.get(f.companyA()+"/customers?q="+strings.ToLower(ref)).want(t, http.StatusOK).items(t); len(found) != 1 || found[0]["ref"] != ref {
		t.Errorf("q=%s found %v", ref, strs(found, "ref"))
	}

	for param, query := range map[string]string{"limit": "limit=0", "offset": "offset=-1", "sort": "sort=cheapest",
		"profile": "profile=mauvais", "min_days_late": "min_days_late=x", "late": "late=30"} {
		c.get(f.companyA()+"/customers?"+query).wantError(t, http.StatusBadRequest, "bad_request", param)
	}
}

func TestAPICustomerDetail(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "viewer@a.example")
	ids := f.objectsOfA(t)
	var d struct {
		Ref      string           `json:"ref"`
		Open     int64            `json:"open_cents"`
		Count    int              `json:"open_invoices"`
		Contacts []map[string]any `json:"contacts"`
		Invoices []struct {
			Open     int64  `json:"open_cents"`
			Customer string `json:"customer_ref"`
		} `json:"invoices"`
	}
	c.get(f.companyA()+"/customers/"+ids["ref"]).want(t, http.StatusOK).decode(t, &d)
	var sum int64
	for _, inv := range d.Invoices {
		sum += inv.Open
		if inv.Open <= 0 || inv.Customer != d.Ref {
			t.Errorf("an open invoice of %s: %+v", d.Ref, inv)
		}
	}
	if sum != d.Open || len(d.Invoices) != d.Count || len(d.Contacts) == 0 {
		t.Errorf("open %d, sum of invoices %d, %d invoices (count %d), %d contacts", d.Open, sum, len(d.Invoices), d.Count, len(d.Contacts))
	}
	c.get(f.companyA()+"/customers/NO-SUCH").wantError(t, http.StatusNotFound, "not_found", "")
	c.get(f.companyA()+"/customers/"+ids["ref"]+"?expand=all").wantError(t, http.StatusBadRequest, "bad_request", "expand")
}

func TestAPICreateCustomer(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	body := map[string]any{
		"ref": "API-1", "name": "Boulangerie Martin", "siren": "552 100 554", "kind": "b2b",
		"address":            map[string]any{"line1": "12 rue des Lilas", "postal_code": "69003", "city": "Lyon", "country": "fr"},
		"credit_limit_cents": 500000, "penalty_rate": "12.15", "profile": "careless",
		"contacts": []any{map[string]any{"name": "Anne Martin", "email": "anne@martin.example", "dunning": true}},
	}
	resp := c.post(f.companyA()+"/customers", body).want(t, http.StatusCreated)
	cu := resp.object(t)
	loc := resp.header.Get("Location")
	if loc != apiPrefix+f.companyA()+"/customers/API-1" {
		t.Errorf("Location %q", loc)
	}
	if cu["siren"] != "552100554" || cu["penalty_rate"] != "12.15" || cu["profile"] != "careless" ||
		cu["address"].(map[string]any)["country"] != "FR" || len(cu["contacts"].([]any)) != 1 || cu["open_cents"] != 0.0 {
		t.Errorf("created %v", cu)
	}
	c.get(strings.TrimPrefix(loc, apiPrefix)).want(t, http.StatusOK)
	c.post(f.companyA()+"/customers", body).wantError(t, http.StatusConflict, "conflict", "")

	before := f.digest(t)
	with := func(k string, v any) map[string]any {
		b := map[string]any{"ref": "API-2", "name": "Name"}
		b[k] = v
		return b
	}
	for _, tc := range []struct {
		body        any
		status      int
		code, field string
		describedAs string
	}{
		{map[string]any{"ref": "API-2"}, 422, "unprocessable", "name", "no name"},
		{map[string]any{"name": "x"}, 422, "unprocessable", "ref", "no ref"},
		{with("ref", "A/B"), 422, "unprocessable", "ref", "a ref with a slash"},
		{with("kind", "person"), 422, "unprocessable", "kind", "a bad kind"},
		{with("siren", "123"), 422, "unprocessable", "siren", "a short SIREN"},
		{with("language", "de"), 422, "unprocessable", "language", "German"},
		{with("profile", "mauvais payeur"), 422, "unprocessable", "profile", "a French profile name"},
		{with("policy", "no-such-policy"), 422, "unprocessable", "policy", "an unknown policy"},
		{with("penalty_rate", "12%%"), 422, "unprocessable", "penalty_rate", "a bad rate"},
		{with("credit_limit_cents", -1), 422, "unprocessable", "credit_limit_cents", "a negative limit"},
		{with("contacts", []any{map[string]any{"email": "not an address"}}), 422, "unprocessable", "contacts[0].email", "a bad e-mail"},
		{with("nmae", "x"), 400, "bad_request", "nmae", "a misspelt field"},
		{with("credit_limit_cents", "5000"), 400, "bad_request", "credit_limit_cents", "a string for an integer"},
		{with("credit_limit_cents", 50.5), 400, "bad_request", "credit_limit_cents", "a fraction of a cent"},
		{with("contacts", []any{map[string]any{"name": "x", "mail": "y"}}), 400, "bad_request", "mail", "a misspelt nested field"},
		{`{"ref": "API-2", "name": "x"`, 400, "bad_request", "", "truncated JSON"},
		{`{"ref": "API-2", "name": "x"} {}`, 400, "bad_request", "", "two objects"},
		{`[]`, 400, "bad_request", "", "an array"},
	} {
		resp := c.post(f.companyA()+"/customers", tc.body)
		if code, field, _ := resp.errorOf(t); resp.status != tc.status || code != tc.code || field != tc.field {
			t.Errorf("%s: %d %s %q, want %d %s %q", tc.describedAs, resp.status, code, field, tc.status, tc.code, tc.field)
		}
	}
	text := &apiClient{t: t, f: f, token: c.token, header: http.Header{"Content-Type": {"text/plain"}}}
	text.post(f.companyA()+"/customers", `{"ref": "API-2", "name": "x"}`).wantError(t, http.StatusBadRequest, "bad_request", "")
	c.post(f.companyA()+"/customers", `{"ref": "API-2", "name": "`+strings.Repeat("x", maxBody)+`"}`).wantError(t, http.StatusRequestEntityTooLarge, "too_large", "")
	if f.digest(t) != before {
		t.Error("a refused request changed something")
	}
}

func TestAPIUpdateCustomerChangesOnlyWhatIsSent(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ids := f.objectsOfA(t)
	path := f.companyA() + "/customers/" + ids["ref"]
	was := c.get(path).want(t, http.StatusOK).object(t)
	now := c.patch(path, map[string]any{"collector": "Julien"}).want(t, http.StatusOK).object(t)
	for k, v := range was {
		if k != "collector" && k != "contacts" && k != "invoices" && !equalJSON(v, now[k]) {
			t.Errorf("%s changed from %v to %v", k, v, now[k])
		}
	}
	if now["collector"] != "Julien" {
		t.Errorf("collector %v", now["collector"])
	}

	newProfile := "bad_payer"
	if was["profile"] == newProfile {
		newProfile = "careless"
	}
	c.patch(path, map[string]any{"profile": newProfile, "penalty_rate": "9.5"}).want(t, http.StatusOK)
	got := c.get(path).object(t)
	if got["profile"] != newProfile || got["penalty_rate"] != "9.50" || got["collector"] != "Julien" {
		t.Errorf("after profile and rate: %v %v %v", got["profile"], got["penalty_rate"], got["collector"])
	}
	if kinds := strs(c.get(path+"/timeline?limit=500").want(t, http.StatusOK).items(t), "kind"); !slices.Contains(kinds, "profile") {
		t.Errorf("the profile change is not in the timeline: %v", kinds)
	}

	before := f.digest(t)
	c.patch(path, `{"name": null}`).wantError(t, http.StatusBadRequest, "bad_request", "name")
	c.patch(path, map[string]any{"ref": "NEW"}).wantError(t, http.StatusBadRequest, "bad_request", "ref")
	c.patch(path, map[string]any{"collector": "Zoé", "policy": "no-such-policy"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "policy")
	c.patch(path, map[string]any{"name": "  "}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "name")
	c.patch(f.companyA()+"/customers/NO-SUCH", `{"name": null}`).wantError(t, http.StatusNotFound, "not_found", "")
	if f.digest(t) != before {
		t.Error("a refused update changed something")
	}
	if got := c.patch(path, map[string]any{"penalty_rate": ""}).want(t, http.StatusOK).object(t); got["penalty_rate"] != nil {
		t.Errorf("penalty_rate cleared: %v", got["penalty_rate"])
	}
}

func equalJSON(a, b any) bool {
	return strings.EqualFold(strings.TrimSpace(jsonString(a)), strings.TrimSpace(jsonString(b)))
}

func TestAPIPauseAndResumeACustomer(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ids := f.objectsOfA(t)
	path := f.companyA() + "/customers/" + ids["ref"]
	c.post(path+"/pause", map[string]any{"until": "2026-11-01", "reason": "x"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "until")
	c.post(path+"/pause", map[string]any{"until": "31/12/2026", "reason": "x"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "until")
	c.post(path+"/pause", map[string]any{"until": "2026-12-31"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "reason")
	res := c.post(path+"/pause", map[string]any{"until": "2026-12-31", "reason": "new purchase order"}).want(t, http.StatusOK).object(t)
	if res["pause"].(map[string]any)["paused_until"] != "2026-12-31" || res["changed"] != true {
		t.Errorf("pause: %v", res)
	}
	if got := c.get(path).object(t); got["paused_until"] != "2026-12-31" || got["pause_reason"] != "new purchase order" {
		t.Errorf("paused customer: %v %v", got["paused_until"], got["pause_reason"])
	}
	if res := c.post(path+"/resume", nil).want(t, http.StatusOK).object(t); res["changed"] != true {
		t.Errorf("resume: %v", res)
	}
	if res := c.post(path+"/resume", "{}").want(t, http.StatusOK).object(t); res["changed"] != false {
		t.Errorf("resume again: %v", res)
	}
	if got := c.get(path).object(t); got["paused_until"] != nil {
		t.Errorf("resumed customer paused until %v", got["paused_until"])
	}
	kinds := strs(c.get(path+"/timeline?limit=500").items(t), "kind")
	if !slices.Contains(kinds, "resume") || slices.Index(kinds, "resume") > slices.Index(kinds, "pause") {
		t.Errorf("timeline, newest first: %v", kinds)
	}
	entries, n := pages(t, c, path+"/timeline?limit=3")
	if len(entries) < 3 || n < 2 {
		t.Errorf("timeline: %d entries in %d pages", len(entries), n)
	}
}

func TestAPIContacts(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ids := f.objectsOfA(t)
	path := f.companyA() + "/customers/" + ids["ref"] + "/contacts"
	ct := c.post(path, map[string]any{"name": "Paul Durand", "role": "treasury", "email": "paul@durand.example", "dunning": true}).
		want(t, http.StatusCreated).object(t)
	cu := c.get(f.companyA() + "/customers/" + ids["ref"]).object(t)
	for _, o := range cu["contacts"].([]any) {
		o := o.(map[string]any)
		if o["dunning"] != (o["id"] == ct["id"]) {
			t.Errorf("contact %v dunning %v: the new dunning contact is the only one", o["name"], o["dunning"])
		}
	}
	c.post(path, map[string]any{"role": "accounting"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "name")

	id := jsonString(ct["id"])
	if err := f.a.Store.UpdateContact(context.Background(), contactWithUndeliverable(t, f, ids["ref"], ct["id"].(float64))); err != nil {
		t.Fatal(err)
	}
	got := c.patch(path+"/"+id, map[string]any{"email": "paul.durand@durand.example"}).want(t, http.StatusOK).object(t)
	if got["email"] != "paul.durand@durand.example" || got["undeliverable"] != "" || got["role"] != "treasury" {
		t.Errorf("after a new address: %v", got)
	}
	c.patch(path+"/"+id, map[string]any{"email": "nope"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "email")
	// Another customer's contact is not found through this customer.
	other := c.get(f.companyA() + "/customers?sort=ref&limit=2").items(t)
	otherRef := other[0]["ref"].(string)
	if otherRef == ids["ref"] {
		otherRef = other[1]["ref"].(string)
	}
	c.patch(f.companyA()+"/customers/"+otherRef+"/contacts/"+id, map[string]any{"name": "x"}).wantError(t, http.StatusNotFound, "not_found", "")
	c.patch(path+"/abc", map[string]any{"name": "x"}).wantError(t, http.StatusNotFound, "not_found", "")
}

// contactWithUndeliverable reads the contact and marks its address as failing, as a bounce
// would.
func contactWithUndeliverable(t *testing.T, f *fixture, ref string, id float64) receivable.Contact {
	t.Helper()
	ctx := context.Background()
	cu, err := f.a.Store.CustomerByRef(ctx, f.coA.ID, ref)
	if err != nil {
		t.Fatal(err)
	}
	all, err := f.a.Store.Contacts(ctx, f.coA.ID, cu.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range all {
		if float64(ct.ID) == id {
			ct.Undeliverable = "550 mailbox unknown"
			return ct
		}
	}
	t.Fatalf("no contact %v", id)
	return receivable.Contact{}
}

func TestAPISendAStatementNow(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ids := f.objectsOfA(t)
	path := f.companyA() + "/customers/" + ids["ref"] + "/statement/send"
	sent := c.post(path, nil).want(t, http.StatusOK).object(t)
	if sent["queued"] != true || (sent["channel"] != "email" && sent["channel"] != "letter") || sent["outbox_id"].(float64) <= 0 {
		t.Fatalf("sent: %v", sent)
	}
	it := c.get(f.companyA()+"/outbox/"+jsonString(sent["outbox_id"])).want(t, http.StatusOK).object(t)
	if it["kind"] != "statement" || it["channel"] != sent["channel"] || it["customer_ref"] != ids["ref"] {
		t.Errorf("the outbox item: %v", it)
	}
	// The same request within the same second (a double click, a retry) queues nothing more.
	if again := c.post(path, nil).want(t, http.StatusOK).object(t); again["queued"] != false || again["outbox_id"] != 0.0 {
		t.Errorf("again: %v", again)
	}
	entries := 0
	for _, e := range c.get(f.companyA() + "/customers/" + ids["ref"] + "/timeline?limit=500").items(t) {
		if e["kind"] == "statement" {
			entries++
		}
	}
	if entries != 1 {
		t.Errorf("%d statement entries in the timeline", entries)
	}
	// A customer who owes nothing has no statement to send.
	c.post(f.companyA()+"/customers", map[string]any{"ref": "API-NIL", "name": "Rien à devoir"}).want(t, http.StatusCreated)
	before := f.digest(t)
	c.post(f.companyA()+"/customers/API-NIL/statement/send", nil).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "")
	c.post(f.companyA()+"/customers/NO-SUCH/statement/send", nil).wantError(t, http.StatusNotFound, "not_found", "")
	c.post(path, map[string]any{"channel": "letter"}).wantError(t, http.StatusBadRequest, "bad_request", "channel")
	if f.digest(t) != before {
		t.Error("a refused statement changed something")
	}
}
