package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// CreatePayment records a payment (customer optional: a bank credit not yet matched).
func (c *conn) CreatePayment(ctx context.Context, p *receivable.Payment) error {
	if p.ExternalID == "" {
		return errors.New("create payment: external id required (it makes imports idempotent)")
	}
	id, err := c.insertID(ctx, "create payment "+p.ExternalID, c.book.q("CreatePayment"),
		p.CompanyID, nullInt(p.CustomerID), p.Date, int64(p.Amount), orDefault(p.Currency, "EUR"), p.Method,
		p.Reference, p.PayerName, p.Source, p.ExternalID)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("create payment %s: already recorded: %w", p.ExternalID, store.ErrConflict)
	}
	p.ID = id
	return err
}

// ListPayments lists payments, the latest first.
func (c *conn) ListPayments(ctx context.Context, q store.PaymentQuery) ([]receivable.Payment, error) {
	w := newWhere(q.CompanyID)
	if q.CustomerID != 0 {
		w.add("p.customer_id = ?", q.CustomerID)
	}
	if q.Unallocated {
		w.add("p.amount > COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.payment_id = p.id), 0)")
	}
	rows, err := c.r.QueryContext(ctx, "SELECT "+c.book.q("PaymentColumns")+" FROM payments p WHERE p.company_id = $1"+
		w.sql()+" ORDER BY p.date DESC, p.id DESC"+limitOffset(q.Limit, q.Offset), w.args...)
	if err != nil {
		return nil, c.mapErr(err, "list payments")
	}
	defer rows.Close()
	var out []receivable.Payment
	for rows.Next() {
		var p receivable.Payment
		var amount, alloc int64
		if err := rows.Scan(&p.ID, &p.CompanyID, &p.CustomerID, &p.Date, &amount, &p.Currency, &p.Method,
			&p.Reference, &p.PayerName, &p.Source, &p.ExternalID, &alloc); err != nil {
			return nil, c.mapErr(err, "list payments")
		}
		p.Amount, p.Allocated = moneyCents(amount), moneyCents(alloc)
		out = append(out, p)
	}
	return out, c.mapErr(rows.Err(), "list payments")
}

// ErrOverAllocation is returned when an allocation would exceed what the invoice owes or
// what the payment or credit note has left.
var ErrOverAllocation = errors.New("allocation exceeds the open amount of the invoice or of the payment")

// Allocate applies part of a payment or credit note to an invoice. Inside a transaction it
// locks the invoice first (PostgreSQL), so two processes never allocate the same balance twice.
func (c *conn) Allocate(ctx context.Context, a *receivable.Allocation) error {
	if a.Amount <= 0 {
		return fmt.Errorf("allocate: amount must be positive, got %v", a.Amount)
	}
	if (a.PaymentID == 0) == (a.CreditNoteID == 0) {
		return errors.New("allocate: exactly one of payment and credit note is required")
	}
	var locked int64
	if err := c.w.QueryRowContext(ctx, c.book.q("LockInvoice"), a.CompanyID, a.InvoiceID).Scan(&locked); err != nil {
		return c.mapErr(err, fmt.Sprintf("allocate to invoice %d", a.InvoiceID))
	}
	id, err := c.insertID(ctx, "allocate", c.book.q("Allocate"), a.CompanyID, a.InvoiceID, nullInt(a.PaymentID),
		nullInt(a.CreditNoteID), int64(a.Amount), a.Date)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("allocate %v to invoice %d: %w", a.Amount, a.InvoiceID, ErrOverAllocation)
	}
	a.ID = id
	return err
}

// Allocate on the store runs in its own transaction so that the lock holds until the insert.
func (db *DB) Allocate(ctx context.Context, a *receivable.Allocation) error {
	return db.InTx(ctx, func(q store.Queries) error { return q.Allocate(ctx, a) })
}
