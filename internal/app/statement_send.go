package app

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// StatementSent says how a statement of account asked for by hand goes out.
type StatementSent struct {
	OutboxID int64           `json:"outbox_id"`
	Channel  dunning.Channel `json:"channel"` // email, or letter when the customer has no deliverable e-mail
	// Queued is false when the same statement was queued in the same second (a double click):
	// nothing was added.
	Queued bool `json:"queued"`
}

// SendStatement queues the customer's statement of account (its open invoices) to go out now,
// outside the process: by e-mail to the dunning contact, which the sender sends within a
// minute, else by letter, to print from the outbox. The outbox item and the timeline entry are
// written in one transaction, so that the history never misses what was sent.
func (a *App) SendStatement(ctx context.Context, co receivable.Company, ref, author string) (StatementSent, error) {
	var out StatementSent
	today := a.Today(co)
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		cu, err := customerByRef(ctx, q, co, ref)
		if err != nil {
			return err
		}
		open, err := q.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, CustomerID: cu.ID, OpenOnly: true, Limit: 1})
		if err != nil {
			return err
		}
		if len(open) == 0 {
			return inputErr("customer", "customer %s has no open invoice: there is no statement to send", cu.Ref)
		}
		contacts, err := q.Contacts(ctx, co.ID, cu.ID)
		if err != nil {
			return err
		}
		c, ok := receivable.DunningContact(contacts)
		out.Channel = dunning.Letter
		if ok && c.Email != "" && c.Undeliverable == "" {
			out.Channel = dunning.Email
		} else if len(cu.Address.Lines()) == 0 {
			return inputErr("customer", "customer %s has neither a deliverable e-mail address nor a postal address: add one first", cu.Ref)
		}
		// The second in the key makes a double click queue one statement, and a later request
		// another one.
		it := store.OutboxItem{CompanyID: co.ID, CustomerID: cu.ID, Key: fmt.Sprintf("statement/%d/%d", cu.ID, a.Now().Unix()),
			Kind: "statement", Channel: string(out.Channel), Template: render.KeyStatement, ContactID: c.ID, Day: today, Author: author}
		if out.Queued, err = q.Enqueue(ctx, &it); err != nil || !out.Queued {
			return err
		}
		out.OutboxID = it.ID
		how := "par e-mail à " + c.Email
		if out.Channel == dunning.Letter {
			how = "par courrier (à imprimer depuis les envois)"
		}
		return a.addEvent(ctx, q, co, store.Event{CustomerID: cu.ID, Day: today, Kind: "statement", Actor: author,
			Summary: "Relevé de compte envoyé à la demande " + how, Data: eventData(map[string]any{"outbox_id": it.ID})})
	})
	return out, err
}
