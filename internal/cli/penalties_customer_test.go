package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store/sqlstore"
)

// The clock of run is fixed on 23 November 2026, in 2026-H2, whose ECB rate relance does not
// ship: the statement fails naming it, then works once it is set.
func TestCustomerStatementNamesTheMissingRateThenComputesWithTheRateSet(t *testing.T) {
	db := seeded(t, func(st *sqlstore.DB, co receivable.Company) {
		cu := addCustomer(t, st, co, "C1", receivable.B2B)
		f1 := addInvoice(t, st, cu, "F1", "2026-07-01", "1000.00")
		addPayment(t, st, f1, "2026-08-01", "400.00")
		addCustomer(t, st, co, "C2", receivable.B2B)
	})
	_, errOut, code := run(t, "--db", db, "penalties", "--customer", "C1")
	if code != 1 || !strings.Contains(errOut, "2026-H2") || !strings.Contains(errOut, `relance rates set ecb_mro 2026-H2`) {
		t.Fatalf("without the rate: %d %s", code, errOut)
	}
	// The single computation uses the database's rates too.
	single := []string{"--db", db, "penalties", "--amount", "1000", "--due", "2026-07-01", "--date", "2026-07-22", "--format", "json"}
	if _, errOut, code := run(t, single...); code != 1 || !strings.Contains(errOut, "2026-H2") {
		t.Errorf("single computation without the rate: %d %s", code, errOut)
	}
	if _, errOut, code := run(t, "--db", db, "rates", "set", "ecb_mro", "2026-H2", "2.15"); code != 0 {
		t.Fatal(errOut)
	}
	if out, errOut, code := run(t, single...); code != 0 || *decodePenalties(t, out).Interest != 699 {
		t.Errorf("single computation with the rate set: %d %s %s", code, out, errOut)
	}

	// 12.15 % in 2026-H2 (2.15 + 10):
	//   2 July–1 August, 31 days on 1,000.00: 1,000 × 12.15 % × 31 / 365 = 10.3191… → 10.32
	//   2 August–23 November, 114 days on 600.00: 600 × 12.15 % × 114 / 365 = 22.7687… → 22.77
	// Interest 33.09, indemnity 40.00, total 73.09; balance 600.00 + 73.09 = 673.09.
	out, errOut, code := run(t, "--db", db, "penalties", "--customer", "C1", "--format", "json")
	if code != 0 {
		t.Fatalf("statement: %d %s", code, errOut)
	}
	var st struct {
		Interest  int64 `json:"interest_cents"`
		Indemnity int64 `json:"indemnity_cents"`
		Total     int64 `json:"total_cents"`
		Balance   int64 `json:"balance_cents"`
		Invoices  []struct {
			Invoice  string           `json:"invoice"`
			Lines    []penaltyLine    `json:"lines"`
			Payments []map[string]any `json:"payments"`
		} `json:"invoices"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.Interest != 3309 || st.Indemnity != 4000 || st.Total != 7309 || st.Balance != 67309 || len(st.Invoices) != 1 ||
		len(st.Invoices[0].Lines) != 2 || st.Invoices[0].Lines[0].Days != 31 || st.Invoices[0].Lines[1].Amount != 2277 || len(st.Invoices[0].Payments) != 1 {
		t.Errorf("statement = %s", out)
	}
	out, _, _ = run(t, "--db", db, "penalties", "--customer", "C1", "--format", "csv")
	if !strings.Contains(out, "F1,interest,,2026-07-02,2026-08-01,31,12.15,1000.00,10.32,EUR") || !strings.Contains(out, ",total,2026-11-23,,,,,,673.09,EUR") {
		t.Errorf("csv = %s", out)
	}
	out, _, _ = run(t, "--db", db, "penalties", "--customer", "C1", "--lang", "en")
	if !strings.Contains(out, "Statement of claim") || !strings.Contains(out, "673.09") {
		t.Errorf("table = %s", out)
	}
	pdf := filepath.Join(t.TempDir(), "decompte.pdf")
	if _, errOut, code := run(t, "--db", db, "penalties", "--customer", "C1", "--format", "pdf", "--out", pdf); code != 0 {
		t.Fatalf("pdf: %s", errOut)
	}
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Errorf("pdf file: %v, %.20q", err, b)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--customer", "NOPE"}, 1, `no customer with reference "NOPE"`},
		{[]string{"--customer", "C1", "--amount", "100"}, 2, "--amount"},
		{[]string{"--customer", "C1", "--format", "pdf"}, 2, "--out"},
		{[]string{"--customer", "C1", "--format", "xlsx"}, 2, "want one of"},
		{[]string{"--customer", "C1", "--paid-late-since", "hier"}, 2, "--paid-late-since"},
	} {
		if _, errOut, code := run(t, append([]string{"--db", db, "penalties"}, c.args...)...); code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %s (want %d and %q)", c.args, code, errOut, c.code, c.want)
		}
	}
	if out, errOut, code := run(t, "--db", db, "penalties", "--customer", "C2"); code != 0 || out != "" || !strings.Contains(errOut, "Nothing to claim") {
		t.Errorf("a customer with nothing due: %d %q %s", code, out, errOut)
	}
}

type penaltyLine struct {
	Days   int   `json:"days"`
	Amount int64 `json:"amount_cents"`
}

func TestTheRunWarnsOfTheMissingRateAndTheNextRunAttachesThePenalties(t *testing.T) {
	db := seeded(t, func(st *sqlstore.DB, co receivable.Company) {
		cu := addCustomer(t, st, co, "C1", receivable.B2B)
		addInvoice(t, st, cu, "F1", "2026-10-30", "1000.00") // 24 days late on 23 November: level 2
	})
	type runJSON struct {
		Run struct {
			Actions           int `json:"actions"`
			PenaltiesAttached int `json:"penalties_attached"`
			PenaltiesMissing  int `json:"penalties_missing"`
			Warnings          []struct {
				Kind, Rate, Message string
			} `json:"warnings"`
		} `json:"run"`
	}
	decode := func(out string) runJSON {
		var v runJSON
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("%v in %s", err, out)
		}
		return v
	}
	out, errOut, code := run(t, "--db", db, "run", "--format", "json")
	if code != 0 {
		t.Fatalf("run: %d %s", code, errOut)
	}
	first := decode(out).Run
	if first.Actions == 0 || first.PenaltiesMissing == 0 || len(first.Warnings) != 1 || first.Warnings[0].Rate != "ecb_mro 2026-H2" ||
		!strings.Contains(first.Warnings[0].Message, "relance rates set ecb_mro 2026-H2") {
		t.Fatalf("first run = %+v", first)
	}
	// The warning is the user's to act on: the command prints it (here in the JSON); its log
	// shows only errors, so that the same warning is not printed twice.
	if strings.Contains(errOut, "rate missing for penalties") {
		t.Errorf("the warning was printed twice, in the log too: %s", errOut)
	}
	if _, errOut, code := run(t, "--db", db, "rates", "set", "ecb_mro", "2026-H2", "2.15"); code != 0 {
		t.Fatal(errOut)
	}
	out, _, _ = run(t, "--db", db, "run", "--date", "2026-11-24", "--format", "json")
	if next := decode(out).Run; next.PenaltiesAttached == 0 || len(next.Warnings) != 0 {
		t.Errorf("next run = %+v", next)
	}
}
