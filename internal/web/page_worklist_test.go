package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
)

// The worklist page shows the application's worklist a page at a time, in its order, both
// lists moving together, with links to the next and previous pages.
func TestTheWorklistPagesFollowTheWorklistsOrder(t *testing.T) {
	f := newFixture(t)
	defer func(n int) { worklistPerPage = n }(worklistPerPage)
	worklistPerPage = 3
	wl, err := f.a.Worklist(context.Background(), f.coA, app.WorklistParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(wl.Todo) <= 2*worklistPerPage {
		t.Fatalf("%d calls and tasks: too few for three pages", len(wl.Todo))
	}
	var want []int64
	for _, it := range wl.Todo {
		want = append(want, it.ActionID)
	}
	c := f.client(t, "collector@a.example")
	entry := regexp.MustCompile(`<details class="action" id="action-(\d+)">`)
	next := regexp.MustCompile(`<a href="([^"]+)">Next →</a>`)
	var got []int64
	u := f.srv.URL + "/c/" + f.coA.Slug + "/worklist?lang=en"
	for pages := 1; ; pages++ {
		code, body := get(t, c, u)
		if code != 200 {
			t.Fatalf("%s: %d", u, code)
		}
		ids := entry.FindAllStringSubmatch(body, -1)
		if len(ids) > worklistPerPage {
			t.Fatalf("page %d shows %d entries, more than %d", pages, len(ids), worklistPerPage)
		}
		for _, m := range ids {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			got = append(got, id)
		}
		if pages > 1 && !regexp.MustCompile(`← Previous</a>`).MatchString(body) {
			t.Errorf("page %d has no link back", pages)
		}
		m := next.FindStringSubmatch(body)
		if m == nil {
			break
		}
		u = f.srv.URL + html.UnescapeString(m[1])
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages put end to end = %v\nwant the worklist's order %v", got, want)
	}
}

// A worklist call is closed in one click, or opens the customer's call form bound to it, to
// record a promise, a dispute or the right contact; the entry is the one closed.
func TestAWorklistCallOpensTheCustomersCallFormBoundToIt(t *testing.T) {
	f := newFixture(t)
	wl, err := f.a.Worklist(context.Background(), f.coA, app.WorklistParams{})
	if err != nil {
		t.Fatal(err)
	}
	var call app.WorkItem
	for _, it := range wl.Todo {
		if it.Channel == "call" {
			call = it
			break
		}
	}
	if call.ActionID == 0 {
		t.Fatal("no call on the worklist")
	}
	c := f.client(t, "collector@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug
	_, body := get(t, c, base+"/worklist?lang=en")
	link := "/c/" + f.coA.Slug + "/customers/" + call.CustomerRef + "?call=" + strconv.FormatInt(call.ActionID, 10) + "#call"
	if !strings.Contains(body, html.EscapeString(link)) {
		t.Fatalf("the worklist entry has no link %s", link)
	}
	_, page := get(t, c, f.srv.URL+strings.TrimSuffix(link, "#call")+"&lang=en")
	post := `action="/c/` + f.coA.Slug + `/actions/` + strconv.FormatInt(call.ActionID, 10) + `/call"`
	if !strings.Contains(page, `<details class="action" open>`+"\n"+`  <summary id="call">`) || !strings.Contains(page, post) {
		t.Errorf("the customer page does not open its call form posting to the entry (%s)", post)
	}
	// Another customer's call, or no call, leaves the form as usual.
	_, other := get(t, c, base+"/customers/C0001?call="+strconv.FormatInt(call.ActionID, 10)+"&lang=en")
	if call.CustomerRef != "C0001" && strings.Contains(other, post) {
		t.Error("another customer's page posts to this call")
	}
}

// The worklist's body is kept between visits; a change made through the application shows at
// the next visit, one made elsewhere once the server is told (the daily run) or after the
// cache's lifetime.
func TestTheWorklistShowsAChangeAtTheNextVisit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	wl, err := f.a.Worklist(ctx, f.coA, app.WorklistParams{})
	if err != nil || len(wl.Todo) < 3 {
		t.Fatalf("worklist: %d entries, %v", len(wl.Todo), err)
	}
	c := f.client(t, "collector@a.example")
	u := f.srv.URL + "/c/" + f.coA.Slug + "/worklist?lang=en"
	shows := func(id int64) bool {
		t.Helper()
		_, body := get(t, c, u)
		return strings.Contains(body, `id="action-`+strconv.FormatInt(id, 10)+`"`)
	}
	first, second, third := wl.Todo[0].ActionID, wl.Todo[1].ActionID, wl.Todo[2].ActionID
	if !shows(first) {
		t.Fatal("the first entry is not on the page")
	}

	// Through the application: the entry marked done leaves the page at once.
	if code, _, _ := submit(t, c, f.srv.URL+"/c/"+f.coA.Slug+"/actions/"+strconv.FormatInt(first, 10)+"/done", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("mark done: %d", code)
	}
	if shows(first) {
		t.Error("an entry marked done from the page is still listed")
	}

	// Elsewhere (the command line, straight to the store): seen once the server is told…
	done := func(id int64) {
		if err := f.a.Store.SetActionStatus(ctx, f.coA.ID, id, []dunning.Status{dunning.StatusQueued}, dunning.StatusDone, "", "cli"); err != nil {
			t.Fatal(err)
		}
	}
	done(second)
	if !shows(second) {
		t.Error("the kept page was not used")
	}
	f.web.Changed(f.coA.ID)
	if shows(second) {
		t.Error("after Changed, an entry done elsewhere is still listed")
	}
	// …or when the kept page has lived its time.
	done(third)
	f.web.content.ttl = 0
	if shows(third) {
		t.Error("after its lifetime, the kept page is still shown")
	}
}

// The customer page is kept between visits too; whatever a form of the application changes
// shows at the next visit.
func TestTheCustomerPageShowsAChangeMadeThroughAFormAtTheNextVisit(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "collector@a.example")
	page := f.srv.URL + "/c/" + f.coA.Slug + "/customers/C0001"
	_, before := get(t, c, page+"?lang=en")
	const note = "rappeler après le salon"
	if strings.Contains(before, note) {
		t.Fatal("the note is there before")
	}
	if code, _, _ := submit(t, c, page+"/call", url.Values{"outcome": {"no_answer"}, "note": {note}}); code != http.StatusSeeOther {
		t.Fatalf("log a call: %d", code)
	}
	if _, after := get(t, c, page+"?lang=en"); !strings.Contains(after, note) {
		t.Error("the call logged is not on the customer page")
	}
}

// A page answered from what was kept is the page as drawn: title and body, for anyone.
func TestAKeptPageIsThePageAsDrawn(t *testing.T) {
	f := newFixture(t)
	cu, err := f.a.Store.CustomerByRef(context.Background(), f.coA.ID, "C0001")
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"collector@a.example", "viewer@a.example"} {
		c := f.client(t, who)
		for _, p := range []string{"/customers/C0001", "/worklist"} {
			u := f.srv.URL + "/c/" + f.coA.Slug + p + "?lang=en"
			code1, first := get(t, c, u)
			code2, second := get(t, c, u)
			if code1 != 200 || code2 != 200 || first != second {
				t.Errorf("%s %s: %d then %d, same page: %v", who, p, code1, code2, first == second)
			}
		}
		_, page := get(t, c, f.srv.URL+"/c/"+f.coA.Slug+"/customers/C0001?lang=en")
		if want := "<title>" + html.EscapeString(cu.Name) + " · relance</title>"; !strings.Contains(page, want) {
			t.Errorf("%s: the kept customer page has no %s", who, want)
		}
		if strings.Contains(page, `/call"`) != (who == "collector@a.example") {
			t.Errorf("%s: the kept page's forms are not the reader's", who)
		}
	}
}
