package sqlstore

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/store"
)

// AddEvent appends to a customer's timeline; At defaults to now.
func (c *conn) AddEvent(ctx context.Context, e *store.Event) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	if e.Data == "" {
		e.Data = "{}"
	}
	var key any
	if e.Key != "" {
		key = e.Key
	}
	id, err := c.insertID(ctx, "add event", c.book.q("AddEvent"), e.CompanyID, nullInt(e.CustomerID), nullInt(e.InvoiceID),
		e.At, e.Day, e.Kind, e.Actor, e.Summary, e.Data, key)
	if e.Key != "" && errors.Is(err, store.ErrNotFound) {
		return nil // recorded before: a keyed event happens once
	}
	e.ID = id
	return err
}

// Events lists a customer's timeline, the latest first; customerID 0 lists the company's own
// events (a policy imported, a profile's policy changed), which belong to no customer.
func (c *conn) Events(ctx context.Context, companyID, customerID int64, limit int) ([]store.Event, error) {
	q, args := c.book.q("Events"), []any{companyID, customerID}
	if customerID == 0 {
		q, args = strings.Replace(q, "customer_id = $2", "customer_id IS NULL", 1), args[:1]
	}
	rows, err := c.r.QueryContext(ctx, q+limitOffset(limit, 0), args...)
	if err != nil {
		return nil, c.mapErr(err, "events")
	}
	defer rows.Close()
	var out []store.Event
	for rows.Next() {
		var e store.Event
		if err := rows.Scan(&e.ID, &e.CompanyID, &e.CustomerID, &e.InvoiceID, &e.At, &e.Day, &e.Kind, &e.Actor, &e.Summary, &e.Data); err != nil {
			return nil, c.mapErr(err, "events")
		}
		out = append(out, e)
	}
	return out, c.mapErr(rows.Err(), "events")
}
