package app_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/ingest/einvoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

const einvoiceDir = "../ingest/einvoice/testdata"

// einvoiceFiles lists the Factur-X PDFs and the CII and UBL XML files kept (with their
// provenance) in the einvoice package.
func einvoiceFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, pat := range []string{"*.pdf", "*.xml"} {
		m, err := filepath.Glob(filepath.Join(einvoiceDir, pat))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	if len(out) < 9 {
		t.Fatalf("only %d e-invoice samples in %s", len(out), einvoiceDir)
	}
	return out
}

func TestEInvoicesBecomeInvoicesOfTheirBuyersWithTheFileKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := newCompany(t, db)
		files := einvoiceFiles(t)
		res, err := a.ImportEInvoices(ctx, co, files, os.ReadFile, app.EInvoiceOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// factur-x-minimum.xml and invoice_EN16931.pdf are the same invoice F20260023 in two
		// profiles: the second is found, not created again.
		if res.Invoices != (app.Counts{Created: 6, Unchanged: 1}) || res.CreditNotes != (app.Counts{Created: 2}) ||
			res.Customers.Created != 6 || len(res.Files) != len(files) {
			t.Fatalf("result = %+v", res)
		}
		open := map[string]string{
			"12115118":     "250.33",
			"TOSL110":      "2337.50", // 4 675,00 DKK, half prepaid
			"471102":       "529.87",
			"FA-2017-0010": "236.68", // 671,15 - 201,00 prepaid - credit note AV-2017-0005 of 233,47
			"F20260023":    "104.90",
			"F124212":      "208.03", // 308,03 - 100,00 prepaid
		}
		for number, want := range open {
			inv, err := db.InvoiceByNumber(ctx, co.ID, receivable.KindInvoice, number)
			if err != nil {
				t.Fatalf("%s: %v", number, err)
			}
			if inv.Open() != money.MustParse(want) {
				t.Errorf("%s open %v, want %s", number, inv.Open(), want)
			}
			id, ok := strings.CutPrefix(inv.Document, "document:")
			if !ok {
				t.Errorf("%s: document %q", number, inv.Document)
				continue
			}
			doc, err := db.Document(ctx, co.ID, atoi(t, id))
			if err != nil || doc.Kind != "einvoice" || doc.InvoiceID != inv.ID || doc.CustomerID != inv.CustomerID || len(doc.Content) == 0 {
				t.Errorf("%s: document %+v, %v", number, doc, err)
			}
			if want, _ := os.ReadFile(filepath.Join(einvoiceDir, doc.Name)); !bytes.Equal(doc.Content, want) {
				t.Errorf("%s: the stored file is not %s as read", number, doc.Name)
			}
		}
		cn, err := db.InvoiceByNumber(ctx, co.ID, receivable.KindCreditNote, "RK21012345")
		if err != nil || cn.Amount != money.MustParse("8.79") {
			t.Errorf("the negative invoice RK21012345 is not a credit note of 8.79: %+v, %v", cn, err)
		}
		// Due date from the customer's terms (here the company's 30 days) when the file has none.
		if inv, _ := db.InvoiceByNumber(ctx, co.ID, receivable.KindInvoice, "471102"); inv.DueDate != civil.MustParse("2018-04-04") {
			t.Errorf("471102 due %s", inv.DueDate)
		}
		// The buyer: found by SIREN across files, its e-mail as the dunning contact; a buyer
		// without SIREN is filed under its VAT number.
		boutique, err := db.CustomerBySIREN(ctx, co.ID, "787878784")
		if err != nil || boutique.Ref != "787878784" || boutique.Name != "Ma jolie boutique" {
			t.Fatalf("buyer = %+v, %v", boutique, err)
		}
		contacts, _ := db.Contacts(ctx, co.ID, boutique.ID)
		if len(contacts) != 1 || contacts[0].Email != "laetita.durand@jolieboutique.com" || !contacts[0].Dunning {
			t.Errorf("contacts = %+v", contacts)
		}
		if cu, err := db.CustomerByRef(ctx, co.ID, "DK16356607"); err != nil || cu.Name != "Buyercompany ltd" || cu.Language != "en" {
			t.Errorf("buyer by VAT = %+v, %v", cu, err)
		}

		before := snapshot(t, db, co)
		again, err := a.ImportEInvoices(ctx, co, files, os.ReadFile, app.EInvoiceOptions{})
		if err != nil || again.Invoices != (app.Counts{Unchanged: 7}) || again.CreditNotes != (app.Counts{Unchanged: 2}) || again.Customers.Created != 0 {
			t.Errorf("second import = %+v, %v", again, err)
		}
		if after := snapshot(t, db, co); after != before {
			t.Errorf("the second import changed the database:\n%s\nthen\n%s", before, after)
		}
	})
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, r := range s {
		if r < '0' || r > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int64(r-'0')
	}
	return n
}

func TestBadEInvoicesAreAllNamedAndNothingIsStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := newCompany(t, db)
		good := filepath.Join(einvoiceDir, "factur-x-minimum.xml")
		data, _ := os.ReadFile(good)
		files := map[string][]byte{
			"in/good.xml":      data,
			"in/truncated.xml": data[:len(data)/2],
			"in/scan.pdf":      []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
		}
		read := func(name string) ([]byte, error) { return files[name], nil }
		_, err := a.ImportEInvoices(ctx, co, []string{"in/good.xml", "in/truncated.xml", "in/scan.pdf"}, read, app.EInvoiceOptions{})
		var ee *einvoice.Error
		if !errors.As(err, &ee) {
			t.Fatalf("err = %v, want einvoice errors", err)
		}
		for _, want := range []string{"in/truncated.xml", "line", "in/scan.pdf"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not name %q", err, want)
			}
		}
		if strings.Contains(err.Error(), "good.xml") {
			t.Errorf("the good file is blamed: %v", err)
		}
		if s := snapshot(t, db, co); s != "" {
			t.Errorf("a failed import stored:\n%s", s)
		}
	})
}

func TestAnInvoiceOfAnotherSellerIsRefused(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	a := newApp(db)
	co, _, _ := a.Init(ctx, receivable.Company{Name: "Le Fournisseur", SIREN: "123456782"})
	own := filepath.Join(einvoiceDir, "factur-x-minimum.xml")
	if _, err := a.ImportEInvoices(ctx, co, []string{own}, os.ReadFile, app.EInvoiceOptions{}); err != nil {
		t.Fatalf("the company's own invoice: %v", err)
	}
	other := filepath.Join(einvoiceDir, "Facture_FR_BASICWL.pdf")
	_, err := a.ImportEInvoices(ctx, co, []string{other}, os.ReadFile, app.EInvoiceOptions{})
	if err == nil || !strings.Contains(err.Error(), "Facture_FR_BASICWL.pdf") || !strings.Contains(err.Error(), "Au bon moulin") {
		t.Errorf("a supplier's invoice: %v", err)
	}
}

// An invoice imported from the invoicing software's CSV gets its e-invoice as proof.
func TestAnEInvoiceIsAttachedToTheInvoiceACSVImported(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	a, co := newCompany(t, db)
	csv := "numero;code client;client;date;echeance;montant\nF124212;C042;Ma jolie boutique;17/06/2026;16/07/2026;308,03\n"
	if _, err := a.Import(ctx, co, app.ImportInvoices, "f.csv", strings.NewReader(csv), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	cu, _ := db.CustomerByRef(ctx, co.ID, "C042")
	cu.SIREN = "787878784"
	if err := db.UpdateCustomer(ctx, cu); err != nil {
		t.Fatal(err)
	}
	res, err := a.ImportEInvoices(ctx, co, []string{filepath.Join(einvoiceDir, "ubl-21-extended-ctc-fr.xml")}, os.ReadFile, app.EInvoiceOptions{})
	if err != nil || res.Attached != 1 || res.Files[0].Status != app.EInvoiceAttached || res.Files[0].CustomerRef != "C042" || res.Customers.Created != 0 {
		t.Fatalf("result = %+v, %v", res, err)
	}
	inv, _ := db.InvoiceByNumber(ctx, co.ID, receivable.KindInvoice, "F124212")
	if !strings.HasPrefix(inv.Document, "document:") {
		t.Errorf("document = %q", inv.Document)
	}
}
