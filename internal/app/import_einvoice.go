package app

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/ingest/einvoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// EInvoiceOptions tune an e-invoice import.
type EInvoiceOptions struct {
	// DryRun reads and checks every file and stores nothing.
	DryRun bool
}

// EInvoiceFile is what became of one file.
type EInvoiceFile struct {
	File        string             `json:"file"`
	Syntax      string             `json:"syntax"` // CII or UBL
	Kind        receivable.DocKind `json:"kind"`
	Number      string             `json:"number"`
	CustomerRef string             `json:"customer_ref"`
	Customer    string             `json:"customer"`
	IssueDate   civil.Date         `json:"issue_date"`
	DueDate     civil.Date         `json:"due_date"`
	Amount      money.Cents        `json:"amount_cents"`
	Currency    string             `json:"currency"`
	// Status is created, unchanged (the invoice was imported before) or attached (the
	// invoice existed, from another import, and now has its file).
	Status     string `json:"status"`
	DocumentID int64  `json:"document_id,omitempty"`
}

// EInvoiceResult is what an e-invoice import did, or would do.
type EInvoiceResult struct {
	Files       []EInvoiceFile `json:"files"`
	Invoices    Counts         `json:"invoices"`
	CreditNotes Counts         `json:"credit_notes"`
	Customers   Counts         `json:"customers"`
	Attached    int            `json:"attached"` // files attached to invoices that had none
	DryRun      bool           `json:"dry_run"`
}

// The statuses of an imported file.
const (
	EInvoiceCreated   = "created"
	EInvoiceUnchanged = "unchanged"
	EInvoiceAttached  = "attached"
)

// einvoiceDoc is a file read and checked, before anything is stored.
type einvoiceDoc struct {
	name string
	inv  *einvoice.Invoice
}

// ImportEInvoices reads electronic invoices — Factur-X / ZUGFeRD PDFs, CII or UBL XML — and
// stores each as an invoice or credit note of its buyer, with the original file kept as proof
// and linked from the invoice. The buyer is found by SIREN, else by reference (its SIREN, else
// its VAT number, else its name), and created when unknown, with its e-mail as a contact. A
// missing due date comes from the customer's payment terms. A credit note is applied to the
// invoice it names when that invoice is open. Every file is read and checked first: one bad
// file fails the import with errors naming each bad file, and nothing is stored; the good
// ones then land in one transaction. Importing the same files again changes nothing.
func (a *App) ImportEInvoices(ctx context.Context, co receivable.Company, names []string, read func(name string) ([]byte, error), opts EInvoiceOptions) (EInvoiceResult, error) {
	res := EInvoiceResult{DryRun: opts.DryRun}
	if len(names) == 0 {
		return res, inputErr("file", "no Factur-X PDF or XML invoice to import")
	}
	var docs []einvoiceDoc
	var errs []error
	for _, name := range names {
		data, err := read(name)
		if err == nil {
			var inv *einvoice.Invoice
			if inv, err = einvoice.Read(name, bytes.NewReader(data)); err == nil {
				err = checkSeller(co, name, inv)
				docs = append(docs, einvoiceDoc{name: name, inv: inv})
			}
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return res, errors.Join(errs...)
	}
	// Invoices before credit notes, so that a credit note finds the invoice it credits when
	// both are in the directory; otherwise in the order given.
	slices.SortStableFunc(docs, func(x, y einvoiceDoc) int {
		return cmp.Compare(kindRank(x.inv.Kind), kindRank(y.inv.Kind))
	})
	err := a.inTx(ctx, opts.DryRun, func(q store.Queries) error {
		for _, d := range docs {
			f, err := a.storeEInvoice(ctx, q, co, d, read, &res)
			if err != nil {
				return fmt.Errorf("%s: %w", d.name, err)
			}
			res.Files = append(res.Files, f)
		}
		return nil
	})
	return res, err
}

func kindRank(k receivable.DocKind) int {
	if k == receivable.KindCreditNote {
		return 1
	}
	return 0
}

// checkSeller refuses an invoice the company did not issue: a supplier's invoice dropped in
// the wrong folder is a debt of the company, not a receivable to chase.
func checkSeller(co receivable.Company, name string, inv *einvoice.Invoice) error {
	s := inv.Seller
	clean := func(v string) string { return strings.ToUpper(strings.ReplaceAll(v, " ", "")) }
	switch {
	case co.SIREN != "" && s.SIREN != "" && clean(co.SIREN) != clean(s.SIREN):
		return fmt.Errorf("%s: the seller is %s (SIREN %s), not %s (SIREN %s): relance imports the invoices the company issued",
			name, s.Name, s.SIREN, co.DisplayName(), co.SIREN)
	case co.VATNumber != "" && s.VAT != "" && clean(co.VATNumber) != clean(s.VAT):
		return fmt.Errorf("%s: the seller is %s (VAT %s), not %s (VAT %s): relance imports the invoices the company issued",
			name, s.Name, s.VAT, co.DisplayName(), co.VATNumber)
	}
	return nil
}

// buyerRef is the reference of a customer created from an e-invoice: its SIREN, the
// identifier French collectors file customers under, else its VAT number, else its name.
func buyerRef(p einvoice.Party) string {
	for _, r := range []string{p.SIREN, p.VAT, p.Name, p.TradingName} {
		if r = strings.TrimSpace(r); r != "" {
			return r
		}
	}
	return ""
}

// buyer finds or creates the invoice's customer and adds its e-mail as a contact.
func (a *App) buyer(ctx context.Context, q store.Queries, co receivable.Company, p einvoice.Party, res *EInvoiceResult) (receivable.Customer, error) {
	cu, err := q.CustomerBySIREN(ctx, co.ID, p.SIREN)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrConflict) {
		ref := buyerRef(p)
		if ref == "" {
			return cu, errors.New("the buyer has no name, SIREN or VAT number")
		}
		cu, err = q.CustomerByRef(ctx, co.ID, ref)
		if errors.Is(err, store.ErrNotFound) {
			lang := "fr"
			if c := p.Address.Country; c != "" && c != "FR" {
				lang = "en"
			}
			cu = receivable.Customer{CompanyID: co.ID, Ref: ref, Name: orDefault(orDefault(p.Name, p.TradingName), ref), SIREN: p.SIREN,
				Kind: receivable.B2B, Address: p.Address, Language: lang}
			if err := q.CreateCustomer(ctx, &cu); err != nil {
				return cu, err
			}
			res.Customers.Created++
			return cu, a.addBuyerEmail(ctx, q, co, cu, p.Email)
		}
	}
	if err != nil {
		return cu, err
	}
	res.Customers.Unchanged++
	return cu, a.addBuyerEmail(ctx, q, co, cu, p.Email)
}

// addBuyerEmail adds the e-mail an invoice gives for its buyer as a contact, the dunning
// contact when the customer has none yet.
func (a *App) addBuyerEmail(ctx context.Context, q store.Queries, co receivable.Company, cu receivable.Customer, email string) error {
	email = strings.TrimSpace(email)
	if email == "" {
		return nil
	}
	contacts, err := q.Contacts(ctx, co.ID, cu.ID)
	if err != nil {
		return err
	}
	dunning := true
	for _, k := range contacts {
		if strings.EqualFold(k.Email, email) {
			return nil
		}
		dunning = dunning && !k.Dunning
	}
	ct := receivable.Contact{CompanyID: co.ID, CustomerID: cu.ID, Name: cu.Name, Role: "facturation", Email: email, Dunning: dunning}
	return q.AddContact(ctx, &ct)
}

func (a *App) storeEInvoice(ctx context.Context, q store.Queries, co receivable.Company, d einvoiceDoc, read func(string) ([]byte, error), res *EInvoiceResult) (EInvoiceFile, error) {
	in := d.inv
	f := EInvoiceFile{File: d.name, Syntax: string(in.Syntax), Kind: in.Kind, Number: in.Number, IssueDate: in.IssueDate,
		DueDate: in.DueDate, Amount: in.Amount, Currency: orDefault(in.Currency, co.Currency)}
	cu, err := a.buyer(ctx, q, co, in.Buyer, res)
	if err != nil {
		return f, err
	}
	f.CustomerRef, f.Customer = cu.Ref, cu.Name
	counts := &res.Invoices
	if in.Kind == receivable.KindCreditNote {
		counts = &res.CreditNotes
	}
	inv, err := q.InvoiceByNumber(ctx, co.ID, in.Kind, in.Number)
	switch {
	case err == nil:
		counts.Unchanged++
		f.Status, f.DueDate, f.CustomerRef = EInvoiceUnchanged, inv.DueDate, inv.CustomerRef
		if inv.Document != "" {
			return f, nil
		}
		// An invoice imported from a CSV file: the e-invoice is its proof.
		f.Status = EInvoiceAttached
		res.Attached++
		f.DocumentID, err = a.keepEInvoice(ctx, q, co, inv, d.name, read)
		return f, err
	case !errors.Is(err, store.ErrNotFound):
		return f, err
	}
	if f.DueDate.IsZero() {
		f.DueDate = in.IssueDate
		if in.Kind == receivable.KindInvoice {
			f.DueDate = in.IssueDate.AddDays(termsDays(co, cu))
		}
	}
	inv = receivable.Invoice{CompanyID: co.ID, CustomerID: cu.ID, Kind: in.Kind, Number: in.Number, IssueDate: in.IssueDate,
		DueDate: f.DueDate, Amount: in.Amount, Currency: f.Currency, ExternalID: "einvoice:" + in.Number}
	if in.Kind == receivable.KindCreditNote && len(in.PrecedingInvoices) > 0 {
		inv.CreditsRef = in.PrecedingInvoices[0]
	}
	if err := q.CreateInvoice(ctx, &inv); err != nil {
		return f, err
	}
	counts.Created++
	f.Status = EInvoiceCreated
	if f.DocumentID, err = a.keepEInvoice(ctx, q, co, inv, d.name, read); err != nil {
		return f, err
	}
	if prepaid := in.Amount - in.AmountDue; prepaid > 0 && in.Kind == receivable.KindInvoice {
		// The invoice says part of it was paid before it was issued (a down payment): that
		// part is not chased.
		p := receivable.Payment{CompanyID: co.ID, CustomerID: cu.ID, Date: in.IssueDate, Amount: prepaid, Currency: inv.Currency,
			Method: "acompte", Reference: "Acompte déduit sur la facture " + in.Number, Source: "einvoice",
			ExternalID: "einvoice:" + in.Number + ":prepaid"}
		if err := q.CreatePayment(ctx, &p); err != nil && !errors.Is(err, store.ErrConflict) {
			return f, err
		} else if err == nil {
			al := receivable.Allocation{CompanyID: co.ID, InvoiceID: inv.ID, PaymentID: p.ID, Amount: prepaid, Date: p.Date}
			if err := q.Allocate(ctx, &al); err != nil {
				return f, err
			}
		}
	}
	if inv.Kind == receivable.KindCreditNote {
		return f, creditInvoice(ctx, q, co, cu, inv, in.PrecedingInvoices)
	}
	return f, nil
}

// creditInvoice applies a new credit note to the first invoice it names that is the same
// customer's and still open, up to what that invoice owes.
func creditInvoice(ctx context.Context, q store.Queries, co receivable.Company, cu receivable.Customer, cn receivable.Invoice, numbers []string) error {
	for _, n := range numbers {
		inv, err := q.InvoiceByNumber(ctx, co.ID, receivable.KindInvoice, n)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if inv.CustomerID != cu.ID || !inv.IsOpen() {
			continue
		}
		al := receivable.Allocation{CompanyID: co.ID, InvoiceID: inv.ID, CreditNoteID: cn.ID, Amount: min(inv.Open(), cn.Amount), Date: cn.IssueDate}
		return q.Allocate(ctx, &al)
	}
	return nil
}

// keepEInvoice stores the original file as proof and links it from the invoice.
func (a *App) keepEInvoice(ctx context.Context, q store.Queries, co receivable.Company, inv receivable.Invoice, name string, read func(string) ([]byte, error)) (int64, error) {
	data, err := read(name)
	if err != nil {
		return 0, err
	}
	ct := "application/xml"
	if bytes.HasPrefix(data, []byte("%PDF")) {
		ct = "application/pdf"
	}
	doc := store.Document{CompanyID: co.ID, CustomerID: inv.CustomerID, InvoiceID: inv.ID, Kind: "einvoice", Name: path.Base(strings.ReplaceAll(name, "\\", "/")),
		ContentType: ct, Content: data}
	if err := q.PutDocument(ctx, &doc); err != nil {
		return 0, err
	}
	return doc.ID, q.SetInvoiceDocument(ctx, co.ID, inv.ID, "document:"+strconv.FormatInt(doc.ID, 10))
}
