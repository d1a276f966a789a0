package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// Approve lets an action that awaits approval (a formal notice, by default) go out: its
// e-mail or letter leaves the outbox's hold.
func (a *App) Approve(ctx context.Context, co receivable.Company, actionID int64, author string) error {
	return a.decideApproval(ctx, co, actionID, author, "", true)
}

// Reject cancels an action that awaits approval; its message is never sent. The process moves
// on as if the step had been taken (it is not proposed again), which is what a collector who
// refuses a formal notice wants; forcing the step later is always possible.
func (a *App) Reject(ctx context.Context, co receivable.Company, actionID int64, author, reason string) error {
	return a.decideApproval(ctx, co, actionID, author, reason, false)
}

func (a *App) decideApproval(ctx context.Context, co receivable.Company, actionID int64, author, reason string, ok bool) error {
	return a.Store.InTx(ctx, func(q store.Queries) error {
		act, err := q.Action(ctx, co.ID, actionID)
		if err != nil {
			return err
		}
		to, outTo, verb := dunning.StatusQueued, store.OutboxPending, "validée"
		if !ok {
			to, outTo, verb = dunning.StatusCancelled, store.OutboxCancelled, "refusée"
		}
		if err := q.SetActionStatus(ctx, co.ID, actionID, []dunning.Status{dunning.StatusAwaitingApproval}, to, reason, author); err != nil {
			return err
		}
		items, err := q.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, ActionID: actionID})
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := q.SetOutboxStatus(ctx, co.ID, it.ID, []string{store.OutboxHeld}, outTo); err != nil {
				return err
			}
		}
		summary := fmt.Sprintf("Action %s (%s, %s) %s par %s", act.Step, act.Phase, act.Channel, verb, author)
		if reason != "" {
			summary += " : " + reason
		}
		return q.AddEvent(ctx, &store.Event{CompanyID: co.ID, CustomerID: act.CustomerID, Day: a.Today(co), Kind: "approval", Actor: author, Summary: summary})
	})
}

// RetryOutbox sends a failed message again (after the address was corrected, say): the
// item returns to pending with its attempts kept, its action back to queued.
func (a *App) RetryOutbox(ctx context.Context, co receivable.Company, outboxID int64, author string) error {
	return a.Store.InTx(ctx, func(q store.Queries) error {
		it, err := q.OutboxItemByID(ctx, co.ID, outboxID)
		if err != nil {
			return err
		}
		if err := q.SetOutboxStatus(ctx, co.ID, outboxID, []string{store.OutboxFailed}, store.OutboxPending); err != nil {
			return err
		}
		if it.ActionID != 0 {
			err := q.SetActionStatus(ctx, co.ID, it.ActionID, []dunning.Status{dunning.StatusFailed}, dunning.StatusQueued, "", author)
			if err != nil && !errors.Is(err, store.ErrConflict) {
				return err
			}
		}
		return q.AddEvent(ctx, &store.Event{CompanyID: co.ID, CustomerID: it.CustomerID, Day: a.Today(co), Kind: "retry", Actor: author,
			Summary: fmt.Sprintf("Nouvel essai d'envoi demandé par %s (%s)", author, it.LastError)})
	})
}
