package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"

	"github.com/relance-app/relance/internal/ingest/tabular"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// ImportKind is what a file holds.
type ImportKind string

// The kinds of tabular import.
const (
	ImportInvoices  ImportKind = "invoices"
	ImportPayments  ImportKind = "payments"
	ImportCustomers ImportKind = "customers"
)

// ParseImportKind reads invoices, payments or customers (and their French names).
func ParseImportKind(s string) (ImportKind, error) {
	switch s {
	case "invoices", "invoice", "factures":
		return ImportInvoices, nil
	case "payments", "payment", "reglements", "règlements", "paiements":
		return ImportPayments, nil
	case "customers", "customer", "clients":
		return ImportCustomers, nil
	}
	return "", fmt.Errorf("unknown import %q: want invoices, payments or customers", s)
}

// ImportOptions tune an import.
type ImportOptions struct {
	Map      map[string]string // header -> field overrides (--map)
	Sheet    string            // XLSX sheet
	Progress func(bytesRead int64)
	// DryRun reads and checks the whole file and stores nothing: the preview of the web
	// application and `relance import --dry-run`.
	DryRun bool
}

// ImportResult is what an import did, or would do.
type ImportResult struct {
	Kind    ImportKind        `json:"kind"`
	File    string            `json:"file"`
	Format  string            `json:"format"`
	Mapping []tabular.Column  `json:"mapping"`
	Stats   store.ImportStats `json:"stats"`
	DryRun  bool              `json:"dry_run"`
	// Warnings are rows stored that a person should look at (terms.go): invoices whose
	// payment term exceeds the legal caps, the first hundred; TermsExceeded counts them all.
	Warnings      []ImportWarning `json:"warnings,omitempty"`
	TermsExceeded int             `json:"terms_exceeded,omitempty"`
}

// Import reads a CSV or XLSX file of invoices, payments or customers and stores it in one
// transaction. Any bad row — a value that does not parse, an unknown invoice — fails the whole
// file with errors naming the file, the line, the field and the value, and nothing is stored.
// Importing the same file again changes nothing.
func (a *App) Import(ctx context.Context, co receivable.Company, kind ImportKind, name string, r io.Reader, opts ImportOptions) (ImportResult, error) {
	res := ImportResult{Kind: kind, File: name, DryRun: opts.DryRun}
	topts := tabular.Options{Map: opts.Map, Sheet: opts.Sheet, Progress: opts.Progress}
	var err error
	switch kind {
	case ImportInvoices:
		var t *tabular.Table[tabular.InvoiceRow]
		if t, err = tabular.NewInvoiceReader(name, r, topts); err != nil {
			return res, err
		}
		res.Format, res.Mapping = t.Format(), t.Mapping()
		terms := termsWarner{lang: co.Language, warnings: &res.Warnings, count: &res.TermsExceeded}
		res.Stats, err = importInvoices(ctx, a, co, t, opts.DryRun, terms)
	case ImportPayments:
		var t *tabular.Table[tabular.PaymentRow]
		if t, err = tabular.NewPaymentReader(name, r, topts); err != nil {
			return res, err
		}
		res.Format, res.Mapping = t.Format(), t.Mapping()
		res.Stats, err = importPayments(ctx, a, co, t, opts.DryRun)
	case ImportCustomers:
		var t *tabular.Table[tabular.CustomerRow]
		if t, err = tabular.NewCustomerReader(name, r, topts); err != nil {
			return res, err
		}
		res.Format, res.Mapping = t.Format(), t.Mapping()
		res.Stats, err = importCustomers(ctx, a, co, t, opts.DryRun)
	default:
		return res, fmt.Errorf("unknown import kind %q", kind)
	}
	var rowErrs *store.RowErrors
	if errors.As(err, &rowErrs) {
		err = fmt.Errorf("%s:\n%w", name, err)
	}
	return res, err
}

// dryRun drains rows and reports what the file holds, storing nothing.
func dryRun[T any](rows iter.Seq[T], check func() error) (store.ImportStats, error) {
	var st store.ImportStats
	for range rows {
		st.Rows++
	}
	return st, check()
}

func importInvoices(ctx context.Context, a *App, co receivable.Company, t *tabular.Table[tabular.InvoiceRow], dry bool, warn termsWarner) (store.ImportStats, error) {
	if dry {
		checked := func(yield func(tabular.InvoiceRow) bool) {
			for r := range t.Rows() {
				warn.check(r.Line, receivable.Invoice{Kind: r.Kind, Number: r.Number, IssueDate: r.IssueDate, DueDate: r.DueDate})
				if !yield(r) {
					return
				}
			}
		}
		return dryRun(checked, t.Err)
	}
	// A missing due date comes from the customer's payment terms, else the company's.
	terms := map[string]int{}
	termsOf := func(ref string) int {
		if d, ok := terms[ref]; ok {
			return d
		}
		d := co.PaymentTermsDays
		if cu, err := a.Store.CustomerByRef(ctx, co.ID, ref); err == nil && cu.PaymentTermsDays > 0 {
			d = cu.PaymentTermsDays
		}
		terms[ref] = d
		return d
	}
	rows := func(yield func(store.InvoiceImport) bool) {
		for r := range prefetch(t.Rows(), 1024) {
			inv := receivable.Invoice{Kind: r.Kind, Number: r.Number, IssueDate: r.IssueDate, DueDate: r.DueDate,
				Amount: r.Amount, Currency: r.Currency, ExternalID: r.ExternalID, Document: r.Document}
			if inv.DueDate.IsZero() {
				inv.DueDate = inv.IssueDate.AddDays(termsOf(r.CustomerRef))
			}
			if inv.Kind == receivable.KindCreditNote && inv.DueDate.IsZero() {
				inv.DueDate = inv.IssueDate
			}
			warn.check(r.Line, inv)
			if !yield(store.InvoiceImport{Line: r.Line, Invoice: inv, CustomerRef: r.CustomerRef, CustomerName: r.CustomerName, CustomerEmail: r.CustomerEmail}) {
				return
			}
		}
	}
	return a.Store.ImportInvoices(ctx, co.ID, rows, t.Err)
}

func importPayments(ctx context.Context, a *App, co receivable.Company, t *tabular.Table[tabular.PaymentRow], dry bool) (store.ImportStats, error) {
	if dry {
		return dryRun(t.Rows(), t.Err)
	}
	seen := map[string]int{}
	rows := func(yield func(store.PaymentImport) bool) {
		for r := range t.Rows() {
			p := receivable.Payment{Date: r.Date, Amount: r.Amount, Currency: r.Currency, Method: r.Method,
				Reference: r.Reference, PayerName: r.PayerName, Source: "csv"}
			p.ExternalID = paymentKey(r, seen)
			if !yield(store.PaymentImport{Line: r.Line, Payment: p, InvoiceNumber: r.InvoiceNumber, CustomerRef: r.CustomerRef}) {
				return
			}
		}
	}
	return a.Store.ImportPayments(ctx, co.ID, rows, t.Err)
}

// paymentKey identifies a payment row by its content, so that importing the same file again
// (or an overlapping export) records nothing twice; identical rows in one file are told apart
// by their rank, because two equal payments on one day do happen.
func paymentKey(r tabular.PaymentRow, seen map[string]int) string {
	h := sha256.New()
	for _, s := range []string{r.InvoiceNumber, r.CustomerRef, r.Date.String(), r.Amount.String(), r.Reference, r.Method, r.PayerName} {
		io.WriteString(h, s)
		h.Write([]byte{0})
	}
	k := hex.EncodeToString(h.Sum(nil)[:12])
	seen[k]++
	return "csv:" + k + "#" + strconv.Itoa(seen[k])
}

func importCustomers(ctx context.Context, a *App, co receivable.Company, t *tabular.Table[tabular.CustomerRow], dry bool) (store.ImportStats, error) {
	if dry {
		return dryRun(t.Rows(), t.Err)
	}
	rows := func(yield func(store.CustomerImport) bool) {
		for r := range t.Rows() {
			cu := receivable.Customer{Ref: r.Ref, Name: r.Name, SIREN: r.SIREN, Kind: r.Kind, Address: r.Address,
				Language: r.Language, Profile: r.Profile, CreditLimit: r.CreditLimit, PaymentTermsDays: r.PaymentTermsDays, Collector: r.Collector}
			ct := receivable.Contact{Name: r.ContactName, Email: r.Email, Phone: r.Phone}
			if !yield(store.CustomerImport{Line: r.Line, Customer: cu, Contact: ct, Present: r.Present}) {
				return
			}
		}
	}
	return a.Store.ImportCustomers(ctx, co.ID, rows, t.Err)
}
