package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestAStatementAskedForGoesByEmailOnceAndIsInTheTimeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-10-01", "500.00")
		ct := receivable.Contact{CompanyID: co.ID, CustomerID: cu.ID, Name: "Mme Compta", Email: "compta@client.example", Dunning: true}
		if err := db.AddContact(ctx, &ct); err != nil {
			t.Fatal(err)
		}
		res, err := a.SendStatement(ctx, co, "C1", "claire")
		if err != nil {
			t.Fatal(err)
		}
		if !res.Queued || res.Channel != dunning.Email || res.OutboxID == 0 {
			t.Fatalf("result = %+v", res)
		}
		it, err := db.OutboxItemByID(ctx, co.ID, res.OutboxID)
		if err != nil {
			t.Fatal(err)
		}
		if it.Kind != "statement" || it.Template != render.KeyStatement || it.Status != store.OutboxPending || it.ContactID != ct.ID || it.Author != "claire" {
			t.Errorf("outbox item = %+v", it)
		}
		// The sender can compose it: the statement lists the open invoice.
		m, err := a.Composer().Compose(ctx, co, it)
		if err != nil || !strings.Contains(m.To, "compta@client.example") || !strings.Contains(m.Text, "F1") {
			t.Errorf("composed %+v, %v", m, err)
		}
		// A double click in the same second queues nothing more.
		again, err := a.SendStatement(ctx, co, "C1", "claire")
		if err != nil || again.Queued {
			t.Errorf("second click: %+v %v", again, err)
		}
		items, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, CustomerID: cu.ID})
		if len(items) != 1 {
			t.Errorf("%d outbox items", len(items))
		}
		evs, _ := db.Events(ctx, co.ID, cu.ID, 0)
		if len(evs) != 1 || evs[0].Kind != "statement" || !strings.Contains(evs[0].Summary, "compta@client.example") {
			t.Errorf("timeline = %+v", evs)
		}
		// A minute later, another request is another statement.
		now := a.Now()
		a.Now = func() time.Time { return now.Add(time.Minute) }
		if later, err := a.SendStatement(ctx, co, "C1", "claire"); err != nil || !later.Queued {
			t.Errorf("a minute later: %+v %v", later, err)
		}
	})
}

func TestAStatementGoesByLetterWithoutEmailAndIsRefusedWithoutAnyAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-10-01", "500.00")
		_, err := a.SendStatement(ctx, co, "C1", "claire")
		var ie *app.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("no address at all: %v", err)
		}
		cu.Address = receivable.Address{Line1: "3 rue du Port", PostalCode: "44000", City: "Nantes"}
		if err := db.UpdateCustomer(ctx, cu); err != nil {
			t.Fatal(err)
		}
		res, err := a.SendStatement(ctx, co, "C1", "claire")
		if err != nil || res.Channel != dunning.Letter || !res.Queued {
			t.Fatalf("with an address: %+v %v", res, err)
		}

		paid := storetest.Customer(t, db, co.ID, "C2")
		storetest.Pay(t, db, storetest.Invoice(t, db, paid, "G1", "2026-10-01", "100.00"), "2026-10-01", "100.00")
		if _, err := a.SendStatement(ctx, co, "C2", "claire"); !errors.As(err, &ie) {
			t.Errorf("nothing open: %v", err)
		}
		if items, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID}); len(items) != 1 {
			t.Errorf("%d outbox items, want the letter only", len(items))
		}
	})
}
