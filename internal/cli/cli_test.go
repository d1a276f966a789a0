package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// run executes the CLI as a user would, with a fixed clock.
func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = mainWithClock(context.Background(), args, strings.NewReader(""), &out, &errb, func() time.Time {
		return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	})
	return out.String(), errb.String(), code
}

func TestInitIsSafeToRunAgain(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "r.db")
	out, _, code := run(t, "--db", db, "init", "--company", "Atelier Durand SARL", "--siren", "123456789")
	if code != 0 || !strings.Contains(out, "--company atelier-durand-sarl") {
		t.Fatalf("init: %d %s", code, out)
	}
	out, _, code = run(t, "--db", db, "init", "--company", "Atelier Durand SARL")
	if code != 0 || !strings.Contains(out, "already exists") {
		t.Fatalf("second init: %d %s", code, out)
	}
}

func TestCommandsWithoutACompanySayHowToCreateOne(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "r.db")
	_, errOut, code := run(t, "--db", db, "report", "aging")
	if code != 1 || !strings.Contains(errOut, "relance init --company") {
		t.Fatalf("%d %s", code, errOut)
	}
}

func TestUsageErrorsExitWithCode2(t *testing.T) {
	_, errOut, code := run(t, "report", "aging", "--format", "pdf", "--db", "sqlite:"+filepath.Join(t.TempDir(), "r.db"))
	if code != 2 || !strings.Contains(errOut, "want one of") {
		t.Fatalf("%d %s", code, errOut)
	}
	if _, _, code := run(t, "--no-such-flag"); code != 2 {
		t.Fatalf("unknown flag: exit %d", code)
	}
}

func TestDemoThenAgingJSONHasTheStableFields(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "r.db")
	if out, errOut, code := run(t, "--db", db, "demo", "--customers", "12"); code != 0 {
		t.Fatalf("demo: %d %s %s", code, out, errOut)
	}
	out, _, code := run(t, "--db", db, "report", "aging", "--format", "json")
	if code != 0 {
		t.Fatalf("aging: %d", code)
	}
	var rep struct {
		Date         string `json:"date"`
		Currency     string `json:"currency"`
		TotalOpen    int64  `json:"total_open_cents"`
		TotalOverdue int64  `json:"total_overdue_cents"`
		Buckets      []struct {
			Label  string `json:"label"`
			Amount int64  `json:"amount_cents"`
		} `json:"buckets"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var labels []string
	var sum, overdue int64
	for _, b := range rep.Buckets {
		labels = append(labels, b.Label)
		sum += b.Amount
		if b.Label != "not_due" {
			overdue += b.Amount
		}
	}
	if rep.Date != "2026-11-23" || rep.Currency != "EUR" || strings.Join(labels, ",") != "not_due,1-30,31-60,61-90,91+" ||
		sum != rep.TotalOpen || overdue != rep.TotalOverdue || rep.TotalOpen == 0 {
		t.Errorf("aging json = %+v", rep)
	}
	for _, args := range [][]string{{"customers", "list", "--sort", "overdue"}, {"invoices", "list", "--overdue", "--format", "csv"},
		{"customers", "show", "C0001"}, {"report", "aging", "--format", "csv"}} {
		if out, errOut, code := run(t, append([]string{"--db", db}, args...)...); code != 0 || out == "" {
			t.Errorf("%v: %d %s", args, code, errOut)
		}
	}
	xlsx := filepath.Join(t.TempDir(), "aging.xlsx")
	if _, errOut, code := run(t, "--db", db, "report", "aging", "--format", "xlsx", "--out", xlsx); code != 0 {
		t.Errorf("xlsx: %s", errOut)
	}
}
