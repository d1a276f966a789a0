package web

import (
	"context"
	"html"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/relance-app/relance/internal/app"
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
