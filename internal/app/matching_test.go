package app_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/ingest/match"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

func openAmount(t *testing.T, db store.Store, co receivable.Company, number string) money.Cents {
	t.Helper()
	inv, err := db.InvoiceByNumber(context.Background(), co.ID, receivable.KindInvoice, number)
	if err != nil {
		t.Fatal(err)
	}
	return inv.Open()
}

// proposalFor finds the proposal whose payment's reference contains ref.
func proposalFor(t *testing.T, db store.Store, co receivable.Company, ref string) store.Proposal {
	t.Helper()
	ps, err := db.ListProposals(context.Background(), store.ProposalQuery{CompanyID: co.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if strings.Contains(p.Payment.Reference, ref) {
			return p
		}
	}
	t.Fatalf("no proposal for a payment saying %q", ref)
	return store.Proposal{}
}

// The statement of testdata/releve-camt053.xml against the invoices of testdata/factures.csv:
// the two payments that name their invoices and pay them exactly are allocated at once, the
// partial payment and the payment that fits two invoices wait for a collector, and the money
// nobody explains stays unallocated.
func TestABankStatementIsMatchedAutomaticallyOrQueued(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := loadFixture(t, db)
		res, err := a.ImportBank(ctx, co, "releve-camt053.xml", bytes.NewReader(readStatement(t)), app.BankOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := app.MatchSummary{Payments: 5, Auto: 2, AutoAmount: money.MustParse("4200.00"), Queued: 2, Unmatched: 1, QueuedAmount: money.MustParse("2000.00")}
		if res.Format != "camt.053.001.08" || res.Credits != 5 || res.Created != 5 || res.Matching != want {
			t.Fatalf("result = %+v\nwant matching %+v", res, want)
		}
		for number, open := range map[string]string{"FA-1001": "0", "FA-1003": "0", "FA-1004": "0", "FA-1005": "960.00", "FA-1007": "1500.00"} {
			if got := openAmount(t, db, co, number); got != money.MustParse(open) {
				t.Errorf("%s open %v, want %s", number, got, open)
			}
		}
		pending, _ := a.Proposals(ctx, co, store.ProposalQuery{Status: store.ProposalPending})
		auto, _ := a.Proposals(ctx, co, store.ProposalQuery{Status: store.ProposalAuto})
		if len(pending) != 2 || len(auto) != 2 {
			t.Fatalf("%d pending, %d auto", len(pending), len(auto))
		}
		durand := proposalFor(t, db, co, "VIREMENT NOVEMBRE")
		if durand.Status != store.ProposalPending || durand.CustomerRef != "C004" || len(durand.Allocations) != 1 ||
			durand.Allocations[0].Number != "FA-1007" || durand.Confidence >= match.DefaultAutoThreshold || len(durand.Reasons) == 0 ||
			durand.Payment.PayerName != "TRANSPORTS DURAND" || durand.Payment.Amount != money.MustParse("1500.00") {
			t.Errorf("Transports Durand's proposal = %+v", durand)
		}
		martin := proposalFor(t, db, co, "FA-1001")
		if martin.Status != store.ProposalAuto || len(martin.AllocationIDs) != 1 || !martin.CustomerSet || martin.Payment.CustomerID == 0 {
			t.Errorf("Boulangerie Martin's proposal = %+v", martin)
		}
		tl, err := a.History(ctx, co, "C001", app.HistoryParams{})
		if err != nil || len(tl.Entries) == 0 || tl.Entries[len(tl.Entries)-1].Kind != "payment_matched" ||
			!strings.Contains(tl.Entries[len(tl.Entries)-1].Summary, "FA-1001") {
			t.Errorf("C001's timeline = %+v, %v", tl.Entries, err)
		}
		before := snapshot(t, db, co)
		again, err := a.ImportBank(ctx, co, "releve-camt053.xml", bytes.NewReader(readStatement(t)), app.BankOptions{})
		if err != nil || again.Created != 0 || again.Unchanged != 5 || again.Matching.Payments != 0 {
			t.Errorf("second import = %+v, %v", again, err)
		}
		if snapshot(t, db, co) != before {
			t.Error("the second import changed the database")
		}
	})
}

func TestAcceptRejectAndUndo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := loadFixture(t, db)
		if _, err := a.ImportBank(ctx, co, "releve-camt053.xml", bytes.NewReader(readStatement(t)), app.BankOptions{}); err != nil {
			t.Fatal(err)
		}
		lea := proposalFor(t, db, co, "ACOMPTE FA-1005")
		got, err := a.AcceptProposal(ctx, co, lea.ID, "claire@atelier.example")
		if err != nil || got.Status != store.ProposalAccepted || len(got.AllocationIDs) != 1 || !got.CustomerSet {
			t.Fatalf("accept = %+v, %v", got, err)
		}
		if open := openAmount(t, db, co, "FA-1005"); open != money.MustParse("460.00") {
			t.Errorf("FA-1005 open %v after the partial payment", open)
		}
		if _, err := a.AcceptProposal(ctx, co, lea.ID, "claire@atelier.example"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second accept: %v, want a conflict", err)
		}
		if open := openAmount(t, db, co, "FA-1005"); open != money.MustParse("460.00") {
			t.Errorf("the second accept allocated again: FA-1005 open %v", open)
		}
		stored, _ := db.Proposal(ctx, co.ID, lea.ID)
		if stored.DecidedBy != "claire@atelier.example" || stored.DecidedAt.IsZero() || stored.Payment.CustomerID == 0 {
			t.Errorf("accepted proposal = %+v", stored)
		}

		durand := proposalFor(t, db, co, "VIREMENT NOVEMBRE")
		if got, err := a.RejectProposal(ctx, co, durand.ID, "claire@atelier.example"); err != nil || got.Status != store.ProposalRejected {
			t.Fatalf("reject = %+v, %v", got, err)
		}
		if _, err := a.AcceptProposal(ctx, co, durand.ID, "x"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("accepting a rejected proposal: %v", err)
		}
		if open := openAmount(t, db, co, "FA-1007"); open != money.MustParse("1500.00") {
			t.Errorf("the rejected proposal allocated: FA-1007 open %v", open)
		}
		if got, err := a.UndoProposal(ctx, co, durand.ID, "claire@atelier.example"); err != nil || got.Status != store.ProposalPending {
			t.Errorf("undo of a rejection = %+v, %v", got, err)
		}

		// Undo of an accept: exactly its allocation goes, the payment is unallocated and
		// without a customer again, the timeline says who undid it; then once only.
		if got, err := a.UndoProposal(ctx, co, lea.ID, "claire@atelier.example"); err != nil || got.Status != store.ProposalPending || len(got.AllocationIDs) != 0 {
			t.Fatalf("undo = %+v, %v", got, err)
		}
		if open := openAmount(t, db, co, "FA-1005"); open != money.MustParse("960.00") {
			t.Errorf("FA-1005 open %v after the undo", open)
		}
		pay, _ := db.Payment(ctx, co.ID, lea.PaymentID)
		if pay.Allocated != 0 || pay.CustomerID != 0 {
			t.Errorf("payment after the undo = %+v", pay)
		}
		if _, err := a.UndoProposal(ctx, co, lea.ID, "claire@atelier.example"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second undo: %v, want a conflict", err)
		}
		tl, _ := a.History(ctx, co, "C003", app.HistoryParams{})
		var kinds []string
		for _, e := range tl.Entries {
			kinds = append(kinds, e.Kind)
		}
		if strings.Join(kinds, ",") != "payment_matched,match_undone" {
			t.Errorf("C003's timeline: %v", kinds)
		}

		// The automatic allocation is undone the same way, and the payment can then be
		// accepted again, once.
		martin := proposalFor(t, db, co, "FA-1001")
		if _, err := a.UndoProposal(ctx, co, martin.ID, "claire@atelier.example"); err != nil {
			t.Fatal(err)
		}
		if open := openAmount(t, db, co, "FA-1001"); open != money.MustParse("1200.00") {
			t.Errorf("FA-1001 open %v after undoing the automatic allocation", open)
		}
		if _, err := a.AcceptProposal(ctx, co, martin.ID, "claire@atelier.example"); err != nil {
			t.Fatal(err)
		}
		if open := openAmount(t, db, co, "FA-1001"); open != 0 {
			t.Errorf("FA-1001 open %v after accepting again", open)
		}
		// Another company's proposal does not exist.
		other, _, _ := a.Init(ctx, receivable.Company{Name: "Autre"})
		for _, f := range []func(context.Context, receivable.Company, int64, string) (store.Proposal, error){a.AcceptProposal, a.RejectProposal, a.UndoProposal} {
			if _, err := f(ctx, other, martin.ID, "x"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("another company's proposal: %v", err)
			}
		}
	})
}

// Two payments quote the same invoice: both proposals wait for review, and accepting both —
// one after the other or at the same moment — allocates the invoice once.
func TestOverlappingProposalsNeverAllocateTwice(t *testing.T) {
	for _, concurrent := range []bool{false, true} {
		t.Run(fmt.Sprintf("concurrent=%v", concurrent), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
				ctx := context.Background()
				a, co := loadFixture(t, db)
				var buf bytes.Buffer
				writeCAMT(&buf, []credit{
					{Ref: "A", Date: civil.MustParse("2026-11-20"), Amount: money.MustParse("480.00"), Payer: "SARL BOULANGERIE MARTIN", Remittance: "FACTURE FA-1002"},
					{Ref: "B", Date: civil.MustParse("2026-11-21"), Amount: money.MustParse("480.00"), Payer: "BOULANGERIE MARTIN", Remittance: "FA-1002 SOLDE"},
				})
				res, err := a.ImportBank(ctx, co, "doublon.xml", &buf, app.BankOptions{Match: app.MatchOptions{NoAuto: true}})
				if err != nil || res.Matching.Queued != 2 {
					t.Fatalf("import = %+v, %v", res, err)
				}
				ps, _ := a.Proposals(ctx, co, store.ProposalQuery{Status: store.ProposalPending})
				if len(ps) != 2 || ps[0].Allocations[0].Number != "FA-1002" || ps[1].Allocations[0].Number != "FA-1002" {
					t.Fatalf("proposals = %+v", ps)
				}
				errs := make([]error, 2)
				if concurrent {
					var wg sync.WaitGroup
					for i, p := range ps {
						wg.Add(1)
						go func() {
							defer wg.Done()
							_, errs[i] = a.AcceptProposal(ctx, co, p.ID, "collector")
						}()
					}
					wg.Wait()
				} else {
					for i, p := range ps {
						_, errs[i] = a.AcceptProposal(ctx, co, p.ID, "collector")
					}
				}
				ok := 0
				for _, err := range errs {
					switch {
					case err == nil:
						ok++
					case !errors.Is(err, store.ErrConflict):
						t.Errorf("accept: %v", err)
					}
				}
				if ok != 1 {
					t.Errorf("%d accepts went through (%v), want 1", ok, errs)
				}
				inv, _ := db.InvoiceByNumber(ctx, co.ID, receivable.KindInvoice, "FA-1002")
				if inv.Allocated != inv.Amount {
					t.Errorf("FA-1002: %v allocated of %v", inv.Allocated, inv.Amount)
				}
				accepted, _ := a.Proposals(ctx, co, store.ProposalQuery{Status: store.ProposalAccepted})
				still, _ := a.Proposals(ctx, co, store.ProposalQuery{Status: store.ProposalPending})
				if len(accepted) != 1 || len(still) != 1 || still[0].Payment.Allocated != 0 {
					t.Errorf("after both accepts: %d accepted, %d pending %+v", len(accepted), len(still), still)
				}
			})
		})
	}
}

// Payments recorded before their invoices are matched once the invoices are imported.
func TestUnallocatedPaymentsAreMatchedLater(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := newCompany(t, db)
		res, err := a.ImportBank(ctx, co, "releve-camt053.xml", bytes.NewReader(readStatement(t)), app.BankOptions{})
		if err != nil || res.Matching.Unmatched != 5 {
			t.Fatalf("before the invoices: %+v, %v", res, err)
		}
		inv := "N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC\nFA-1001;C001;Boulangerie Martin SARL;15/09/2026;15/10/2026;1 200,00\n"
		if _, err := a.Import(ctx, co, app.ImportInvoices, "f.csv", strings.NewReader(inv), app.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		sum, err := a.MatchUnallocated(ctx, co, app.MatchOptions{})
		if err != nil || sum.Payments != 5 || sum.Auto != 1 || openAmount(t, db, co, "FA-1001") != 0 {
			t.Errorf("match = %+v, %v", sum, err)
		}
		again, err := a.MatchUnallocated(ctx, co, app.MatchOptions{})
		if err != nil || again.Auto+again.Queued != 0 {
			t.Errorf("matching again = %+v, %v", again, err)
		}
	})
}

// generatedStatement loads the open invoices of match.Generate's dataset into a new company
// and writes its payments as a camt.053 statement.
func generatedStatement(t testing.TB, db *sqlstore.DB, n int) (*app.App, receivable.Company, []byte, match.Dataset) {
	t.Helper()
	ctx := context.Background()
	a := newApp(db)
	co, _, err := a.Init(ctx, receivable.Company{Name: "Generated"})
	if err != nil {
		t.Fatal(err)
	}
	ds := match.Generate(1, n)
	var csv bytes.Buffer
	csv.WriteString("numero;code client;raison sociale;date;echeance;montant\n")
	for _, inv := range ds.Invoices {
		fmt.Fprintf(&csv, "%s;%s;%s;%s;%s;%s\n", inv.Number, inv.CustomerRef, inv.CustomerName, inv.IssueDate, inv.DueDate, inv.Open)
	}
	if _, err := a.Import(ctx, co, app.ImportInvoices, "generated.csv", &csv, app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	credits := make([]credit, len(ds.Payments))
	for i, p := range ds.Payments {
		credits[i] = credit{Ref: p.ID, Date: p.Date, Amount: p.Amount, Payer: p.PayerName, Remittance: p.Remittance, Documents: p.References}
	}
	var xml bytes.Buffer
	writeCAMT(&xml, credits)
	return a, co, xml.Bytes(), ds
}

// Through the database, matching decides what the pure matcher decides on the same payments:
// the store adds persistence, not different answers.
func TestImportedStatementIsMatchedAsTheMatcherDoes(t *testing.T) {
	db := storetest.SQLite(t)
	a, co, xml, ds := generatedStatement(t, db, 2000)
	res, err := a.ImportBank(context.Background(), co, "generated.xml", bytes.NewReader(xml), app.BankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	open := append([]match.OpenInvoice(nil), ds.Invoices...)
	var auto, queued, none int
	for _, pr := range match.NewMatcher(open, match.Options{}).MatchAll(ds.Payments) {
		switch {
		case len(pr.Allocations) == 0:
			none++
		case pr.Auto:
			auto++
		default:
			queued++
		}
	}
	m := res.Matching
	if res.Created != 2000 || m.Auto != auto || m.Queued != queued || m.Unmatched != none {
		t.Errorf("through the database: %+v; the matcher alone: %d auto, %d queued, %d unmatched", res, auto, queued, none)
	}
}

// BenchmarkImportBank imports a generated camt.053 statement of 10,000 payments (noisy
// references, partial and grouped payments) into a database holding their 12,500 open
// invoices: parsing, recording, matching and the automatic allocations, in one transaction.
func BenchmarkImportBank(b *testing.B) {
	for _, dbName := range []string{"sqlite", "postgres"} {
		b.Run(dbName, func(b *testing.B) {
			const n = 10_000
			var total int
			for b.Loop() {
				b.StopTimer()
				db := storetest.SQLite(b)
				if dbName == "postgres" {
					db = storetest.Postgres(b)
				}
				a, co, xml, _ := generatedStatement(b, db, n)
				b.StartTimer()
				res, err := a.ImportBank(context.Background(), co, "generated.xml", bytes.NewReader(xml), app.BankOptions{})
				if err != nil || res.Created != n {
					b.Fatalf("import = %+v, %v", res, err)
				}
				total += n
				b.ReportMetric(float64(res.Matching.Auto), "auto/op")
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "payments/s")
		})
	}
}
