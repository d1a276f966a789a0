package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestRemindersAreComposedFromTheTemplatesWithTheStatementAttached(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		c := startCatcher(t)
		a, co, n := setup(t, db, c)
		res, err := a.SendOutbox(ctx, app.SendOptions{Composer: a.Composer()})
		if err != nil {
			t.Fatal(err)
		}
		if res.Sent == 0 || res.Sent+res.Failed+res.Cancelled != n {
			t.Fatalf("send = %+v for %d queued", res, n)
		}
		sent, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, Statuses: []string{store.OutboxSent}})
		byID := map[string]store.OutboxItem{}
		for _, it := range sent {
			byID[it.MessageID] = it
		}
		for _, m := range c.Messages() {
			it := byID[m.MessageID]
			act, err := db.Action(ctx, co.ID, it.ActionID)
			if err != nil {
				t.Fatal(err)
			}
			raw := string(m.Raw)
			if m.Subject == "" || !strings.Contains(raw, "application/pdf") || !strings.Contains(raw, "multipart/alternative") {
				t.Errorf("%s: subject %q, no PDF statement or no HTML alternative", act.Template, m.Subject)
			}
			for _, num := range act.InvoiceNumbers {
				if !strings.Contains(raw, num) {
					t.Errorf("%s to %s does not name invoice %s", act.Template, m.To, num)
				}
			}
		}
	})
}

func TestAReminderWhoseInvoicesWerePaidMeanwhileIsCancelledNotSent(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	c := startCatcher(t)
	a, co, n := setup(t, db, c)
	items, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, Channels: []string{"email"}, Statuses: []string{store.OutboxPending}})
	act, _ := db.Action(ctx, co.ID, items[0].ActionID)
	for _, l := range act.Invoices {
		inv, _ := db.Invoice(ctx, co.ID, l.ID)
		storetest.Pay(t, db, inv, day.String(), inv.Open().String())
	}
	res, err := a.SendOutbox(ctx, app.SendOptions{Composer: a.Composer()})
	if err != nil || res.Cancelled != 1 || res.Sent+res.Failed != n-1 {
		t.Fatalf("send = %+v, %v", res, err)
	}
	got, _ := db.OutboxItemByID(ctx, co.ID, items[0].ID)
	after, _ := db.Action(ctx, co.ID, act.ID)
	if got.Status != store.OutboxCancelled || after.Status != dunning.StatusCancelled {
		t.Errorf("paid reminder: outbox %s, action %s", got.Status, after.Status)
	}
}

func TestLevel2AndFormalNoticeMessagesCarryTheRunsPenalties(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	a := newApp(db)
	co := loadDemo(t, db, 120)
	// 2026-H2's ECB rate is not shipped: set it, as a user would, so that the run computes.
	if _, err := a.ImportRates(ctx, co, "rates.csv", strings.NewReader("semester,ecb_mro,legal_consumer_creditor,legal_other\n2026-H2,2.15,,\n"), "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Run(ctx, co, app.RunOptions{Day: day}); err != nil {
		t.Fatal(err)
	}
	acts, _ := db.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, Statuses: []dunning.Status{dunning.StatusQueued, dunning.StatusAwaitingApproval}})
	checked := 0
	for _, act := range acts {
		if !act.Penalties || act.Channel == dunning.Call || act.Channel == dunning.Task {
			continue
		}
		claim, ok, err := a.ActionPenalties(ctx, co, act.ID)
		if err != nil || !ok || claim.Total == 0 {
			continue // a consumer's action: no penalties
		}
		items, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, ActionID: act.ID})
		m, d, err := a.Composer().Message(ctx, co, items[0])
		if err != nil {
			t.Fatal(err)
		}
		if d.Penalties == nil || d.Penalties.Total != claim.Total {
			t.Errorf("%s: penalties %+v, claim total %v", act.Template, d.Penalties, claim.Total)
		}
		if !strings.Contains(m.Text, claim.Total.Format("fr")) {
			t.Errorf("%s does not show the penalties and indemnities %s:\n%s", act.Template, claim.Total.Format("fr"), m.Text)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no action with penalties in the demo day")
	}
}

func TestAPromiseIsConfirmedInWritingAndTheConfirmationArrives(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		c := startCatcher(t)
		a, co, _ := setup(t, db, c)
		// Send what the run queued first, so that only the confirmation is left.
		if _, err := a.SendOutbox(ctx, app.SendOptions{Composer: a.Composer()}); err != nil {
			t.Fatal(err)
		}
		before := len(c.Messages())
		cus, _ := db.ListCustomers(ctx, store.CustomerQuery{CompanyID: co.ID, Day: day, Sort: "overdue", Limit: 20})
		var ref string
		for _, cu := range cus {
			cs, _ := db.Contacts(ctx, co.ID, cu.ID)
			if k, ok := receivable.DunningContact(cs); ok && k.Email != "" && k.Undeliverable == "" && cu.Kind == receivable.B2B {
				ref = cu.Ref
				break
			}
		}
		pr, err := a.AddPromise(ctx, co, app.PromiseParams{CustomerRef: ref, Date: day.AddDays(10), Amount: money.MustParse("500.00"), Via: "call"}, "claire")
		if err != nil {
			t.Fatal(err)
		}
		if pr.Confirmation != "email" {
			t.Fatalf("confirmation channel %q", pr.Confirmation)
		}
		res, err := a.SendOutbox(ctx, app.SendOptions{Composer: a.Composer()})
		if err != nil || res.Sent != 1 {
			t.Fatalf("send = %+v, %v", res, err)
		}
		got := c.Messages()[before:]
		if len(got) != 1 || !strings.Contains(string(got[0].Raw), "500,00") {
			t.Errorf("confirmation received: %d messages", len(got))
		}
		// Without confirmation, nothing is queued.
		if _, err := a.AddPromise(ctx, co, app.PromiseParams{CustomerRef: ref, Date: day.AddDays(20), Amount: 100, NoConfirmation: true}, "claire"); err != nil {
			t.Fatal(err)
		}
		if res, _ := a.SendOutbox(ctx, app.SendOptions{Composer: a.Composer()}); res.Sent != 0 {
			t.Errorf("a promise recorded with no confirmation sent %d e-mails", res.Sent)
		}
	})
}

// A debtor's answer goes to the collector who follows the account when the customer's
// collector is an e-mail address (named as the user who has it), else to the company.
func TestRepliesGoToTheCustomersCollector(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co, _ := setup(t, db, startCatcher(t))
		pending, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, Channels: []string{"email"}, Statuses: []string{store.OutboxPending}})
		if len(pending) < 2 {
			t.Fatalf("%d e-mails queued, want two customers' at least", len(pending))
		}
		followed, other := pending[0], pending[len(pending)-1]
		if followed.CustomerID == other.CustomerID {
			t.Fatal("the first and last e-mails queued are the same customer's")
		}
		cu, err := db.Customer(ctx, co.ID, followed.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		cu.Collector = "claire@lemoine.example"
		if err := db.UpdateCustomer(ctx, cu); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.AddUser(ctx, co, "claire@lemoine.example", "Claire Martin", "a long enough password", auth.Collector); err != nil {
			t.Fatal(err)
		}
		for it, want := range map[*store.OutboxItem]string{&followed: "Claire Martin <claire@lemoine.example>", &other: co.Email} {
			m, err := a.Composer().Compose(ctx, co, *it)
			if err != nil {
				t.Fatal(err)
			}
			if m.ReplyTo != want {
				t.Errorf("customer %d: Reply-To %q, want %q", it.CustomerID, m.ReplyTo, want)
			}
		}
	})
}
