package web

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
)

// langLink is the address of the layout's language switch on a page.
func langLink(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`<a href="([^"]*)" class="lang">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the page has no language link")
	}
	return html.UnescapeString(m[1])
}

// follow is the address a browser goes to from a link on the page at pageURL.
func follow(t *testing.T, pageURL, link string) string {
	t.Helper()
	base, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return base.ResolveReference(ref).String()
}

// postWithReferer posts a form as a browser does from the page referer.
func postWithReferer(t *testing.T, c *http.Client, u, referer string, form url.Values) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if referer != "" {
		req.Header.Set("Referer", referer)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// A form refused with 422 is drawn at the form's POST address; its language link leads to
// a page that answers a GET — the page the form was on, else the one above the address —
// in the other language.
func TestTheLanguageLinkOfARefusedFormLeadsToAPageThatAnswers(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "collector@a.example")
	home := f.srv.URL + "/c/" + f.coA.Slug
	customer := "/c/" + f.coA.Slug + "/customers/C0006"
	promise := f.srv.URL + customer + "/promise"
	bad := url.Values{"date": {today.AddDays(5).String()}, "amount": {"douze euros"}}
	for _, tc := range []struct{ what, referer, want string }{
		{"from the customer page", f.srv.URL + customer + "?tab=history", customer + "?lang=en&tab=history"},
		{"without a Referer", "", customer + "?lang=en"},
		// A second refusal: the form was on the first refusal's page, a POST address.
		{"from a refused form's page", promise, customer + "?lang=en"},
		{"from another site", "https://evil.example" + customer + "/x", customer + "?lang=en"},
	} {
		code, page := postWithReferer(t, c, promise+"?lang=fr", tc.referer, bad)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: the refused promise answers %d", tc.what, code)
		}
		link := langLink(t, page)
		if link != tc.want {
			t.Errorf("%s: the language link is %q, want %q", tc.what, link, tc.want)
		}
		code, page = get(t, c, follow(t, promise+"?lang=fr", link))
		if code != 200 || !strings.Contains(page, `<html lang="en">`) {
			t.Errorf("%s: the language link answers %d", tc.what, code)
		}
	}

	// A refused import confirmation: back to the preview, its kind and options kept.
	b := f.client(t, "admin@b.example")
	bad2 := readSample(t, ownFEC)
	bad2.content = []byte("not a FEC at all\n")
	_, _, loc := uploadFiles(t, b, f.srv.URL+"/c/"+f.coB.Slug+"/imports", url.Values{"kind": {"fec"}, "accounts": {"411"}}, bad2)
	u, _ := url.Parse(loc)
	code, page := postWithReferer(t, b, f.srv.URL+u.Path+"?lang=fr", f.srv.URL+loc, u.Query())
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("the refused import answers %d", code)
	}
	link := langLink(t, page)
	if lu, _ := url.Parse(link); lu.Path != u.Path || lu.Query().Get("kind") != "fec" || lu.Query().Get("accounts") != "411" || lu.Query().Get("lang") != "en" {
		t.Errorf("the refused import's language link is %q", link)
	}
	if code, _ := get(t, b, follow(t, f.srv.URL+u.Path+"?lang=fr", link)); code != 200 {
		t.Errorf("the refused import's language link answers %d", code)
	}

	// A page read by GET keeps its query, without the flash already shown.
	_, page = get(t, c, home+"/customers?q=a&sort=late&flash=Saved&lang=fr")
	if link := langLink(t, page); link != "/c/"+f.coA.Slug+"/customers?lang=en&q=a&sort=late" {
		t.Errorf("the customers list's language link is %q", link)
	}
}

// The language link knows the pages routes.go registers itself, beside those of
// extraRoutes: a page missing from coreGETPages would send a refused form's language link
// above it.
func TestTheLanguageLinkKnowsEveryPageOfRoutesGo(t *testing.T) {
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, p := range coreGETPages {
		known[p] = true
	}
	// Not pages: nothing is drawn there, so no form is refused on them.
	notPages := map[string]bool{"/static/": true, "/healthz": true, "/metrics": true, "/switch": true}
	for _, m := range regexp.MustCompile(`mux\.Handle(?:Func)?\("GET (/[^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		if !known[m[1]] && !notPages[m[1]] {
			t.Errorf("GET %s is not in coreGETPages", m[1])
		}
	}
	for _, p := range []string{"/c/x/customers/C1", "/c/x/imports/12", "/c/x/matches", "/c/x/", "/c/x/settings/users"} {
		if !gettable(&url.URL{Path: p}) {
			t.Errorf("%s is not known as a page", p)
		}
	}
	for _, p := range []string{"/c/x/customers/C1/promise", "/c/x/outbox/3/approve", "/c/x/matches/3/accept", "/logout"} {
		if gettable(&url.URL{Path: p}) {
			t.Errorf("%s is taken for a page", p)
		}
	}
}

// The navigation leads every role to the matching review queue.
func TestTheNavigationLinksToTheMatchingQueueForEveryRole(t *testing.T) {
	f := newFixture(t)
	for _, email := range []string{"viewer@a.example", "collector@a.example", "admin@a.example"} {
		c := f.client(t, email)
		for lang, label := range map[string]string{"fr": "Lettrage", "en": "Matching"} {
			_, page := get(t, c, f.srv.URL+"/c/"+f.coA.Slug+"/?lang="+lang)
			if !regexp.MustCompile(`<a href="/c/` + f.coA.Slug + `/matches"[^>]*>` + label + `</a>`).MatchString(page) {
				t.Errorf("%s, %s: no link to the matching queue", email, lang)
			}
		}
		code, page := get(t, c, f.srv.URL+"/c/"+f.coA.Slug+"/matches")
		if code != 200 || !strings.Contains(page, `/matches" class="on"`) {
			t.Errorf("%s: the matching queue answers %d, or is not marked in the navigation", email, code)
		}
	}
}
