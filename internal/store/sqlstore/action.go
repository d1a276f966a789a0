package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/store"
)

// RecordDecision stores one customer's decision; see store.DunningQueries.
func (c *conn) RecordDecision(ctx context.Context, companyID, runID int64, d dunning.Decision, author string) ([]store.ActionRecord, error) {
	return c.RecordDecisions(ctx, companyID, runID, []dunning.Decision{d}, nil, author)
}

var actionCols = []string{"company_id", "customer_id", "run_id", "day", "channel", "step", "phase", "template", "policy", "status",
	"key", "needs_approval", "penalties", "forced", "total", "detail", "author", "penalty_claim", "phase_rank", "oldest_due"}

// RecordDecisions stores the decisions of a chunk of customers with a few multi-row statements
// per table: the actions (with their penalty claims) — an action whose key exists is left
// alone, another run recorded it —, their invoices, their outbox items (e-mails and letters
// leave through the outbox, queued in this transaction; held while the step awaits approval),
// their timeline events and the superseded steps; then the promise and plan events, which are
// rare, one by one.
func (c *conn) RecordDecisions(ctx context.Context, companyID, runID int64, ds []dunning.Decision, claims map[string]string, author string) ([]store.ActionRecord, error) {
	byKey := map[string]*store.ActionRecord{}
	var rows [][]any
	for _, d := range ds {
		for _, a := range d.Actions {
			status := dunning.StatusQueued
			if a.NeedsApproval {
				status = dunning.StatusAwaitingApproval
			}
			detail, err := json.Marshal(a)
			if err != nil {
				return nil, err
			}
			var claim any
			if cl, ok := claims[a.Key]; ok {
				claim = cl
			}
			byKey[a.Key] = &store.ActionRecord{RunID: runID, Status: status, Author: author, Action: a}
			rows = append(rows, []any{companyID, a.CustomerID, nullInt(runID), a.Day, string(a.Channel), a.Step, string(a.Phase), a.Template,
				a.Policy, string(status), a.Key, a.NeedsApproval, a.Penalties, a.Forced, int64(a.Total), string(detail), author, claim,
				a.Phase.Rank(), a.OldestDue()})
		}
	}
	var out []store.ActionRecord
	err := c.insertBatch(ctx, "actions", actionCols, rows, "ON CONFLICT (company_id, key) DO NOTHING RETURNING id, key, created_at",
		func(r *sql.Rows) error {
			var id int64
			var key string
			var at time.Time
			if err := r.Scan(&id, &key, &at); err != nil {
				return err
			}
			rec := byKey[key]
			rec.ID, rec.CreatedAt, rec.UpdatedAt = id, at, at
			out = append(out, *rec)
			return nil
		})
	if err != nil {
		return nil, err
	}
	var invRows, outRows, evRows [][]any
	now := time.Now().UTC().Truncate(time.Microsecond)
	for _, rec := range out {
		for _, l := range rec.Invoices {
			invRows = append(invRows, []any{rec.ID, l.ID, l.Step})
		}
		switch rec.Channel {
		case dunning.Email, dunning.Letter, dunning.RegisteredLetter:
			status := store.OutboxPending
			if rec.Status == dunning.StatusAwaitingApproval {
				status = store.OutboxHeld
			}
			outRows = append(outRows, []any{companyID, rec.CustomerID, rec.ID, fmt.Sprintf("action/%d", rec.ID), "reminder", string(rec.Channel),
				rec.Template, "{}", status, int64(0), nullInt(rec.Contact.ID), rec.Day, author})
		}
		evRows = append(evRows, []any{companyID, rec.CustomerID, now, rec.Day, "action", author, actionSummary(rec.Action, rec.Status),
			fmt.Sprintf(`{"action_id":%d}`, rec.ID)})
	}
	if err := c.insertBatch(ctx, "action_invoices", []string{"action_id", "invoice_id", "step"}, invRows, "", nil); err != nil {
		return nil, err
	}
	if err := c.insertBatch(ctx, "outbox", []string{"company_id", "customer_id", "action_id", "key", "kind", "channel", "template", "payload",
		"status", "next_attempt_at", "contact_id", "day", "author"}, outRows, "ON CONFLICT (company_id, key) DO NOTHING", nil); err != nil {
		return nil, err
	}
	if err := c.insertBatch(ctx, "events", []string{"company_id", "customer_id", "at", "day", "kind", "actor", "summary", "data"}, evRows, "", nil); err != nil {
		return nil, err
	}
	var supRows [][]any
	for _, d := range ds {
		for _, s := range d.Superseded {
			supRows = append(supRows, []any{companyID, d.CustomerID, s.InvoiceID, s.Step, string(s.Phase), string(s.Channel), d.Day, nullInt(runID)})
		}
	}
	if err := c.insertBatch(ctx, "superseded_steps", []string{"company_id", "customer_id", "invoice_id", "step", "phase", "channel", "day", "run_id"},
		supRows, "ON CONFLICT (invoice_id, step) DO NOTHING", nil); err != nil {
		return nil, err
	}
	for _, d := range ds {
		for _, e := range d.Events {
			if err := c.applyEvent(ctx, companyID, e, author); err != nil {
				return out, err
			}
		}
	}
	return out, nil
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

// ListActions lists actions, the latest day first or in the worklist's order.
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
	todo := q.Order == store.WorklistOrder && isTodo(q.Channels)
	if todo {
		// Written out, so that the database sees the index of calls and tasks (0011) applies.
		w.conds = append(w.conds, fmt.Sprintf("a.channel IN ('%s', '%s')", dunning.Call, dunning.Task))
	} else if len(q.Channels) > 0 {
		args := make([]any, len(q.Channels))
		for i, s := range q.Channels {
			args[i] = string(s)
		}
		w.add("a.channel IN ("+strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")+")", args...)
	}
	if q.Collector != "" {
		w.add("c.collector = ?", q.Collector)
	}
	from, order := c.book.q("ActionFrom"), " ORDER BY a.day DESC, a.id DESC"
	if q.Order == store.WorklistOrder {
		from, order = c.book.q("WorklistFrom"), c.worklistOrder(w, cmp.Or(q.UpTo, q.Day))
		if todo {
			from = c.book.q("WorklistTodoFrom")
		}
	}
	rows, err := c.r.QueryContext(ctx, "SELECT "+c.book.q("ActionColumns")+" "+from+" WHERE a.company_id = $1"+
		w.sql()+order+limitOffset(q.Limit, q.Offset), w.args...)
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

// isTodo reports whether channels are the worklist's calls and tasks, both.
func isTodo(channels []dunning.Channel) bool {
	return len(channels) == 2 && slices.Contains(channels, dunning.Call) && slices.Contains(channels, dunning.Task)
}

// worklistOrder is dunning.CompareWorklist in SQL: firmest phase, largest total, most days
// late on day (lateness stops at zero: the oldest due date counts as day when later), customer
// reference byte by byte as Go compares strings, channel in the order of dunning.Channels;
// then the id, so that paging is stable. The index on (company_id, status, phase_rank DESC,
// total DESC) gives the first keys in order; the database sorts only within equal totals.
func (c *conn) worklistOrder(w *where, day civil.Date) string {
	due := "a.oldest_due"
	if !day.IsZero() {
		w.args = append(w.args, day)
		n := "$" + strconv.Itoa(len(w.args))
		due = "CASE WHEN a.oldest_due > " + n + " THEN " + n + " ELSE a.oldest_due END"
	}
	var ch strings.Builder
	ch.WriteString("CASE a.channel")
	for i, k := range dunning.Channels {
		fmt.Fprintf(&ch, " WHEN '%s' THEN %d", k, i)
	}
	ch.WriteString(" ELSE -1 END")
	return " ORDER BY a.phase_rank DESC, a.total DESC, " + due + ", " + c.book.q("RefBytewise") + ", " + ch.String() + ", a.id"
}

// details keeps decoded action details by their text: a detail never changes once written, and
// decoding it is most of the time a worklist page takes (a kilobyte of JSON per action). Keyed by
// the text itself, an entry cannot outlive what it decodes; past maxDetails it starts afresh.
var details = struct {
	sync.RWMutex
	m map[string]dunning.Action
}{m: map[string]dunning.Action{}}

const maxDetails = 5_000 // a few megabytes; a worklist page holds 25

// decodeDetail is the action a detail holds; an unreadable one holds nothing (the columns stay).
func decodeDetail(detail string) dunning.Action {
	details.RLock()
	a, ok := details.m[detail]
	details.RUnlock()
	if ok {
		return a
	}
	if err := json.Unmarshal([]byte(detail), &a); err != nil {
		return dunning.Action{}
	}
	details.Lock()
	if len(details.m) >= maxDetails {
		clear(details.m)
	}
	details.m[detail] = a
	details.Unlock()
	return a
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
	full := decodeDetail(detail)
	a.InvoiceNumbers, a.Invoices = slices.Clone(full.InvoiceNumbers), slices.Clone(full.Invoices)
	if full.Key != "" {
		a.Contact, a.Address, a.Currency, a.DaysLate = full.Contact, full.Address, full.Currency, full.DaysLate
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

// ListSuperseded lists the steps passed over on catch-up for a customer's invoices.
func (c *conn) ListSuperseded(ctx context.Context, companyID, customerID int64) ([]store.SupersededStep, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT s.invoice_id, i.number, s.step, s.phase, s.channel, s.day
		FROM superseded_steps s JOIN invoices i ON i.id = s.invoice_id
		WHERE s.company_id = $1 AND s.customer_id = $2 ORDER BY s.day, i.number, s.step`, companyID, customerID)
	if err != nil {
		return nil, c.mapErr(err, "superseded steps")
	}
	defer rows.Close()
	var out []store.SupersededStep
	for rows.Next() {
		var st store.SupersededStep
		var phase, ch string
		if err := rows.Scan(&st.InvoiceID, &st.Number, &st.Step, &phase, &ch, &st.Day); err != nil {
			return nil, c.mapErr(err, "superseded steps")
		}
		st.Phase, st.Channel = dunning.Phase(phase), dunning.Channel(ch)
		out = append(out, st)
	}
	return out, c.mapErr(rows.Err(), "superseded steps")
}
