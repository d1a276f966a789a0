package demo

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// Summary counts what Load stored.
type Summary struct {
	Company     receivable.Company
	Customers   int
	Invoices    int
	CreditNotes int
	Payments    int
}

// Load stores the dataset through the store's import paths, which are idempotent: loading the
// same dataset again changes nothing.
func Load(ctx context.Context, st store.Store, ds Dataset) (Summary, error) {
	var sum Summary
	co, err := st.CompanyBySlug(ctx, "imprimerie-lemoine")
	if errors.Is(err, store.ErrNotFound) {
		co = ds.Company
		co.Slug = "imprimerie-lemoine"
		err = st.CreateCompany(ctx, &co)
	}
	if err != nil {
		return sum, fmt.Errorf("demo company: %w", err)
	}
	sum.Company = co
	_, err = st.ImportCustomers(ctx, co.ID, func(yield func(store.CustomerImport) bool) {
		for i, c := range ds.Customers {
			present := map[string]bool{"name": true, "kind": true, "siren": true, "address": true, "postal_code": true, "city": true,
				"country": true, "language": true, "profile": true, "credit_limit": true, "payment_terms": true, "collector": true}
			if !yield(store.CustomerImport{Line: i + 1, Customer: c.Customer, Present: present}) {
				return
			}
		}
	}, nil)
	if err != nil {
		return sum, fmt.Errorf("demo customers: %w", err)
	}
	if err := st.InTx(ctx, func(q store.Queries) error {
		for _, c := range ds.Customers {
			cu, err := q.CustomerByRef(ctx, co.ID, c.Ref)
			if err != nil {
				return err
			}
			have, err := q.Contacts(ctx, co.ID, cu.ID)
			if err != nil {
				return err
			}
			if len(have) > 0 {
				continue
			}
			for _, ct := range c.Contacts {
				ct.CompanyID, ct.CustomerID = co.ID, cu.ID
				if err := q.AddContact(ctx, &ct); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return sum, fmt.Errorf("demo contacts: %w", err)
	}
	sum.Customers = len(ds.Customers)
	_, err = st.ImportInvoices(ctx, co.ID, func(yield func(store.InvoiceImport) bool) {
		line := 0
		for _, c := range ds.Customers {
			for _, inv := range c.Invoices {
				line++
				sum.Invoices++
				if !yield(store.InvoiceImport{Line: line, Invoice: inv.Invoice, CustomerRef: c.Ref, CustomerName: c.Name}) {
					return
				}
			}
			for _, cn := range c.CreditNotes {
				line++
				sum.CreditNotes++
				n := cn.Invoice
				n.CreditsRef = cn.Credits
				if !yield(store.InvoiceImport{Line: line, Invoice: n, CustomerRef: c.Ref, CustomerName: c.Name}) {
					return
				}
			}
		}
	}, nil)
	if err != nil {
		return sum, fmt.Errorf("demo invoices: %w", err)
	}
	_, err = st.ImportPayments(ctx, co.ID, payments(ds, &sum), nil)
	if err != nil {
		return sum, fmt.Errorf("demo payments: %w", err)
	}
	return sum, applyCreditNotes(ctx, st, co.ID, ds)
}

func payments(ds Dataset, sum *Summary) iter.Seq[store.PaymentImport] {
	return func(yield func(store.PaymentImport) bool) {
		line := 0
		for _, c := range ds.Customers {
			for _, inv := range c.Invoices {
				for k, p := range inv.Payments {
					line++
					sum.Payments++
					r := store.PaymentImport{Line: line, InvoiceNumber: inv.Number, Payment: receivable.Payment{Date: p.Date, Amount: p.Amount,
						Method: p.Method, Reference: p.Ref, PayerName: c.Name, Source: "demo", ExternalID: fmt.Sprintf("demo:%s:%d", inv.Number, k)}}
					if !yield(r) {
						return
					}
				}
			}
			for k, p := range c.OnAccount {
				line++
				sum.Payments++
				r := store.PaymentImport{Line: line, CustomerRef: c.Ref, Payment: receivable.Payment{Date: p.Date, Amount: p.Amount,
					Method: p.Method, Reference: p.Ref, PayerName: c.Name, Source: "demo", ExternalID: fmt.Sprintf("demo:%s:account:%d", c.Ref, k)}}
				if !yield(r) {
					return
				}
			}
		}
	}
}

// applyCreditNotes allocates each credit note to the invoice it credits, once.
func applyCreditNotes(ctx context.Context, st store.Store, companyID int64, ds Dataset) error {
	return st.InTx(ctx, func(q store.Queries) error {
		for _, c := range ds.Customers {
			for _, cn := range c.CreditNotes {
				note, err := q.InvoiceByNumber(ctx, companyID, receivable.KindCreditNote, cn.Number)
				if err != nil {
					return err
				}
				inv, err := q.InvoiceByNumber(ctx, companyID, receivable.KindInvoice, cn.Credits)
				if err != nil {
					return err
				}
				amount := min(note.Open(), inv.Open())
				if amount <= 0 {
					continue
				}
				a := receivable.Allocation{CompanyID: companyID, InvoiceID: inv.ID, CreditNoteID: note.ID, Amount: amount, Date: note.IssueDate}
				if err := q.Allocate(ctx, &a); err != nil {
					return fmt.Errorf("credit note %s: %w", cn.Number, err)
				}
			}
		}
		return nil
	})
}
