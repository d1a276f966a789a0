package app_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/relance-app/relance/internal/app"
	relmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// einvoiceReminder imports the e-invoice samples and queues a reminder e-mail about one
// imported invoice whose buyer has an e-mail address; it returns that invoice's stored
// original.
func einvoiceReminder(t *testing.T, db *sqlstore.DB) (*app.App, receivable.Company, store.OutboxItem, store.Document) {
	t.Helper()
	ctx := context.Background()
	a, co := newCompany(t, db)
	if _, err := a.ImportEInvoices(ctx, co, einvoiceFiles(t), os.ReadFile, app.EInvoiceOptions{}); err != nil {
		t.Fatal(err)
	}
	invs, err := db.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, OpenOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range invs {
		id, ok := app.InvoiceDocumentID(inv)
		contacts, _ := db.Contacts(ctx, co.ID, inv.CustomerID)
		ct, has := receivable.DunningContact(contacts)
		if !ok || !has || ct.Email == "" {
			continue
		}
		doc, err := db.Document(ctx, co.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		it := store.OutboxItem{CompanyID: co.ID, CustomerID: inv.CustomerID, Key: "test/" + inv.Number, Kind: "reminder", Channel: "email",
			Template: "level1", ContactID: ct.ID, Day: day, Payload: fmt.Sprintf(`{"invoice_ids":[%d]}`, inv.ID)}
		if _, err := db.Enqueue(ctx, &it); err != nil {
			t.Fatal(err)
		}
		return a, co, it, doc
	}
	t.Fatal("no imported e-invoice of a buyer with an e-mail address")
	return nil, co, store.OutboxItem{}, store.Document{}
}

func TestAReminderAboutAnImportedEInvoiceCarriesItsOriginal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		a, co, it, doc := einvoiceReminder(t, db)
		m, err := a.Composer().Compose(context.Background(), co, it)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, at := range m.Attachments {
			if at.Name == doc.Name && at.ContentType == doc.ContentType && bytes.Equal(at.Data, doc.Content) {
				found = true
			}
		}
		if !found {
			t.Errorf("the reminder's attachments %v do not hold the original %s (%s)", names(m.Attachments), doc.Name, doc.ContentType)
		}
	})
}

func TestOriginalsBeyondTheSizeCapAreLeftOutNotFailed(t *testing.T) {
	db := storetest.SQLite(t)
	a, co, it, doc := einvoiceReminder(t, db)
	app.SetMaxAttachmentsSize(t, 1)
	m, err := a.Composer().Compose(context.Background(), co, it)
	if err != nil {
		t.Fatalf("a message whose originals are too large fails: %v", err)
	}
	for _, at := range m.Attachments {
		if at.Name == doc.Name {
			t.Errorf("the original %s was attached beyond the cap", doc.Name)
		}
	}
}

// names lists the attachments' file names, for a failure message.
func names(as []relmail.Attachment) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}
