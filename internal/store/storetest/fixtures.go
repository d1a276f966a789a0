package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// Company creates a company with a unique slug.
func Company(t testing.TB, s store.Queries, slug string) receivable.Company {
	t.Helper()
	co := receivable.Company{Slug: slug, Name: "Société " + slug, Currency: "EUR", PaymentTermsDays: 30,
		Address: receivable.Address{Line1: "1 rue de la Paix", PostalCode: "75002", City: "Paris", Country: "FR"}}
	if err := s.CreateCompany(context.Background(), &co); err != nil {
		t.Fatalf("create company: %v", err)
	}
	return co
}

// Customer creates a B2B customer of the company.
func Customer(t testing.TB, s store.Queries, companyID int64, ref string) receivable.Customer {
	t.Helper()
	cu := receivable.Customer{CompanyID: companyID, Ref: ref, Name: "Client " + ref, Kind: receivable.B2B, Language: "fr"}
	if err := s.CreateCustomer(context.Background(), &cu); err != nil {
		t.Fatalf("create customer: %v", err)
	}
	return cu
}

// Invoice creates an invoice of amount, due on due, issued 30 days before.
func Invoice(t testing.TB, s store.Queries, cu receivable.Customer, number string, due string, amount string) receivable.Invoice {
	t.Helper()
	d := civil.MustParse(due)
	inv := receivable.Invoice{CompanyID: cu.CompanyID, CustomerID: cu.ID, Kind: receivable.KindInvoice, Number: number,
		IssueDate: d.AddDays(-30), DueDate: d, Amount: money.MustParse(amount), Currency: "EUR"}
	if err := s.CreateInvoice(context.Background(), &inv); err != nil {
		t.Fatalf("create invoice: %v", err)
	}
	return inv
}

// Pay records a payment of amount on date and allocates it to inv.
func Pay(t testing.TB, s store.Queries, inv receivable.Invoice, date, amount string) receivable.Payment {
	t.Helper()
	p := receivable.Payment{CompanyID: inv.CompanyID, CustomerID: inv.CustomerID, Date: civil.MustParse(date),
		Amount: money.MustParse(amount), ExternalID: fmt.Sprintf("test-%s-%s-%s", inv.Number, date, amount)}
	if err := s.CreatePayment(context.Background(), &p); err != nil {
		t.Fatalf("create payment: %v", err)
	}
	a := receivable.Allocation{CompanyID: inv.CompanyID, InvoiceID: inv.ID, PaymentID: p.ID, Amount: p.Amount, Date: p.Date}
	if err := s.Allocate(context.Background(), &a); err != nil {
		t.Fatalf("allocate: %v", err)
	}
	return p
}
