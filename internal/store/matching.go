package store

import (
	"context"
	"time"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// MatchQueries store payment-matching proposals (lettrage): the review queue of payments that
// could not be allocated automatically, and what accepting one did, so that it can be undone.
// The file imports that feed matching (bank statements, FEC, e-invoices) and the exports came
// with it (issue 7), and their few store methods are embedded here rather than in Queries
// directly, so that this area stays in one file.
type MatchQueries interface {
	// CreateProposal records the matcher's proposal for a payment and sets its ID. A payment
	// has one proposal: ErrConflict when it has one already, so that matching a statement
	// again queues nothing twice.
	CreateProposal(ctx context.Context, p *Proposal) error
	// Proposal reads one proposal of the company, with its payment and customer.
	Proposal(ctx context.Context, companyID, id int64) (Proposal, error)
	// ListProposals lists proposals, the latest payment first.
	ListProposals(ctx context.Context, q ProposalQuery) ([]Proposal, error)
	// DecideProposal moves a proposal from one of the statuses d.From to d.To, recording who,
	// when and the allocations it created. ErrConflict when the proposal is in none of d.From
	// (decided meanwhile, by someone else or another process); ErrNotFound when it is not the
	// company's. On PostgreSQL the update locks the proposal until the transaction ends, so
	// a concurrent decision waits, then finds the status changed.
	DecideProposal(ctx context.Context, d ProposalDecision) error
	// RemoveAllocations deletes the listed allocations of the payment (an undo) and returns
	// how many existed; allocations of other payments are never touched.
	RemoveAllocations(ctx context.Context, companyID, paymentID int64, ids []int64) (int, error)
	// Payment reads one payment of the company with its allocated amount.
	Payment(ctx context.Context, companyID, id int64) (receivable.Payment, error)
	// SetPaymentCustomer sets (or, with 0, clears) the customer a payment came from: a bank
	// credit has none until it is matched.
	SetPaymentCustomer(ctx context.Context, companyID, paymentID, customerID int64) error
	// OpenItems lists the company's open invoices (not credit notes) with their customer's
	// reference and name: what the matcher matches payments against.
	OpenItems(ctx context.Context, companyID int64) ([]OpenItem, error)

	FileImportQueries
	ExportQueries
}

// FileImportQueries are what the FEC and e-invoice imports need beyond Queries.
type FileImportQueries interface {
	// PaymentByExternalID reads the payment recorded under that external id.
	PaymentByExternalID(ctx context.Context, companyID int64, externalID string) (receivable.Payment, error)
	// PaymentAllocations lists the allocations made from a payment, or, with creditNote set,
	// from a credit note.
	PaymentAllocations(ctx context.Context, companyID, id int64, creditNote bool) ([]receivable.Allocation, error)
	// CustomerBySIREN reads the customer with that SIREN; ErrNotFound when none has it,
	// ErrConflict when several have (the caller then falls back on the reference).
	CustomerBySIREN(ctx context.Context, companyID int64, siren string) (receivable.Customer, error)
	// SetInvoiceDocument sets where an invoice's file is kept ("document:<id>").
	SetInvoiceDocument(ctx context.Context, companyID, invoiceID int64, document string) error
}

// ExportQueries stream a company's data for the exports, one row at a time, so that a big
// database is never held in memory. fn's error stops the walk and is returned.
type ExportQueries interface {
	EachCustomer(ctx context.Context, companyID int64, fn func(CustomerExport) error) error
	EachInvoice(ctx context.Context, companyID int64, fn func(InvoiceExport) error) error
	EachPayment(ctx context.Context, companyID int64, fn func(PaymentExport) error) error
}

// ProposalStatus is where a matching proposal stands.
type ProposalStatus string

// The states of a proposal. An undo takes an accepted or automatic proposal back to pending.
const (
	ProposalPending  ProposalStatus = "pending"  // waiting for a collector
	ProposalAccepted ProposalStatus = "accepted" // allocated by a collector
	ProposalRejected ProposalStatus = "rejected" // refused by a collector: the payment stays unallocated
	ProposalAuto     ProposalStatus = "auto"     // certain, allocated at import
)

// Proposal is how the matcher proposes a payment settles open invoices, and what became of it.
type Proposal struct {
	ID         int64 `json:"id"`
	CompanyID  int64 `json:"-"`
	PaymentID  int64 `json:"payment_id"`
	CustomerID int64 `json:"customer_id,omitempty"`
	// CustomerRef and CustomerName are read from the customer.
	CustomerRef  string `json:"customer_ref,omitempty"`
	CustomerName string `json:"customer_name,omitempty"`
	// Payment is read with the proposal (date, amount, payer, reference, allocated).
	Payment     receivable.Payment   `json:"payment"`
	Allocations []ProposedAllocation `json:"allocations"`
	Unallocated money.Cents          `json:"unallocated_cents"` // what stays on the customer's account
	Confidence  int                  `json:"confidence"`
	Reasons     []string             `json:"reasons"`
	Status      ProposalStatus       `json:"status"`
	// AllocationIDs are the allocations accepting (or the automatic allocation) created:
	// exactly what an undo removes.
	AllocationIDs []int64 `json:"allocation_ids,omitempty"`
	// CustomerSet says that accepting gave the payment its customer; an undo takes it back.
	CustomerSet bool      `json:"customer_set,omitempty"`
	DecidedBy   string    `json:"decided_by,omitempty"`
	DecidedAt   time.Time `json:"decided_at,omitzero"`
	CreatedAt   time.Time `json:"created_at"`
}

// Total is the sum of the proposed allocations.
func (p Proposal) Total() money.Cents {
	var t money.Cents
	for _, a := range p.Allocations {
		t += a.Amount
	}
	return t
}

// ProposedAllocation is one invoice of a proposal and the amount proposed for it.
type ProposedAllocation struct {
	InvoiceID int64       `json:"invoice_id"`
	Number    string      `json:"number"`
	Amount    money.Cents `json:"amount_cents"`
}

// ProposalQuery filters and pages the review queue.
type ProposalQuery struct {
	CompanyID  int64
	Status     ProposalStatus // empty: all
	CustomerID int64
	PaymentID  int64
	Limit      int
	Offset     int
}

// ProposalDecision is a change of a proposal's status.
type ProposalDecision struct {
	CompanyID     int64
	ID            int64
	From          []ProposalStatus
	To            ProposalStatus
	By            string
	At            time.Time
	AllocationIDs []int64
	CustomerSet   bool
}

// OpenItem is an open invoice with its customer, for matching.
type OpenItem struct {
	Invoice      receivable.Invoice
	CustomerName string
}

// CustomerExport is a customer with its dunning contact and open balance.
type CustomerExport struct {
	receivable.Customer
	ContactName  string
	ContactEmail string
	ContactPhone string
	Open         money.Cents
}

// InvoiceExport is an invoice or credit note with its customer's name.
type InvoiceExport struct {
	receivable.Invoice
	CustomerName string
}

// PaymentExport is a payment with its customer's reference and the invoices it paid.
type PaymentExport struct {
	receivable.Payment
	CustomerRef string
	// Invoices are the numbers of the invoices the payment was allocated to, in order.
	Invoices []string
}
