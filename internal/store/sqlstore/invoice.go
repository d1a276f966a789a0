package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// CreateInvoice inserts an invoice or credit note for a customer of the company.
func (c *conn) CreateInvoice(ctx context.Context, inv *receivable.Invoice) error {
	kind := inv.Kind
	if kind == "" {
		kind = receivable.KindInvoice
	}
	id, err := c.insertID(ctx, "create invoice "+inv.Number, c.book.q("CreateInvoice"),
		inv.CompanyID, inv.CustomerID, string(kind), inv.Number, inv.IssueDate, inv.DueDate, int64(inv.Amount),
		orDefault(inv.Currency, "EUR"), inv.ExternalID, inv.Document, inv.CreditsRef, inv.PausedUntil, inv.PauseReason, "manual")
	inv.ID, inv.Kind = id, kind
	return err
}

// Invoice reads one invoice of the company with its allocated amount.
func (c *conn) Invoice(ctx context.Context, companyID, id int64) (receivable.Invoice, error) {
	inv, err := scanInvoice(c.r.QueryRowContext(ctx, c.invoiceSelect()+" WHERE i.company_id = $1 AND i.id = $2", companyID, id))
	return inv, c.mapErr(err, fmt.Sprintf("invoice %d", id))
}

// InvoiceByNumber reads the invoice (or credit note) with that number.
func (c *conn) InvoiceByNumber(ctx context.Context, companyID int64, kind receivable.DocKind, number string) (receivable.Invoice, error) {
	if kind == "" {
		kind = receivable.KindInvoice
	}
	inv, err := scanInvoice(c.r.QueryRowContext(ctx, c.invoiceSelect()+" WHERE i.company_id = $1 AND i.kind = $2 AND i.number = $3", companyID, string(kind), number))
	return inv, c.mapErr(err, "invoice "+number)
}

// ListInvoices lists invoices by due date, then number.
func (c *conn) ListInvoices(ctx context.Context, q store.InvoiceQuery) ([]receivable.Invoice, error) {
	kind := q.Kind
	if kind == "" {
		kind = receivable.KindInvoice
	}
	w := newWhere(q.CompanyID, string(kind))
	if q.CustomerID != 0 {
		w.add("i.customer_id = ?", q.CustomerID)
	}
	openCond := "i.amount > " + c.book.q("Allocated")
	if q.OpenOnly || !q.OverdueOn.IsZero() {
		w.add(openCond)
	}
	if !q.OverdueOn.IsZero() {
		w.add("i.due_date < ?", q.OverdueOn)
	}
	if !q.DueBefore.IsZero() {
		w.add("i.due_date < ?", q.DueBefore)
	}
	query := c.invoiceSelect() + " WHERE i.company_id = $1 AND i.kind = $2" + w.sql() +
		" ORDER BY i.due_date, i.number" + limitOffset(q.Limit, q.Offset)
	rows, err := c.r.QueryContext(ctx, query, w.args...)
	if err != nil {
		return nil, c.mapErr(err, "list invoices")
	}
	defer rows.Close()
	var out []receivable.Invoice
	for rows.Next() {
		inv, err := scanInvoice(rows)
		if err != nil {
			return nil, c.mapErr(err, "list invoices")
		}
		out = append(out, inv)
	}
	return out, c.mapErr(rows.Err(), "list invoices")
}

// SetInvoicePause pauses (or, with a zero date, resumes) the reminders of one invoice.
func (c *conn) SetInvoicePause(ctx context.Context, companyID, invoiceID int64, p receivable.Pause) error {
	return c.execOne(ctx, "pause invoice", c.book.q("SetInvoicePause"), companyID, invoiceID, p.PausedUntil, p.PauseReason)
}

func (c *conn) invoiceSelect() string {
	return "SELECT " + c.invoiceColumns() + " " + c.book.q("InvoiceFrom")
}

func (c *conn) invoiceColumns() string {
	return strings.Replace(c.book.q("InvoiceColumns"), "{{Allocated}}", c.book.q("Allocated"), 1)
}

func scanInvoice(s scanner) (receivable.Invoice, error) {
	var inv receivable.Invoice
	var kind string
	var amount, alloc int64
	err := s.Scan(&inv.ID, &inv.CompanyID, &inv.CustomerID, &inv.CustomerRef, &kind, &inv.Number, &inv.IssueDate,
		&inv.DueDate, &amount, &inv.Currency, &inv.ExternalID, &inv.Document, &inv.CreditsRef, &inv.PausedUntil,
		&inv.PauseReason, &alloc)
	inv.Kind, inv.Amount, inv.Allocated = receivable.DocKind(kind), moneyCents(amount), moneyCents(alloc)
	return inv, err
}
