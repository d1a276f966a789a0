// Package store is relance's storage seam: the interface the use cases depend on, its
// parameter and row types, and the errors every implementation returns. The SQL lives in
// sqlstore, which serves SQLite and PostgreSQL; the conformance suite in storetest proves
// both behave the same.
package store

import (
	"context"
	"errors"
	"iter"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// ErrNotFound is returned when a row does not exist in the company asked for; callers map it
// to a 404 or a "no such customer" message, never to (nil, nil).
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a write would break a uniqueness rule (the same customer
// reference twice, an action already recorded for that day).
var ErrConflict = errors.New("conflict")

// Store is a database holding every company's receivables.
type Store interface {
	Queries
	// InTx runs fn in one transaction: all of fn's writes land, or none.
	InTx(ctx context.Context, fn func(Queries) error) error
	// Dialect is "sqlite" or "postgres".
	Dialect() string
	Close() error

	// ImportInvoices stores the rows as one transaction: unknown customers are created,
	// unknown invoices inserted, changed ones updated. check is called once rows is exhausted;
	// if it returns an error (bad rows found while reading), nothing is stored.
	ImportInvoices(ctx context.Context, companyID int64, rows iter.Seq[InvoiceImport], check func() error) (ImportStats, error)
	// ImportCustomers does the same for customers and their main contact.
	ImportCustomers(ctx context.Context, companyID int64, rows iter.Seq[CustomerImport], check func() error) (ImportStats, error)
	// ImportPayments records payments and allocates each to its invoice; a payment already
	// imported (same external id) is left unchanged.
	ImportPayments(ctx context.Context, companyID int64, rows iter.Seq[PaymentImport], check func() error) (ImportStats, error)
}

// Queries are the reads and writes available on the store and inside a transaction. Each
// area of the product adds its interface here, defined in its own file.
type Queries interface {
	DunningQueries
	StatsQueries
	RateQueries
	ChannelQueries
	UserQueries
	DashboardQueries
	DocumentQueries
	MatchQueries

	CreateCompany(ctx context.Context, c *receivable.Company) error
	UpdateCompany(ctx context.Context, c receivable.Company) error
	Company(ctx context.Context, id int64) (receivable.Company, error)
	CompanyBySlug(ctx context.Context, slug string) (receivable.Company, error)
	ListCompanies(ctx context.Context) ([]receivable.Company, error)
	// DeleteCompany removes a company and everything it holds (the bench's scratch companies).
	DeleteCompany(ctx context.Context, id int64) error

	CreateCustomer(ctx context.Context, c *receivable.Customer) error
	UpdateCustomer(ctx context.Context, c receivable.Customer) error
	Customer(ctx context.Context, companyID, id int64) (receivable.Customer, error)
	CustomerByRef(ctx context.Context, companyID int64, ref string) (receivable.Customer, error)
	ListCustomers(ctx context.Context, q CustomerQuery) ([]CustomerSummary, error)

	AddContact(ctx context.Context, c *receivable.Contact) error
	UpdateContact(ctx context.Context, c receivable.Contact) error
	Contacts(ctx context.Context, companyID, customerID int64) ([]receivable.Contact, error)

	CreateInvoice(ctx context.Context, inv *receivable.Invoice) error
	Invoice(ctx context.Context, companyID, id int64) (receivable.Invoice, error)
	InvoiceByNumber(ctx context.Context, companyID int64, kind receivable.DocKind, number string) (receivable.Invoice, error)
	ListInvoices(ctx context.Context, q InvoiceQuery) ([]receivable.Invoice, error)
	SetInvoicePause(ctx context.Context, companyID, invoiceID int64, p receivable.Pause) error

	CreatePayment(ctx context.Context, p *receivable.Payment) error
	ListPayments(ctx context.Context, q PaymentQuery) ([]receivable.Payment, error)
	Allocate(ctx context.Context, a *receivable.Allocation) error

	Aging(ctx context.Context, companyID int64, day civil.Date) (AgingReport, error)

	AddEvent(ctx context.Context, e *Event) error
	Events(ctx context.Context, companyID, customerID int64, limit int) ([]Event, error)
}

// InvoiceImport is one invoice row of an import file, with the customer it names.
type InvoiceImport struct {
	Line          int
	Invoice       receivable.Invoice // Kind, Number, dates, Amount, Currency, ExternalID, Document
	CustomerRef   string
	CustomerName  string
	CustomerEmail string
}

// CustomerImport is one customer row; Present says which fields the file carries, so that a
// file without a phone column does not erase the phone numbers.
type CustomerImport struct {
	Line     int
	Customer receivable.Customer
	Contact  receivable.Contact // Name, Email, Phone; stored as the dunning contact when any is set
	Present  map[string]bool
}

// PaymentImport is one payment row: it names the invoice it pays, or only the customer (a
// payment on account).
type PaymentImport struct {
	Line          int
	Payment       receivable.Payment // Date, Amount, Currency, Method, Reference, PayerName, ExternalID
	InvoiceNumber string
	CustomerRef   string
}

// ImportStats summarise an import for the user.
type ImportStats struct {
	Rows             int `json:"rows"`
	Created          int `json:"created"`
	Updated          int `json:"updated"`
	Unchanged        int `json:"unchanged"`
	CustomersCreated int `json:"customers_created"`
}

// RowError is a row the store refused (an unknown invoice in a payment file); it names the
// line so the user can fix the file.
type RowError struct {
	Line  int
	Field string
	Value string
	Msg   string
}

func (e *RowError) Error() string {
	return "line " + itoa(e.Line) + ", field " + e.Field + ": " + quote(e.Value) + ": " + e.Msg
}

// CustomerQuery filters and pages the customer list.
type CustomerQuery struct {
	CompanyID   int64
	Search      string // in reference and name, ignoring case and French accents
	Profile     receivable.Profile
	Collector   string
	MinDaysLate int        // only customers with an invoice at least this late on Day
	Day         civil.Date // for days late; zero = no overdue figures
	Sort        string     // "name" (default), "ref", "open", "overdue", "late"
	Limit       int
	Offset      int
}

// CustomerSummary is a customer with its balances on the query's day.
type CustomerSummary struct {
	receivable.Customer
	Open        money.Cents `json:"open_cents"`
	Overdue     money.Cents `json:"overdue_cents"`
	MaxDaysLate int         `json:"max_days_late"`
	OpenCount   int         `json:"open_invoices"`
}

// InvoiceQuery filters and pages the invoice list.
type InvoiceQuery struct {
	CompanyID  int64
	CustomerID int64
	Kind       receivable.DocKind // "" = invoices only
	OpenOnly   bool
	OverdueOn  civil.Date // non-zero: only invoices open and past due on that day
	DueBefore  civil.Date
	Limit      int
	Offset     int
}

// PaymentQuery filters the payment list.
type PaymentQuery struct {
	CompanyID   int64
	CustomerID  int64
	Unallocated bool
	Limit       int
	Offset      int
}

// AgingReport is the open balance by lateness on a day, per customer and in total.
type AgingReport struct {
	Day       civil.Date
	Customers []receivable.AgingLine
	Total     receivable.AgingLine
}

// Event is one entry of a customer's timeline: an import, a reminder, a call, a note, a
// promise, a dispute, a letter — kept as proof.
type Event struct {
	ID         int64      `json:"id"`
	CompanyID  int64      `json:"-"`
	CustomerID int64      `json:"customer_id,omitempty"`
	InvoiceID  int64      `json:"invoice_id,omitempty"`
	At         Time       `json:"at"`
	Day        civil.Date `json:"day"`
	Kind       string     `json:"kind"`
	Actor      string     `json:"actor,omitempty"`
	Summary    string     `json:"summary"`
	Data       string     `json:"data,omitempty"` // JSON
	// Key, when set, makes the event unique in the company: recording it again does nothing.
	Key string `json:"-"`
}

// RowErrors lists the rows a store refused; nothing of the import was stored.
type RowErrors struct {
	Errs  []RowError
	Total int
}

// Add records a row error, keeping the first 50.
func (e *RowErrors) Add(r RowError) {
	e.Total++
	if len(e.Errs) < 50 {
		e.Errs = append(e.Errs, r)
	}
}

func (e *RowErrors) Error() string {
	var b []byte
	for i, r := range e.Errs {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, r.Error()...)
	}
	if e.Total > len(e.Errs) {
		b = append(b, "\n… and "+itoa(e.Total-len(e.Errs))+" more"...)
	}
	return string(b)
}
