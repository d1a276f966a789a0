package app

import (
	"context"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// WorklistParams choose whose worklist, and for which day.
type WorklistParams struct {
	Day       civil.Date // today when zero
	Collector string     // only this collector's customers; empty: everyone's
	// Limit and Offset page each list (no limit when zero): the store sorts, so a page is
	// read without loading the rest.
	Limit, Offset int
}

// WorkItem is one entry of a collector's worklist: an action the run decided and that a
// person must carry out (a call, a task) or approve.
type WorkItem struct {
	ActionID     int64              `json:"action_id"`
	Day          civil.Date         `json:"day"` // the day the run decided it; older ones are overdue work
	Status       dunning.Status     `json:"status"`
	CustomerRef  string             `json:"customer_ref"`
	CustomerName string             `json:"customer_name"`
	Collector    string             `json:"collector,omitempty"`
	Channel      dunning.Channel    `json:"channel"`
	Step         string             `json:"step"`
	Phase        dunning.Phase      `json:"phase"`
	Template     string             `json:"template"` // for a call, the call script's key
	Contact      receivable.Contact `json:"contact"`
	Invoices     []string           `json:"invoices"`
	Total        money.Cents        `json:"total_cents"`
	Currency     string             `json:"currency"`
	DaysLate     int                `json:"days_late"` // of the most overdue invoice, on the worklist's day
	Penalties    bool               `json:"penalties"`
}

// Worklist is the day's work for collectors: the calls and tasks still to do, and the actions
// waiting for someone's approval.
type Worklist struct {
	Day       civil.Date `json:"day"`
	Collector string     `json:"collector,omitempty"`
	// Todo are the calls and tasks queued up to the day, firmest and largest first.
	Todo []WorkItem `json:"todo"`
	// Approvals are the actions of any channel awaiting approval up to the day, in the same
	// order: a formal notice waits for nobody else.
	Approvals []WorkItem `json:"awaiting_approval"`
}

// Worklist gathers the calls and tasks still to do on the day — queued on it or before, not
// yet done — and the actions awaiting approval, each in the order a collector should take
// them (dunning.CompareWorklist: firmest phase, largest amount, most days late).
func (a *App) Worklist(ctx context.Context, co receivable.Company, p WorklistParams) (Worklist, error) {
	if p.Day.IsZero() {
		p.Day = a.Today(co)
	}
	out := Worklist{Day: p.Day, Collector: p.Collector, Todo: []WorkItem{}, Approvals: []WorkItem{}}
	todo, err := a.Store.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, UpTo: p.Day, Collector: p.Collector,
		Statuses: []dunning.Status{dunning.StatusQueued}, Channels: []dunning.Channel{dunning.Call, dunning.Task},
		Order: store.WorklistOrder, Limit: p.Limit, Offset: p.Offset})
	if err != nil {
		return out, err
	}
	approvals, err := a.Store.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, UpTo: p.Day, Collector: p.Collector,
		Statuses: []dunning.Status{dunning.StatusAwaitingApproval}, Order: store.WorklistOrder, Limit: p.Limit, Offset: p.Offset})
	if err != nil {
		return out, err
	}
	contacts := map[int64][]receivable.Contact{}
	item := func(r store.ActionRecord) (WorkItem, error) {
		act := r.Action
		act.DaysLate = act.DaysLateOn(p.Day)
		contact := act.Contact
		// A call needs a number: when the run found none (or the record predates it), the
		// customer's contacts may have one since.
		if act.Channel == dunning.Call && contact.Phone == "" {
			cs, ok := contacts[act.CustomerID]
			if !ok {
				if cs, err = a.Store.Contacts(ctx, co.ID, act.CustomerID); err != nil {
					return WorkItem{}, err
				}
				contacts[act.CustomerID] = cs
			}
			if c, ok := phoneContact(cs); ok {
				contact = c
			}
		}
		return WorkItem{ActionID: r.ID, Day: act.Day, Status: r.Status, CustomerRef: act.CustomerRef, CustomerName: act.CustomerName,
			Collector: act.Collector, Channel: act.Channel, Step: act.Step, Phase: act.Phase, Template: act.Template, Contact: contact,
			Invoices: act.InvoiceNumbers, Total: act.Total, Currency: orCurrency(act.Currency, co.Currency), DaysLate: act.DaysLate,
			Penalties: act.Penalties}, nil
	}
	for _, list := range []struct {
		from []store.ActionRecord
		to   *[]WorkItem
	}{{todo, &out.Todo}, {approvals, &out.Approvals}} {
		for _, r := range list.from {
			it, err := item(r)
			if err != nil {
				return out, err
			}
			*list.to = append(*list.to, it)
		}
	}
	return out, nil
}

// phoneContact picks who to call: the dunning contact with a phone number, else anyone with one.
func phoneContact(cs []receivable.Contact) (receivable.Contact, bool) {
	for _, pass := range []func(receivable.Contact) bool{
		func(c receivable.Contact) bool { return c.Dunning && c.Phone != "" },
		func(c receivable.Contact) bool { return c.Phone != "" },
	} {
		for _, c := range cs {
			if pass(c) {
				return c, true
			}
		}
	}
	return receivable.Contact{}, false
}
