package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/store"
)

// RecordDecision stores one customer's decision; see store.DunningQueries.
func (c *conn) RecordDecision(ctx context.Context, companyID, runID int64, d dunning.Decision, author string) ([]store.ActionRecord, error) {
	var out []store.ActionRecord
	for _, a := range d.Actions {
		status := dunning.StatusQueued
		if a.NeedsApproval {
			status = dunning.StatusAwaitingApproval
		}
		rec, ok, err := c.insertAction(ctx, companyID, runID, a, status, a.Key, author)
		if err != nil {
			return out, err
		}
		if !ok {
			continue
		}
		out = append(out, rec)
		if err := c.enqueueAction(ctx, companyID, rec, author); err != nil {
			return out, err
		}
		ev := store.Event{CompanyID: companyID, CustomerID: a.CustomerID, Day: a.Day, Kind: "action", Actor: author,
			Summary: actionSummary(a, status), Data: fmt.Sprintf(`{"action_id":%d}`, rec.ID)}
		if err := c.AddEvent(ctx, &ev); err != nil {
			return out, err
		}
	}
	for _, s := range d.Superseded {
		a := dunning.Action{CustomerID: d.CustomerID, CustomerRef: d.CustomerRef, Day: d.Day, Channel: s.Channel, Step: s.Step, Phase: s.Phase,
			Policy: d.Policy, InvoiceNumbers: []string{s.Number}, Invoices: []dunning.ActionInvoice{{ID: s.InvoiceID, Number: s.Number, Step: s.Step, Phase: s.Phase}}}
		key := fmt.Sprintf("superseded/%d/%s", s.InvoiceID, s.Step)
		if _, _, err := c.insertAction(ctx, companyID, runID, a, dunning.StatusSkipped, key, author); err != nil {
			return out, err
		}
	}
	for _, e := range d.Events {
		if err := c.applyEvent(ctx, companyID, e, author); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (c *conn) insertAction(ctx context.Context, companyID, runID int64, a dunning.Action, status dunning.Status, key, author string) (store.ActionRecord, bool, error) {
	detail, err := json.Marshal(a)
	if err != nil {
		return store.ActionRecord{}, false, err
	}
	rec := store.ActionRecord{RunID: runID, Status: status, Author: author, Action: a}
	err = c.w.QueryRowContext(ctx, c.book.q("InsertAction"), companyID, a.CustomerID, nullInt(runID), a.Day, string(a.Channel),
		a.Step, string(a.Phase), a.Template, a.Policy, string(status), key, a.NeedsApproval, a.Penalties, a.Forced,
		int64(a.Total), string(detail), author).Scan(&rec.ID, &rec.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return rec, false, nil
	}
	if err != nil {
		return rec, false, c.mapErr(err, "record action "+key)
	}
	rec.UpdatedAt = rec.CreatedAt
	for _, l := range a.Invoices {
		if _, err := c.w.ExecContext(ctx, c.book.q("InsertActionInvoice"), rec.ID, l.ID, l.Step); err != nil {
			return rec, false, c.mapErr(err, "record action invoice")
		}
	}
	return rec, true, nil
}

// enqueueAction puts an e-mail or a letter in the outbox in the transaction that recorded its
// action: held until approved when the step asks for approval. Calls and tasks go to the
// worklist instead.
func (c *conn) enqueueAction(ctx context.Context, companyID int64, rec store.ActionRecord, author string) error {
	switch rec.Channel {
	case dunning.Email, dunning.Letter, dunning.RegisteredLetter:
	default:
		return nil
	}
	status := store.OutboxPending
	if rec.Status == dunning.StatusAwaitingApproval {
		status = store.OutboxHeld
	}
	it := store.OutboxItem{CompanyID: companyID, CustomerID: rec.CustomerID, ActionID: rec.ID, Key: fmt.Sprintf("action/%d", rec.ID),
		Kind: "reminder", Channel: string(rec.Channel), Template: rec.Template, Status: status, ContactID: rec.Contact.ID,
		Day: rec.Day, Author: author}
	_, err := c.Enqueue(ctx, &it)
	return err
}

// applyEvent records a promise kept or broken, or a missed instalment, once: on the promise or
// plan, and in the customer's timeline.
func (c *conn) applyEvent(ctx context.Context, companyID int64, e dunning.Event, author string) error {
	var q, summary string
	var id int64
	switch e.Kind {
	case dunning.EventPromiseKept:
		q, id = "SetPromiseKept", e.PromiseID
		summary = fmt.Sprintf("Promesse tenue : %s promis pour le %s", e.Amount.Format("fr"), e.Due.Format("fr"))
	case dunning.EventPromiseBroken:
		q, id = "SetPromiseBroken", e.PromiseID
		summary = fmt.Sprintf("Promesse non tenue : %s promis pour le %s, manque %s", e.Amount.Format("fr"), e.Due.Format("fr"), e.Missing.Format("fr"))
	case dunning.EventInstalmentMissed:
		q, id = "SetPlanDefaulted", e.PlanID
		summary = fmt.Sprintf("Échéance %d de l'échéancier manquée (%s au %s, manque %s) : relances reprises", e.Instalment, e.Amount.Format("fr"), e.Due.Format("fr"), e.Missing.Format("fr"))
	default:
		return fmt.Errorf("record event: unknown kind %q", e.Kind)
	}
	if _, err := c.w.ExecContext(ctx, c.book.q(q), companyID, id, e.Day); err != nil {
		return c.mapErr(err, string(e.Kind))
	}
	data, _ := json.Marshal(e)
	ev := store.Event{CompanyID: companyID, CustomerID: e.CustomerID, Day: e.Day, Kind: string(e.Kind), Actor: author,
		Summary: summary, Data: string(data), Key: e.Key}
	return c.AddEvent(ctx, &ev)
}

// actionSummary is the timeline line of an action, in French (the timeline is proof, kept in
// the company's language; the UI translates the kind).
func actionSummary(a dunning.Action, status dunning.Status) string {
	s := fmt.Sprintf("%s (%s, %s) : %s — %s", a.Step, a.Phase, a.Channel, strings.Join(a.InvoiceNumbers, ", "), a.Total.Format("fr"))
	if status == dunning.StatusAwaitingApproval {
		s += " — en attente de validation"
	}
	return s
}

// Action reads one action of the company.
func (c *conn) Action(ctx context.Context, companyID, id int64) (store.ActionRecord, error) {
	row := c.r.QueryRowContext(ctx, "SELECT "+c.book.q("ActionColumns")+" "+c.book.q("ActionFrom")+" WHERE a.company_id = $1 AND a.id = $2", companyID, id)
	rec, err := scanAction(row)
	return rec, c.mapErr(err, fmt.Sprintf("action %d", id))
}

// ListActions lists actions, the latest day first.
func (c *conn) ListActions(ctx context.Context, q store.ActionQuery) ([]store.ActionRecord, error) {
	w := newWhere(q.CompanyID)
	if q.CustomerID != 0 {
		w.add("a.customer_id = ?", q.CustomerID)
	}
	if !q.Day.IsZero() {
		w.add("a.day = ?", q.Day)
	}
	if !q.UpTo.IsZero() {
		w.add("a.day <= ?", q.UpTo)
	}
	if len(q.Statuses) > 0 {
		args := make([]any, len(q.Statuses))
		for i, s := range q.Statuses {
			args[i] = string(s)
		}
		w.add("a.status IN ("+strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")+")", args...)
	}
	if len(q.Channels) > 0 {
		args := make([]any, len(q.Channels))
		for i, s := range q.Channels {
			args[i] = string(s)
		}
		w.add("a.channel IN ("+strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")+")", args...)
	}
	if q.Collector != "" {
		w.add("c.collector = ?", q.Collector)
	}
	rows, err := c.r.QueryContext(ctx, "SELECT "+c.book.q("ActionColumns")+" "+c.book.q("ActionFrom")+" WHERE a.company_id = $1"+
		w.sql()+" ORDER BY a.day DESC, a.id DESC"+limitOffset(q.Limit, q.Offset), w.args...)
	if err != nil {
		return nil, c.mapErr(err, "list actions")
	}
	defer rows.Close()
	var out []store.ActionRecord
	for rows.Next() {
		rec, err := scanAction(rows)
		if err != nil {
			return nil, c.mapErr(err, "list actions")
		}
		out = append(out, rec)
	}
	return out, c.mapErr(rows.Err(), "list actions")
}

func scanAction(s scanner) (store.ActionRecord, error) {
	var r store.ActionRecord
	var detail, channel, phase, status, ref, name, collector string
	var a dunning.Action
	var total int64
	err := s.Scan(&r.ID, &r.RunID, &a.CustomerID, &ref, &name, &collector, &a.Day, &channel, &a.Step, &phase, &a.Template,
		&a.Policy, &status, &a.Key, &a.NeedsApproval, &a.Penalties, &a.Forced, &total, &detail, &r.Note, &r.Author,
		&r.CreatedAt, &r.UpdatedAt)
	if err != nil {
		return r, err
	}
	// The detail holds the invoices, amounts and recipient as decided; the columns hold what
	// may change or is needed for filtering.
	var full dunning.Action
	if err := json.Unmarshal([]byte(detail), &full); err == nil && full.Key != "" {
		a.InvoiceNumbers, a.Invoices, a.Contact, a.Address, a.Currency, a.DaysLate = full.InvoiceNumbers, full.Invoices, full.Contact, full.Address, full.Currency, full.DaysLate
	} else if err == nil {
		a.InvoiceNumbers, a.Invoices = full.InvoiceNumbers, full.Invoices
	}
	a.CustomerRef, a.CustomerName, a.Collector = ref, name, collector
	a.Channel, a.Phase, a.Total = dunning.Channel(channel), dunning.Phase(phase), moneyCents(total)
	r.Status, r.Action = dunning.Status(status), a
	return r, nil
}

// SetActionStatus moves an action from one of from to to.
func (c *conn) SetActionStatus(ctx context.Context, companyID, id int64, from []dunning.Status, to dunning.Status, note, author string) error {
	args := []any{companyID, id, string(to), note, author}
	ph := make([]string, len(from))
	for i, s := range from {
		args = append(args, string(s))
		ph[i] = fmt.Sprintf("$%d", len(args))
	}
	q := strings.Replace(c.book.q("SetActionStatus"), "{{from}}", strings.Join(ph, ","), 1)
	res, err := c.w.ExecContext(ctx, q, args...)
	if err != nil {
		return c.mapErr(err, fmt.Sprintf("action %d", id))
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	cur, err := c.Action(ctx, companyID, id)
	if err != nil {
		return err
	}
	return fmt.Errorf("action %d is %s, not %v: %w", id, cur.Status, from, store.ErrConflict)
}
