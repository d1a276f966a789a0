package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// CallOutcome is what a collector records after a call: whether someone answered, what they
// obtained (a promise, a dispute, the right person to talk to), and a note.
type CallOutcome struct {
	// ActionID is the worklist entry the call answers; zero for a call made outside the
	// worklist, then CustomerRef names the customer.
	ActionID    int64
	CustomerRef string
	Reached     bool
	Person      string // who answered
	Note        string
	// Promise, when set, is the promise to pay obtained: it holds the reminders and is
	// confirmed in writing.
	Promise *CallPromise
	// Dispute, when set, is an invoice the debtor contests: its reminders stop until resolved.
	Dispute *CallDispute
	// RightContact, when set, is the person who can unblock payment, met on the call: added
	// to the customer's contacts as the one reminders go to.
	RightContact *receivable.Contact
	// Close ends the worklist entry even when nobody answered (no further attempt wanted).
	Close bool
	Day   civil.Date // today when zero
}

// CallPromise is a promise obtained on the phone.
type CallPromise struct {
	Date           civil.Date
	Amount         money.Cents
	InvoiceNumbers []string
}

// CallDispute is a dispute raised on the phone.
type CallDispute struct {
	InvoiceNumber string
	Reason        string
}

// CallResult says what recording the call did.
type CallResult struct {
	Status       dunning.Status `json:"action_status,omitempty"`
	PromiseID    int64          `json:"promise_id,omitempty"`
	DisputeID    int64          `json:"dispute_id,omitempty"`
	ContactID    int64          `json:"contact_id,omitempty"`
	Confirmation string         `json:"confirmation,omitempty"` // how the promise is confirmed in writing
}

// LogCall records a call's outcome in one transaction: the call in the customer's history
// (who, when, what was said), the worklist entry done — or left on the worklist when nobody
// answered, to try again —, the promise obtained (with its written confirmation, as the seeds
// demand), the dispute raised, the right contact added as the one reminders go to.
func (a *App) LogCall(ctx context.Context, co receivable.Company, o CallOutcome, author string) (CallResult, error) {
	var res CallResult
	if o.Day.IsZero() {
		o.Day = a.Today(co)
	}
	if !o.Reached && (o.Promise != nil || o.Dispute != nil) {
		return res, inputErr("reached", "a promise or a dispute needs someone on the line: mark the call reached")
	}
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		var cu receivable.Customer
		var err error
		var act store.ActionRecord
		if o.ActionID != 0 {
			if act, err = q.Action(ctx, co.ID, o.ActionID); err != nil {
				return err
			}
			if act.Channel != dunning.Call {
				return inputErr("action", "action %d is a %s, not a call", act.ID, act.Channel)
			}
			if cu, err = q.Customer(ctx, co.ID, act.CustomerID); err != nil {
				return err
			}
		} else if cu, err = customerByRef(ctx, q, co, o.CustomerRef); err != nil {
			return err
		}
		var parts []string
		if o.Reached {
			who := "joint"
			if o.Person != "" {
				who = "joint : " + o.Person
			}
			parts = append(parts, "Appel — "+who)
		} else {
			parts = append(parts, "Appel sans réponse")
		}
		if o.RightContact != nil && (o.RightContact.Name != "" || o.RightContact.Email != "" || o.RightContact.Phone != "") {
			ct := *o.RightContact
			ct.CompanyID, ct.CustomerID, ct.Dunning = co.ID, cu.ID, true
			existing, err := q.Contacts(ctx, co.ID, cu.ID)
			if err != nil {
				return err
			}
			// The new contact is the one reminders go to from now on.
			for _, k := range existing {
				if k.Dunning {
					k.Dunning = false
					if err := q.UpdateContact(ctx, k); err != nil {
						return err
					}
				}
			}
			if err := q.AddContact(ctx, &ct); err != nil {
				return err
			}
			res.ContactID = ct.ID
			parts = append(parts, fmt.Sprintf("bon interlocuteur : %s %s %s", ct.Name, ct.Email, ct.Phone))
		}
		if o.Dispute != nil {
			d, err := a.openDisputeTx(ctx, q, co, DisputeParams{InvoiceNumber: o.Dispute.InvoiceNumber, Reason: o.Dispute.Reason, Day: o.Day}, author)
			if err != nil {
				return err
			}
			if d.CustomerID != cu.ID {
				return inputErr("dispute", "invoice %s is not %s's", o.Dispute.InvoiceNumber, cu.Ref)
			}
			res.DisputeID = d.ID
			parts = append(parts, "litige sur la facture "+d.InvoiceNumber)
		}
		if o.Promise != nil {
			pr, err := a.addPromiseTx(ctx, q, co, PromiseParams{CustomerRef: cu.Ref, Date: o.Promise.Date, Amount: o.Promise.Amount,
				InvoiceNumbers: o.Promise.InvoiceNumbers, Via: "call", Note: o.Note, Made: o.Day}, author)
			if err != nil {
				return err
			}
			res.PromiseID, res.Confirmation = pr.ID, pr.Confirmation
			parts = append(parts, fmt.Sprintf("promesse de %s pour le %s", pr.Amount.FormatCurrency(co.Currency, "fr"), pr.Date.Format("fr")))
		}
		if o.Note != "" {
			parts = append(parts, "« "+strings.TrimSpace(o.Note)+" »")
		}
		if act.ID != 0 {
			if o.Reached || o.Close {
				if err := q.SetActionStatus(ctx, co.ID, act.ID, []dunning.Status{dunning.StatusQueued}, dunning.StatusDone, o.Note, author); err != nil && !errors.Is(err, store.ErrConflict) {
					return err
				}
				res.Status = dunning.StatusDone
			} else {
				res.Status = dunning.StatusQueued // stays on the worklist: call again
			}
		}
		data := eventData(map[string]any{"action_id": act.ID, "reached": o.Reached, "promise_id": res.PromiseID, "dispute_id": res.DisputeID, "contact_id": res.ContactID})
		return a.addEvent(ctx, q, co, store.Event{CustomerID: cu.ID, Day: o.Day, Kind: "call", Actor: author, Summary: strings.Join(parts, " ; "), Data: data})
	})
	return res, err
}
