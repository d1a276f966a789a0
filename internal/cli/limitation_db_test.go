package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store/sqlstore"
)

func TestInterruptionsMoveTheTimeBarredListingAndTheInvoiceLimitation(t *testing.T) {
	db := seeded(t, func(st *sqlstore.DB, co receivable.Company) {
		cu := addCustomer(t, st, co, "C1", receivable.B2B)
		addInvoice(t, st, cu, "F1", "2021-03-31", "1000.00")
		addInvoice(t, st, cu, "F2", "2024-03-31", "1000.00")
	})
	// 5 years from 31 March 2021: barred from 1 April 2026.
	out, errOut, code := run(t, "--db", db, "invoices", "list", "--time-barred-before", "2026-12-31", "--format", "csv")
	if code != 0 || !strings.Contains(out, "F1,C1,b2b,2021-03-31,1000.00,EUR,2026-03-31,2026-04-01,0") || strings.Contains(out, "F2") {
		t.Fatalf("listing: %d %s %s", code, out, errOut)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--invoice", "F1", "--kind", "formal_notice", "--date", "2025-06-01"}, 1, "does not interrupt"},
		{[]string{"--invoice", "F1", "--kind", "phone_call", "--date", "2025-06-01"}, 2, "unknown kind"},
		{[]string{"--invoice", "F1", "--kind", "acknowledgement", "--date", "2027-01-01"}, 1, "after today"},
		{[]string{"--invoice", "F1", "--kind", "acknowledgement", "--date", "31/02/2024"}, 2, "--date"},
		{[]string{"--invoice", "F9", "--kind", "acknowledgement", "--date", "2024-06-01"}, 1, `no invoice numbered "F9"`},
		{[]string{"--kind", "acknowledgement", "--date", "2024-06-01"}, 2, "required"},
	} {
		if _, errOut, code := run(t, append([]string{"--db", db, "invoice", "interrupt"}, c.args...)...); code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("interrupt %v: exit %d, %s (want %d and %q)", c.args, code, errOut, c.code, c.want)
		}
	}
	// An acknowledgement on 1 June 2024 starts 5 new years: barred from 2 June 2029.
	out, errOut, code = run(t, "--db", db, "invoice", "interrupt", "--invoice", "F1", "--kind", "acknowledgement", "--date", "2024-06-01", "--note", "courrier du 1er juin")
	if code != 0 || !strings.Contains(out, "Time-barred from 2029-06-02") {
		t.Fatalf("interrupt: %d %s %s", code, out, errOut)
	}
	if _, errOut, code := run(t, "--db", db, "invoice", "interrupt", "--invoice", "F1", "--kind", "acknowledgement", "--date", "2024-06-01"); code != 1 || !strings.Contains(errOut, "already recorded") {
		t.Errorf("twice: %d %s", code, errOut)
	}
	if out, _, _ := run(t, "--db", db, "invoices", "list", "--time-barred-before", "2026-12-31", "--format", "json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("listing after the acknowledgement: %s", out)
	}
	// The service of an injonction de payer on 10 February 2025: barred from 11 February 2030.
	if _, errOut, code := run(t, "--db", db, "invoice", "interrupt", "--invoice", "F1", "--kind", "injunction_served", "--date", "2025-02-10"); code != 0 {
		t.Fatal(errOut)
	}
	out, errOut, code = run(t, "--db", db, "limitation", "--invoice", "F1", "--format", "json")
	if code != 0 {
		t.Fatalf("limitation: %d %s", code, errOut)
	}
	var l struct {
		Limitation struct {
			BarredFrom string `json:"barred_from"`
			Applied    []any  `json:"applied"`
		} `json:"limitation"`
		Recorded []struct{ Kind, Note string } `json:"recorded"`
		Barred   bool                          `json:"barred"`
	}
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatal(err)
	}
	if l.Limitation.BarredFrom != "2030-02-11" || len(l.Limitation.Applied) != 2 || len(l.Recorded) != 2 || l.Recorded[0].Note != "courrier du 1er juin" || l.Barred {
		t.Errorf("limitation = %s", out)
	}
	out, _, _ = run(t, "--db", db, "limitation", "--invoice", "F1", "--lang", "en")
	if !strings.Contains(out, "Time-barred from 2030-02-11") || !strings.Contains(out, "courrier du 1er juin") {
		t.Errorf("limitation text = %s", out)
	}
	if _, errOut, code := run(t, "--db", db, "limitation", "--invoice", "F1", "--due", "2021-03-31"); code != 2 || !strings.Contains(errOut, "--due") {
		t.Errorf("--invoice with --due: %d %s", code, errOut)
	}
	if _, errOut, code := run(t, "--db", db, "limitation", "--invoice", "NOPE"); code != 1 || !strings.Contains(errOut, `"NOPE"`) {
		t.Errorf("unknown invoice: %d %s", code, errOut)
	}
	if _, errOut, code := run(t, "--db", db, "invoices", "list", "--time-barred-before", "bientôt"); code != 2 || !strings.Contains(errOut, "--time-barred-before") {
		t.Errorf("bad date: %d %s", code, errOut)
	}
}

func TestRunWarningsArePrintedMissingRatesAlwaysInvoicesWithExplain(t *testing.T) {
	res := app.RunResult{PenaltiesAttached: 2, TimeBarredSoon: 1, Warnings: []app.RunWarning{
		{Kind: app.WarnMissingRate, Rate: "ecb_mro 2026-H2", Message: "no ECB main refinancing rate for 2026-H2"},
		{Kind: app.WarnTimeBarredSoon, CustomerRef: "C1", Invoice: "F1", Date: civil.MustParse("2027-03-01"), Message: "invoice F1 becomes time-barred on 2027-03-01"},
	}}
	var b bytes.Buffer
	writeRunWarnings(&b, res, false)
	if s := b.String(); !strings.Contains(s, "Penalties attached to 2 actions.") || !strings.Contains(s, "warning: no ECB main refinancing rate for 2026-H2") ||
		!strings.Contains(s, "1 open invoices become time-barred within 6 months") || !strings.Contains(s, "--explain lists them") || strings.Contains(s, "C1 F1") {
		t.Errorf("without explain:\n%s", s)
	}
	b.Reset()
	writeRunWarnings(&b, res, true)
	if s := b.String(); !strings.Contains(s, "warning: C1 F1: invoice F1 becomes time-barred on 2027-03-01") {
		t.Errorf("with explain:\n%s", s)
	}
}
