package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/relance-app/relance/internal/store"
)

// each runs a streaming query and hands every row to scan; the rows are read as the caller
// consumes them, so an export of a million invoices holds one in memory at a time.
func (c *conn) each(ctx context.Context, what, name string, companyID int64, scan func(*sql.Rows) error) error {
	rows, err := c.r.QueryContext(ctx, c.expand(name), companyID)
	if err != nil {
		return c.mapErr(err, what)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return c.mapErr(rows.Err(), what)
}

// EachCustomer walks the company's customers by reference.
func (c *conn) EachCustomer(ctx context.Context, companyID int64, fn func(store.CustomerExport) error) error {
	return c.each(ctx, "export customers", "ExportCustomers", companyID, func(rows *sql.Rows) error {
		var e store.CustomerExport
		var open int64
		cu, err := scanCustomer(rows, &e.ContactName, &e.ContactEmail, &e.ContactPhone, &open)
		if err != nil {
			return c.mapErr(err, "export customers")
		}
		e.Customer, e.Open = cu, moneyCents(open)
		return fn(e)
	})
}

// EachInvoice walks the company's invoices and credit notes by issue date.
func (c *conn) EachInvoice(ctx context.Context, companyID int64, fn func(store.InvoiceExport) error) error {
	return c.each(ctx, "export invoices", "ExportInvoices", companyID, func(rows *sql.Rows) error {
		var e store.InvoiceExport
		inv, err := scanInvoiceWith(rows, &e.CustomerName)
		if err != nil {
			return c.mapErr(err, "export invoices")
		}
		e.Invoice = inv
		return fn(e)
	})
}

// EachPayment walks the company's payments by date.
func (c *conn) EachPayment(ctx context.Context, companyID int64, fn func(store.PaymentExport) error) error {
	return c.each(ctx, "export payments", "ExportPayments", companyID, func(rows *sql.Rows) error {
		var e store.PaymentExport
		var numbers string
		p, err := scanPayment(rows, &e.CustomerRef, &numbers)
		if err != nil {
			return c.mapErr(err, "export payments")
		}
		e.Payment, e.Invoices = p, strings.Fields(numbers)
		return fn(e)
	})
}
