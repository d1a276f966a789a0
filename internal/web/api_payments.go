package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

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

func (in paymentCreate) check(co receivable.Company) (receivable.Payment, error) {
	p := receivable.Payment{CompanyID: co.ID, Currency: strings.ToUpper(strings.TrimSpace(orDefault(in.Currency, co.Currency))),
		Method: strings.TrimSpace(in.Method), Reference: strings.TrimSpace(in.Reference), PayerName: strings.TrimSpace(in.PayerName),
		Source: "api", ExternalID: strings.TrimSpace(in.ExternalID)}
	var err error
	if p.Date, err = parseDate("date", in.Date, true); err != nil {
		return p, err
	}
	switch {
	case in.Amount == nil || *in.Amount <= 0:
		return p, invalid("amount_cents", "amount_cents is required and must be positive")
	case len(p.Currency) != 3 || strings.Trim(p.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "":
		return p, invalid("currency", "currency %q: want an ISO 4217 code such as EUR", in.Currency)
	case (len(in.Allocations) > 0 || in.AllocateOldestFirst) && strings.TrimSpace(in.CustomerRef) == "":
		return p, invalid("customer_ref", "customer_ref is required to allocate the payment to invoices")
	case len(in.Allocations) > 0 && in.AllocateOldestFirst:
		return p, invalid("allocate_oldest_first", "give either allocations or allocate_oldest_first, not both")
	}
	p.Amount = *in.Amount
	var total money.Cents
	for i, a := range in.Allocations {
		field := fmt.Sprintf("allocations[%d]", i)
		switch {
		case strings.TrimSpace(a.InvoiceNumber) == "":
			return p, invalid(field+".invoice_number", "%s.invoice_number is required", field)
		case a.Amount == nil || *a.Amount <= 0:
			return p, invalid(field+".amount_cents", "%s.amount_cents is required and must be positive", field)
		case slices.ContainsFunc(in.Allocations[:i], func(b allocationInput) bool { return b.InvoiceNumber == a.InvoiceNumber }):
			return p, invalid(field+".invoice_number", "invoice %s is named twice", a.InvoiceNumber)
		}
		total += *a.Amount
	}
	if total > p.Amount {
		return p, invalid("allocations", "the allocations total %s %s, more than the payment's %s %s", total, p.Currency, p.Amount, p.Currency)
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

// createPayment records a payment and its allocations in one transaction. It calls the store
// itself rather than app.RecordPayment, which came later and allocates the invoices named
// oldest first: the API lets an integration say how much goes to each invoice (as a bank
// remittance advice does), keys a payment by its external_id so that a retry is refused rather
// than recorded twice, and records money not matched to a customer yet. An allocation may
// never exceed what the invoice still owes: the request is refused (422) naming the invoice,
// or, when another payment got there first between the check and the write, 409.
func (h *apiHandler) createPayment(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	ctx := r.Context()
	var in paymentCreate
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	pay, err := in.check(co)
	if err != nil {
		return err
	}
	if today := h.app.Today(co); pay.Date.After(today) {
		return invalid("date", "payment dated %s: that day has not come yet (today is %s)", pay.Date, today)
	}
	var ref string
	var allocs []apiAllocation
	err = h.app.Store.InTx(ctx, func(q store.Queries) error {
		allocs = nil
		var cu receivable.Customer
		if name := strings.TrimSpace(in.CustomerRef); name != "" {
			var err error
			if cu, err = q.CustomerByRef(ctx, co.ID, name); err != nil {
				return refNotFound(fmt.Errorf("no customer with reference %q: %w", name, err), "customer_ref")
			}
			pay.CustomerID, ref = cu.ID, cu.Ref
		}
		// The payment first: a retry of a recorded payment is a 409 whatever its
		// allocations, which the first attempt may have used up.
		if err := q.CreatePayment(ctx, &pay); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return conflict("a payment with external_id %q is recorded already", pay.ExternalID)
			}
			return err
		}
		plan, err := h.allocationPlan(ctx, q, co, cu, pay, in)
		if err != nil {
			return err
		}
		var parts []string
		for _, pa := range plan {
			a := receivable.Allocation{CompanyID: co.ID, InvoiceID: pa.inv.ID, PaymentID: pay.ID, Amount: pa.amount, Date: pay.Date}
			if err := q.Allocate(ctx, &a); err != nil {
				if fresh, rerr := q.Invoice(ctx, co.ID, pa.inv.ID); rerr == nil && fresh.Open() < pa.amount {
					return conflict("invoice %s now owes %s %s, less than the %s %s to allocate: it was paid meanwhile", pa.inv.Number, fresh.Open(), pay.Currency, pa.amount, pay.Currency)
				}
				return err
			}
			pay.Allocated += pa.amount
			allocs = append(allocs, apiAllocation{InvoiceID: pa.inv.ID, InvoiceNumber: pa.inv.Number, Amount: pa.amount, Open: pa.inv.Open() - pa.amount})
			parts = append(parts, fmt.Sprintf("%s (%s)", pa.inv.Number, pa.amount.FormatCurrency(pay.Currency, "fr")))
		}
		if cu.ID == 0 {
			return nil
		}
		summary := fmt.Sprintf("Règlement reçu le %s : %s", pay.Date.Format("fr"), pay.Amount.FormatCurrency(pay.Currency, "fr"))
		if pay.Method != "" {
			summary += " (" + pay.Method + ")"
		}
		if len(parts) > 0 {
			summary += ", imputé sur " + strings.Join(parts, ", ")
		}
		if left := pay.Unallocated(); left > 0 {
			summary += fmt.Sprintf(" ; %s non imputé, au crédit du compte", left.FormatCurrency(pay.Currency, "fr"))
		}
		data, _ := json.Marshal(map[string]any{"payment_id": pay.ID, "on_account_cents": pay.Unallocated()})
		return q.AddEvent(ctx, &store.Event{CompanyID: co.ID, CustomerID: cu.ID, At: h.app.Now(), Day: h.app.Today(co), Kind: "payment",
			Actor: authorName(r), Summary: summary, Data: string(data)})
	})
	if err != nil {
		return err
	}
	if allocs == nil {
		allocs = []apiAllocation{}
	}
	return writeCreated(w, "", apiPaymentCreated{apiPayment: paymentJSON(pay, ref), Allocations: allocs})
}

type plannedAllocation struct {
	inv    receivable.Invoice
	amount money.Cents
}

// allocationPlan decides what goes to which invoice, checking each against what the invoice
// owes now, in the transaction.
func (h *apiHandler) allocationPlan(ctx context.Context, q store.Queries, co receivable.Company, cu receivable.Customer, pay receivable.Payment, in paymentCreate) ([]plannedAllocation, error) {
	var out []plannedAllocation
	if in.AllocateOldestFirst {
		open, err := q.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, CustomerID: cu.ID, OpenOnly: true})
		if err != nil {
			return nil, err
		}
		byID := map[int64]receivable.Invoice{}
		for _, inv := range open {
			byID[inv.ID] = inv
		}
		allocs, _ := receivable.AllocateOldestFirst(open, pay.Amount, pay.Date)
		for _, a := range allocs {
			out = append(out, plannedAllocation{byID[a.InvoiceID], a.Amount})
		}
		return out, nil
	}
	for i, a := range in.Allocations {
		field := fmt.Sprintf("allocations[%d]", i)
		inv, err := q.InvoiceByNumber(ctx, co.ID, receivable.KindInvoice, strings.TrimSpace(a.InvoiceNumber))
		if errors.Is(err, store.ErrNotFound) {
			return nil, invalid(field+".invoice_number", "no invoice numbered %q", a.InvoiceNumber)
		} else if err != nil {
			return nil, err
		}
		switch {
		case inv.CustomerID != cu.ID:
			return nil, invalid(field+".invoice_number", "invoice %s is customer %s's, not %s's", inv.Number, inv.CustomerRef, cu.Ref)
		case orDefault(inv.Currency, co.Currency) != pay.Currency:
			return nil, invalid(field+".invoice_number", "invoice %s is in %s, the payment in %s", inv.Number, inv.Currency, pay.Currency)
		case *a.Amount > inv.Open():
			return nil, invalid(field+".amount_cents", "invoice %s owes %s %s: %s %s cannot be allocated to it", inv.Number, inv.Open(), pay.Currency, *a.Amount, pay.Currency)
		}
		out = append(out, plannedAllocation{inv, *a.Amount})
	}
	return out, nil
}
