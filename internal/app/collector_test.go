package app_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestSettingACollectorTrimsItRecordsTheChangeAndAnEmptyOneClearsIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")

		got, err := a.SetCollector(ctx, co, "C1", "  julie@atelier.example ", "marie")
		if err != nil || got.Collector != "julie@atelier.example" {
			t.Fatalf("set: %q %v", got.Collector, err)
		}
		if again, err := a.SetCollector(ctx, co, "C1", "julie@atelier.example", "marie"); err != nil || again.Collector != "julie@atelier.example" {
			t.Fatalf("same again: %q %v", again.Collector, err)
		}
		if got, err = a.SetCollector(ctx, co, "C1", "", "marie"); err != nil || got.Collector != "" {
			t.Fatalf("clear: %q %v", got.Collector, err)
		}
		stored, err := db.Customer(ctx, co.ID, cu.ID)
		if err != nil || stored.Collector != "" {
			t.Fatalf("stored: %q %v", stored.Collector, err)
		}
		// Setting the same collector again records nothing.
		if kinds := eventKinds(t, db, co, cu); !slices.Equal(kinds, []string{"collector", "collector"}) {
			t.Fatalf("timeline: %v", kinds)
		}
		evs, _ := db.Events(ctx, co.ID, cu.ID, 0)
		var summaries []string
		for _, e := range evs {
			summaries = append(summaries, e.Actor+": "+e.Summary)
		}
		for _, want := range []string{"marie: Gestionnaire du compte : personne → julie@atelier.example", "marie: Gestionnaire du compte : julie@atelier.example → personne"} {
			if !slices.Contains(summaries, want) {
				t.Errorf("timeline %q lacks %q", summaries, want)
			}
		}
	})
}

func TestACollectorTooLongOrOnTwoLinesIsRefusedAndChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		if _, err := a.SetCollector(ctx, co, "C1", strings.Repeat("é", app.MaxCollectorLen), "marie"); err != nil {
			t.Fatalf("200 characters: %v", err)
		}
		for _, bad := range []string{strings.Repeat("a", app.MaxCollectorLen+1), "julie\r\nBcc: everyone@example.com"} {
			_, err := a.SetCollector(ctx, co, "C1", bad, "marie")
			var ie *app.InputError
			if !errors.As(err, &ie) || ie.Field != "collector" {
				t.Errorf("%.20q: %v, want an input error on collector", bad, err)
			}
		}
		if stored, _ := db.Customer(ctx, co.ID, cu.ID); stored.Collector != strings.Repeat("é", app.MaxCollectorLen) {
			t.Errorf("a refused collector changed the customer: %q", stored.Collector)
		}
		if _, err := a.SetCollector(ctx, co, "NOPE", "julie", "marie"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown customer: %v", err)
		}
	})
}
