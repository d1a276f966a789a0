package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
	relmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/catcher"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// plainComposer writes a minimal message to the customer's dunning contact: these tests are
// about delivery, not wording (the templates have their own golden tests).
type plainComposer struct{ st store.Store }

func (p plainComposer) Compose(ctx context.Context, co receivable.Company, it store.OutboxItem) (app.Composed, error) {
	cs, err := p.st.Contacts(ctx, co.ID, it.CustomerID)
	if err != nil {
		return app.Composed{}, err
	}
	c, ok := receivable.DunningContact(cs)
	if !ok || c.Email == "" || c.Undeliverable != "" {
		return app.Composed{}, app.ErrNoRecipient
	}
	return app.Composed{ContactID: c.ID, To: c.Email, Subject: fmt.Sprintf("Relance %s (outbox %d)", it.Template, it.ID), Text: "Relance é"}, nil
}

func startCatcher(t *testing.T) *catcher.Catcher {
	t.Helper()
	c, err := catcher.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop() })
	return c
}

// setup runs a demo day and points the company's SMTP settings at a catcher.
func setup(t *testing.T, db *sqlstore.DB, c *catcher.Catcher) (*app.App, receivable.Company, int) {
	t.Helper()
	ctx := context.Background()
	a := newApp(db)
	co := loadDemo(t, db, 40)
	if _, err := a.Run(ctx, co, app.RunOptions{Day: day}); err != nil {
		t.Fatal(err)
	}
	if err := a.SetSMTPSettings(ctx, co, relmail.Settings{Host: "127.0.0.1", Port: c.Port(), TLS: "none", From: "Lemoine <recouvrement@lemoine.example>"}); err != nil {
		t.Fatal(err)
	}
	pending, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, Channels: []string{"email"}, Statuses: []string{store.OutboxPending}})
	if len(pending) == 0 {
		t.Fatal("the run queued no e-mail")
	}
	return a, co, len(pending)
}

func TestSentEmailsArriveOnceAndTheirProofIsRecorded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		c := startCatcher(t)
		a, co, n := setup(t, db, c)
		res, err := a.SendOutbox(ctx, app.SendOptions{Composer: plainComposer{db}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Sent+res.Failed != n || res.Sent == 0 {
			t.Fatalf("send = %+v for %d queued", res, n)
		}
		got := c.Messages()
		if len(got) != res.Sent {
			t.Errorf("catcher received %d, sender says %d", len(got), res.Sent)
		}
		sent, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, Statuses: []string{store.OutboxSent}})
		ids := map[string]bool{}
		for _, m := range got {
			ids[m.MessageID] = true
		}
		for _, it := range sent {
			if !ids[it.MessageID] || it.SentAt.IsZero() {
				t.Errorf("outbox %d: message %q not received or no sent date", it.ID, it.MessageID)
			}
			act, _ := db.Action(ctx, co.ID, it.ActionID)
			if act.Status != dunning.StatusSent {
				t.Errorf("action %d is %s after sending", act.ID, act.Status)
			}
		}
		// A second pass finds nothing to do.
		if again, _ := a.SendOutbox(ctx, app.SendOptions{Composer: plainComposer{db}}); again.Sent != 0 || len(c.Messages()) != len(got) {
			t.Errorf("second pass sent %d", again.Sent)
		}
	})
}

func TestUnknownAddressFailsPermanentlyAndMarksTheContact(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	c := startCatcher(t)
	a, co, _ := setup(t, db, c)
	items, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, Channels: []string{"email"}, Statuses: []string{store.OutboxPending}})
	it := items[0]
	cs, _ := db.Contacts(ctx, co.ID, it.CustomerID)
	target, _ := receivable.DunningContact(cs)
	c.Reject(target.Email, 550, 0)
	if _, err := a.SendOutbox(ctx, app.SendOptions{Composer: plainComposer{db}}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.OutboxItemByID(ctx, co.ID, it.ID)
	if got.Status != store.OutboxFailed || got.LastError == "" {
		t.Errorf("item = %s %q", got.Status, got.LastError)
	}
	cs, _ = db.Contacts(ctx, co.ID, it.CustomerID)
	for _, k := range cs {
		if k.ID == target.ID && k.Undeliverable == "" {
			t.Error("the contact is not marked undeliverable")
		}
	}
	act, _ := db.Action(ctx, co.ID, it.ActionID)
	if act.Status != dunning.StatusFailed {
		t.Errorf("action = %s", act.Status)
	}
	// After the address is fixed, a retry goes out.
	for _, k := range cs {
		if k.ID == target.ID {
			k.Email, k.Undeliverable = "fixed@client.example", ""
			db.UpdateContact(ctx, k)
		}
	}
	if err := a.RetryOutbox(ctx, co, it.ID, "claire"); err != nil {
		t.Fatal(err)
	}
	// The frozen message keeps the old address: a retry sends exactly what was frozen, so the
	// collector re-queues by sending anew; this retry fails the same way and says so.
	a.SendOutbox(ctx, app.SendOptions{Composer: plainComposer{db}})
	got, _ = db.OutboxItemByID(ctx, co.ID, it.ID)
	if got.Status != store.OutboxFailed {
		t.Errorf("retry of a frozen message to a refused address: %s", got.Status)
	}
}

func TestServerDownMessagesWaitAndAllArriveOnceBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		c := startCatcher(t)
		a, _, n := setup(t, db, c)
		c.Stop()
		clock := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		a.Now = func() time.Time { return clock }
		opts := app.SendOptions{Composer: plainComposer{db}, Backoff: func(int) time.Duration { return time.Minute }}
		res, err := a.SendOutbox(ctx, opts)
		if err != nil || res.Sent != 0 || res.Retried != n {
			t.Fatalf("server down: %+v, %v", res, err)
		}
		// Still down a minute later: retried again, nothing lost.
		clock = clock.Add(2 * time.Minute)
		if res, _ = a.SendOutbox(ctx, opts); res.Retried != n {
			t.Fatalf("still down: %+v", res)
		}
		if err := c.Restart(); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(2 * time.Minute)
		res, err = a.SendOutbox(ctx, opts)
		if err != nil || res.Sent != n {
			t.Fatalf("back up: %+v, %v", res, err)
		}
		seen := map[string]int{}
		for _, m := range c.Messages() {
			seen[m.MessageID]++
		}
		if len(seen) != n {
			t.Errorf("%d distinct messages arrived, want %d", len(seen), n)
		}
		for id, k := range seen {
			if k != 1 {
				t.Errorf("%s arrived %d times", id, k)
			}
		}
	})
}

func TestApprovalReleasesTheFormalNoticeAndRejectionCancelsIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co := loadDemo(t, db, 120)
		if _, err := a.Run(ctx, co, app.RunOptions{Day: day}); err != nil {
			t.Fatal(err)
		}
		waiting, _ := db.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, Statuses: []dunning.Status{dunning.StatusAwaitingApproval}})
		if len(waiting) < 2 {
			t.Fatalf("%d actions await approval, want at least 2", len(waiting))
		}
		if err := a.Approve(ctx, co, waiting[0].ID, "claire"); err != nil {
			t.Fatal(err)
		}
		if err := a.Reject(ctx, co, waiting[1].ID, "claire", "client en redressement"); err != nil {
			t.Fatal(err)
		}
		for i, want := range []string{store.OutboxPending, store.OutboxCancelled} {
			items, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, ActionID: waiting[i].ID})
			if len(items) != 1 || items[0].Status != want {
				t.Errorf("action %d: outbox %+v, want %s", waiting[i].ID, items, want)
			}
		}
		if err := a.Approve(ctx, co, waiting[1].ID, "claire"); err == nil {
			t.Error("approved a rejected action")
		}
	})
}
