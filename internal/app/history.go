package app

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// HistoryParams shape a customer's timeline.
type HistoryParams struct {
	Reverse bool // newest first
	Limit   int  // at most this many entries, the newest ones; 0: all
}

// TimelineEntry is one thing that happened to a customer: an event of its timeline (a pause,
// a promise, a dispute, an import…) or an action of the process (a reminder, a call, a letter)
// with where it stands now.
type TimelineEntry struct {
	Day      civil.Date     `json:"day"`
	At       time.Time      `json:"at"` // when it was recorded
	Kind     string         `json:"kind"`
	Summary  string         `json:"summary"`
	Actor    string         `json:"actor,omitempty"`
	Status   dunning.Status `json:"status,omitempty"` // an action's current status
	EventID  int64          `json:"event_id,omitempty"`
	ActionID int64          `json:"action_id,omitempty"`
}

// Timeline is a customer's history.
type Timeline struct {
	Customer receivable.Customer `json:"customer"`
	Entries  []TimelineEntry     `json:"entries"`
}

// History is the timeline of everything that happened to a customer, oldest first (or newest
// first with Reverse): the events recorded in its timeline and the actions of the process. An
// action recorded by the run has its event; the entry shows the action's status today (queued,
// sent, done, failed…). Actions without an event — steps superseded on catch-up — get an
// entry of their own, so that the history says why a step was never taken.
func (a *App) History(ctx context.Context, co receivable.Company, ref string, p HistoryParams) (Timeline, error) {
	cu, err := customerByRef(ctx, a.Store, co, ref)
	if err != nil {
		return Timeline{}, err
	}
	events, err := a.Store.Events(ctx, co.ID, cu.ID, 0)
	if err != nil {
		return Timeline{}, err
	}
	actions, err := a.Store.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, CustomerID: cu.ID})
	if err != nil {
		return Timeline{}, err
	}
	byID := make(map[int64]store.ActionRecord, len(actions))
	for _, r := range actions {
		byID[r.ID] = r
	}
	entries := make([]TimelineEntry, 0, len(events)+len(actions))
	shown := map[int64]bool{}
	for _, e := range events {
		en := TimelineEntry{Day: e.Day, At: e.At, Kind: e.Kind, Summary: e.Summary, Actor: e.Actor, EventID: e.ID}
		if e.Kind == "action" {
			var ref struct {
				ActionID int64 `json:"action_id"`
			}
			if json.Unmarshal([]byte(e.Data), &ref) == nil && ref.ActionID != 0 {
				if r, ok := byID[ref.ActionID]; ok {
					en.ActionID, en.Status = r.ID, r.Status
					shown[r.ID] = true
				}
			}
		}
		entries = append(entries, en)
	}
	for _, r := range actions {
		if shown[r.ID] {
			continue
		}
		entries = append(entries, TimelineEntry{Day: r.Day, At: r.CreatedAt, Kind: "action", Summary: actionLine(r),
			Actor: r.Author, Status: r.Status, ActionID: r.ID})
	}
	sup, err := a.Store.ListSuperseded(ctx, co.ID, cu.ID)
	if err != nil {
		return Timeline{}, err
	}
	for _, st := range sup {
		entries = append(entries, TimelineEntry{Day: st.Day, Kind: "action", Status: dunning.StatusSkipped, Actor: "run",
			Summary: fmt.Sprintf("Étape %s (%s, %s) passée pour %s : une étape plus récente l'a remplacée", st.Step, st.Phase, st.Channel, st.Number)})
	}
	// By day, then by when it was recorded: a run dated the 23rd may be recorded after a
	// note of the 23rd, and it is the day that matters to the debtor.
	// A superseded step has no recording time: it comes after the day's other entries (the
	// step that superseded it among them).
	slices.SortStableFunc(entries, func(x, y TimelineEntry) int {
		return cmp.Or(x.Day.Compare(y.Day), cmp.Compare(boolInt(x.At.IsZero()), boolInt(y.At.IsZero())), x.At.Compare(y.At),
			cmp.Compare(x.EventID, y.EventID), cmp.Compare(x.ActionID, y.ActionID))
	})
	if p.Limit > 0 && len(entries) > p.Limit {
		entries = entries[len(entries)-p.Limit:]
	}
	if p.Reverse {
		slices.Reverse(entries)
	}
	return Timeline{Customer: cu, Entries: entries}, nil
}

// actionLine sums up an action that has no timeline event, in the timeline's language.
func actionLine(r store.ActionRecord) string {
	if r.Status == dunning.StatusSkipped {
		return fmt.Sprintf("Étape %s (%s, %s) passée pour %s : une étape plus récente l'a remplacée", r.Step, r.Phase, r.Channel,
			strings.Join(r.InvoiceNumbers, ", "))
	}
	return fmt.Sprintf("%s (%s, %s) : %s — %s", r.Step, r.Phase, r.Channel, strings.Join(r.InvoiceNumbers, ", "), r.Total.Format("fr"))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
