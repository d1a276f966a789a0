package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

var today = civil.MustParse("2026-11-23")

// fixture is a server on a demo dataset (company A) and a second company (B), with a user of
// each role in A and an admin of B.
type fixture struct {
	srv  *httptest.Server
	web  *Server
	a    *app.App
	coA  receivable.Company
	coB  receivable.Company
	refB string // a customer reference of company B
}

const password = "correct horse battery"

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.SQLite(t)
	a := app.New(db, nil)
	a.Now = func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }
	sum, err := demo.Load(ctx, db, demo.Generate(demo.Options{Seed: 2, Customers: 30, Today: today}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Run(ctx, sum.Company, app.RunOptions{Day: today}); err != nil {
		t.Fatal(err)
	}
	coB, _, _ := a.Init(ctx, receivable.Company{Name: "Other Company"})
	cuB := storetest.Customer(t, db, coB.ID, "SECRET-B")
	storetest.Invoice(t, db, cuB, "FB-1", "2026-10-01", "999.00")
	for _, u := range []struct {
		email string
		co    receivable.Company
		role  auth.Role
	}{{"admin@a.example", sum.Company, auth.Admin}, {"collector@a.example", sum.Company, auth.Collector},
		{"viewer@a.example", sum.Company, auth.Viewer}, {"admin@b.example", coB, auth.Admin}} {
		if _, _, err := a.AddUser(ctx, u.co, u.email, "", password, u.role); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(a, nil, Config{Composer: a.Composer()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, web: s, a: a, coA: sum.Company, coB: coB, refB: "SECRET-B"}
}

// client logs in as email and returns a client that keeps the session and does not follow
// redirects (the tests look at them).
func (f *fixture) client(t *testing.T, email string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if email == "" {
		return c
	}
	resp, err := c.PostForm(f.srv.URL+"/login", url.Values{"email": {email}, "password": {password}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %d", email, resp.StatusCode)
	}
	return c
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestEveryPageRendersInBothLanguages(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "admin@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug
	for _, lang := range []string{"fr", "en"} {
		for _, p := range []string{"/", "/customers", "/customers?q=a&sort=late&late=10", "/customers/C0001", "/worklist", "/outbox", "/outbox?status=held"} {
			code, body := get(t, c, base+p+sep(p)+"lang="+lang)
			if code != 200 || !strings.Contains(body, "</html>") {
				t.Errorf("%s %s: %d", lang, p, code)
			}
		}
	}
	_, body := get(t, c, base+"/?lang=fr")
	if !strings.Contains(body, "Tableau de bord") || !strings.Contains(body, "<svg") {
		t.Error("the French dashboard has no title or chart")
	}
}

func TestPagesWithoutASessionSendToTheLoginPage(t *testing.T) {
	f := newFixture(t)
	anon := f.client(t, "")
	for _, p := range []string{"/", "/c/" + f.coA.Slug + "/", "/c/" + f.coA.Slug + "/customers/C0001", "/c/" + f.coA.Slug + "/outbox"} {
		resp, err := anon.Get(f.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("%s without a session: %d %s", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	resp, _ := anon.PostForm(f.srv.URL+"/c/"+f.coA.Slug+"/outbox/1/approve", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("POST without a session: %d", resp.StatusCode)
	}
}

func TestAUserOfAnotherCompanyGetsNotFound(t *testing.T) {
	f := newFixture(t)
	b := f.client(t, "admin@b.example")
	items, _ := f.a.Store.ListOutbox(context.Background(), store.OutboxQuery{CompanyID: f.coA.ID, Limit: 1})
	for _, p := range []string{"/c/" + f.coA.Slug + "/", "/c/" + f.coA.Slug + "/customers/C0001", "/c/" + f.coA.Slug + "/worklist"} {
		if code, _ := get(t, b, f.srv.URL+p); code != http.StatusNotFound {
			t.Errorf("B's admin on %s: %d", p, code)
		}
	}
	// Through B's own company, A's objects do not exist either.
	if code, _ := get(t, b, f.srv.URL+"/c/"+f.coB.Slug+"/customers/C0001"); code != http.StatusNotFound {
		t.Errorf("A's customer through B: %d", code)
	}
	if len(items) > 0 {
		resp, _ := b.PostForm(f.srv.URL+"/c/"+f.coB.Slug+"/outbox/"+itoa(items[0].ID)+"/retry", nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("retry A's outbox item through B: %d", resp.StatusCode)
		}
	}
	a := f.client(t, "admin@a.example")
	if code, body := get(t, a, f.srv.URL+"/c/"+f.coA.Slug+"/customers/"+f.refB); code != http.StatusNotFound || strings.Contains(body, "FB-1") {
		t.Errorf("B's customer through A: %d", code)
	}
}

func TestAViewerCannotChangeAnything(t *testing.T) {
	f := newFixture(t)
	v := f.client(t, "viewer@a.example")
	held, _ := f.a.Store.ListOutbox(context.Background(), store.OutboxQuery{CompanyID: f.coA.ID, Statuses: []string{store.OutboxHeld}})
	if len(held) == 0 {
		t.Skip("no held item in this dataset")
	}
	resp, _ := v.PostForm(f.srv.URL+"/c/"+f.coA.Slug+"/outbox/"+itoa(held[0].ID)+"/approve", nil)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("viewer approves: %d", resp.StatusCode)
	}
	after, _ := f.a.Store.OutboxItemByID(context.Background(), f.coA.ID, held[0].ID)
	if after.Status != store.OutboxHeld {
		t.Errorf("the viewer's POST changed the item: %s", after.Status)
	}
	if code, _ := get(t, v, f.srv.URL+"/c/"+f.coA.Slug+"/outbox"); code != 200 {
		t.Errorf("viewer reads the outbox: %d", code)
	}
}

func TestCrossSitePostsAreRefused(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "admin@a.example")
	held, _ := f.a.Store.ListOutbox(context.Background(), store.OutboxQuery{CompanyID: f.coA.ID, Statuses: []string{store.OutboxHeld}})
	if len(held) == 0 {
		t.Skip("no held item in this dataset")
	}
	req, _ := http.NewRequest("POST", f.srv.URL+"/c/"+f.coA.Slug+"/outbox/"+itoa(held[0].ID)+"/approve", nil)
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", resp.StatusCode)
	}
	if after, _ := f.a.Store.OutboxItemByID(context.Background(), f.coA.ID, held[0].ID); after.Status != store.OutboxHeld {
		t.Errorf("the cross-site POST changed the item: %s", after.Status)
	}
}

func TestLoginAttemptsAreRateLimited(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "")
	var last int
	for i := 0; i < 7; i++ {
		resp, err := c.PostForm(f.srv.URL+"/login", url.Values{"email": {"admin@a.example"}, "password": {"wrong password"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		last = resp.StatusCode
		if i < 5 && last != http.StatusUnauthorized {
			t.Errorf("attempt %d: %d", i+1, last)
		}
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("7th attempt: %d, want 429", last)
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "admin@a.example")
	resp, _ := c.PostForm(f.srv.URL+"/logout", nil)
	resp.Body.Close()
	resp, _ = c.Get(f.srv.URL + "/c/" + f.coA.Slug + "/")
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after logout: %d", resp.StatusCode)
	}
}

func TestEveryTranslatedTextHasItsFrench(t *testing.T) {
	re := regexp.MustCompile(`\bt \$?\.?L "([^"]+)"`)
	files, _ := filepath.Glob("templates/*.html")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			frMu.RLock()
			_, ok := fr[m[1]]
			frMu.RUnlock()
			if !ok {
				t.Errorf("%s: %q has no French translation", f, m[1])
			}
		}
	}
}

func TestRedirectAfterLoginStaysOnTheSite(t *testing.T) {
	for in, want := range map[string]string{"/c/x/": "/c/x/", "https://evil.example/": "/", "//evil.example": "/", "/\\evil": "/"} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q", in, got)
		}
	}
}

func itoa(i int64) string { return strconvFormat(i) }
