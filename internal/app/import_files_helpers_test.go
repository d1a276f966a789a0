package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
)

// snapshot is everything the file imports and matching may change, as text: customers,
// invoices and credit notes with what is allocated to them, payments with what they paid,
// proposals with their status, documents. Two equal snapshots mean nothing changed.
func snapshot(t *testing.T, st store.Store, co receivable.Company) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	check := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	check(st.EachCustomer(ctx, co.ID, func(c store.CustomerExport) error {
		fmt.Fprintf(&b, "customer %s %q %s %s %s\n", c.Ref, c.Name, c.SIREN, c.ContactEmail, c.Open)
		docs, err := st.ListDocuments(ctx, co.ID, c.ID)
		for _, d := range docs {
			fmt.Fprintf(&b, "  document %d %s %s %d invoice %d\n", d.ID, d.Kind, d.Name, d.Size, d.InvoiceID)
		}
		return err
	}))
	check(st.EachInvoice(ctx, co.ID, func(i store.InvoiceExport) error {
		fmt.Fprintf(&b, "%s %s %s %s %s %s allocated %s %s %s\n", i.Kind, i.Number, i.CustomerRef, i.IssueDate, i.DueDate, i.Amount, i.Allocated, i.Document, i.CreditsRef)
		return nil
	}))
	check(st.EachPayment(ctx, co.ID, func(p store.PaymentExport) error {
		fmt.Fprintf(&b, "payment %s %s %s %s allocated %s to %v\n", p.ExternalID, p.CustomerRef, p.Date, p.Amount, p.Allocated, p.Invoices)
		return nil
	}))
	props, err := st.ListProposals(ctx, store.ProposalQuery{CompanyID: co.ID})
	check(err)
	for _, p := range props {
		fmt.Fprintf(&b, "proposal %d %s %v %v\n", p.PaymentID, p.Status, p.Allocations, p.AllocationIDs)
	}
	return b.String()
}

// newCompany is a company with 30-day terms on a fresh app.
func newCompany(t *testing.T, db *sqlstore.DB) (*app.App, receivable.Company) {
	t.Helper()
	a := newApp(db)
	co, _, err := a.Init(context.Background(), receivable.Company{Name: "Atelier Test"})
	if err != nil {
		t.Fatal(err)
	}
	return a, co
}
