package sqlstore

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/receivable"
)

func contactArgs(ct receivable.Contact) []any {
	return []any{ct.Name, ct.Role, ct.Email, ct.Phone, ct.Dunning, ct.Undeliverable}
}

// AddContact adds a contact to a customer of the company (ErrNotFound if the customer is not
// the company's).
func (c *conn) AddContact(ctx context.Context, ct *receivable.Contact) error {
	id, err := c.insertID(ctx, fmt.Sprintf("add contact to customer %d", ct.CustomerID), c.book.q("AddContact"),
		append([]any{ct.CompanyID, ct.CustomerID}, contactArgs(*ct)...)...)
	ct.ID = id
	return err
}

// UpdateContact writes every field of ct.
func (c *conn) UpdateContact(ctx context.Context, ct receivable.Contact) error {
	return c.execOne(ctx, "update contact", c.book.q("UpdateContact"), append([]any{ct.CompanyID, ct.ID}, contactArgs(ct)...)...)
}

// Contacts lists a customer's contacts, the dunning contact first.
func (c *conn) Contacts(ctx context.Context, companyID, customerID int64) ([]receivable.Contact, error) {
	rows, err := c.r.QueryContext(ctx, c.book.q("Contacts"), companyID, customerID)
	if err != nil {
		return nil, c.mapErr(err, "contacts")
	}
	defer rows.Close()
	var out []receivable.Contact
	for rows.Next() {
		var ct receivable.Contact
		if err := rows.Scan(&ct.ID, &ct.CompanyID, &ct.CustomerID, &ct.Name, &ct.Role, &ct.Email, &ct.Phone, &ct.Dunning, &ct.Undeliverable); err != nil {
			return nil, c.mapErr(err, "contacts")
		}
		out = append(out, ct)
	}
	return out, c.mapErr(rows.Err(), "contacts")
}
