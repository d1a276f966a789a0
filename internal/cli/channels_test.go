package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/mail/catcher"
)

func TestSMTPSetStoresSettingsWithoutEverPrintingThePassword(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "r.db")
	run(t, "--db", db, "init", "--company", "Test")
	c, err := catcher.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	c.RequireAuth("relance", "hunter2")
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("hunter2\n"), 0o600)
	out, errOut, code := run(t, "--db", db, "smtp", "set", "--host", "127.0.0.1", "--port", strconv.Itoa(c.Port()), "--tls", "none",
		"--user", "relance", "--password-file", pw, "--from", "Recouvrement <r@test.example>")
	if code != 0 || strings.Contains(out+errOut, "hunter2") || !strings.Contains(errOut, "in clear") {
		t.Fatalf("smtp set: %d\n%s\n%s", code, out, errOut)
	}
	out, _, _ = run(t, "--db", db, "smtp", "show")
	if strings.Contains(out, "hunter2") || !strings.Contains(out, "********") {
		t.Errorf("smtp show: %s", out)
	}
	out, errOut, code = run(t, "--db", db, "smtp", "test", "--to", "moi@test.example")
	if code != 0 || !strings.Contains(out, "Test e-mail sent") {
		t.Fatalf("smtp test: %d %s %s", code, out, errOut)
	}
	if got := c.WaitFor(1, 5*time.Second); len(got) != 1 || got[0].To[0] != "moi@test.example" {
		t.Errorf("catcher got %+v", got)
	}
	if _, errOut, code := run(t, "--db", db, "smtp", "set", "--host", "x", "--tls", "ssl", "--from", "r@test.example"); code != 2 || !strings.Contains(errOut, `tls "ssl"`) {
		t.Errorf("bad --tls: %d %s", code, errOut)
	}
}

func TestOutboxApprovalFromTheCommandLine(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "r.db")
	run(t, "--db", db, "demo", "--customers", "120", "--seed", "5")
	if _, errOut, code := run(t, "--db", db, "run"); code != 0 {
		t.Fatal(errOut)
	}
	out, _, _ := run(t, "--db", db, "outbox", "list", "--status", "held", "--format", "json")
	var held []struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}
	if err := json.Unmarshal([]byte(out), &held); err != nil || len(held) < 2 {
		t.Fatalf("held items: %v %s", err, out)
	}
	id1, id2 := strconv.FormatInt(held[0].ID, 10), strconv.FormatInt(held[1].ID, 10)
	if out, errOut, code := run(t, "--db", db, "outbox", "approve", id1); code != 0 || !strings.Contains(out, "approved outbox item "+id1) {
		t.Fatalf("approve: %d %s %s", code, out, errOut)
	}
	if _, errOut, code := run(t, "--db", db, "outbox", "reject", id2, "--reason", "client en procédure collective"); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := run(t, "--db", db, "outbox", "approve", id2); code == 0 || !strings.Contains(errOut, "cancelled") {
		t.Errorf("approving a rejected item: %d %s", code, errOut)
	}
	out, _, _ = run(t, "--db", db, "outbox", "list", "--status", "held,pending,cancelled")
	if !strings.Contains(out, "cancelled") || !strings.Contains(out, "pending") {
		t.Errorf("outbox list:\n%s", out)
	}
}
