package app_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// worklistFixture gives five customers at different stages on 23 November and runs the day:
// C5 is due for the litigation task, C4 for the formal notice (awaiting approval), C1 and C2
// for the level-2 call (C2 owes more), C3 for the level-1 call (and owes the most).
func worklistFixture(t *testing.T, db *sqlstore.DB) (*app.App, receivable.Company) {
	t.Helper()
	ctx := context.Background()
	a, co := company(t, db)
	for _, c := range []struct{ ref, due, amount, collector string }{
		{"C1", "2026-11-02", "200.00", "julien"},
		{"C2", "2026-11-02", "5000.00", "claire"},
		{"C3", "2026-11-14", "90000.00", "julien"},
		{"C4", "2026-10-10", "1000.00", "claire"},
		{"C5", "2026-09-20", "100.00", "julien"},
	} {
		cu := storetest.Customer(t, db, co.ID, c.ref)
		cu.Collector = c.collector
		if err := db.UpdateCustomer(ctx, cu); err != nil {
			t.Fatal(err)
		}
		storetest.Invoice(t, db, cu, "F-"+c.ref, c.due, c.amount)
		if c.ref == "C2" {
			ct := receivable.Contact{CompanyID: co.ID, CustomerID: cu.ID, Name: "Mme Roux", Role: "comptabilité", Phone: "01 23 45 67 89", Dunning: true}
			if err := db.AddContact(ctx, &ct); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := a.Run(ctx, co, app.RunOptions{Day: day}); err != nil {
		t.Fatal(err)
	}
	return a, co
}

func lines(items []app.WorkItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, fmt.Sprintf("%s %s %s", it.CustomerRef, it.Channel, it.Step))
	}
	return out
}

func TestWorklistPutsTheFirmestAndLargestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := worklistFixture(t, db)
		wl, err := a.Worklist(ctx, co, app.WorklistParams{Day: day})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"C5 task contentieux", "C2 call appel-2", "C1 call appel-2", "C3 call appel-1"}
		if got := lines(wl.Todo); !slices.Equal(got, want) {
			t.Errorf("todo = %v\nwant   %v", got, want)
		}
		if got := lines(wl.Approvals); !slices.Equal(got, []string{"C4 registered_letter mise-en-demeure"}) {
			t.Errorf("awaiting approval = %v", got)
		}
		c2 := wl.Todo[1]
		if c2.Contact.Name != "Mme Roux" || c2.Contact.Phone != "01 23 45 67 89" || c2.Template != "call-level2" ||
			c2.Total != 500000 || c2.DaysLate != 21 || !slices.Equal(c2.Invoices, []string{"F-C2"}) || c2.Status != dunning.StatusQueued {
			t.Errorf("C2's call = %+v", c2)
		}
	})
}

func TestWorklistOfACollectorShowsOnlyTheirCustomers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		a, co := worklistFixture(t, db)
		wl, err := a.Worklist(context.Background(), co, app.WorklistParams{Day: day, Collector: "claire"})
		if err != nil {
			t.Fatal(err)
		}
		if got := lines(wl.Todo); !slices.Equal(got, []string{"C2 call appel-2"}) {
			t.Errorf("claire's todo = %v", got)
		}
		if got := lines(wl.Approvals); !slices.Equal(got, []string{"C4 registered_letter mise-en-demeure"}) {
			t.Errorf("claire's approvals = %v", got)
		}
	})
}

func TestDoneCallsLeaveTheWorklistAndUndoneOnesStayWithTheirDaysLate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := worklistFixture(t, db)
		wl, _ := a.Worklist(ctx, co, app.WorklistParams{Day: day})
		if err := db.SetActionStatus(ctx, co.ID, wl.Todo[0].ActionID, []dunning.Status{dunning.StatusQueued}, dunning.StatusDone, "dossier transmis", "julien"); err != nil {
			t.Fatal(err)
		}
		next := day.AddDays(1)
		wl, err := a.Worklist(ctx, co, app.WorklistParams{Day: next})
		if err != nil {
			t.Fatal(err)
		}
		if got := lines(wl.Todo); !slices.Equal(got, []string{"C2 call appel-2", "C1 call appel-2", "C3 call appel-1"}) {
			t.Errorf("the next day's todo = %v", got)
		}
		if last := wl.Todo[2]; last.DaysLate != 10 || last.Day != day {
			t.Errorf("yesterday's call = %+v, want 10 days late, decided on %s", last, day)
		}
		// Nothing of a later day shows on an earlier one.
		if wl, _ := a.Worklist(ctx, co, app.WorklistParams{Day: day.AddDays(-1)}); len(wl.Todo)+len(wl.Approvals) != 0 {
			t.Errorf("the day before: %v %v", lines(wl.Todo), lines(wl.Approvals))
		}
	})
}
