package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// SetRates stores the company's rates; see store.RateQueries.
func (c *conn) SetRates(ctx context.Context, companyID int64, rates []store.RateRecord) error {
	for _, r := range rates {
		e := r.Entry
		if _, err := c.w.ExecContext(ctx, c.book.q("SetRate"), companyID, string(e.Series), e.Semester.String(),
			int64(e.Rate), e.Source, e.Confirmed, r.Origin); err != nil {
			return c.mapErr(err, fmt.Sprintf("set rate %s %s", e.Series, e.Semester))
		}
	}
	return nil
}

// ListRates lists the company's own rates.
func (c *conn) ListRates(ctx context.Context, companyID int64) ([]store.RateRecord, error) {
	rows, err := c.r.QueryContext(ctx, c.book.q("ListRates"), companyID)
	if err != nil {
		return nil, c.mapErr(err, "list rates")
	}
	defer rows.Close()
	var out []store.RateRecord
	for rows.Next() {
		var r store.RateRecord
		var series, sem string
		var rate int64
		if err := rows.Scan(&series, &sem, &rate, &r.Entry.Source, &r.Entry.Confirmed, &r.Origin, &r.UpdatedAt); err != nil {
			return nil, c.mapErr(err, "list rates")
		}
		if r.Entry.Semester, err = penalty.ParseSemester(sem); err != nil {
			return nil, fmt.Errorf("list rates: stored %s: %w", series, err)
		}
		r.Entry.Series, r.Entry.Rate = penalty.Series(series), moneyRate(rate)
		out = append(out, r)
	}
	return out, c.mapErr(rows.Err(), "list rates")
}

// AddInterruption records an event on an invoice; see store.RateQueries.
func (c *conn) AddInterruption(ctx context.Context, in *store.Interruption) error {
	what := fmt.Sprintf("record %s on invoice %d", in.Kind, in.InvoiceID)
	err := c.w.QueryRowContext(ctx, c.book.q("AddInterruption"), in.CompanyID, in.InvoiceID, string(in.Kind), in.Date,
		in.Note, in.Author).Scan(&in.ID, &in.CreatedAt)
	if !errors.Is(err, sql.ErrNoRows) {
		return c.mapErr(err, what)
	}
	// No row: either the invoice is not the company's, or the event is already recorded.
	var id int64
	if err := c.w.QueryRowContext(ctx, c.book.q("LockInvoice"), in.CompanyID, in.InvoiceID).Scan(&id); err != nil {
		return c.mapErr(err, what)
	}
	return fmt.Errorf("%s: already recorded on %s: %w", what, in.Date, store.ErrConflict)
}

// ListInterruptions lists the recorded events of the invoices in scope.
func (c *conn) ListInterruptions(ctx context.Context, scope store.InvoiceScope) ([]store.Interruption, error) {
	var out []store.Interruption
	err := c.eachInScope(ctx, scope, "ListInterruptions", "l.invoice_id", " ORDER BY l.day, l.id", func(rows *sql.Rows) error {
		in := store.Interruption{CompanyID: scope.CompanyID}
		var kind string
		err := rows.Scan(&in.ID, &in.InvoiceID, &in.InvoiceNumber, &kind, &in.Date, &in.Note, &in.Author, &in.CreatedAt)
		in.Kind = penalty.InterruptionKind(kind)
		out = append(out, in)
		return err
	})
	slices.SortStableFunc(out, func(a, b store.Interruption) int { return a.Date.Compare(b.Date) })
	return out, err
}

// SetFormalNotice records the dates of an invoice's formal notice; see store.RateQueries.
func (c *conn) SetFormalNotice(ctx context.Context, n store.FormalNotice) error {
	var id int64
	err := c.w.QueryRowContext(ctx, c.book.q("SetFormalNotice"), n.CompanyID, n.InvoiceID, n.Sent, n.Presented,
		n.Acknowledged, n.Reference, nullInt(n.ActionID)).Scan(&id)
	return c.mapErr(err, fmt.Sprintf("formal notice of invoice %d", n.InvoiceID))
}

// ListFormalNotices lists the formal notices of the invoices in scope.
func (c *conn) ListFormalNotices(ctx context.Context, scope store.InvoiceScope) ([]store.FormalNotice, error) {
	var out []store.FormalNotice
	err := c.eachInScope(ctx, scope, "ListFormalNotices", "n.invoice_id", " ORDER BY n.invoice_id", func(rows *sql.Rows) error {
		n := store.FormalNotice{CompanyID: scope.CompanyID}
		err := rows.Scan(&n.InvoiceID, &n.Sent, &n.Presented, &n.Acknowledged, &n.Reference, &n.ActionID)
		out = append(out, n)
		return err
	})
	return out, err
}

// ListAllocations lists the allocations made to the invoices in scope, by date.
func (c *conn) ListAllocations(ctx context.Context, scope store.InvoiceScope) ([]receivable.Allocation, error) {
	var out []receivable.Allocation
	err := c.eachInScope(ctx, scope, "ListAllocations", "a.invoice_id", " ORDER BY a.date, a.id", func(rows *sql.Rows) error {
		a := receivable.Allocation{CompanyID: scope.CompanyID}
		var amount int64
		err := rows.Scan(&a.ID, &a.InvoiceID, &a.PaymentID, &a.CreditNoteID, &amount, &a.Date)
		a.Amount = moneyCents(amount)
		out = append(out, a)
		return err
	})
	slices.SortStableFunc(out, func(a, b receivable.Allocation) int { return a.Date.Compare(b.Date) })
	return out, err
}

// idBatch bounds the ids of one IN list: far below the parameter limits of SQLite (32,766)
// and PostgreSQL (65,535), and short enough to plan quickly.
const idBatch = 500

// eachInScope runs the named query (whose WHERE starts with the company) for the invoices of
// scope, in batches of ids, and scans every row.
func (c *conn) eachInScope(ctx context.Context, scope store.InvoiceScope, name, idCol, order string, scan func(*sql.Rows) error) error {
	if scope.CustomerID == 0 && len(scope.InvoiceIDs) == 0 {
		return nil
	}
	batches := [][]int64{nil}
	if len(scope.InvoiceIDs) > 0 {
		batches = slices.Collect(slices.Chunk(scope.InvoiceIDs, idBatch))
	}
	what := strings.ToLower(name)
	for _, ids := range batches {
		w := newWhere(scope.CompanyID)
		if scope.CustomerID != 0 {
			w.add("i.customer_id = ?", scope.CustomerID)
		}
		if len(ids) > 0 {
			w.add(idCol+" IN ("+placeholders(len(ids))+")", anys(ids)...)
		}
		rows, err := c.r.QueryContext(ctx, c.book.q(name)+w.sql()+order, w.args...)
		if err != nil {
			return c.mapErr(err, what)
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return c.mapErr(err, what)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return c.mapErr(err, what)
		}
	}
	return nil
}

// CompanySettings returns the company's stored settings.
func (c *conn) CompanySettings(ctx context.Context, companyID int64) (map[string]string, error) {
	rows, err := c.r.QueryContext(ctx, c.book.q("CompanySettings"), companyID)
	if err != nil {
		return nil, c.mapErr(err, "company settings")
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, c.mapErr(err, "company settings")
		}
		out[k] = v
	}
	return out, c.mapErr(rows.Err(), "company settings")
}

// SetCompanySetting stores one setting; an empty value removes it.
func (c *conn) SetCompanySetting(ctx context.Context, companyID int64, key, value string) error {
	if value == "" {
		_, err := c.w.ExecContext(ctx, c.book.q("DeleteCompanySetting"), companyID, key)
		return c.mapErr(err, "setting "+key)
	}
	var id int64
	err := c.w.QueryRowContext(ctx, c.book.q("SetCompanySetting"), companyID, key, value).Scan(&id)
	return c.mapErr(err, "setting "+key)
}

// SetActionPenalties attaches a penalty claim to an action.
func (c *conn) SetActionPenalties(ctx context.Context, companyID, actionID int64, claim string) error {
	var v any
	if claim != "" {
		v = claim
	}
	what := fmt.Sprintf("penalties of action %d", actionID)
	err := c.execOne(ctx, what, c.book.q("SetActionPenalties"), companyID, actionID, v,
		string(dunning.StatusQueued), string(dunning.StatusAwaitingApproval))
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	cur, err := c.Action(ctx, companyID, actionID)
	if err != nil {
		return err
	}
	return fmt.Errorf("%s: the action is %s, no longer waiting to go out: %w", what, cur.Status, store.ErrConflict)
}

// ActionPenalties returns the claims of the actions asked for.
func (c *conn) ActionPenalties(ctx context.Context, q store.ActionPenaltyQuery) ([]store.ActionPenalty, error) {
	var out []store.ActionPenalty
	run := func(col string, args []any) error {
		w := newWhere(q.CompanyID).add(col+" IN ("+placeholders(len(args))+")", args...)
		rows, err := c.r.QueryContext(ctx, c.book.q("ActionPenalties")+w.sql()+" ORDER BY id", w.args...)
		if err != nil {
			return c.mapErr(err, "action penalties")
		}
		defer rows.Close()
		for rows.Next() {
			var p store.ActionPenalty
			var status string
			if err := rows.Scan(&p.ActionID, &p.Key, &status, &p.Claim); err != nil {
				return c.mapErr(err, "action penalties")
			}
			p.Status = dunning.Status(status)
			out = append(out, p)
		}
		return c.mapErr(rows.Err(), "action penalties")
	}
	for ids := range slices.Chunk(q.IDs, idBatch) {
		if err := run("id", anys(ids)); err != nil {
			return nil, err
		}
	}
	for keys := range slices.Chunk(q.Keys, idBatch) {
		if err := run("key", anys(keys)); err != nil {
			return nil, err
		}
	}
	// An action asked for by id and by key is listed once.
	slices.SortStableFunc(out, func(a, b store.ActionPenalty) int { return cmp.Compare(a.ActionID, b.ActionID) })
	return slices.CompactFunc(out, func(a, b store.ActionPenalty) bool { return a.ActionID == b.ActionID }), nil
}

// placeholders is "?,?,…" for where.add.
func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func anys[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// ActionsMissingPenalties lists the waiting actions that ask for penalties and have none.
func (c *conn) ActionsMissingPenalties(ctx context.Context, companyID, lo, hi int64) ([]store.ActionRecord, error) {
	rows, err := c.r.QueryContext(ctx, c.chunkQueries()("ActionsMissingPenalties"),
		companyID, lo, hi, string(dunning.StatusQueued), string(dunning.StatusAwaitingApproval))
	if err != nil {
		return nil, c.mapErr(err, "actions missing penalties")
	}
	defer rows.Close()
	var out []store.ActionRecord
	for rows.Next() {
		rec, err := scanAction(rows)
		if err != nil {
			return nil, c.mapErr(err, "actions missing penalties")
		}
		out = append(out, rec)
	}
	return out, c.mapErr(rows.Err(), "actions missing penalties")
}
