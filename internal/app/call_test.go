package app_test

import (
	"context"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// firstCall runs a demo day and returns a call of the worklist.
func firstCall(t *testing.T, db *sqlstore.DB) (*app.App, receivable.Company, store.ActionRecord) {
	t.Helper()
	ctx := context.Background()
	a := newApp(db)
	co := loadDemo(t, db, 60)
	if _, err := a.Run(ctx, co, app.RunOptions{Day: day}); err != nil {
		t.Fatal(err)
	}
	calls, _ := db.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, Channels: []dunning.Channel{dunning.Call}, Statuses: []dunning.Status{dunning.StatusQueued}})
	if len(calls) == 0 {
		t.Fatal("no call on the worklist")
	}
	return a, co, calls[0]
}

func TestACallWithAPromiseClosesTheEntryHoldsRemindersAndConfirmsInWriting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co, call := firstCall(t, db)
		res, err := a.LogCall(ctx, co, app.CallOutcome{ActionID: call.ID, Reached: true, Person: "Mme Dupont",
			Promise: &app.CallPromise{Date: day.AddDays(7), Amount: money.MustParse("250.00")}, Note: "virement vendredi"}, "claire")
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != dunning.StatusDone || res.PromiseID == 0 || res.Confirmation == "" {
			t.Fatalf("result = %+v", res)
		}
		act, _ := db.Action(ctx, co.ID, call.ID)
		if act.Status != dunning.StatusDone {
			t.Errorf("worklist entry is %s", act.Status)
		}
		items, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, CustomerID: call.CustomerID})
		confirmed := false
		for _, it := range items {
			confirmed = confirmed || it.Kind == "confirmation"
		}
		if !confirmed {
			t.Error("no written confirmation queued")
		}
		// The promise holds the customer: the next run sends it nothing.
		got, err := a.Run(ctx, co, app.RunOptions{Day: day.AddDays(3), DryRun: true, Emit: func(d dunning.Decision) {
			if d.CustomerID == call.CustomerID && len(d.Actions) > 0 {
				t.Errorf("the promise did not hold the reminders: %+v", d.Actions)
			}
		}})
		if err != nil || got.Customers == 0 {
			t.Fatalf("run = %+v, %v", got, err)
		}
	})
}

func TestAnUnansweredCallStaysOnTheWorklistAndTheRightContactGetsTheReminders(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	a, co, call := firstCall(t, db)
	res, err := a.LogCall(ctx, co, app.CallOutcome{ActionID: call.ID, Reached: false}, "claire")
	if err != nil || res.Status != dunning.StatusQueued {
		t.Fatalf("not reached: %+v %v", res, err)
	}
	if _, err := a.LogCall(ctx, co, app.CallOutcome{ActionID: call.ID, Reached: false, Promise: &app.CallPromise{Date: day, Amount: 1}}, "claire"); err == nil {
		t.Error("a promise was recorded on an unanswered call")
	}
	res, err = a.LogCall(ctx, co, app.CallOutcome{ActionID: call.ID, Reached: true,
		RightContact: &receivable.Contact{Name: "M. Martin", Email: "tresorerie@client.example", Role: "trésorerie"}}, "claire")
	if err != nil || res.ContactID == 0 {
		t.Fatalf("right contact: %+v %v", res, err)
	}
	cs, _ := db.Contacts(ctx, co.ID, call.CustomerID)
	if k, _ := receivable.DunningContact(cs); k.Email != "tresorerie@client.example" {
		t.Errorf("reminders go to %+v", k)
	}
	evs, _ := db.Events(ctx, co.ID, call.CustomerID, 0)
	calls := 0
	for _, e := range evs {
		if e.Kind == "call" {
			calls++
		}
	}
	if calls != 2 {
		t.Errorf("%d calls in the history, want 2", calls)
	}
}
