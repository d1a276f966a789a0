package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

var day = civil.MustParse("2026-11-23")

// fileTotals are computed from the generated rows themselves, not through relance.
type fileTotals struct {
	open, overdue money.Cents
	buckets       map[string]money.Cents
}

// writeInvoices writes n invoice rows the way a French accounting export does (';', dd/mm/yyyy,
// "1 234,56"), with several customers, and returns the totals a correct aging must find.
func writeInvoices(w io.Writer, n int, seed uint64) fileTotals {
	r := rand.New(rand.NewPCG(seed, 1))
	t := fileTotals{buckets: map[string]money.Cents{}}
	fmt.Fprintln(w, "N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC")
	for i := 0; i < n; i++ {
		issue := day.AddDays(-r.IntN(400))
		due := issue.AddDays(30 + r.IntN(31))
		amount := money.Cents(1000 + r.Int64N(5_000_000))
		ref := fmt.Sprintf("C%05d", r.IntN(max(1, n/10)))
		fmt.Fprintf(w, "FA%08d;%s;Client %s SARL;%s;%s;%s\n", i, ref, ref, issue.Format("fr"), due.Format("fr"), amount.Format("fr"))
		b := receivable.BucketOf(due, day)
		t.buckets[b] += amount
		t.open += amount
		if b != receivable.BucketNotDue {
			t.overdue += amount
		}
	}
	return t
}

func newApp(db *sqlstore.DB) *app.App {
	a := app.New(db, nil)
	a.Now = func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }
	return a
}

func TestAgingTotalsEqualTheImportedFileTotals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co, _, err := a.Init(ctx, receivable.Company{Name: "Test"})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		want := writeInvoices(&buf, 3000, 42)
		res, err := a.Import(ctx, co, app.ImportInvoices, "factures.csv", &buf, app.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.Created != 3000 {
			t.Fatalf("stats = %+v", res.Stats)
		}
		rep, err := a.AgingReport(ctx, co, day)
		if err != nil {
			t.Fatal(err)
		}
		if rep.TotalOpen != want.open || rep.TotalOverdue != want.overdue {
			t.Errorf("aging open %v overdue %v, file open %v overdue %v", rep.TotalOpen, rep.TotalOverdue, want.open, want.overdue)
		}
		for _, b := range rep.Buckets {
			if b.Amount != want.buckets[b.Label] {
				t.Errorf("bucket %s: aging %v, file %v", b.Label, b.Amount, want.buckets[b.Label])
			}
		}
	})
}

func TestPaymentsFileReducesOpenBalancesAndReimportChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co, _, _ := a.Init(ctx, receivable.Company{Name: "Test"})
		invoices := "numero,client,date,echeance,montant\nF1,C1,01/09/2026,01/10/2026,1000.00\nF2,C1,01/09/2026,01/10/2026,500.00\n"
		if _, err := a.Import(ctx, co, app.ImportInvoices, "f.csv", strings.NewReader(invoices), app.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		payments := "facture;date de règlement;montant;mode de règlement\nF1;15/10/2026;400,00;virement\nF1;15/10/2026;400,00;virement\nF2;20/10/2026;500,00;chèque\n"
		for i := 0; i < 2; i++ {
			res, err := a.Import(ctx, co, app.ImportPayments, "r.csv", strings.NewReader(payments), app.ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 3, false: 0}[i == 0]; res.Stats.Created != want {
				t.Errorf("import %d created %d, want %d (two identical rows are two payments, once)", i+1, res.Stats.Created, want)
			}
		}
		rep, _ := a.AgingReport(ctx, co, day)
		if rep.TotalOpen != money.MustParse("200.00") {
			t.Errorf("open = %v, want 200.00", rep.TotalOpen)
		}
	})
}

func TestImportDryRunStoresNothing(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	a := newApp(db)
	co, _, _ := a.Init(ctx, receivable.Company{Name: "Test"})
	var buf bytes.Buffer
	writeInvoices(&buf, 50, 1)
	res, err := a.Import(ctx, co, app.ImportInvoices, "f.csv", &buf, app.ImportOptions{DryRun: true})
	if err != nil || res.Stats.Rows != 50 || len(res.Mapping) != 6 {
		t.Fatalf("dry run = %+v, %v", res, err)
	}
	rep, _ := a.AgingReport(ctx, co, day)
	if rep.TotalOpen != 0 {
		t.Errorf("dry run stored %v", rep.TotalOpen)
	}
}
