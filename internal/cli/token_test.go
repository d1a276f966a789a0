package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/web"
)

func TestTokenCreateListRevoke(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	db := "sqlite:" + path
	if out, errOut, code := run(t, "--db", db, "init", "--company", "Atelier Durand SARL"); code != 0 {
		t.Fatalf("init: %d %s %s", code, out, errOut)
	}
	if out, errOut, code := run(t, "--db", db, "user", "add", "compta@durand.example", "--role", "viewer"); code != 0 {
		t.Fatalf("user add: %d %s %s", code, out, errOut)
	}
	out, errOut, code := run(t, "--db", db, "token", "create", "--name", "Pennylane sync", "--user", "compta@durand.example")
	if code != 0 {
		t.Fatalf("token create: %d %s %s", code, out, errOut)
	}
	// Only the token on the standard output, for a script; the explanation on the error stream.
	tok := strings.TrimSpace(out)
	if !strings.HasPrefix(tok, "rl_") || strings.ContainsAny(tok, " \n") || len(tok) < 40 {
		t.Fatalf("token %q", out)
	}
	if !strings.Contains(errOut, "shown once") || !strings.Contains(errOut, "viewer of atelier-durand-sarl") {
		t.Errorf("explanation: %s", errOut)
	}

	// The database keeps the hash, never the token.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if wal, err := os.ReadFile(path + "-wal"); err == nil {
		raw = append(raw, wal...)
	}
	if strings.Contains(string(raw), tok) || strings.Contains(string(raw), strings.TrimPrefix(tok, "rl_")) {
		t.Error("the token is stored in clear")
	}

	out, _, code = run(t, "--db", db, "token", "list", "--format", "json")
	var lines []tokenLine
	if err := json.Unmarshal([]byte(out), &lines); code != 0 || err != nil || len(lines) != 1 {
		t.Fatalf("list: %d %v %s", code, err, out)
	}
	if l := lines[0]; l.Name != "Pennylane sync" || l.User != "compta@durand.example" || l.Role != "viewer" || strings.Contains(out, tok) {
		t.Errorf("listed %+v", l)
	}

	// The token works on the API, as its user in its company, until revoked.
	h := apiServer(t, path)
	if got := apiStatus(t, h, tok); got != http.StatusOK {
		t.Fatalf("the new token on the API: %d", got)
	}
	out, errOut, code = run(t, "--db", db, "token", "revoke", strconv.FormatInt(lines[0].ID, 10))
	if code != 0 || !strings.Contains(out, `Revoked API token`) {
		t.Fatalf("revoke: %d %s %s", code, out, errOut)
	}
	if got := apiStatus(t, h, tok); got != http.StatusUnauthorized {
		t.Errorf("the revoked token on the API: %d", got)
	}
	if _, errOut, code = run(t, "--db", db, "token", "revoke", strconv.FormatInt(lines[0].ID, 10)); code != 1 || !strings.Contains(errOut, "no live API token") {
		t.Errorf("revoke twice: %d %s", code, errOut)
	}
	if out, _, _ = run(t, "--db", db, "token", "list", "--format", "json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("list after revoke: %s", out)
	}
}

func TestTokenCreateRefusesWhatWouldNotWork(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "r.db")
	run(t, "--db", db, "init", "--company", "Atelier Durand SARL")
	run(t, "--db", db, "init", "--company", "Autre Société")
	run(t, "--db", db, "--company", "autre-societe", "user", "add", "other@autre.example", "--role", "admin")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"token", "create", "--user", "x@y.example"}, 2, "--name is required"},
		{[]string{"token", "create", "--name", "n"}, 2, "--user is required"},
		{[]string{"token", "create", "--name", "n", "--user", "nobody@y.example"}, 1, "no user nobody@y.example"},
		{[]string{"token", "create", "--name", "n", "--user", "other@autre.example"}, 1, "has no role in atelier-durand-sarl"},
		{[]string{"token", "revoke", "abc"}, 2, "token id"},
	} {
		args := append([]string{"--db", db, "--company", "atelier-durand-sarl"}, c.args...)
		out, errOut, code := run(t, args...)
		if code != c.code || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: %d %q %q, want %d %q", c.args, code, out, errOut, c.code, c.want)
		}
	}
}

// apiServer serves the web application on the database file, as relance serve would.
func apiServer(t *testing.T, path string) http.Handler {
	t.Helper()
	st, err := sqlstore.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s, err := web.New(app.New(st, nil), nil, web.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

func apiStatus(t *testing.T, h http.Handler, tok string) int {
	t.Helper()
	req := httptest.NewRequest("GET", "/api/v1/companies/atelier-durand-sarl/customers", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}
