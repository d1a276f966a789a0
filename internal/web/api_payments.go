package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	const c = "/companies/{company}/payments"
	addAPI("GET", c, auth.Viewer, (*apiHandler).listPayments)
	addAPI("POST", c, auth.Collector, (*apiHandler).createPayment)
}

// apiPayment is money received, with what of it is allocated to invoices. CustomerRef is ""
// for a bank credit not yet matched to a customer.
type apiPayment struct {
	ID          int64       `json:"id"`
	CustomerRef string      `json:"customer_ref"`
	Date        civil.Date  `json:"date"`
	Amount      money.Cents `json:"amount_cents"`
	Allocated   money.Cents `json:"allocated_cents"`
	Unallocated money.Cents `json:"unallocated_cents"`
	Currency    string      `json:"currency"`
	Method      string      `json:"method"`
	Reference   string      `json:"reference"`
	PayerName   string      `json:"payer_name"`
	Source      string      `json:"source"`
	ExternalID  string      `json:"external_id"`
}

func paymentJSON(p receivable.Payment, ref string) apiPayment {
	return apiPayment{ID: p.ID, CustomerRef: ref, Date: p.Date, Amount: p.Amount, Allocated: p.Allocated, Unallocated: p.Unallocated(),
		Currency: p.Currency, Method: p.Method, Reference: p.Reference, PayerName: p.PayerName, Source: p.Source, ExternalID: p.ExternalID}
}

func (h *apiHandler) listPayments(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	ctx := r.Context()
	p := readParams(r, "customer", "unallocated", "limit", "offset")
	q := store.PaymentQuery{CompanyID: co.ID, Unallocated: p.bool("unallocated")}
	ref := p.str("customer")
	pg := p.page()
	if p.err != nil {
		return p.err
	}
	var err error
	if q.CustomerID, err = h.customerFilter(r, ref); err != nil {
		return err
	}
	q.Limit, q.Offset = pg.limit+1, pg.offset
	list, err := h.app.Store.ListPayments(ctx, q)
	if err != nil {
		return err
	}
	refs := map[int64]string{}
	out := make([]apiPayment, 0, len(list))
	for _, pay := range list {
		ref, ok := refs[pay.CustomerID]
		if !ok && pay.CustomerID != 0 {
			cu, err := h.app.Store.Customer(ctx, co.ID, pay.CustomerID)
			if err != nil {
				return err
			}
			ref, refs[pay.CustomerID] = cu.Ref, cu.Ref
		}
		out = append(out, paymentJSON(pay, ref))
	}
	return writeList(w, r, pg, out)
}

// paymentCreate is a payment received, and how to allocate it: to the invoices named, or to
// the customer's open invoices the oldest due first (what French law does absent the
// debtor's instruction). What is not allocated stays on the customer's account.
type paymentCreate struct {
	CustomerRef         string            `json:"customer_ref"`
	Date                string            `json:"date"`
	Amount              *money.Cents      `json:"amount_cents"`
	Currency            string            `json:"currency"`
	Method              string            `json:"method"`
	Reference           string            `json:"reference"`
	PayerName           string            `json:"payer_name"`
	ExternalID          string            `json:"external_id"`
	Allocations         []allocationInput `json:"allocations"`
	AllocateOldestFirst bool              `json:"allocate_oldest_first"`
}

type allocationInput struct {
	InvoiceNumber string       `json:"invoice_number"`
	Amount        *money.Cents `json:"amount_cents"`
}

// apiAllocation is part of a payment applied to an invoice, and what the invoice still owes.
type apiAllocation struct {
	InvoiceID     int64       `json:"invoice_id"`
	InvoiceNumber string      `json:"invoice_number"`
	Amount        money.Cents `json:"amount_cents"`
	Open          money.Cents `json:"open_cents"`
}

// apiPaymentCreated is a recorded payment with its allocations.
type apiPaymentCreated struct {
	apiPayment
	Allocations []apiAllocation `json:"allocations"`
}

// params turns the request into the use case's parameters. Only what the use case cannot
// see is checked here: a date is required (the use case would take today), and an allocation
// plan is asked for one way at most.
func (in paymentCreate) params() (app.PaymentParams, error) {
	p := app.PaymentParams{CustomerRef: strings.TrimSpace(in.CustomerRef), Currency: in.Currency, Method: in.Method, Reference: in.Reference,
		PayerName: in.PayerName, ExternalID: strings.TrimSpace(in.ExternalID), Source: "api"}
	var err error
	if p.Date, err = parseDate("date", in.Date, true); err != nil {
		return p, err
	}
	if in.Amount != nil {
		p.Amount = *in.Amount
	}
	switch {
	case len(in.Allocations) > 0 && in.AllocateOldestFirst:
		return p, invalid("allocate_oldest_first", "give either allocations or allocate_oldest_first, not both")
	case len(in.Allocations) == 0 && !in.AllocateOldestFirst:
		// Neither: the money stays on the customer's account, or waits to be matched.
		p.Unallocated = true
	}
	for _, a := range in.Allocations {
		ia := app.InvoiceAmount{InvoiceNumber: a.InvoiceNumber}
		if a.Amount != nil {
			ia.Amount = *a.Amount
		}
		p.Allocations = append(p.Allocations, ia)
	}
	if p.ExternalID == "" {
		// The store keys payments by external id (imports are idempotent by it); a payment
		// entered through the API without one gets a key of its own. A client that may retry
		// sends its own external_id: the second attempt is then a 409, not a second payment.
		b := make([]byte, 12)
		rand.Read(b)
		p.ExternalID = "api-" + hex.EncodeToString(b)
	}
	return p, nil
}

// paymentField spells the use case's field names as the request does.
func paymentField(f string) string {
	switch {
	case f == "amount":
		return "amount_cents"
	case f == "customer":
		return "customer_ref"
	case strings.HasSuffix(f, ".invoice"):
		return f + "_number"
	case strings.HasSuffix(f, ".amount"):
		return f + "_cents"
	}
	return f
}

// createPayment records a payment and its allocations through app.RecordPayment, in one
// transaction: to the amounts given for each invoice (as a bank remittance advice says), to
// the customer's open invoices the oldest due first, or to none. An allocation never exceeds
// what the invoice still owes: the request is refused (422) naming the allocation, or, when
// another payment got there first between the check and the write, 409. A payment is keyed by
// its external_id, so that a retry is a 409 rather than a second payment.
func (h *apiHandler) createPayment(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	var in paymentCreate
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	p, err := in.params()
	if err != nil {
		return err
	}
	res, err := h.app.RecordPayment(r.Context(), co, p, authorName(r))
	if err != nil {
		return refNotFound(renameField(err, paymentField), "customer_ref")
	}
	var ref string
	if res.Payment.CustomerID != 0 {
		ref = p.CustomerRef
	}
	allocs := make([]apiAllocation, 0, len(res.Allocations))
	for _, a := range res.Allocations {
		allocs = append(allocs, apiAllocation{InvoiceID: a.InvoiceID, InvoiceNumber: a.InvoiceNumber, Amount: a.Amount, Open: a.Open})
	}
	return writeCreated(w, "", apiPaymentCreated{apiPayment: paymentJSON(res.Payment, ref), Allocations: allocs})
}
