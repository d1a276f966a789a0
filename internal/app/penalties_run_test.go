package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// actionsOf lists the recorded actions of a customer that ask for penalties, by channel.
func actionsOf(t *testing.T, db store.Store, co receivable.Company, cu receivable.Customer) map[dunning.Channel]store.ActionRecord {
	t.Helper()
	acts, err := db.ListActions(context.Background(), store.ActionQuery{CompanyID: co.ID, CustomerID: cu.ID})
	if err != nil {
		t.Fatal(err)
	}
	out := map[dunning.Channel]store.ActionRecord{}
	for _, ac := range acts {
		if ac.Status != dunning.StatusSkipped {
			out[ac.Channel] = ac
		}
	}
	return out
}

func TestTheLevel2ActionCarriesThePenaltiesAndTheIndemnityAndTheConsumerOneNone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co, _, _ := a.Init(ctx, receivable.Company{Name: "Test"})
		pro := customer(t, db, co, "C1", receivable.B2B, "")
		storetest.Invoice(t, db, pro, "F1", "2026-06-01", "1000.00")
		storetest.Invoice(t, db, pro, "F2", "2026-06-01", "2500.00")
		consumer := customer(t, db, co, "P1", receivable.B2C, "")
		storetest.Invoice(t, db, consumer, "P-1", "2026-06-01", "1000.00")

		// Monday 22 June 2026 is D+21: the standard policy's level-2 registered letter, which
		// shows the penalties. ECB rate on 1 January 2026: 2.15 % → 12.15 %.
		//   F1: 2–22 June, 21 days: 1,000 × 12.15 % × 21 / 365 = 6.9904… → 6.99
		//   F2: 2,500 × 12.15 % × 21 / 365 = 17.4760… → 17.48
		// Interest 24.47, indemnities 2 × 40.00, total 104.47. The consumer: nothing (no
		// penalties, no indemnity, and no legal interest without a formal notice).
		res, err := a.Run(ctx, co, app.RunOptions{Day: civil.MustParse("2026-06-22")})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Warnings) != 0 || res.PenaltiesMissing != 0 {
			t.Errorf("warnings = %+v", res.Warnings)
		}
		letter, ok := actionsOf(t, db, co, pro)[dunning.RegisteredLetter]
		if !ok || !letter.Penalties || letter.Phase != dunning.Level2 {
			t.Fatalf("no level-2 letter asking for penalties: %+v", actionsOf(t, db, co, pro))
		}
		claim, ok, err := a.ActionPenalties(ctx, co, letter.ID)
		if err != nil || !ok {
			t.Fatalf("claim of the letter: %v, %v", ok, err)
		}
		if len(claim.Invoices) != 2 || claim.Invoices[0].Interest != cents("6.99") || claim.Invoices[1].Interest != cents("17.48") ||
			claim.Invoices[0].Indemnity != cents("40.00") || claim.Invoices[1].Indemnity != cents("40.00") ||
			claim.Interest != cents("24.47") || claim.Indemnity != cents("80.00") || claim.Total != cents("104.47") ||
			claim.Day != civil.MustParse("2026-06-22") || claim.Currency != "EUR" {
			t.Errorf("claim = %+v", claim)
		}
		pLetter, ok := actionsOf(t, db, co, consumer)[dunning.RegisteredLetter]
		if !ok || !pLetter.Penalties {
			t.Fatalf("no level-2 letter for the consumer: %+v", actionsOf(t, db, co, consumer))
		}
		pClaim, ok, err := a.ActionPenalties(ctx, co, pLetter.ID)
		if err != nil || !ok || pClaim.Total != 0 || pClaim.Indemnity != 0 || pClaim.Interest != 0 || len(pClaim.Invoices) != 1 {
			t.Errorf("consumer's claim = %+v, %v, %v", pClaim, ok, err)
		}
		if res.PenaltiesAttached < 2 {
			t.Errorf("penalties attached to %d actions", res.PenaltiesAttached)
		}
	})
}

func TestAMissingRateRecordsTheActionsWarnsAndTheNextRunCompletesThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		var logs bytes.Buffer
		a.Log = slog.New(slog.NewTextHandler(&logs, nil))
		co, _, _ := a.Init(ctx, receivable.Company{Name: "Test"})
		cu := customer(t, db, co, "C1", receivable.B2B, "")
		storetest.Invoice(t, db, cu, "F1", "2026-07-01", "1000.00")
		day := civil.MustParse("2026-07-22") // Wednesday, D+21, in 2026-H2

		res, err := a.Run(ctx, co, app.RunOptions{Day: day})
		if err != nil {
			t.Fatalf("a missing rate failed the run: %v", err)
		}
		letter, ok := actionsOf(t, db, co, cu)[dunning.RegisteredLetter]
		if !ok || res.Actions == 0 {
			t.Fatalf("the actions were not recorded: %+v", res)
		}
		if _, has, _ := a.ActionPenalties(ctx, co, letter.ID); has {
			t.Error("the letter got penalties computed without the 2026-H2 rate")
		}
		if len(res.Warnings) != 1 || res.Warnings[0].Kind != app.WarnMissingRate || res.Warnings[0].Rate != "ecb_mro 2026-H2" ||
			!strings.Contains(res.Warnings[0].Message, `relance rates set ecb_mro 2026-H2`) || res.PenaltiesMissing == 0 {
			t.Errorf("warnings = %+v, missing %d", res.Warnings, res.PenaltiesMissing)
		}
		if !strings.Contains(logs.String(), "rate missing for penalties") || !strings.Contains(logs.String(), "2026-H2") {
			t.Errorf("log = %s", logs.String())
		}

		// The user adds the rate (`relance rates set ecb_mro 2026-H2 2.15`); the next run, the
		// next morning, completes the letter still waiting to go out, on the letter's day:
		// 2–22 July, 21 days: 1,000 × 12.15 % × 21 / 365 = 6.99, plus 40.00.
		if _, _, err := a.SetRate(ctx, co, penalty.Entry{Series: penalty.ECBMRO, Semester: penalty.MustParseSemester("2026-H2"),
			Rate: money.MustParseRate("2.15"), Source: "BCE", Confirmed: true}, "test"); err != nil {
			t.Fatal(err)
		}
		next := day.AddDays(1)
		again, err := a.Run(ctx, co, app.RunOptions{Day: next})
		if err != nil {
			t.Fatal(err)
		}
		if again.Actions != 0 || len(again.Warnings) != 0 || again.PenaltiesAttached == 0 {
			t.Errorf("second run = %+v", again)
		}
		claim, has, err := a.ActionPenalties(ctx, co, letter.ID)
		if err != nil || !has || claim.Day != day || claim.Interest != cents("6.99") || claim.Indemnity != cents("40.00") {
			t.Errorf("claim after the rate was set = %+v, %v, %v", claim, has, err)
		}
		// Complete claims are not computed again.
		if third, _ := a.Run(ctx, co, app.RunOptions{Day: next.AddDays(1)}); third.PenaltiesAttached != 0 {
			t.Errorf("third run attached %d claims again", third.PenaltiesAttached)
		}
	})
}

func TestADryRunWarnsOfTheMissingRateAndRecordsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co, _, _ := a.Init(ctx, receivable.Company{Name: "Test"})
		cu := customer(t, db, co, "C1", receivable.B2B, "")
		storetest.Invoice(t, db, cu, "F1", "2026-07-01", "1000.00")
		res, err := a.Run(ctx, co, app.RunOptions{Day: civil.MustParse("2026-07-22"), DryRun: true})
		if err != nil || len(res.Warnings) != 1 || res.Warnings[0].Rate != "ecb_mro 2026-H2" {
			t.Errorf("dry run = %+v, %v", res, err)
		}
	})
}
