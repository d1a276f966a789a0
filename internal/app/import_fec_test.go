package app_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/ingest/fec"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

const fecDir = "../ingest/fec/testdata"

// ownFEC is the small FEC written for the fec package, its open items computed by hand in
// that package's ledger_test.go: FA2025-0001 1 000,00, FA2025-0005 240,00 and FA2025-0003
// 960,00 open; FA2025-0004 settled by a payment of next year (lettering AE).
const ownFEC = "123456782FEC20251231.txt"

func readFEC(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fecDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFECImportStoresTheLedgerOnceAndItsOpenItems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := newCompany(t, db)
		data := readFEC(t, ownFEC)
		res, err := a.ImportFEC(ctx, co, ownFEC, bytes.NewReader(data), app.FECOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := app.FECResult{File: ownFEC, Encoding: "ISO-8859-15", Separator: "tab", Lines: res.Lines,
			Customers: app.Counts{Created: 3}, Invoices: app.Counts{Created: 7}, CreditNotes: app.Counts{Created: 2},
			Payments: app.Counts{Created: 5}, Allocations: app.Counts{Created: 5}, Settlements: app.Counts{Created: 1},
			Open: money.MustParse("2200.00"), OpenInvoices: 3, UnusedCredit: money.MustParse("150.00")}
		if res.Lines == 0 || !equalFEC(res, want) {
			t.Fatalf("result = %+v\nwant     %+v", res, want)
		}
		rep, err := a.AgingReport(ctx, co, day)
		if err != nil {
			t.Fatal(err)
		}
		if rep.TotalOpen != res.Open {
			t.Errorf("aging open %v, the file's open items %v", rep.TotalOpen, res.Open)
		}
		// Due dates: from the file's DateRglt, else the company's 30 days.
		for number, due := range map[string]string{"FA2025-0003": "2025-04-14", "RAN": "2025-01-31"} {
			inv, err := db.InvoiceByNumber(ctx, co.ID, "invoice", number)
			if err != nil || inv.DueDate != civil.MustParse(due) {
				t.Errorf("%s due %s (%v), want %s", number, inv.DueDate, err, due)
			}
		}
		before := snapshot(t, db, co)
		again, err := a.ImportFEC(ctx, co, ownFEC, bytes.NewReader(data), app.FECOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want.Customers, want.Invoices, want.CreditNotes = app.Counts{Unchanged: 3}, app.Counts{Unchanged: 7}, app.Counts{Unchanged: 2}
		want.Payments, want.Allocations, want.Settlements = app.Counts{Unchanged: 5}, app.Counts{Unchanged: 5}, app.Counts{Unchanged: 1}
		if !equalFEC(again, want) {
			t.Errorf("second import = %+v", again)
		}
		if after := snapshot(t, db, co); after != before {
			t.Errorf("the second import changed the database:\n%s\nthen\n%s", before, after)
		}
	})
}

func equalFEC(a, b app.FECResult) bool {
	return a.File == b.File && a.Encoding == b.Encoding && a.Separator == b.Separator && a.Customers == b.Customers &&
		a.Invoices == b.Invoices && a.CreditNotes == b.CreditNotes && a.Payments == b.Payments && a.Allocations == b.Allocations &&
		a.Settlements == b.Settlements && a.Open == b.Open && a.OpenInvoices == b.OpenInvoices && a.UnusedCredit == b.UnusedCredit &&
		len(a.Warnings) == 0
}

// A later export of the same books letters FA2025-0005 with a payment of the following
// weeks: importing it adds that payment and its allocation, and nothing else.
func TestALaterFECAddsOnlyTheNewLettering(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := newCompany(t, db)
		data := readFEC(t, ownFEC)
		if _, err := a.ImportFEC(ctx, co, ownFEC, bytes.NewReader(data), app.FECOptions{}); err != nil {
			t.Fatal(err)
		}
		line := "Facture FA2025-0005\t240,00\t0,00\t\t\t20260131"
		if !bytes.Contains(data, []byte(line)) {
			t.Fatal("the sample changed: no FA2025-0005 line")
		}
		later := bytes.Replace(data, []byte(line), []byte("Facture FA2025-0005\t240,00\t0,00\tAF\t20250820\t20260131"), 1)
		later = append(later, []byte("BQ\tBanque Populaire\t14\t20250820\t41100000\tClients\tC001\tSARL Boulangerie Martin\tREL08\t20250820\tVIR BOULANGERIE MARTIN FA2025-0005\t0,00\t240,00\tAF\t20250820\t20260131\t\t\t\r\n"+
			"BQ\tBanque Populaire\t14\t20250820\t51200000\tBanque Populaire\t\t\tREL08\t20250820\tVIR BOULANGERIE MARTIN FA2025-0005\t240,00\t0,00\t\t\t20260131\t\t\t\r\n")...)
		res, err := a.ImportFEC(ctx, co, "123456782FEC20260131.txt", bytes.NewReader(later), app.FECOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Payments != (app.Counts{Created: 1, Unchanged: 5}) || res.Allocations != (app.Counts{Created: 1, Unchanged: 5}) ||
			res.Invoices != (app.Counts{Unchanged: 7}) || res.Customers != (app.Counts{Unchanged: 3}) || len(res.Warnings) != 0 {
			t.Errorf("later FEC = %+v", res)
		}
		inv, _ := db.InvoiceByNumber(ctx, co.ID, "invoice", "FA2025-0005")
		if inv.Open() != 0 {
			t.Errorf("FA2025-0005 open %v after its lettering", inv.Open())
		}
		if rep, _ := a.AgingReport(ctx, co, day); rep.TotalOpen != money.MustParse("1960.00") {
			t.Errorf("open %v, want 1960.00", rep.TotalOpen)
		}
	})
}

func TestAMalformedFECNamesTheLineAndColumnAndStoresNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := newCompany(t, db)
		data := bytes.Replace(readFEC(t, ownFEC), []byte("Facture FA2025-0003\t960,00"), []byte("Facture FA2025-0003\t96O,00"), 1)
		before := snapshot(t, db, co)
		_, err := a.ImportFEC(ctx, co, ownFEC, bytes.NewReader(data), app.FECOptions{})
		var fe *fec.Error
		if !errors.As(err, &fe) || !errors.Is(err, fec.ErrAmount) {
			t.Fatalf("err = %v, want a fec.Error on the amount", err)
		}
		for _, want := range []string{ownFEC, "line 14", "Debit", "96O,00"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
		if after := snapshot(t, db, co); after != before {
			t.Errorf("a malformed file changed the database:\n%s", after)
		}
	})
}

func TestFECDryRunCountsAndStoresNothing(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	a, co := newCompany(t, db)
	res, err := a.ImportFEC(ctx, co, ownFEC, bytes.NewReader(readFEC(t, ownFEC)), app.FECOptions{DryRun: true})
	if err != nil || res.Invoices.Created != 7 || res.Allocations.Created != 5 || !res.DryRun {
		t.Fatalf("dry run = %+v, %v", res, err)
	}
	if s := snapshot(t, db, co); s != "" {
		t.Errorf("the dry run stored:\n%s", s)
	}
}

// sharedFEC holds the AGPL samples the repository does not copy (see the fec package's
// PROVENANCE.md); CI has the directory, and the test says so when it is absent.
const sharedFEC = "../../../shared/samples/fec"

// The FECs of other software (the MIT samples kept in the fec package, and the AGPL ones of
// the shared samples when present): every customer, invoice and payment of the ledger is
// stored, the open total in relance is the file's, and a second import changes nothing.
func TestFECSamplesImportWithTheirOpenTotals(t *testing.T) {
	files := []string{"0000000001FEC20220831.txt", "000000000FEC20231231.txt", "111111111FEC20221231.TXT", "123456789FEC20500930.txt"}
	for _, name := range []string{"123456789FEC20190731.txt", "123456789FEC20200331.txt", "123456789FEC20201231.txt", "123456789FEC20230331.txt", "sage-coala-2020.txt"} {
		files = append(files, filepath.Join(sharedFEC, name))
	}
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		for _, name := range files {
			t.Run(filepath.Base(name), func(t *testing.T) {
				if strings.HasPrefix(name, sharedFEC) {
					if _, err := os.Stat(name); err != nil {
						t.Skipf("%s absent (AGPL sample, not copied into the repository): %v", name, err)
					}
					name = filepath.Join("..", "..", name) // readFEC is relative to fecDir
				}
				a := newApp(db)
				co, _, err := a.Init(ctx, receivable.Company{Name: "FEC " + filepath.Base(name)})
				if err != nil {
					t.Fatal(err)
				}
				data := readFEC(t, name)
				led, err := fec.ReadLedger(name, bytes.NewReader(data), fec.Options{})
				if err != nil {
					t.Fatal(err)
				}
				res, err := a.ImportFEC(ctx, co, name, bytes.NewReader(data), app.FECOptions{})
				if err != nil {
					t.Fatal(err)
				}
				payments := 0
				for _, p := range led.Payments {
					if p.Amount > p.SettledOutside {
						payments++
					}
				}
				if res.Customers.Created != len(led.Customers) || res.Invoices.Created+res.CreditNotes.Created != len(led.Invoices) ||
					res.Payments.Created != payments || res.Allocations.Created != len(led.Allocations) || len(res.Warnings) != 0 {
					t.Errorf("counts %+v, ledger: %d customers, %d invoices and credit notes, %d payments, %d allocations",
						res, len(led.Customers), len(led.Invoices), payments, len(led.Allocations))
				}
				rep, _ := a.AgingReport(ctx, co, civil.MustParse("2099-12-31"))
				if rep.TotalOpen != led.Stats.OpenAmount || res.Open != led.Stats.OpenAmount {
					t.Errorf("open in relance %v, in the file %v", rep.TotalOpen, led.Stats.OpenAmount)
				}
				before := snapshot(t, db, co)
				again, err := a.ImportFEC(ctx, co, name, bytes.NewReader(data), app.FECOptions{})
				if err != nil || again.Invoices.Created+again.Payments.Created+again.Allocations.Created+again.Customers.Created != 0 {
					t.Errorf("second import = %+v, %v", again, err)
				}
				if snapshot(t, db, co) != before {
					t.Error("the second import changed the database")
				}
			})
		}
	})
}
