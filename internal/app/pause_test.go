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
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestPausedCustomerGetsNothingFromTheRunUntilTheDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "500.00")
		until := civil.MustParse("2026-11-30")
		res, err := a.Pause(ctx, co, app.PauseParams{PauseTarget: app.PauseTarget{CustomerRef: "C1"}, Until: until, Reason: "redressement en cours"}, "marie")
		if err != nil || !res.Changed || res.Pause.PausedUntil != until {
			t.Fatalf("pause = %+v, %v", res, err)
		}
		for _, d := range []string{"2026-11-23", "2026-11-30"} {
			dec := dryRun(t, a, co, civil.MustParse(d))["C1"]
			if len(dec.Actions) != 0 || len(dec.LeftOut) != 1 || dec.LeftOut[0].Reason != dunning.ReasonCustomerPaused || dec.LeftOut[0].Until != until {
				t.Errorf("%s: actions %d, left out %+v", d, len(dec.Actions), dec.LeftOut)
			}
		}
		if got := reminded(dryRun(t, a, co, civil.MustParse("2026-12-01"))["C1"]); !slices.Equal(got, []string{"F1"}) {
			t.Errorf("the day after the pause, reminded %v", got)
		}
		if _, err := a.Run(ctx, co, app.RunOptions{Day: day}); err != nil {
			t.Fatal(err)
		}
		if acts, _ := db.ListActions(ctx, store.ActionQuery{CompanyID: co.ID}); len(acts) != 0 {
			t.Errorf("the run recorded %d actions for a paused customer", len(acts))
		}
		res, err = a.Resume(ctx, co, app.PauseTarget{CustomerRef: "C1"}, "marie")
		if err != nil || !res.Changed || res.Previous.PausedUntil != until || !res.Pause.PausedUntil.IsZero() {
			t.Fatalf("resume = %+v, %v", res, err)
		}
		if got := reminded(dryRun(t, a, co, day)["C1"]); !slices.Equal(got, []string{"F1"}) {
			t.Errorf("once resumed, reminded %v", got)
		}
		if got := eventKinds(t, db, co, cu); !slices.Equal(got, []string{"pause", "resume"}) {
			t.Errorf("timeline = %v", got)
		}
	})
}

func TestPausedInvoiceIsLeftOutAndTheCustomersOtherInvoicesGoOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "500.00")
		storetest.Invoice(t, db, cu, "F2", "2026-11-14", "300.00")
		res, err := a.Pause(ctx, co, app.PauseParams{PauseTarget: app.PauseTarget{InvoiceNumber: "F1"}, Until: day.AddDays(14), Reason: "avoir à venir"}, "marie")
		if err != nil || res.CustomerRef != "C1" || res.InvoiceNumber != "F1" {
			t.Fatalf("pause = %+v, %v", res, err)
		}
		if got := reminded(dryRun(t, a, co, day)["C1"]); !slices.Equal(got, []string{"F2"}) {
			t.Errorf("with F1 paused, reminded %v", got)
		}
		if _, err := a.Resume(ctx, co, app.PauseTarget{InvoiceNumber: "F1"}, "marie"); err != nil {
			t.Fatal(err)
		}
		if got := reminded(dryRun(t, a, co, day)["C1"]); !slices.Equal(got, []string{"F1", "F2"}) {
			t.Errorf("once resumed, reminded %v", got)
		}
		evs, _ := db.Events(ctx, co.ID, cu.ID, 0)
		if len(evs) != 2 || evs[1].Kind != "pause" || evs[1].InvoiceID == 0 || !strings.Contains(evs[1].Summary, "F1") {
			t.Errorf("events = %+v", evs)
		}
	})
}

func TestPauseNeedsATargetAReasonAndADayToComeAndResumingWhatIsNotPausedChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "500.00")
		for field, p := range map[string]app.PauseParams{
			"customer": {Until: day, Reason: "x"},
			"until":    {PauseTarget: app.PauseTarget{CustomerRef: "C1"}, Until: day.AddDays(-1), Reason: "x"},
			"reason":   {PauseTarget: app.PauseTarget{CustomerRef: "C1"}, Until: day},
		} {
			var in *app.InputError
			if _, err := a.Pause(ctx, co, p, "marie"); !errors.As(err, &in) || in.Field != field {
				t.Errorf("%s: %v", field, err)
			}
		}
		both := app.PauseTarget{CustomerRef: "C1", InvoiceNumber: "F1"}
		if _, err := a.Resume(ctx, co, both, "marie"); err == nil {
			t.Error("resume of a customer and an invoice at once was accepted")
		}
		if _, err := a.Pause(ctx, co, app.PauseParams{PauseTarget: app.PauseTarget{InvoiceNumber: "F9"}, Until: day, Reason: "x"}, "marie"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("pause of an unknown invoice: %v", err)
		}
		res, err := a.Resume(ctx, co, app.PauseTarget{CustomerRef: "C1"}, "marie")
		if err != nil || res.Changed {
			t.Errorf("resume of a customer not paused = %+v, %v", res, err)
		}
		if got := eventKinds(t, db, co, cu); len(got) != 0 {
			t.Errorf("timeline = %v, want nothing", got)
		}
	})
}

func TestSkippedStepIsNeverTakenForThatInvoice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "500.00") // 9 days late: the call of D+8 is due
		steps := func() []string {
			var out []string
			for _, ac := range dryRun(t, a, co, day)["C1"].Actions {
				out = append(out, ac.Step)
			}
			return out
		}
		if got := steps(); !slices.Equal(got, []string{"appel-1"}) {
			t.Fatalf("before the skip: %v", got)
		}
		r, err := a.SkipStep(ctx, co, app.StepParams{InvoiceNumber: "F1", Step: "appel-1", Reason: "client injoignable"}, "marie")
		if err != nil || r.Kind != dunning.Skip || r.Policy != "standard-fr" || r.CustomerRef != "C1" {
			t.Fatalf("skip = %+v, %v", r, err)
		}
		// The latest step still due, the e-mail of D+1, is taken instead.
		if got := steps(); !slices.Equal(got, []string{"relance-1"}) {
			t.Errorf("after skipping the call: %v", got)
		}
		if got := eventKinds(t, db, co, cu); !slices.Equal(got, []string{"step_skip"}) {
			t.Errorf("timeline = %v", got)
		}
	})
}

func TestForcedStepGoesOutTodayWhateverItsDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-12-20", "500.00") // not due for a month
		if acts := dryRun(t, a, co, day)["C1"].Actions; len(acts) != 0 {
			t.Fatalf("before forcing: %+v", acts)
		}
		if _, err := a.ForceStep(ctx, co, app.StepParams{InvoiceNumber: "F1", Step: "mise-en-demeure", Reason: "client en liquidation"}, "marie"); err != nil {
			t.Fatal(err)
		}
		acts := dryRun(t, a, co, day)["C1"].Actions
		if len(acts) != 1 || acts[0].Step != "mise-en-demeure" || !acts[0].Forced || !acts[0].NeedsApproval {
			t.Errorf("forced actions = %+v", acts)
		}
		var in *app.InputError
		_, err := a.ForceStep(ctx, co, app.StepParams{InvoiceNumber: "F1", Step: "relance-9"}, "marie")
		if !errors.As(err, &in) || !strings.Contains(err.Error(), "standard-fr") || !strings.Contains(err.Error(), "mise-en-demeure") {
			t.Errorf("unknown step: %v", err)
		}
		if got := eventKinds(t, db, co, cu); !slices.Equal(got, []string{"step_force"}) {
			t.Errorf("timeline = %v", got)
		}
	})
}

func TestAStepIsCheckedAgainstTheCustomersOwnPolicy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "500.00")
		if err := a.AssignPolicy(ctx, co, app.AssignPolicyParams{Name: "automatic-fr", CustomerRef: "C1"}, "marie"); err != nil {
			t.Fatal(err)
		}
		// appel-1 exists in both; relance-1b only in standard-fr.
		if _, err := a.SkipStep(ctx, co, app.StepParams{InvoiceNumber: "F1", Step: "appel-1"}, "marie"); err != nil {
			t.Errorf("step of the customer's policy: %v", err)
		}
		if _, err := a.SkipStep(ctx, co, app.StepParams{InvoiceNumber: "F1", Step: "relance-1b"}, "marie"); err == nil || !strings.Contains(err.Error(), "automatic-fr") {
			t.Errorf("step of another policy: %v", err)
		}
	})
}
