package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// The hand controls of the process: a collector pauses a customer or an invoice ("do not
// dun", until a date, with a reason), resumes it, skips a step or forces one. Each change is
// written with its timeline entry in one transaction.

// PauseTarget names what a pause is about: a customer (all its invoices) or one invoice.
// Exactly one is set.
type PauseTarget struct {
	CustomerRef   string
	InvoiceNumber string
}

func (t PauseTarget) check() error {
	if (t.CustomerRef == "") == (t.InvoiceNumber == "") {
		return inputErr("customer", "name either a customer (its reference) or an invoice (its number)")
	}
	return nil
}

// PauseParams pause the reminders of a customer or an invoice.
type PauseParams struct {
	PauseTarget
	Until  civil.Date // the last day of the pause; reminders resume the day after
	Reason string     // why, for the colleague who reads the timeline
}

// PauseResult says what was paused or resumed, and the pause it replaced.
type PauseResult struct {
	CustomerRef   string           `json:"customer_ref"`
	InvoiceNumber string           `json:"invoice_number,omitempty"`
	Pause         receivable.Pause `json:"pause"`    // in force now (zero once resumed)
	Previous      receivable.Pause `json:"previous"` // what it replaced
	// Changed is false when Resume found nothing paused: nothing was written.
	Changed bool `json:"changed"`
}

// Pause stops the reminders of a customer (all its invoices) or of one invoice until a date
// included. A new pause replaces the previous one.
func (a *App) Pause(ctx context.Context, co receivable.Company, p PauseParams, author string) (PauseResult, error) {
	if err := p.check(); err != nil {
		return PauseResult{}, err
	}
	today := a.Today(co)
	switch {
	case p.Until.IsZero():
		return PauseResult{}, inputErr("until", "a pause needs an end date")
	case p.Until.Before(today):
		return PauseResult{}, inputErr("until", "pause until %s: that day has passed (today is %s)", p.Until, today)
	case strings.TrimSpace(p.Reason) == "":
		return PauseResult{}, inputErr("reason", "a pause needs its reason")
	}
	pause := receivable.Pause{PausedUntil: p.Until, PauseReason: strings.TrimSpace(p.Reason)}
	summary := func(what string) string {
		return fmt.Sprintf("Relances suspendues %s jusqu'au %s inclus : %s", what, p.Until.Format("fr"), pause.PauseReason)
	}
	return a.setPause(ctx, co, p.PauseTarget, pause, author, "pause", summary)
}

// Resume lifts the pause of a customer or an invoice: it is reminded again from today, at the
// step its dates call for. Resuming what is not paused changes nothing (Changed is false).
func (a *App) Resume(ctx context.Context, co receivable.Company, t PauseTarget, author string) (PauseResult, error) {
	if err := t.check(); err != nil {
		return PauseResult{}, err
	}
	return a.setPause(ctx, co, t, receivable.Pause{}, author, "resume", func(what string) string {
		return fmt.Sprintf("Relances reprises %s", what)
	})
}

func (a *App) setPause(ctx context.Context, co receivable.Company, t PauseTarget, pause receivable.Pause, author, kind string, summary func(what string) string) (PauseResult, error) {
	today := a.Today(co)
	var res PauseResult
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		ev := store.Event{Day: today, Kind: kind, Actor: author}
		if t.InvoiceNumber != "" {
			inv, err := invoiceByNumber(ctx, q, co, t.InvoiceNumber)
			if err != nil {
				return err
			}
			res = PauseResult{CustomerRef: inv.CustomerRef, InvoiceNumber: inv.Number, Pause: pause, Previous: inv.Pause}
			if kind == "resume" && !inv.PausedOn(today) {
				return nil
			}
			if err := q.SetInvoicePause(ctx, co.ID, inv.ID, pause); err != nil {
				return err
			}
			ev.CustomerID, ev.InvoiceID, ev.Summary = inv.CustomerID, inv.ID, summary("sur la facture "+inv.Number)
		} else {
			cu, err := customerByRef(ctx, q, co, t.CustomerRef)
			if err != nil {
				return err
			}
			res = PauseResult{CustomerRef: cu.Ref, Pause: pause, Previous: cu.Pause}
			if kind == "resume" && !cu.PausedOn(today) {
				return nil
			}
			cu.Pause = pause
			if err := q.UpdateCustomer(ctx, cu); err != nil {
				return err
			}
			ev.CustomerID, ev.Summary = cu.ID, summary("pour le client")
		}
		res.Changed = true
		ev.Data = eventData(map[string]any{"until": pause.PausedUntil, "previous_until": res.Previous.PausedUntil})
		return a.addEvent(ctx, q, co, ev)
	})
	return res, err
}

// StepParams name a step of one invoice's process.
type StepParams struct {
	InvoiceNumber string
	Step          string // the step's name in the customer's policy
	Reason        string
}

// StepRequest is a recorded skip or force, with the names people read.
type StepRequest struct {
	dunning.Request
	CustomerRef   string `json:"customer_ref"`
	InvoiceNumber string `json:"invoice_number"`
	Policy        string `json:"policy"`
}

// SkipStep makes the process never take that step for that invoice; the next step follows
// on its own date.
func (a *App) SkipStep(ctx context.Context, co receivable.Company, p StepParams, author string) (StepRequest, error) {
	return a.requestStep(ctx, co, dunning.Skip, p, author)
}

// ForceStep asks for that step now: the next run (today's, if it runs again) takes it for
// that invoice whatever its date, the pauses and the minimum days between contacts — but not
// if the invoice is settled by then.
func (a *App) ForceStep(ctx context.Context, co receivable.Company, p StepParams, author string) (StepRequest, error) {
	return a.requestStep(ctx, co, dunning.Force, p, author)
}

func (a *App) requestStep(ctx context.Context, co receivable.Company, kind dunning.RequestKind, p StepParams, author string) (StepRequest, error) {
	if strings.TrimSpace(p.Step) == "" {
		return StepRequest{}, inputErr("step", "name the step (see relance policy show)")
	}
	pols, err := a.loadPolicies(ctx, co.ID)
	if err != nil {
		return StepRequest{}, err
	}
	today := a.Today(co)
	var out StepRequest
	err = a.Store.InTx(ctx, func(q store.Queries) error {
		inv, err := invoiceByNumber(ctx, q, co, p.InvoiceNumber)
		if err != nil {
			return err
		}
		cu, err := q.Customer(ctx, co.ID, inv.CustomerID)
		if err != nil {
			return err
		}
		pol, err := dunning.Resolve(cu, pols.byName, pols.byProfile, pols.def)
		if err != nil {
			return err
		}
		si := pol.StepIndex(p.Step)
		if si < 0 {
			names := make([]string, len(pol.Steps))
			for i, s := range pol.Steps {
				names[i] = s.Name
			}
			return inputErr("step", "customer %s's policy %s has no step %q: its steps are %s", cu.Ref, pol.Name, p.Step, strings.Join(names, ", "))
		}
		if kind == dunning.Force && !inv.IsOpen() {
			return inputErr("invoice", "invoice %s is settled: there is nothing to remind", inv.Number)
		}
		r := dunning.Request{Kind: kind, InvoiceID: inv.ID, Step: p.Step, Day: today, By: author, Reason: strings.TrimSpace(p.Reason)}
		if err := q.AddRequest(ctx, co.ID, cu.ID, r); err != nil {
			return err
		}
		out = StepRequest{Request: r, CustomerRef: cu.Ref, InvoiceNumber: inv.Number, Policy: pol.Name}
		s := pol.Steps[si]
		verb := "passée"
		if kind == dunning.Force {
			verb = "forcée"
		}
		summary := fmt.Sprintf("Étape %s (%s, %s) %s pour la facture %s", s.Name, s.Phase.Label("fr"), s.Channel, verb, inv.Number)
		if r.Reason != "" {
			summary += " : " + r.Reason
		}
		return a.addEvent(ctx, q, co, store.Event{CustomerID: cu.ID, InvoiceID: inv.ID, Day: today, Kind: "step_" + string(kind), Actor: author,
			Summary: summary, Data: eventData(map[string]any{"step": s.Name, "policy": pol.Name})})
	})
	return out, err
}
