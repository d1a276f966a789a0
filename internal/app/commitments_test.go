package app_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// company creates an empty company on db and the app working on it, on the test clock
// (Monday 23 November 2026).
func company(t *testing.T, db *sqlstore.DB) (*app.App, receivable.Company) {
	t.Helper()
	a := newApp(db)
	co, _, err := a.Init(context.Background(), receivable.Company{Name: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	return a, co
}

// dryRun returns what a run on d would do, by customer reference.
func dryRun(t *testing.T, a *app.App, co receivable.Company, d civil.Date) map[string]dunning.Decision {
	t.Helper()
	out := map[string]dunning.Decision{}
	_, err := a.Run(context.Background(), co, app.RunOptions{Day: d, DryRun: true, Emit: func(dec dunning.Decision) { out[dec.CustomerRef] = dec }})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// reminded lists the invoice numbers the decision's actions cover, sorted.
func reminded(d dunning.Decision) []string {
	var out []string
	for _, a := range d.Actions {
		for _, n := range a.InvoiceNumbers {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

// eventKinds lists the kinds of the customer's timeline events, oldest first.
func eventKinds(t *testing.T, db store.Store, co receivable.Company, cu receivable.Customer) []string {
	t.Helper()
	evs, err := db.Events(context.Background(), co.ID, cu.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(evs) - 1; i >= 0; i-- {
		out = append(out, evs[i].Kind)
	}
	return out
}

func TestDisputeStopsRemindersOnThatInvoiceOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "500.00")
		storetest.Invoice(t, db, cu, "F2", "2026-11-14", "300.00")
		if got := reminded(dryRun(t, a, co, day)["C1"]); !slices.Equal(got, []string{"F1", "F2"}) {
			t.Fatalf("before the dispute, reminded %v", got)
		}
		d, err := a.OpenDispute(ctx, co, app.DisputeParams{InvoiceNumber: "F1", Reason: "livraison incomplète"}, "marie")
		if err != nil {
			t.Fatal(err)
		}
		if d.CustomerRef != "C1" || d.InvoiceNumber != "F1" || !d.Open || d.Opened != day {
			t.Errorf("dispute = %+v", d)
		}
		dec := dryRun(t, a, co, day)["C1"]
		if got := reminded(dec); !slices.Equal(got, []string{"F2"}) {
			t.Errorf("with F1 disputed, reminded %v, want F2 only", got)
		}
		if !slices.ContainsFunc(dec.LeftOut, func(l dunning.LeftOut) bool { return l.Number == "F1" && l.Reason == dunning.ReasonDisputed }) {
			t.Errorf("F1 not left out as disputed: %+v", dec.LeftOut)
		}
		if _, err := a.ResolveDispute(ctx, co, d.ID, app.ResolveParams{Resolution: "bon de livraison signé envoyé"}, "marie"); err != nil {
			t.Fatal(err)
		}
		if got := reminded(dryRun(t, a, co, day)["C1"]); !slices.Equal(got, []string{"F1", "F2"}) {
			t.Errorf("once resolved, reminded %v", got)
		}
		if got := eventKinds(t, db, co, cu); !slices.Equal(got, []string{"dispute_open", "dispute_resolve"}) {
			t.Errorf("timeline = %v", got)
		}
		list, err := a.Disputes(ctx, co, app.CommitmentFilter{})
		if err != nil || len(list) != 1 || list[0].Open || list[0].Resolution != "bon de livraison signé envoyé" {
			t.Errorf("disputes = %+v, %v", list, err)
		}
		if open, _ := a.Disputes(ctx, co, app.CommitmentFilter{OpenOnly: true}); len(open) != 0 {
			t.Errorf("open disputes = %+v", open)
		}
	})
}

func TestDisputeRulesAreCheckedAndAFailedOneChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "500.00")
		var in *app.InputError
		if _, err := a.OpenDispute(ctx, co, app.DisputeParams{InvoiceNumber: "F1"}, "marie"); !errors.As(err, &in) || in.Field != "reason" {
			t.Errorf("dispute without a reason: %v", err)
		}
		if _, err := a.OpenDispute(ctx, co, app.DisputeParams{InvoiceNumber: "NOPE", Reason: "x"}, "marie"); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "NOPE") {
			t.Errorf("dispute on an unknown invoice: %v", err)
		}
		d, err := a.OpenDispute(ctx, co, app.DisputeParams{InvoiceNumber: "F1", Reason: "prix"}, "marie")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.OpenDispute(ctx, co, app.DisputeParams{InvoiceNumber: "F1", Reason: "encore"}, "marie"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second open dispute on F1: %v", err)
		}
		if _, err := a.ResolveDispute(ctx, co, d.ID+100, app.ResolveParams{Resolution: "x"}, "marie"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("resolving an unknown dispute: %v", err)
		}
		if _, err := a.ResolveDispute(ctx, co, d.ID, app.ResolveParams{Resolution: "avoir"}, "marie"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ResolveDispute(ctx, co, d.ID, app.ResolveParams{Resolution: "avoir"}, "marie"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("resolving twice: %v", err)
		}
		if got := eventKinds(t, db, co, cu); !slices.Equal(got, []string{"dispute_open", "dispute_resolve"}) {
			t.Errorf("failed requests left traces in the timeline: %v", got)
		}
	})
}

func TestPromiseHoldsRemindersUntilItsDateAndCancellingItResumesThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "500.00")
		storetest.Invoice(t, db, cu, "F2", "2026-11-14", "300.00")
		p, err := a.AddPromise(ctx, co, app.PromiseParams{CustomerRef: "C1", Date: civil.MustParse("2026-11-30"),
			Amount: money.MustParse("500.00"), InvoiceNumbers: []string{"F1"}, Via: "call", Note: "virement vendredi"}, "marie")
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != receivable.PromisePending || p.Made != day || !slices.Equal(p.InvoiceNumbers, []string{"F1"}) {
			t.Errorf("promise = %+v", p)
		}
		dec := dryRun(t, a, co, day)["C1"]
		if len(dec.Actions) != 0 {
			t.Errorf("a pending promise let %d actions through", len(dec.Actions))
		}
		// Held until the promised date plus the policy's grace days (3 for standard-fr).
		if i := slices.IndexFunc(dec.LeftOut, func(l dunning.LeftOut) bool { return l.Reason == dunning.ReasonPromisePending }); i < 0 ||
			dec.LeftOut[i].Until != civil.MustParse("2026-12-03") {
			t.Errorf("left out = %+v", dec.LeftOut)
		}
		if pending, _ := a.Promises(ctx, co, app.CommitmentFilter{OpenOnly: true, CustomerRef: "C1"}); len(pending) != 1 {
			t.Errorf("pending promises = %+v", pending)
		}
		if _, err := a.CancelPromise(ctx, co, p.ID, "marie"); err != nil {
			t.Fatal(err)
		}
		if got := reminded(dryRun(t, a, co, day)["C1"]); len(got) != 2 {
			t.Errorf("after cancelling the promise, reminded %v", got)
		}
		if _, err := a.CancelPromise(ctx, co, p.ID, "marie"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("cancelling twice: %v", err)
		}
		if got := eventKinds(t, db, co, cu); !slices.Equal(got, []string{"promise", "promise_cancel"}) {
			t.Errorf("timeline = %v", got)
		}
	})
}

func TestPromiseNeedsAnAmountAFutureDateAndTheCustomersOwnInvoices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		storetest.Customer(t, db, co.ID, "C1")
		other := storetest.Customer(t, db, co.ID, "C2")
		storetest.Invoice(t, db, other, "G1", "2026-11-14", "500.00")
		good := app.PromiseParams{CustomerRef: "C1", Date: day.AddDays(7), Amount: 100}
		for field, p := range map[string]app.PromiseParams{
			"amount":  {CustomerRef: "C1", Date: day.AddDays(7)},
			"date":    {CustomerRef: "C1", Date: day.AddDays(-1), Amount: 100},
			"via":     {CustomerRef: "C1", Date: day.AddDays(7), Amount: 100, Via: "pigeon"},
			"invoice": {CustomerRef: "C1", Date: day.AddDays(7), Amount: 100, InvoiceNumbers: []string{"G1"}},
		} {
			var in *app.InputError
			if _, err := a.AddPromise(ctx, co, p, "marie"); !errors.As(err, &in) || in.Field != field {
				t.Errorf("%s: err = %v", field, err)
			}
		}
		if _, err := a.AddPromise(ctx, co, app.PromiseParams{CustomerRef: "C9", Date: good.Date, Amount: 100}, "marie"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown customer: %v", err)
		}
		if list, _ := a.Promises(ctx, co, app.CommitmentFilter{}); len(list) != 0 {
			t.Errorf("refused promises were stored: %+v", list)
		}
		if _, err := a.AddPromise(ctx, co, good, "marie"); err != nil {
			t.Errorf("whole-account promise: %v", err)
		}
	})
}

func TestPaymentPlanHoldsItsInvoicesAndMustStartWithAnImmediatePayment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "900.00")
		storetest.Invoice(t, db, cu, "F2", "2026-11-14", "300.00")
		late := []receivable.Instalment{{Due: day.AddDays(10), Amount: 30000}, {Due: day.AddDays(40), Amount: 60000}}
		var in *app.InputError
		if _, err := a.AddPlan(ctx, co, app.PlanParams{CustomerRef: "C1", InvoiceNumbers: []string{"F1"}, Instalments: late}, "marie"); !errors.As(err, &in) ||
			!strings.Contains(err.Error(), "immediate partial payment") {
			t.Fatalf("plan starting in 10 days: %v", err)
		}
		ok := []receivable.Instalment{{Due: day.AddDays(2), Amount: 30000}, {Due: day.AddDays(32), Amount: 60000}}
		plan, err := a.AddPlan(ctx, co, app.PlanParams{CustomerRef: "C1", InvoiceNumbers: []string{"F1"}, Instalments: ok, Note: "accord tél."}, "marie")
		if err != nil {
			t.Fatal(err)
		}
		if plan.Status != app.PlanRunning || plan.Total != 90000 || !slices.Equal(plan.InvoiceNumbers, []string{"F1"}) {
			t.Errorf("plan = %+v", plan)
		}
		dec := dryRun(t, a, co, day)["C1"]
		if got := reminded(dec); !slices.Equal(got, []string{"F2"}) {
			t.Errorf("with F1 in a plan, reminded %v", got)
		}
		if _, err := a.AddPlan(ctx, co, app.PlanParams{CustomerRef: "C1", InvoiceNumbers: []string{"F1", "F2"}, Instalments: ok}, "marie"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("F1 in a second plan: %v", err)
		}
		if running, _ := a.Plans(ctx, co, app.CommitmentFilter{OpenOnly: true}); len(running) != 1 {
			t.Errorf("running plans = %+v", running)
		}
		if _, err := a.CancelPlan(ctx, co, plan.ID, "marie"); err != nil {
			t.Fatal(err)
		}
		if got := reminded(dryRun(t, a, co, day)["C1"]); !slices.Equal(got, []string{"F1", "F2"}) {
			t.Errorf("after cancelling the plan, reminded %v", got)
		}
		if got := eventKinds(t, db, co, cu); !slices.Equal(got, []string{"plan", "plan_cancel"}) {
			t.Errorf("timeline = %v", got)
		}
		if _, err := a.CancelPlan(ctx, co, plan.ID, "marie"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("cancelling twice: %v", err)
		}
	})
}

func TestRejectedDebitRemindsAnAutomaticPayerOfThatInvoiceOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		if _, err := a.SetProfile(ctx, co, "C1", receivable.Automatic, "marie"); err != nil {
			t.Fatal(err)
		}
		storetest.Invoice(t, db, cu, "F1", "2026-11-20", "500.00")
		storetest.Invoice(t, db, cu, "F2", "2026-11-20", "300.00")
		if got := reminded(dryRun(t, a, co, day)["C1"]); len(got) != 0 {
			t.Fatalf("an automatic payer was reminded of %v", got)
		}
		if _, err := a.RecordRejectedDebit(ctx, co, app.RejectedDebitParams{InvoiceNumber: "F1", Reason: "provision insuffisante"}, "marie"); err != nil {
			t.Fatal(err)
		}
		if got := reminded(dryRun(t, a, co, day)["C1"]); !slices.Equal(got, []string{"F1"}) {
			t.Errorf("after F1's rejected debit, reminded %v", got)
		}
		if got := eventKinds(t, db, co, cu); !slices.Equal(got, []string{"profile", "debit_rejected"}) {
			t.Errorf("timeline = %v", got)
		}
	})
}
