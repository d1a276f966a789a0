package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// PaymentParams record a payment received outside the imports: a cheque in the post, a
// transfer seen on the bank's website, cash at the counter.
type PaymentParams struct {
	CustomerRef string
	Date        civil.Date // the day the money was received; today when zero
	Amount      money.Cents
	Method      string // virement, chèque, prélèvement, LCR, CB, espèces…
	Reference   string // the cheque number, the transfer's label…
	// InvoiceNumbers are the invoices the debtor said it pays, filled oldest due date first;
	// none means the customer's open invoices, oldest first, as French law imputes a payment
	// without instruction (C. civ. 1342-10). What is left over stays on the account as a
	// credit.
	InvoiceNumbers []string
}

// PaymentAllocation is the part of a recorded payment that went to one invoice.
type PaymentAllocation struct {
	InvoiceNumber string      `json:"invoice_number"`
	Amount        money.Cents `json:"amount_cents"`
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
	switch {
	case p.Amount <= 0:
		return res, inputErr("amount", "a payment needs a positive amount")
	case p.Date.After(today):
		return res, inputErr("date", "payment dated %s: that day has not come yet (today is %s)", p.Date, today)
	}
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		cu, err := customerByRef(ctx, q, co, p.CustomerRef)
		if err != nil {
			return err
		}
		targets, err := customerInvoices(ctx, q, co, cu, p.InvoiceNumbers)
		if err != nil {
			return err
		}
		for _, inv := range targets {
			if !inv.IsOpen() {
				return inputErr("invoice", "invoice %s is settled already: name the invoices this payment pays, or none", inv.Number)
			}
		}
		if len(p.InvoiceNumbers) == 0 {
			if targets, err = q.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, CustomerID: cu.ID, OpenOnly: true}); err != nil {
				return err
			}
		}
		pay := receivable.Payment{CompanyID: co.ID, CustomerID: cu.ID, Date: p.Date, Amount: p.Amount, Currency: orCurrency(co.Currency, "EUR"),
			Method: strings.TrimSpace(p.Method), Reference: strings.TrimSpace(p.Reference), PayerName: cu.Name, Source: "manual",
			ExternalID: "manual:" + randomID()}
		if err := q.CreatePayment(ctx, &pay); err != nil {
			return err
		}
		allocs, left := receivable.AllocateOldestFirst(targets, p.Amount, p.Date)
		numbers := map[int64]string{}
		for _, inv := range targets {
			numbers[inv.ID] = inv.Number
		}
		var parts []string
		for _, al := range allocs {
			al.PaymentID = pay.ID
			if err := q.Allocate(ctx, &al); err != nil {
				return err
			}
			pay.Allocated += al.Amount
			res.Allocations = append(res.Allocations, PaymentAllocation{InvoiceNumber: numbers[al.InvoiceID], Amount: al.Amount})
			parts = append(parts, fmt.Sprintf("%s sur la facture %s", al.Amount.FormatCurrency(pay.Currency, "fr"), numbers[al.InvoiceID]))
		}
		res.Payment, res.OnAccount = pay, left
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

// randomID makes a payment recorded by hand unique: the store wants an external id, and
// nothing outside relance names this payment.
func randomID() string {
	b := make([]byte, 10)
	rand.Read(b)
	return hex.EncodeToString(b)
}
