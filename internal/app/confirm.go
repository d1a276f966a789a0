package app

import (
	"context"
	"encoding/json"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// enqueueConfirmation queues the written confirmation of an agreement (a promise to pay, a
// payment plan) in the transaction that records it, as the seeds want every agreement
// confirmed in writing: by e-mail to the dunning contact, or by letter when the customer has
// no deliverable e-mail address. It returns the channel chosen.
func enqueueConfirmation(ctx context.Context, q store.Queries, co receivable.Company, cu receivable.Customer, template string,
	p Payload, key string, day civil.Date, author string) (dunning.Channel, error) {
	contacts, err := q.Contacts(ctx, co.ID, cu.ID)
	if err != nil {
		return "", err
	}
	ch := dunning.Letter
	c, ok := receivable.DunningContact(contacts)
	if ok && c.Email != "" && c.Undeliverable == "" {
		ch = dunning.Email
	}
	if ch == dunning.Letter && len(cu.Address.Lines()) == 0 {
		// The agreement is recorded all the same; the caller says that it could not be
		// confirmed, so that a collector adds an address and confirms it by hand.
		return NoConfirmation, nil
	}
	payload, _ := json.Marshal(p)
	it := store.OutboxItem{CompanyID: co.ID, CustomerID: cu.ID, Key: key, Kind: "confirmation", Channel: string(ch),
		Template: template, Payload: string(payload), ContactID: c.ID, Day: day, Author: author}
	if _, err := q.Enqueue(ctx, &it); err != nil {
		return "", err
	}
	return ch, nil
}

// NoConfirmation is the "channel" of an agreement that could not be confirmed in writing: the
// customer has neither a deliverable e-mail address nor a postal address.
const NoConfirmation dunning.Channel = "impossible"

// confirmationNote is the timeline's words for how an agreement was confirmed.
func confirmationNote(ch dunning.Channel) string {
	switch ch {
	case dunning.Email:
		return " ; confirmation écrite envoyée par e-mail"
	case dunning.Letter:
		return " ; confirmation écrite envoyée par courrier"
	}
	return " ; CONFIRMATION ÉCRITE IMPOSSIBLE : ni e-mail ni adresse postale pour ce client"
}

// Confirmation templates, by what they confirm.
const (
	promiseConfirmation = render.KeyPromiseConfirmation
	planConfirmation    = render.KeyPlanConfirmation
)
