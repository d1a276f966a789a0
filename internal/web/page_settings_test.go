package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/mail/catcher"
	"github.com/relance-app/relance/internal/store"
)

func TestSettingsPagesRenderForAnAdminInBothLanguages(t *testing.T) {
	f := newFixture(t)
	a := f.client(t, "admin@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/settings"
	for _, lang := range []string{"fr", "en"} {
		for _, p := range []string{"", "/smtp", "/users", "/tokens"} {
			code, body := get(t, a, base+p+"?lang="+lang)
			if code != 200 || !strings.Contains(body, "</html>") || !strings.Contains(body, `aria-current="page"`) {
				t.Errorf("%s %s: %d", lang, p, code)
			}
		}
	}
	_, body := get(t, a, base+"/users?lang=fr")
	for _, want := range []string{"collector@a.example", "viewer@a.example", "Gestionnaire", "Ajouter un utilisateur"} {
		if !strings.Contains(body, want) {
			t.Errorf("the users tab lacks %q", want)
		}
	}
	if strings.Contains(body, "admin@b.example") {
		t.Error("B's admin is listed among A's users")
	}
	for _, email := range []string{"collector@a.example", "viewer@a.example"} {
		c := f.client(t, email)
		for _, p := range []string{"", "/smtp", "/users", "/tokens"} {
			if code, _ := get(t, c, base+p); code != http.StatusForbidden {
				t.Errorf("%s on settings%s: %d", email, p, code)
			}
		}
	}
}

// Every POST the policies, templates, imports and settings pages add refuses a viewer, and
// changes nothing.
func TestAViewerGetsForbiddenOnEveryAdministrationPost(t *testing.T) {
	f := newFixture(t)
	v := f.client(t, "viewer@a.example")
	ctx := context.Background()
	base := f.srv.URL + "/c/" + f.coA.Slug
	ms, _ := f.a.Store.ListUsers(ctx, f.coA.ID)
	uid := itoa(ms[0].ID)
	for _, p := range []string{
		"/policies", "/policies/standard-fr", "/policies/standard-fr/default", "/policies/standard-fr/assign",
		"/templates", "/templates/level1/fr/email", "/templates/level1/fr/email/revert", "/templates/level1/fr/email/preview",
		"/templates/formal-notice/fr/letter/preview.pdf",
		"/imports", "/imports/1",
		"/settings/company", "/settings/smtp", "/settings/smtp/test", "/settings/users", "/settings/users/" + uid + "/role",
		"/settings/users/" + uid + "/remove", "/settings/tokens", "/settings/tokens/1/revoke",
	} {
		code, _, _ := postForm(t, v, base+p, url.Values{"name": {"x"}, "from": {"standard-fr"}, "profile": {"careless"}, "role": {"viewer"},
			"email": {"new@a.example"}, "subject": {"x"}, "body": {"x"}, "kind": {"invoices"}, "to": {"x@test.example"}, "key": {"k"}, "lang": {"fr"}, "form": {"email"}})
		if code != http.StatusForbidden {
			t.Errorf("viewer POST %s: %d", p, code)
		}
	}
	if list, _ := f.a.Store.ListPolicies(ctx, f.coA.ID); len(list) != 0 {
		t.Errorf("a viewer's POST stored policies: %+v", list)
	}
	if list, _ := f.a.Store.ListTemplates(ctx, f.coA.ID); len(list) != 0 {
		t.Errorf("a viewer's POST stored templates: %+v", list)
	}
	if _, err := f.a.Store.UserByEmail(ctx, "new@a.example"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a viewer's POST added a user: %v", err)
	}
	if co, _ := f.a.Store.Company(ctx, f.coA.ID); co.Name != f.coA.Name {
		t.Errorf("a viewer's POST renamed the company: %q", co.Name)
	}
}

func TestCompanyDetailsAreValidatedAndSaved(t *testing.T) {
	f := newFixture(t)
	a := f.client(t, "admin@a.example")
	ctx := context.Background()
	u := f.srv.URL + "/c/" + f.coA.Slug + "/settings/company"
	form := url.Values{"name": {"Atelier Durand"}, "legal_name": {"Atelier Durand SARL"}, "siren": {"123 456 789"}, "vat": {"FR 12 123456789"},
		"line1": {"3 rue des Lilas"}, "postal_code": {"1000"}, "city": {"Lyon"}, "country": {"FR"}, "email": {"not an address"},
		"phone": {"04 78 00 00 00"}, "iban": {"FR76 3000 6000 0112 3456 7890 188"}, "bic": {"AGRIFRPP"}, "currency": {"EUR"},
		"timezone": {"Mars/Olympus"}, "language": {"fr"}, "terms": {"45"}, "rate": {"abc"}, "signature": {"Le service recouvrement\r\nAtelier Durand"}}
	code, body, _ := postForm(t, a, u+"?lang=en", form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid details: %d", code)
	}
	for _, want := range []string{"nothing was saved", "not a valid SIREN (checksum)", "want 5 digits", "not an e-mail address",
		"not a valid IBAN", "want a time zone such as Europe/Paris", "want a percentage from 0 to 100", `value="Mars/Olympus"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}
	if co, _ := f.a.Store.Company(ctx, f.coA.ID); co.Name != f.coA.Name || co.TimeZone != f.coA.TimeZone {
		t.Fatalf("an invalid form changed the company: %+v", co)
	}
	// Valid values: a SIREN with its Luhn key and the matching VAT key, an IBAN with its check
	// digits, a contractual rate.
	for k, v := range map[string]string{"siren": "732 829 320", "vat": "FR44732829320", "postal_code": "69001", "email": "compta@durand.example",
		"iban": "FR14 2004 1010 0505 0001 3M02 606", "timezone": "Europe/Paris", "rate": "12,5"} {
		form.Set(k, v)
	}
	code, _, loc := postForm(t, a, u, form)
	if code != http.StatusSeeOther || !strings.Contains(loc, "flash=") {
		t.Fatalf("valid details: %d %s", code, loc)
	}
	co, _ := f.a.Store.Company(ctx, f.coA.ID)
	if co.Name != "Atelier Durand" || co.SIREN != "732829320" || co.IBAN != "FR1420041010050500013M02606" || co.PenaltyRate.String() != "12.50" ||
		co.Signature != "Le service recouvrement\nAtelier Durand" || co.PaymentTermsDays != 45 || co.Slug != f.coA.Slug {
		t.Errorf("stored: %+v", co)
	}
	form.Set("vat", "FR45732829320")
	if _, body, _ := postForm(t, a, u+"?lang=en", form); !strings.Contains(body, "the key does not match the SIREN") {
		t.Error("a wrong VAT key is accepted")
	}
}

func TestTheSMTPTestButtonSendsAndThePasswordIsNeverShown(t *testing.T) {
	f := newFixture(t)
	c, err := catcher.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	const secret = "hunter2-very-secret"
	c.RequireAuth("relance", secret)
	a := f.client(t, "admin@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/settings/smtp"
	var bodies []string
	check := func(code int, body string) {
		t.Helper()
		bodies = append(bodies, body)
		if strings.Contains(body, secret) {
			t.Fatalf("the password is in a response (%d)", code)
		}
	}
	// Invalid settings come back with the reason, without the password.
	code, body, _ := postForm(t, a, base+"?lang=en", url.Values{"host": {""}, "port": {"2525"}, "tls": {"none"}, "user": {"relance"}, "password": {secret}, "from": {"x"}})
	check(code, body)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "host is required") {
		t.Errorf("invalid settings: %d", code)
	}
	form := url.Values{"host": {"127.0.0.1"}, "port": {strconv.Itoa(c.Port())}, "tls": {"none"}, "user": {"relance"}, "password": {secret},
		"from": {"Recouvrement <r@test.example>"}, "per_minute": {"30"}}
	code, body, _ = postForm(t, a, base, form)
	check(code, body)
	if code != http.StatusSeeOther {
		t.Fatalf("save: %d", code)
	}
	// Saved again with the password field left empty, the password stays.
	form.Set("password", "")
	form.Set("per_minute", "60")
	code, body, _ = postForm(t, a, base, form)
	check(code, body)
	st, err := f.a.SMTPSettings(context.Background(), f.coA)
	if err != nil || st.Password != secret || st.PerMin != 60 {
		t.Fatalf("stored settings: %v %s %d", err, st.Redacted(), st.PerMin)
	}
	code, body = get(t, a, base+"?lang=en")
	check(code, body)
	if !strings.Contains(body, "A password is stored") {
		t.Error("the page does not say a password is stored")
	}
	code, body, _ = postForm(t, a, base+"/test?lang=en", url.Values{"to": {"moi@test.example"}})
	check(code, body)
	if code != 200 || !strings.Contains(body, "Test e-mail sent") {
		t.Fatalf("test: %d", code)
	}
	if got := c.WaitFor(1, 10*time.Second); len(got) != 1 || got[0].To[0] != "moi@test.example" || !strings.Contains(got[0].Subject, "test") {
		t.Fatalf("the catcher got %+v", got)
	}
	// A server that refuses: the error is shown, without the password.
	c.Reject("refus@test.example", 550, 0)
	code, body, _ = postForm(t, a, base+"/test?lang=en", url.Values{"to": {"refus@test.example"}})
	check(code, body)
	if code != http.StatusBadGateway || !strings.Contains(body, "could not be sent") || !strings.Contains(body, "550") {
		t.Errorf("refused test: %d", code)
	}
	code, body, _ = postForm(t, a, base+"/test?lang=en", url.Values{"to": {"not an address"}})
	check(code, body)
	if code != http.StatusUnprocessableEntity {
		t.Errorf("a bad address: %d", code)
	}
	if len(bodies) < 7 {
		t.Errorf("only %d responses checked", len(bodies))
	}
}

func TestUsersAreAddedWithAPasswordShownOnceAndRolesChanged(t *testing.T) {
	f := newFixture(t)
	a := f.client(t, "admin@a.example")
	ctx := context.Background()
	base := f.srv.URL + "/c/" + f.coA.Slug + "/settings/users"
	code, body, _ := postForm(t, a, base+"?lang=en", url.Values{"email": {"Nouveau@A.example"}, "name": {"Nouveau"}, "role": {"collector"}})
	if code != 200 {
		t.Fatalf("add: %d", code)
	}
	m := regexp.MustCompile(`<code class="big" id="new-password">([^<]+)</code>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no password shown for the new account")
	}
	u, err := f.a.Store.UserByEmail(ctx, "nouveau@a.example")
	if err != nil || auth.CheckPassword(u.PasswordHash, m[1]) != nil {
		t.Fatalf("the password shown does not open the account: %v", err)
	}
	if _, again := get(t, a, base); strings.Contains(again, m[1]) {
		t.Error("the password is shown a second time")
	}
	// The new user logs in with it and works as a collector.
	jar := f.client(t, "")
	if resp, err := jar.PostForm(f.srv.URL+"/login", url.Values{"email": {"nouveau@a.example"}, "password": {m[1]}}); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with the shown password: %v", err)
	}

	// An existing account only gets the membership: B's admin joins A, password unchanged.
	bAdmin, _ := f.a.Store.UserByEmail(ctx, "admin@b.example")
	code, _, loc := postForm(t, a, base, url.Values{"email": {"admin@b.example"}, "role": {"viewer"}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "existing=") {
		t.Errorf("add an existing account: %d %s", code, loc)
	}
	if after, _ := f.a.Store.UserByEmail(ctx, "admin@b.example"); after.PasswordHash != bAdmin.PasswordHash {
		t.Error("an existing account's password was changed")
	}
	if code, body, _ := postForm(t, a, base+"?lang=en", url.Values{"email": {"nobody"}, "role": {"viewer"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "not an e-mail address") {
		t.Errorf("a bad address: %d", code)
	}

	role := func(email string) auth.Role {
		ms, _ := f.a.Store.ListUsers(ctx, f.coA.ID)
		for _, m := range ms {
			if m.Email == email {
				return m.Role
			}
		}
		return ""
	}
	if code, _, _ := postForm(t, a, base+"/"+itoa(u.ID)+"/role", url.Values{"role": {"admin"}}); code != http.StatusSeeOther || role("nouveau@a.example") != auth.Admin {
		t.Errorf("change a role: %d %s", code, role("nouveau@a.example"))
	}
	if code, _, _ := postForm(t, a, base+"/"+itoa(u.ID)+"/remove", nil); code != http.StatusSeeOther || role("nouveau@a.example") != "" {
		t.Errorf("remove: %d", code)
	}
	if code, _, _ := postForm(t, a, base, url.Values{"email": {"ADMIN@a.example"}, "role": {"viewer"}}); code != http.StatusUnprocessableEntity {
		t.Errorf("an admin re-adds themself as a viewer: %d", code)
	}
	me, _ := f.a.Store.UserByEmail(ctx, "admin@a.example")
	for _, p := range []string{"/role", "/remove"} {
		if code, _, _ := postForm(t, a, base+"/"+itoa(me.ID)+p, url.Values{"role": {"collector"}}); code != http.StatusBadRequest {
			t.Errorf("an admin lowers their own role (%s): %d", p, code)
		}
	}
	if role("admin@a.example") != auth.Admin {
		t.Error("the admin lost their own admin role")
	}
}

func TestAnotherCompanysUsersAndTokensAreNotFound(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	bAdmin, _ := f.a.Store.UserByEmail(ctx, "admin@b.example")
	_, hash, _ := auth.NewToken("rl_")
	tokB := store.APIToken{UserID: bAdmin.ID, CompanyID: f.coB.ID, Name: "b-integration", Hash: hash}
	if err := f.a.Store.CreateAPIToken(ctx, &tokB); err != nil {
		t.Fatal(err)
	}
	a := f.client(t, "admin@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/settings"
	for _, p := range []string{"/users/" + itoa(bAdmin.ID) + "/role", "/users/" + itoa(bAdmin.ID) + "/remove", "/tokens/" + itoa(tokB.ID) + "/revoke"} {
		if code, _, _ := postForm(t, a, base+p, url.Values{"role": {"viewer"}}); code != http.StatusNotFound {
			t.Errorf("A's admin on B's %s: %d", p, code)
		}
	}
	if _, _, err := f.a.Store.APITokenByHash(ctx, hash); err != nil {
		t.Errorf("B's token was revoked through A: %v", err)
	}
	if ms, _ := f.a.Store.Memberships(ctx, bAdmin.ID); len(ms) != 1 || ms[0].Role != auth.Admin {
		t.Errorf("B's admin changed through A: %+v", ms)
	}
	if _, body := get(t, a, base+"/tokens"); strings.Contains(body, "b-integration") {
		t.Error("B's token is listed in A")
	}
	// A token cannot be made to act as a user of another company.
	if code, _, _ := postForm(t, a, base+"/tokens", url.Values{"name": {"x"}, "user": {itoa(bAdmin.ID)}}); code != http.StatusUnprocessableEntity {
		t.Errorf("a token acting as B's admin: %d", code)
	}
}

func TestACreatedTokenIsShownOnceAndAuthenticates(t *testing.T) {
	f := newFixture(t)
	a := f.client(t, "admin@a.example")
	ctx := context.Background()
	base := f.srv.URL + "/c/" + f.coA.Slug + "/settings/tokens"
	collector, _ := f.a.Store.UserByEmail(ctx, "collector@a.example")
	code, body, _ := postForm(t, a, base+"?lang=en", url.Values{"name": {"export-compta"}, "user": {itoa(collector.ID)}})
	if code != 200 {
		t.Fatalf("create: %d", code)
	}
	m := regexp.MustCompile(`<code class="big" id="new-token">(rl_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the token is not shown")
	}
	tok, u, err := f.a.Store.APITokenByHash(ctx, auth.HashToken(m[1]))
	if err != nil || tok.CompanyID != f.coA.ID || u.ID != collector.ID || tok.Name != "export-compta" {
		t.Fatalf("the token shown does not authenticate: %v %+v", err, tok)
	}
	_, again := get(t, a, base)
	if strings.Contains(again, m[1]) || !strings.Contains(again, "export-compta") {
		t.Error("the token is shown again, or not listed")
	}
	if code, _, _ := postForm(t, a, base+"/"+itoa(tok.ID)+"/revoke", nil); code != http.StatusSeeOther {
		t.Errorf("revoke: %d", code)
	}
	if _, _, err := f.a.Store.APITokenByHash(ctx, auth.HashToken(m[1])); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a revoked token still authenticates: %v", err)
	}
	if code, _, _ := postForm(t, a, base+"?lang=en", url.Values{"name": {""}}); code != http.StatusUnprocessableEntity {
		t.Errorf("a token without a name: %d", code)
	}
}
