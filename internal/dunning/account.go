package dunning

import (
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// Account is everything Plan needs to know about one customer, loaded by the store in one
// go. Plan reads it and never changes it.
type Account struct {
	Customer receivable.Customer  `json:"customer"`
	Contacts []receivable.Contact `json:"contacts"`
	// Invoices are the customer's open invoices with Allocated filled and each invoice's own
	// pause. Settled invoices may be included (they are reported as paid); credit notes are
	// ignored here and belong in Credit.
	Invoices []receivable.Invoice `json:"invoices"`
	// Credit is what the customer has on account and has not been applied yet: unallocated
	// payments plus unused credit notes. Plan spreads it virtually over the open invoices,
	// oldest first, before reminding anything.
	Credit   money.Cents              `json:"credit_cents"`
	Disputes []receivable.Dispute     `json:"disputes"`
	Promises []receivable.Promise     `json:"promises"`
	Plans    []receivable.PaymentPlan `json:"payment_plans"`
	// Allocations are the payments and credit notes applied to the invoices of the pending
	// promises and running payment plans since they were made (the invoices may be settled
	// since): they decide whether a promise was kept and a plan followed. Others are ignored.
	Allocations []receivable.Allocation `json:"allocations"`
	// RejectedDebits are the invoices whose direct debit was rejected: the only ones an
	// automatic payer is reminded of.
	RejectedDebits []int64      `json:"rejected_debits"`
	History        []PastAction `json:"history"`
	Requests       []Request    `json:"requests"`
}

// Status is where an action stands in the customer's history.
type Status string

// The statuses of an action. An action that went out, or will (queued, awaiting approval),
// or was attempted (failed) counts as done for its invoices' steps: the process does not go
// back to a softer step. Skipped and cancelled steps only remove themselves.
const (
	StatusQueued           Status = "queued"            // recorded by the run, waiting for its channel
	StatusAwaitingApproval Status = "awaiting_approval" // a step with approval, waiting for a collector
	StatusSent             Status = "sent"              // an e-mail or a letter went out
	StatusDone             Status = "done"              // a call was made, a task completed
	StatusSkipped          Status = "skipped"           // skipped by hand, or superseded by a later step on catch-up
	StatusCancelled        Status = "cancelled"         // withdrawn before it went out (approval refused…)
	StatusFailed           Status = "failed"            // delivery failed; surfaced to a collector, who may force it again
)

// done reports whether the action holds its steps as done: Plan will not take them again nor
// go back to an earlier step.
func (s Status) done() bool {
	switch s {
	case StatusQueued, StatusAwaitingApproval, StatusSent, StatusDone, StatusFailed:
		return true
	}
	return false
}

// contacted reports whether the action reached, or will reach, the customer; a failed
// delivery did not, a skipped step never existed.
func (s Status) contacted() bool {
	switch s {
	case StatusQueued, StatusAwaitingApproval, StatusSent, StatusDone:
		return true
	}
	return false
}

// PastAction is one entry of the customer's dunning history: a communication (or task) of one
// day on one channel, and the step each of its invoices was at.
type PastAction struct {
	Day      civil.Date    `json:"day"`
	Channel  Channel       `json:"channel"`
	Step     string        `json:"step"`  // the communication's step (the firmest of its invoices')
	Phase    Phase         `json:"phase"` // lets Plan never go back even when the policy changed since
	Status   Status        `json:"status"`
	Invoices []PastInvoice `json:"invoices"`
}

// PastInvoice is an invoice of a past action and the step it was at; an empty Step means the
// action's.
type PastInvoice struct {
	ID   int64  `json:"id"`
	Step string `json:"step,omitempty"`
}

// RequestKind is what a collector asked for one invoice.
type RequestKind string

// The manual requests.
const (
	Force RequestKind = "force" // take the step now, whatever its date, the pauses and the minimum days
	Skip  RequestKind = "skip"  // never take the step for this invoice
)

// Request is a collector's instruction about one step of one invoice.
type Request struct {
	Kind      RequestKind `json:"kind"`
	InvoiceID int64       `json:"invoice_id"`
	Step      string      `json:"step"`
	// Day is when it was asked. A forced step goes out on the first business day on or after
	// it, once: a history entry for the step and invoice dated on or after Day fulfils it.
	Day    civil.Date `json:"day"`
	By     string     `json:"by,omitempty"`
	Reason string     `json:"reason,omitempty"`
}
