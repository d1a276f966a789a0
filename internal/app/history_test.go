package app_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestHistoryShowsEventsAndActionsByDayWithTheActionsStatusToday(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "500.00")
		// Friday the 20th: the e-mail of D+1, the preventive step passed over on catch-up.
		friday := civil.MustParse("2026-11-20")
		if _, err := a.Run(ctx, co, app.RunOptions{Day: friday}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Pause(ctx, co, app.PauseParams{PauseTarget: app.PauseTarget{CustomerRef: "C1"}, Until: day.AddDays(7), Reason: "litige commercial"}, "marie"); err != nil {
			t.Fatal(err)
		}
		acts, _ := db.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, Statuses: []dunning.Status{dunning.StatusQueued}})
		if len(acts) != 1 {
			t.Fatalf("queued actions = %+v", acts)
		}
		if err := db.SetActionStatus(ctx, co.ID, acts[0].ID, []dunning.Status{dunning.StatusQueued}, dunning.StatusSent, "", "sender"); err != nil {
			t.Fatal(err)
		}
		tl, err := a.History(ctx, co, "C1", app.HistoryParams{})
		if err != nil {
			t.Fatal(err)
		}
		if tl.Customer.Ref != "C1" || len(tl.Entries) != 3 {
			t.Fatalf("timeline = %+v", tl)
		}
		// The two entries of Friday are recorded in the same instant: only the day orders them.
		var fri []string
		for _, e := range tl.Entries[:2] {
			// A superseded step is not an action of its own: it has no action id.
			if e.Day != friday || e.Kind != "action" || (e.ActionID == 0) != (e.Status == dunning.StatusSkipped) || e.Summary == "" {
				t.Errorf("Friday's entry = %+v", e)
			}
			fri = append(fri, string(e.Status))
		}
		// The e-mail went out since; the preventive step says it was passed over.
		if slices.Sort(fri); !slices.Equal(fri, []string{"sent", "skipped"}) {
			t.Errorf("Friday's statuses = %v", fri)
		}
		if last := tl.Entries[2]; last.Kind != "pause" || last.Day != day || last.Actor != "marie" || last.EventID == 0 {
			t.Errorf("last entry = %+v", last)
		}
		rev, _ := a.History(ctx, co, "C1", app.HistoryParams{Reverse: true})
		if rev.Entries[0].Kind != "pause" {
			t.Errorf("newest first starts with %+v", rev.Entries[0])
		}
		lim, _ := a.History(ctx, co, "C1", app.HistoryParams{Limit: 1})
		if len(lim.Entries) != 1 || lim.Entries[0].Kind != "pause" {
			t.Errorf("the newest entry = %+v", lim.Entries)
		}
		if _, err := a.History(ctx, co, "C9", app.HistoryParams{}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown customer: %v", err)
		}
	})
}
