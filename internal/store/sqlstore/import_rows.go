package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// importTx runs a row-by-row import in one transaction; rows refused by the store (RowError)
// are collected, and if there are any, or check fails, nothing is stored.
func (db *DB) importTx(ctx context.Context, check func() error, body func(q *conn, errs *store.RowErrors) error) error {
	return db.InTx(ctx, func(qs store.Queries) error {
		var errs store.RowErrors
		if err := body(qs.(*conn), &errs); err != nil {
			return err
		}
		if check != nil {
			if err := check(); err != nil {
				return err
			}
		}
		if errs.Total > 0 {
			return &errs
		}
		return nil
	})
}

// ImportCustomers creates unknown customers and updates known ones field by field; a field
// whose column the file does not carry is left as it is.
func (db *DB) ImportCustomers(ctx context.Context, companyID int64, rows iter.Seq[store.CustomerImport], check func() error) (store.ImportStats, error) {
	var st store.ImportStats
	err := db.importTx(ctx, check, func(q *conn, errs *store.RowErrors) error {
		for r := range rows {
			st.Rows++
			r.Customer.CompanyID = companyID
			cur, err := q.CustomerByRef(ctx, companyID, r.Customer.Ref)
			switch {
			case errors.Is(err, store.ErrNotFound):
				cu := r.Customer
				if err := q.CreateCustomer(ctx, &cu); err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
				}
				st.Created++
				if err := q.mergeContact(ctx, cu, r.Contact, r.Present); err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
				}
				continue
			case err != nil:
				return err
			}
			next := mergeCustomer(cur, r.Customer, r.Present)
			contactChanged, err := q.mergeContactChanged(ctx, next, r.Contact, r.Present)
			if err != nil {
				return fmt.Errorf("line %d: %w", r.Line, err)
			}
			if next != cur {
				if err := q.UpdateCustomer(ctx, next); err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
				}
			}
			if next != cur || contactChanged {
				st.Updated++
			} else {
				st.Unchanged++
			}
		}
		return nil
	})
	return st, err
}

// mergeCustomer copies onto cur the fields the file carries.
func mergeCustomer(cur, in receivable.Customer, present map[string]bool) receivable.Customer {
	out := cur
	set := func(field string, apply func()) {
		if present[field] {
			apply()
		}
	}
	set("name", func() { out.Name = in.Name })
	set("siren", func() { out.SIREN = in.SIREN })
	set("kind", func() { out.Kind = in.Kind })
	set("address", func() { out.Address.Line1 = in.Address.Line1 })
	set("address2", func() { out.Address.Line2 = in.Address.Line2 })
	set("postal_code", func() { out.Address.PostalCode = in.Address.PostalCode })
	set("city", func() { out.Address.City = in.Address.City })
	set("country", func() { out.Address.Country = orDefault(in.Address.Country, "FR") })
	set("language", func() { out.Language = orDefault(in.Language, "fr") })
	set("profile", func() { out.Profile = in.Profile })
	set("credit_limit", func() { out.CreditLimit = in.CreditLimit })
	set("payment_terms", func() { out.PaymentTermsDays = in.PaymentTermsDays })
	set("collector", func() { out.Collector = in.Collector })
	return out
}

func (c *conn) mergeContact(ctx context.Context, cu receivable.Customer, in receivable.Contact, present map[string]bool) error {
	_, err := c.mergeContactChanged(ctx, cu, in, present)
	return err
}

// mergeContactChanged applies the file's contact columns (name, e-mail, phone) to the
// customer's contact with the same e-mail, else to its dunning contact, else adds one marked
// as the dunning contact.
func (c *conn) mergeContactChanged(ctx context.Context, cu receivable.Customer, in receivable.Contact, present map[string]bool) (bool, error) {
	if in.Name == "" && in.Email == "" && in.Phone == "" {
		return false, nil
	}
	contacts, err := c.Contacts(ctx, cu.CompanyID, cu.ID)
	if err != nil {
		return false, err
	}
	var target *receivable.Contact
	for i := range contacts {
		if in.Email != "" && strings.EqualFold(contacts[i].Email, in.Email) {
			target = &contacts[i]
			break
		}
	}
	if target == nil && in.Email == "" {
		for i := range contacts {
			if contacts[i].Dunning {
				target = &contacts[i]
				break
			}
		}
	}
	if target == nil {
		ct := receivable.Contact{CompanyID: cu.CompanyID, CustomerID: cu.ID, Name: in.Name, Email: in.Email, Phone: in.Phone, Role: in.Role}
		ct.Dunning = true
		for _, k := range contacts {
			if k.Dunning {
				ct.Dunning = false
			}
		}
		return true, c.AddContact(ctx, &ct)
	}
	next := *target
	if present["contact_name"] && in.Name != "" {
		next.Name = in.Name
	}
	if present["phone"] && in.Phone != "" {
		next.Phone = in.Phone
	}
	if next == *target {
		return false, nil
	}
	return true, c.UpdateContact(ctx, next)
}

// ImportPayments records each payment once (by external id) and allocates it to the invoice it
// names, up to that invoice's open balance; the rest stays on the customer's account.
func (db *DB) ImportPayments(ctx context.Context, companyID int64, rows iter.Seq[store.PaymentImport], check func() error) (store.ImportStats, error) {
	var st store.ImportStats
	co, err := db.Company(ctx, companyID)
	if err != nil {
		return st, err
	}
	err = db.importTx(ctx, check, func(q *conn, errs *store.RowErrors) error {
		for r := range rows {
			st.Rows++
			p := r.Payment
			p.CompanyID, p.Currency = companyID, orDefault(p.Currency, co.Currency)
			if p.Source == "" {
				p.Source = "import"
			}
			var inv receivable.Invoice
			switch {
			case r.InvoiceNumber != "":
				inv, err = q.InvoiceByNumber(ctx, companyID, receivable.KindInvoice, r.InvoiceNumber)
				if errors.Is(err, store.ErrNotFound) {
					errs.Add(store.RowError{Line: r.Line, Field: "invoice_number", Value: r.InvoiceNumber, Msg: "no such invoice"})
					continue
				}
				if err != nil {
					return err
				}
				p.CustomerID = inv.CustomerID
			case r.CustomerRef != "":
				cu, err := q.CustomerByRef(ctx, companyID, r.CustomerRef)
				if errors.Is(err, store.ErrNotFound) {
					errs.Add(store.RowError{Line: r.Line, Field: "customer_ref", Value: r.CustomerRef, Msg: "no such customer"})
					continue
				}
				if err != nil {
					return err
				}
				p.CustomerID = cu.ID
			}
			err := q.CreatePayment(ctx, &p)
			if errors.Is(err, store.ErrConflict) {
				st.Unchanged++
				continue
			}
			if err != nil {
				return fmt.Errorf("line %d: %w", r.Line, err)
			}
			st.Created++
			if inv.ID != 0 && inv.IsOpen() {
				a := receivable.Allocation{CompanyID: companyID, InvoiceID: inv.ID, PaymentID: p.ID, Amount: min(inv.Open(), p.Amount), Date: p.Date}
				if err := q.Allocate(ctx, &a); err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
				}
			}
		}
		return nil
	})
	return st, err
}
