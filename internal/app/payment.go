package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// PaymentParams record a payment received outside the imports: a cheque in the post, a
// transfer seen on the bank's website, cash at the counter, or a payment an integration
// reports through the API.
type PaymentParams struct {
	// CustomerRef is the customer who paid; it may be empty only with Unallocated, for a
	// bank credit whose payer is not known yet.
	CustomerRef string
	Date        civil.Date // the day the money was received; today when zero
	Amount      money.Cents
	Currency    string // ISO 4217; the company's when empty
	Method      string // virement, chèque, prélèvement, LCR, CB, espèces…
	Reference   string // the cheque number, the transfer's label…
	PayerName   string // who paid, as the bank names them; the customer's name when empty
	// InvoiceNumbers are the invoices the debtor said it pays, filled oldest due date first;
	// none (and no Allocations, and not Unallocated) means the customer's open invoices,
	// oldest first, as French law imputes a payment without instruction (C. civ. 1342-10).
	// What is left over stays on the account as a credit.
	InvoiceNumbers []string
	// Allocations say how much goes to each invoice, as a remittance advice does, instead of
	// filling invoices oldest first. None may exceed what its invoice owes; what they leave
	// stays on the account.
	Allocations []InvoiceAmount
	// Unallocated records the payment without applying any of it: it stays on the customer's
	// account, or, without a customer, waits to be matched.
	Unallocated bool
	// ExternalID is the payment's key in another system (the bank's transaction id, an
	// integration's own key). A second payment with the same one is refused as a conflict
	// (store.ErrConflict) rather than recorded twice, so that a client may retry safely.
	// relance makes one up when it is empty.
	ExternalID string
	Source     string // where it was entered: manual (the default), api…
}

// InvoiceAmount is part of a payment the debtor applies to one invoice.
type InvoiceAmount struct {
	InvoiceNumber string
	Amount        money.Cents
}

// PaymentAllocation is the part of a recorded payment that went to one invoice.
type PaymentAllocation struct {
	InvoiceID     int64       `json:"invoice_id"`
	InvoiceNumber string      `json:"invoice_number"`
	Amount        money.Cents `json:"amount_cents"`
	Open          money.Cents `json:"open_cents"` // what the invoice still owes after it
}

// PaymentResult is a recorded payment and where it went.
type PaymentResult struct {
	Payment     receivable.Payment  `json:"payment"`
	Allocations []PaymentAllocation `json:"allocations"`
	OnAccount   money.Cents         `json:"on_account_cents"` // left on the account as a credit
}

// RecordPayment records a payment received from a customer and allocates it, in one
// transaction with its timeline entry: the payment is never recorded half allocated. The
// allocations are dated the day the money was received, since late interest stops then.
func (a *App) RecordPayment(ctx context.Context, co receivable.Company, p PaymentParams, author string) (PaymentResult, error) {
	var res PaymentResult
	today := a.Today(co)
	if p.Date.IsZero() {
		p.Date = today
	}
	cur := strings.ToUpper(strings.TrimSpace(p.Currency))
	if cur == "" {
		cur = orCurrency(co.Currency, "EUR")
	}
	switch {
	case p.Amount <= 0:
		return res, inputErr("amount", "a payment needs a positive amount")
	case p.Date.After(today):
		return res, inputErr("date", "payment dated %s: that day has not come yet (today is %s)", p.Date, today)
	case len(cur) != 3 || strings.Trim(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "":
		return res, inputErr("currency", "currency %q: want an ISO 4217 code such as EUR", p.Currency)
	case len(p.Allocations) > 0 && (len(p.InvoiceNumbers) > 0 || p.Unallocated),
		len(p.InvoiceNumbers) > 0 && p.Unallocated:
		return res, inputErr("allocations", "say either which invoices the payment fills, or how much goes to each, or that it is not allocated")
	}
	if err := checkAllocations(p); err != nil {
		return res, err
	}
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		res = PaymentResult{}
		var cu receivable.Customer
		if p.CustomerRef != "" || !p.Unallocated {
			var err error
			if cu, err = customerByRef(ctx, q, co, p.CustomerRef); err != nil {
				return err
			}
		}
		pay := receivable.Payment{CompanyID: co.ID, CustomerID: cu.ID, Date: p.Date, Amount: p.Amount, Currency: cur,
			Method: strings.TrimSpace(p.Method), Reference: strings.TrimSpace(p.Reference), PayerName: orDefault(strings.TrimSpace(p.PayerName), cu.Name),
			Source: orDefault(p.Source, "manual"), ExternalID: strings.TrimSpace(p.ExternalID)}
		if pay.ExternalID == "" {
			pay.ExternalID = "manual:" + randomID()
		}
		// The payment before its allocations: a retry of a recorded payment is a conflict
		// whatever it asks, even when the first attempt used up the invoices it names.
		if err := q.CreatePayment(ctx, &pay); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return fmt.Errorf("a payment with external id %q is recorded already: %w", pay.ExternalID, store.ErrConflict)
			}
			return err
		}
		plan, err := allocationPlan(ctx, q, co, cu, pay, p)
		if err != nil {
			return err
		}
		var parts []string
		for _, pa := range plan {
			al := receivable.Allocation{CompanyID: co.ID, InvoiceID: pa.inv.ID, PaymentID: pay.ID, Amount: pa.amount, Date: pay.Date}
			if err := q.Allocate(ctx, &al); err != nil {
				// The store refuses to allocate beyond what the invoice owes: another payment
				// settled it between the plan and the write.
				if fresh, rerr := q.Invoice(ctx, co.ID, pa.inv.ID); rerr == nil && fresh.Open() < pa.amount {
					return fmt.Errorf("invoice %s now owes %s %s, less than the %s %s to allocate: it was paid meanwhile: %w",
						pa.inv.Number, fresh.Open(), cur, pa.amount, cur, store.ErrConflict)
				}
				return err
			}
			pay.Allocated += al.Amount
			res.Allocations = append(res.Allocations, PaymentAllocation{InvoiceID: pa.inv.ID, InvoiceNumber: pa.inv.Number, Amount: al.Amount,
				Open: pa.inv.Open() - al.Amount})
			parts = append(parts, fmt.Sprintf("%s sur la facture %s", al.Amount.FormatCurrency(pay.Currency, "fr"), pa.inv.Number))
		}
		left := pay.Unallocated()
		res.Payment, res.OnAccount = pay, left
		if cu.ID == 0 {
			return nil // no customer's timeline yet: matching the payment will write it
		}
		if left > 0 {
			parts = append(parts, fmt.Sprintf("%s au crédit du compte", left.FormatCurrency(pay.Currency, "fr")))
		}
		summary := fmt.Sprintf("Règlement de %s reçu le %s", pay.Amount.FormatCurrency(pay.Currency, "fr"), pay.Date.Format("fr"))
		if how := strings.TrimSpace(strings.Join([]string{pay.Method, pay.Reference}, " ")); how != "" {
			summary += " (" + how + ")"
		}
		summary += " : " + strings.Join(parts, ", ")
		return a.addEvent(ctx, q, co, store.Event{CustomerID: cu.ID, Day: today, Kind: "payment", Actor: author, Summary: summary,
			Data: eventData(map[string]any{"payment_id": pay.ID, "on_account_cents": left})})
	})
	return res, err
}

// checkAllocations refuses the per-invoice amounts that no invoice could make right: an
// amount that is not positive, an invoice named twice, more than the payment in all.
func checkAllocations(p PaymentParams) error {
	var total money.Cents
	seen := map[string]bool{}
	for i, al := range p.Allocations {
		field := fmt.Sprintf("allocations[%d]", i)
		n := strings.TrimSpace(al.InvoiceNumber)
		switch {
		case n == "":
			return inputErr(field+".invoice", "an invoice number is required")
		case al.Amount <= 0:
			return inputErr(field+".amount", "the amount allocated to invoice %s must be positive", n)
		case seen[n]:
			return inputErr(field+".invoice", "invoice %s is named twice", n)
		}
		seen[n] = true
		total += al.Amount
	}
	if total > p.Amount {
		return inputErr("allocations", "the allocations total %s, more than the payment's %s", total, p.Amount)
	}
	return nil
}

type plannedAllocation struct {
	inv    receivable.Invoice
	amount money.Cents
}

// allocationPlan decides what goes to which invoice, reading each invoice in the transaction
// so that what it owes is checked as of now.
func allocationPlan(ctx context.Context, q store.Queries, co receivable.Company, cu receivable.Customer, pay receivable.Payment, p PaymentParams) ([]plannedAllocation, error) {
	if p.Unallocated {
		return nil, nil
	}
	sameCurrency := func(inv receivable.Invoice) bool { return orCurrency(inv.Currency, co.Currency) == pay.Currency }
	if len(p.Allocations) > 0 {
		out := make([]plannedAllocation, 0, len(p.Allocations))
		for i, al := range p.Allocations {
			field := fmt.Sprintf("allocations[%d]", i)
			n := strings.TrimSpace(al.InvoiceNumber)
			inv, err := q.InvoiceByNumber(ctx, co.ID, receivable.KindInvoice, n)
			if errors.Is(err, store.ErrNotFound) {
				// The same words whether the invoice does not exist or is another company's.
				return nil, inputErr(field+".invoice", "no invoice numbered %q", n)
			} else if err != nil {
				return nil, err
			}
			switch {
			case inv.CustomerID != cu.ID:
				return nil, inputErr(field+".invoice", "invoice %s is customer %s's, not %s's", inv.Number, inv.CustomerRef, cu.Ref)
			case !sameCurrency(inv):
				return nil, inputErr(field+".invoice", "invoice %s is in %s, the payment in %s", inv.Number, orCurrency(inv.Currency, co.Currency), pay.Currency)
			case al.Amount > inv.Open():
				return nil, inputErr(field+".amount", "invoice %s owes %s %s: %s %s cannot be allocated to it", inv.Number,
					inv.Open(), pay.Currency, al.Amount, pay.Currency)
			}
			out = append(out, plannedAllocation{inv, al.Amount})
		}
		return out, nil
	}
	targets, err := customerInvoices(ctx, q, co, cu, p.InvoiceNumbers)
	if err != nil {
		return nil, err
	}
	for _, inv := range targets {
		switch {
		case !inv.IsOpen():
			return nil, inputErr("invoice", "invoice %s is settled already: name the invoices this payment pays, or none", inv.Number)
		case !sameCurrency(inv):
			return nil, inputErr("invoice", "invoice %s is in %s, the payment in %s", inv.Number, orCurrency(inv.Currency, co.Currency), pay.Currency)
		}
	}
	if len(p.InvoiceNumbers) == 0 {
		open, err := q.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, CustomerID: cu.ID, OpenOnly: true})
		if err != nil {
			return nil, err
		}
		// Money in one currency never settles a debt in another.
		for _, inv := range open {
			if sameCurrency(inv) {
				targets = append(targets, inv)
			}
		}
	}
	byID := make(map[int64]receivable.Invoice, len(targets))
	for _, inv := range targets {
		byID[inv.ID] = inv
	}
	allocs, _ := receivable.AllocateOldestFirst(targets, pay.Amount, pay.Date)
	out := make([]plannedAllocation, 0, len(allocs))
	for _, al := range allocs {
		out = append(out, plannedAllocation{byID[al.InvoiceID], al.Amount})
	}
	return out, nil
}

// randomID makes a payment recorded by hand unique: the store wants an external id, and
// nothing outside relance names this payment.
func randomID() string {
	b := make([]byte, 10)
	rand.Read(b)
	return hex.EncodeToString(b)
}
