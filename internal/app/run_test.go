package app_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// loadDemo fills db with a demo dataset anchored on day and returns its company.
func loadDemo(t *testing.T, db *sqlstore.DB, customers int) receivable.Company {
	t.Helper()
	sum, err := demo.Load(context.Background(), db, demo.Generate(demo.Options{Seed: 5, Customers: customers, Today: day}))
	if err != nil {
		t.Fatal(err)
	}
	return sum.Company
}

// stepsTaken lists every (invoice, step) the history holds as done, failing on a repeat.
func stepsTaken(t *testing.T, db store.Store, co receivable.Company) map[string]int {
	t.Helper()
	acts, err := db.ListActions(context.Background(), store.ActionQuery{CompanyID: co.ID})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, a := range acts {
		if a.Status == dunning.StatusSkipped {
			continue
		}
		for _, l := range a.Invoices {
			k := fmt.Sprintf("%d/%s", l.ID, l.Step)
			seen[k]++
			if seen[k] > 1 {
				t.Errorf("invoice %s got step %s twice", l.Number, l.Step)
			}
		}
	}
	return seen
}

func TestRunningTheSameDayTwiceAddsNothingAndTheNextDayOnlyWhatBecameDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co := loadDemo(t, db, 40)
		first, err := a.Run(ctx, co, app.RunOptions{Day: day, ChunkSize: 7})
		if err != nil {
			t.Fatal(err)
		}
		if first.Actions == 0 {
			t.Fatal("the first run recorded nothing on a dataset with overdue invoices")
		}
		again, err := a.Run(ctx, co, app.RunOptions{Day: day, ChunkSize: 7})
		if err != nil || again.Actions != 0 || again.Events != 0 {
			t.Fatalf("second run of the same day: %+v, %v", again, err)
		}
		// The second run must have decided again for every customer, not skipped the work.
		if again.Customers != first.Customers || again.Skipped != 0 {
			t.Errorf("second run evaluated %d customers (first %d), skipped %d chunks", again.Customers, first.Customers, again.Skipped)
		}
		next := day.AddDays(3) // Thursday 26 November
		dry, err := a.Run(ctx, co, app.RunOptions{Day: next, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := a.Run(ctx, co, app.RunOptions{Day: next, ChunkSize: 7})
		if err != nil {
			t.Fatal(err)
		}
		if got.Actions != dry.Actions || got.Actions == 0 {
			t.Errorf("next day recorded %d actions, the dry run announced %d", got.Actions, dry.Actions)
		}
		stepsTaken(t, db, co)
	})
}

func TestDryRunChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co := loadDemo(t, db, 20)
		var emitted int
		res, err := a.Run(ctx, co, app.RunOptions{Day: day, DryRun: true, Emit: func(d dunning.Decision) { emitted += len(d.Actions) }})
		if err != nil || res.Actions == 0 || emitted != res.Actions {
			t.Fatalf("dry run = %+v (emitted %d), %v", res, emitted, err)
		}
		acts, _ := db.ListActions(ctx, store.ActionQuery{CompanyID: co.ID})
		if len(acts) != 0 {
			t.Errorf("a dry run recorded %d actions", len(acts))
		}
	})
}

func TestConcurrentRunsNeverRecordAnActionTwice(t *testing.T) {
	storetest.EachN(t, 2, func(t *testing.T, dbs []*sqlstore.DB) {
		ctx := context.Background()
		co := loadDemo(t, dbs[0], 60)
		// What one run alone would record.
		want, err := newApp(dbs[0]).Run(ctx, co, app.RunOptions{Day: day, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		results := make([]app.RunResult, len(dbs))
		errs := make([]error, len(dbs))
		for i, db := range dbs {
			wg.Go(func() {
				results[i], errs[i] = newApp(db).Run(ctx, co, app.RunOptions{Day: day, ChunkSize: 3})
			})
		}
		wg.Wait()
		total := 0
		for i := range dbs {
			if errs[i] != nil {
				t.Fatalf("run %d: %v", i, errs[i])
			}
			total += results[i].Actions
		}
		acts, _ := dbs[0].ListActions(ctx, store.ActionQuery{CompanyID: co.ID, Statuses: []dunning.Status{dunning.StatusQueued, dunning.StatusAwaitingApproval}})
		if total != want.Actions || len(acts) != want.Actions {
			t.Errorf("two runs at once recorded %d (%d stored), one run alone %d", total, len(acts), want.Actions)
		}
		stepsTaken(t, dbs[0], co)
	})
}

func TestPromiseHoldsTheCustomerAndABrokenOneIsRecordedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co, _, _ := a.Init(ctx, receivable.Company{Name: "Test"})
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-10-30", "1000.00")
		p := receivable.Promise{CompanyID: co.ID, CustomerID: cu.ID, Made: day.AddDays(-10), Date: day.AddDays(-5), Amount: 100000}
		if err := db.AddPromise(ctx, &p, "test"); err != nil {
			t.Fatal(err)
		}
		res, err := a.Run(ctx, co, app.RunOptions{Day: day})
		if err != nil || res.Events != 1 {
			t.Fatalf("run = %+v, %v (want the broken promise)", res, err)
		}
		ps, _ := db.ListPromises(ctx, store.CommitmentQuery{CompanyID: co.ID})
		if len(ps) != 1 || ps[0].Broken != day {
			t.Errorf("promise after the run = %+v", ps)
		}
		evs, _ := db.Events(ctx, co.ID, cu.ID, 0)
		broken := 0
		for _, e := range evs {
			if e.Kind == string(dunning.EventPromiseBroken) {
				broken++
			}
		}
		if broken != 1 {
			t.Errorf("%d broken-promise events, want 1", broken)
		}
		if again, _ := a.Run(ctx, co, app.RunOptions{Day: day.AddDays(1)}); again.Events != 0 {
			t.Errorf("the broken promise was reported again: %+v", again)
		}
	})
}
