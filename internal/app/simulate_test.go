package app_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestSimulationOfAPolicyShowsEachStepOnItsDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-12-02", "1200.00") // a Wednesday
		var sims []app.CustomerSimulation
		sum, err := a.Simulate(ctx, co, app.SimulateParams{From: day, Days: 80, CustomerRef: "C1"}, func(s app.CustomerSimulation) error {
			sims = append(sims, s)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(sims) != 1 || sims[0].Policy != "standard-fr" || sum.Customers != 1 || sum.To.String() != "2027-02-10" {
			t.Fatalf("simulation = %+v, summary %+v", sims, sum)
		}
		var got []string
		for _, dp := range sims[0].Days {
			for _, ac := range dp.Decision.Actions {
				got = append(got, fmt.Sprintf("%s %s %s", dp.Day, ac.Channel, ac.Step))
			}
		}
		want := []string{
			"2026-11-27 email rappel-preventif", // D-5
			"2026-12-03 email relance-1",
			"2026-12-10 call appel-1",
			"2026-12-17 email relance-1b",
			"2026-12-23 registered_letter relance-2",
			"2026-12-23 call appel-2",
			"2027-01-13 registered_letter mise-en-demeure",
			"2027-02-01 task contentieux", // D+60 is a Sunday
		}
		if !slices.Equal(got, want) {
			t.Errorf("simulation:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
		if sum.Actions != len(want) {
			t.Errorf("summary counts %d actions", sum.Actions)
		}
		if acts, _ := db.ListActions(ctx, store.ActionQuery{CompanyID: co.ID}); len(acts) != 0 {
			t.Errorf("a simulation recorded %d actions", len(acts))
		}
	})
}

func TestSimulationWithAnotherPolicyTriesItWithoutAssigningIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-12-02", "1200.00")
		var sim app.CustomerSimulation
		if _, err := a.Simulate(ctx, co, app.SimulateParams{From: day, Days: 60, CustomerRef: "C1", Policy: "bad-payer-fr"}, func(s app.CustomerSimulation) error {
			sim = s
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if sim.Policy != "bad-payer-fr" || len(sim.Days) == 0 || sim.Days[0].Decision.Policy != "bad-payer-fr" {
			t.Errorf("simulation = %+v", sim)
		}
		if after, _ := db.Customer(ctx, co.ID, cu.ID); after.Policy != "" {
			t.Errorf("the simulation assigned %q", after.Policy)
		}
		if _, err := a.Simulate(ctx, co, app.SimulateParams{Days: 60, Policy: "nope"}, func(app.CustomerSimulation) error { return nil }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown policy: %v", err)
		}
		var in *app.InputError
		if _, err := a.Simulate(ctx, co, app.SimulateParams{Days: 0}, func(app.CustomerSimulation) error { return nil }); !errors.As(err, &in) {
			t.Errorf("zero days: %v", err)
		}
	})
}

func TestSimulationOfTheWholeCompanyGivesEachCustomerWithOpenInvoicesOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co := loadDemo(t, db, 30)
		var refs []string
		sum, err := a.Simulate(ctx, co, app.SimulateParams{From: day, Days: 30}, func(s app.CustomerSimulation) error {
			refs = append(refs, s.CustomerRef)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		custs, _ := db.ListCustomers(ctx, store.CustomerQuery{CompanyID: co.ID, Day: day, Sort: "ref"})
		var want []string
		for _, c := range custs {
			if c.OpenCount > 0 {
				want = append(want, c.Ref)
			}
		}
		slices.Sort(refs)
		if !slices.Equal(refs, want) || sum.Customers != len(want) || sum.Actions == 0 {
			t.Errorf("simulated %v (%+v), want %v", refs, sum, want)
		}
		// The caller can stop it: a closed pipe, a cancelled request.
		n := 0
		stop := errors.New("stop")
		if _, err := a.Simulate(ctx, co, app.SimulateParams{From: day, Days: 30}, func(app.CustomerSimulation) error {
			n++
			if n == 3 {
				return stop
			}
			return nil
		}); !errors.Is(err, stop) || n != 3 {
			t.Errorf("stopping: %v after %d", err, n)
		}
	})
}
