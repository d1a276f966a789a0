package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/receivable"
)

// worklistCustomer is a customer of company A with a call or a task on today's worklist.
func (f *fixture) worklistCustomer(t *testing.T) (receivable.Customer, []int64) {
	t.Helper()
	ctx := context.Background()
	wl, err := f.a.Worklist(ctx, f.coA, app.WorklistParams{})
	if err != nil || len(wl.Todo) == 0 {
		t.Fatalf("no worklist in the demo (%v)", err)
	}
	ref := wl.Todo[0].CustomerRef
	var ids []int64
	for _, it := range wl.Todo {
		if it.CustomerRef == ref {
			ids = append(ids, it.ActionID)
		}
	}
	cu, err := f.a.Store.CustomerByRef(ctx, f.coA.ID, ref)
	if err != nil {
		t.Fatal(err)
	}
	return cu, ids
}

func TestACollectorSetsTheCustomersCollectorFromThePageAndTheWorklistFiltersOnIt(t *testing.T) {
	f := newFixture(t)
	cu, ids := f.worklistCustomer(t)
	coll := f.client(t, "collector@a.example")
	page := f.srv.URL + "/c/" + f.coA.Slug + "/customers/" + url.PathEscape(cu.Ref)

	// The form suggests the company's users.
	_, body := get(t, coll, page+"?lang=en")
	for _, want := range []string{`action="/c/` + f.coA.Slug + `/customers/` + cu.Ref + `/collector"`, `<datalist id="collector-users">`,
		`<option value="collector@a.example">`, `<option value="viewer@a.example">`} {
		if !strings.Contains(body, want) {
			t.Errorf("the customer page lacks %s", want)
		}
	}
	if strings.Contains(body, "admin@b.example") {
		t.Error("the form suggests a user of another company")
	}

	before := f.events(t, cu, "collector")
	code, _, loc := submit(t, coll, page+"/collector", url.Values{"collector": {"  collector@a.example "}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "flash=Collector+changed.") {
		t.Fatalf("set: %d %s", code, loc)
	}
	if got, _ := f.a.Store.Customer(context.Background(), f.coA.ID, cu.ID); got.Collector != "collector@a.example" {
		t.Fatalf("stored collector %q", got.Collector)
	}
	if got := f.events(t, cu, "collector"); got != before+1 {
		t.Errorf("%d collector events, want %d", got, before+1)
	}
	// The header says who follows the account, the timeline who changed it, in both languages.
	was := cu.Collector
	if was == "" {
		was = "personne"
	}
	for lang, kind := range map[string]string{"en": "collector", "fr": "Gestionnaire"} {
		_, body = get(t, coll, f.srv.URL+loc+"&lang="+lang)
		for _, want := range []string{
			`<a href="/c/` + f.coA.Slug + `/worklist?collector=collector%40a.example">collector@a.example</a>`,
			`value="collector@a.example"`,
			" · " + kind + " · ",
			"Gestionnaire du compte : " + was + " → collector@a.example",
			`class="flash"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the customer page lacks %s", lang, want)
			}
		}
	}
	if _, body = get(t, coll, f.srv.URL+loc+"&lang=fr"); !strings.Contains(body, "Gestionnaire modifié.") {
		t.Error("no French flash message")
	}

	// The worklist filtered on that collector shows the customer's entries, and only those.
	_, body = get(t, coll, f.srv.URL+"/c/"+f.coA.Slug+"/worklist?collector="+url.QueryEscape("collector@a.example"))
	for _, id := range ids {
		if !strings.Contains(body, fmt.Sprintf(`id="action-%d"`, id)) {
			t.Errorf("the filtered worklist lacks action %d of %s", id, cu.Ref)
		}
	}
	if n := strings.Count(body, `<details class="action" id="action-`); n != len(ids) {
		t.Errorf("the filtered worklist shows %d entries, want %d", n, len(ids))
	}

	// An empty field clears it.
	if code, _, loc = submit(t, coll, page+"/collector", url.Values{"collector": {""}}); code != http.StatusSeeOther || !strings.Contains(loc, "flash=Collector+removed.") {
		t.Fatalf("clear: %d %s", code, loc)
	}
	if got, _ := f.a.Store.Customer(context.Background(), f.coA.ID, cu.ID); got.Collector != "" {
		t.Errorf("collector after the clear: %q", got.Collector)
	}
}

func TestAViewerCannotSetACustomersCollector(t *testing.T) {
	f := newFixture(t)
	cu, _ := f.debtor(t)
	before := f.digest(t)
	code, _, _ := submit(t, f.client(t, "viewer@a.example"), f.srv.URL+"/c/"+f.coA.Slug+"/customers/"+cu.Ref+"/collector",
		url.Values{"collector": {"viewer@a.example"}})
	if code != http.StatusForbidden {
		t.Errorf("a viewer's collector: %d, want 403", code)
	}
	if f.digest(t) != before {
		t.Error("a viewer's collector changed the store")
	}
	if _, body := get(t, f.client(t, "viewer@a.example"), f.srv.URL+"/c/"+f.coA.Slug+"/customers/"+cu.Ref); strings.Contains(body, "collector-users") {
		t.Error("a viewer is shown the collector form")
	}
}

func TestATooLongCollectorIsRefusedOnItsFormWithWhatWasTyped(t *testing.T) {
	f := newFixture(t)
	cu, _ := f.debtor(t)
	before := f.digest(t)
	long := strings.Repeat("x", app.MaxCollectorLen+1)
	code, body, _ := submit(t, f.client(t, "collector@a.example"), f.srv.URL+"/c/"+f.coA.Slug+"/customers/"+cu.Ref+"/collector?lang=fr",
		url.Values{"collector": {long}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("201 characters: %d, want 422", code)
	}
	for _, want := range []string{"Rien n&#39;a été enregistré.", "Gestionnaire —", "200 caractères au plus", `value="` + long + `"`, `aria-invalid="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused form lacks %s", want)
		}
	}
	if f.digest(t) != before {
		t.Error("a refused collector changed the store")
	}
}

func TestAPIPatchSetsAndClearsTheCollectorAndRecordsIt(t *testing.T) {
	f := newFixture(t)
	cu, _ := f.debtor(t)
	c := f.api(t, "collector@a.example")
	path := f.companyA() + "/customers/" + cu.Ref
	if got := c.patch(path, map[string]any{"collector": " julie@atelier.example "}).want(t, http.StatusOK).object(t); got["collector"] != "julie@atelier.example" {
		t.Errorf("set: %v", got["collector"])
	}
	if got := f.events(t, cu, "collector"); got != 1 {
		t.Errorf("%d collector events after the set, want 1", got)
	}
	// The same again is no change, and records nothing.
	c.patch(path, map[string]any{"collector": "julie@atelier.example"}).want(t, http.StatusOK)
	if got := c.patch(path, map[string]any{"collector": ""}).want(t, http.StatusOK).object(t); got["collector"] != "" {
		t.Errorf("clear: %v", got["collector"])
	}
	if got := f.events(t, cu, "collector"); got != 2 {
		t.Errorf("%d collector events after the clear, want 2", got)
	}
	summaries := strs(c.get(path+"/timeline?limit=500").want(t, http.StatusOK).items(t), "summary")
	if !slices.Contains(summaries, "Gestionnaire du compte : julie@atelier.example → personne") {
		t.Errorf("the timeline does not show the clear: %v", summaries)
	}

	before := f.digest(t)
	c.patch(path, map[string]any{"collector": strings.Repeat("x", app.MaxCollectorLen+1), "name": "Renamed"}).
		wantError(t, http.StatusUnprocessableEntity, "unprocessable", "collector")
	if f.digest(t) != before {
		t.Error("a refused collector changed something")
	}
	f.api(t, "viewer@a.example").patch(path, map[string]any{"collector": "viewer@a.example"}).want(t, http.StatusForbidden)
}
