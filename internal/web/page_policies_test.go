package web

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/store"
)

// postForm sends a form and returns the status, the body and where a redirect goes.
func postForm(t *testing.T, c *http.Client, u string, form url.Values) (int, string, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String(), resp.Header.Get("Location")
}

func TestPolicyPagesRenderForAViewerInBothLanguages(t *testing.T) {
	f := newFixture(t)
	v := f.client(t, "viewer@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug
	for _, lang := range []string{"fr", "en"} {
		for _, p := range []string{"/policies", "/policies/standard-fr", "/policies/careless-fr"} {
			code, body := get(t, v, base+p+"?lang="+lang)
			if code != 200 || !strings.Contains(body, "</html>") {
				t.Errorf("%s %s: %d", lang, p, code)
			}
			if strings.Contains(body, `action="`+"/c/"+f.coA.Slug+"/policies") {
				t.Errorf("%s %s: a viewer is offered a form that changes policies", lang, p)
			}
		}
	}
	_, body := get(t, v, base+"/policies/standard-fr?lang=fr")
	for _, want := range []string{"mise-en-demeure", "formal-notice", "Décalage (jours)", "min_days_between_contacts: 5", "niveau 3"} {
		if !strings.Contains(body, want) {
			t.Errorf("the French policy page lacks %q", want)
		}
	}
	code, yaml := get(t, v, base+"/policies/standard-fr/export")
	if code != 200 || !strings.HasPrefix(yaml, "name: standard-fr") {
		t.Errorf("export: %d %.60s", code, yaml)
	}
	if _, err := dunning.ParsePolicy([]byte(yaml)); err != nil {
		t.Errorf("the exported file does not read back: %v", err)
	}
}

func TestSavingAnInvalidPolicyShowsItsLineAndSavesNothing(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "collector@a.example")
	ctx := context.Background()
	u := f.srv.URL + "/c/" + f.coA.Slug + "/policies/standard-fr"
	_, body := get(t, c, u)
	file := strings.Replace(yamlOf(t, body), "channel: task", "channel: fax", 1)
	code, body, _ := postForm(t, c, u+"?lang=en", url.Values{"policy": {strings.ReplaceAll(file, "\n", "\r\n")}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid policy: %d", code)
	}
	for _, want := range []string{"Nothing was saved.", "contentieux", "<code>channel</code>", "line ", `unknown channel &#34;fax&#34;`, "channel: fax"} {
		if !strings.Contains(body, want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}
	if !regexp.MustCompile(`<pre class="code fault">\d+ │ .*name: contentieux.*channel: fax`).MatchString(body) {
		t.Error("the refusal does not quote the line at fault")
	}
	if _, err := f.a.Store.Policy(ctx, f.coA.ID, "standard-fr"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the invalid policy was stored: %v", err)
	}

	// The same file fixed is stored (the company's copy of the shipped policy), from CRLF lines.
	file = strings.Replace(file, "channel: fax", "channel: task", 1)
	file = strings.Replace(file, "offset_days: 60", "offset_days: 75", 1)
	code, _, loc := postForm(t, c, u, url.Values{"policy": {strings.ReplaceAll(file, "\n", "\r\n")}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "flash=Saved") {
		t.Fatalf("valid policy: %d %s", code, loc)
	}
	pol, err := f.a.Store.Policy(ctx, f.coA.ID, "standard-fr")
	if err != nil || pol.Steps[len(pol.Steps)-1].OffsetDays != 75 {
		t.Errorf("stored policy: %v %+v", err, pol.Steps)
	}
}

// yamlOf takes the policy file out of the editor's textarea.
func yamlOf(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `name="policy"`)
	if !ok {
		t.Fatal("no policy editor on the page")
	}
	_, rest, _ = strings.Cut(rest, ">")
	file, _, _ := strings.Cut(rest, "</textarea>")
	return html.UnescapeString(file)
}

func TestPolicyCopyDefaultAndAssignment(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "collector@a.example")
	ctx := context.Background()
	base := f.srv.URL + "/c/" + f.coA.Slug + "/policies"
	code, _, loc := postForm(t, c, base, url.Values{"from": {"careless-fr"}, "name": {"souple"}})
	if code != http.StatusSeeOther || !strings.HasSuffix(strings.Split(loc, "?")[0], "/policies/souple") {
		t.Fatalf("copy: %d %s", code, loc)
	}
	if code, body, _ := postForm(t, c, base+"?lang=en", url.Values{"from": {"careless-fr"}, "name": {"souple"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "a policy of that name exists already") {
		t.Errorf("copy onto an existing name: %d", code)
	}
	if code, body, _ := postForm(t, c, base+"?lang=en", url.Values{"from": {"careless-fr"}, "name": {"bad name"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Nothing was saved.") {
		t.Errorf("copy under a bad name: %d", code)
	}
	if code, _, _ := postForm(t, c, base+"/souple/default", nil); code != http.StatusSeeOther {
		t.Errorf("make default: %d", code)
	}
	if code, _, _ := postForm(t, c, base+"/souple/assign", url.Values{"profile": {"bad_payer"}}); code != http.StatusSeeOther {
		t.Errorf("assign: %d", code)
	}
	list, err := f.a.Policies(ctx, f.coA)
	if err != nil {
		t.Fatal(err)
	}
	if list[0].Name != "souple" || !list[0].Default || len(list[0].Profiles) != 1 || list[0].Profiles[0] != "bad_payer" {
		t.Errorf("after make default and assign: %+v", list[0])
	}
	_, body := get(t, c, base+"?lang=en")
	if !strings.Contains(body, "souple") {
		t.Error("the new policy is not listed")
	}
	// Renaming the file in the editor saves a copy, but never over another policy.
	_, page := get(t, c, base+"/souple")
	file := strings.Replace(yamlOf(t, page), "name: souple", "name: standard-fr", 1)
	if code, body, _ := postForm(t, c, base+"/souple?lang=en", url.Values{"policy": {file}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "a policy of that name exists already") {
		t.Errorf("save as an existing name: %d", code)
	}
	file = strings.Replace(file, "name: standard-fr", "name: souple-2", 1)
	if code, _, loc := postForm(t, c, base+"/souple", url.Values{"policy": {file}}); code != http.StatusSeeOther || !strings.Contains(loc, "/policies/souple-2?") {
		t.Errorf("save as a new name: %d %s", code, loc)
	}
	if code, _, _ := postForm(t, c, base+"/souple/assign", url.Values{"profile": {""}}); code != http.StatusBadRequest {
		t.Errorf("assign without a profile: %d", code)
	}
}

func TestAnotherCompanysPolicyIsNotFound(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	pol, _ := dunning.DefaultPolicy("standard-fr")
	pol.Name = "secret-b"
	if _, err := f.a.ImportPolicy(ctx, f.coB, app.ImportPolicyParams{Data: mustYAML(t, pol)}, "test"); err != nil {
		t.Fatal(err)
	}
	a := f.client(t, "admin@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/policies/secret-b"
	for _, p := range []string{"", "/export"} {
		if code, _ := get(t, a, base+p); code != http.StatusNotFound {
			t.Errorf("GET B's policy through A%s: %d", p, code)
		}
	}
	for _, p := range []string{"", "/default", "/assign"} {
		if code, _, _ := postForm(t, a, base+p, url.Values{"policy": {string(mustYAML(t, pol))}, "profile": {"careless"}}); code != http.StatusNotFound {
			t.Errorf("POST B's policy through A%s: %d", p, code)
		}
	}
	if code, _, _ := postForm(t, a, f.srv.URL+"/c/"+f.coA.Slug+"/policies", url.Values{"from": {"secret-b"}, "name": {"stolen"}}); code != http.StatusNotFound {
		t.Errorf("copy B's policy through A: %d", code)
	}
	if _, err := f.a.Store.Policy(ctx, f.coA.ID, "secret-b"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("B's policy reached A: %v", err)
	}
}

func mustYAML(t *testing.T, p dunning.Policy) []byte {
	t.Helper()
	b, err := dunning.EncodeYAML(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
