package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
)

// reportTerms runs `relance report terms` through the whole command line once report.go adds
// reportCommands, and the command alone until then.
func reportTerms(t *testing.T, db string, args ...string) (string, string, int) {
	t.Helper()
	root := newRoot(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, nil)
	if c, rest, err := root.Find([]string{"report", "terms"}); err == nil && c.Name() == "terms" && len(rest) == 0 {
		return run(t, append([]string{"--db", db, "report", "terms"}, args...)...)
	}
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, dbURL: db,
		now: func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }}
	cmd := newReportTermsCmd(e)
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	code := 0
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		errb.WriteString("relance: " + err.Error() + "\n")
		code = 1
		var u usageError
		if errors.As(err, &u) {
			code = 2
		}
	}
	return out.String(), errb.String(), code
}

func TestImportReportsPaymentTermsBeyondTheCapsAndTheReportListsThem(t *testing.T) {
	db := seeded(t, nil)
	// Issued 15 January 2026: F1 due 30 April (105 days) exceeds every cap; F2, 59 days, none.
	file := filepath.Join(t.TempDir(), "factures.csv")
	os.WriteFile(file, []byte("numéro;client;date;échéance;montant\nF1;C1;15/01/2026;30/04/2026;1200,00\nF2;C1;15/01/2026;15/03/2026;800,00\n"), 0o644)
	out, errOut, code := run(t, "--db", db, "import", "invoices", file, "--format", "json")
	if code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	var res app.ImportResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Stats.Created != 2 || res.TermsExceeded != 1 || len(res.Warnings) != 1 || res.Warnings[0].Line != 2 || res.Warnings[0].Invoice != "F1" {
		t.Errorf("import result = %s", out)
	}
	var b bytes.Buffer
	writeImportWarnings(&b, res)
	if s := b.String(); !strings.Contains(s, "1 invoices have a payment term beyond the legal caps") || !strings.Contains(s, "line 2, invoice F1: ") {
		t.Errorf("printed warnings:\n%s", s)
	}

	out, errOut, code = reportTerms(t, db, "--format", "csv")
	if code != 0 || !strings.Contains(out, "F1,C1,2026-01-15,2026-04-30,105,2026-03-16,2026-03-31,2026-03-17,true,true") || strings.Contains(out, "F2") {
		t.Errorf("report: %d %s %s", code, out, errOut)
	}
	out, _, _ = reportTerms(t, db, "--from", "2026-02-01")
	if !strings.Contains(out, "No invoice has a payment term beyond 60 days.") {
		t.Errorf("report from February: %s", out)
	}
	if _, errOut, code := reportTerms(t, db, "--from", "demain"); code != 2 || !strings.Contains(errOut, "--from") {
		t.Errorf("bad --from: %d %s", code, errOut)
	}
	if _, errOut, code := reportTerms(t, db, "--format", "xlsx"); code != 2 || !strings.Contains(errOut, "want one of") {
		t.Errorf("bad format: %d %s", code, errOut)
	}
}
