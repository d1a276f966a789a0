package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// The use cases of this file record what a debtor and a collector agreed or contested — a
// dispute, a promise to pay, a payment plan, a rejected direct debit — each in one transaction
// with its entry in the customer's timeline, so that the proof never lags the change.

// InputError is a request refused as given: a missing or invalid field. Field names the
// parameter (as the CLI flag and the API field spell it), so that each edge can point at it;
// the CLI shows it as a usage error, the API as a 400.
type InputError struct {
	Field string
	Err   error
}

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(field, format string, args ...any) error {
	return &InputError{Field: field, Err: fmt.Errorf(format, args...)}
}

// customerByRef reads a customer by reference, saying which one was not found.
func customerByRef(ctx context.Context, q store.Queries, co receivable.Company, ref string) (receivable.Customer, error) {
	if strings.TrimSpace(ref) == "" {
		return receivable.Customer{}, inputErr("customer", "a customer reference is required")
	}
	cu, err := q.CustomerByRef(ctx, co.ID, ref)
	if errors.Is(err, store.ErrNotFound) {
		return cu, fmt.Errorf("no customer with reference %q: %w", ref, store.ErrNotFound)
	}
	return cu, err
}

// invoiceByNumber reads an invoice (not a credit note) by number, saying which one was not found.
func invoiceByNumber(ctx context.Context, q store.Queries, co receivable.Company, number string) (receivable.Invoice, error) {
	if strings.TrimSpace(number) == "" {
		return receivable.Invoice{}, inputErr("invoice", "an invoice number is required")
	}
	inv, err := q.InvoiceByNumber(ctx, co.ID, receivable.KindInvoice, number)
	if errors.Is(err, store.ErrNotFound) {
		return inv, fmt.Errorf("no invoice numbered %q: %w", number, store.ErrNotFound)
	}
	return inv, err
}

// customerInvoices reads the invoices by number and checks they are the customer's.
func customerInvoices(ctx context.Context, q store.Queries, co receivable.Company, cu receivable.Customer, numbers []string) ([]receivable.Invoice, error) {
	var out []receivable.Invoice
	for _, n := range numbers {
		inv, err := invoiceByNumber(ctx, q, co, n)
		if err != nil {
			return nil, err
		}
		if inv.CustomerID != cu.ID {
			return nil, inputErr("invoice", "invoice %s is customer %s's, not %s's", inv.Number, inv.CustomerRef, cu.Ref)
		}
		if slices.ContainsFunc(out, func(o receivable.Invoice) bool { return o.ID == inv.ID }) {
			return nil, inputErr("invoice", "invoice %s given twice", inv.Number)
		}
		out = append(out, inv)
	}
	return out, nil
}

// addEvent records an entry of the customer's timeline, stamped with the app's clock.
func (a *App) addEvent(ctx context.Context, q store.Queries, co receivable.Company, e store.Event) error {
	e.CompanyID, e.At = co.ID, a.Now()
	if e.Day.IsZero() {
		e.Day = a.Today(co)
	}
	return q.AddEvent(ctx, &e)
}

// eventData is the JSON kept with an event, for the UI to link to what it is about.
func eventData(fields map[string]any) string {
	b, _ := json.Marshal(fields)
	return string(b)
}

// names finds customers' references and invoices' numbers for lists, reading each once.
type names struct {
	ctx       context.Context
	q         store.Queries
	co        receivable.Company
	customers map[int64]receivable.Customer
	invoices  map[int64]receivable.Invoice
}

func newNames(ctx context.Context, q store.Queries, co receivable.Company) *names {
	return &names{ctx: ctx, q: q, co: co, customers: map[int64]receivable.Customer{}, invoices: map[int64]receivable.Invoice{}}
}

func (n *names) customer(id int64) (receivable.Customer, error) {
	if c, ok := n.customers[id]; ok {
		return c, nil
	}
	c, err := n.q.Customer(n.ctx, n.co.ID, id)
	if err != nil {
		return c, err
	}
	n.customers[id] = c
	return c, nil
}

func (n *names) invoice(id int64) (receivable.Invoice, error) {
	if i, ok := n.invoices[id]; ok {
		return i, nil
	}
	i, err := n.q.Invoice(n.ctx, n.co.ID, id)
	if err != nil {
		return i, err
	}
	n.invoices[id] = i
	return i, nil
}

func (n *names) numbers(ids []int64) ([]string, error) {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		inv, err := n.invoice(id)
		if err != nil {
			return nil, err
		}
		out = append(out, inv.Number)
	}
	return out, nil
}

// CommitmentFilter narrows a list of disputes, promises or plans.
type CommitmentFilter struct {
	CustomerRef string // only this customer's
	OpenOnly    bool   // open disputes, pending promises, running plans
}

func (a *App) commitmentQuery(ctx context.Context, co receivable.Company, f CommitmentFilter) (store.CommitmentQuery, error) {
	q := store.CommitmentQuery{CompanyID: co.ID, OpenOnly: f.OpenOnly}
	if f.CustomerRef != "" {
		cu, err := customerByRef(ctx, a.Store, co, f.CustomerRef)
		if err != nil {
			return q, err
		}
		q.CustomerID = cu.ID
	}
	return q, nil
}

// DisputeParams open a dispute on one invoice.
type DisputeParams struct {
	InvoiceNumber string
	Reason        string     // what the debtor contests: quantity, missing delivery note, quality…
	Day           civil.Date // when the debtor contested; today when zero
}

// DisputeLine is a dispute with the names people read.
type DisputeLine struct {
	receivable.Dispute
	CustomerRef   string `json:"customer_ref"`
	CustomerName  string `json:"customer_name"`
	InvoiceNumber string `json:"invoice_number"`
	Open          bool   `json:"open"`
}

// OpenDispute records that the debtor contests an invoice: reminders on that invoice stop
// until the dispute is resolved; the customer's other invoices go on. An invoice has at most
// one open dispute (ErrConflict).
func (a *App) OpenDispute(ctx context.Context, co receivable.Company, p DisputeParams, author string) (DisputeLine, error) {
	var out DisputeLine
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		var err error
		out, err = a.openDisputeTx(ctx, q, co, p, author)
		return err
	})
	return out, err
}

// openDisputeTx does OpenDispute inside the caller's transaction (LogCall records a
// call and what it obtained in one).
func (a *App) openDisputeTx(ctx context.Context, q store.Queries, co receivable.Company, p DisputeParams, author string) (DisputeLine, error) {
	var out DisputeLine
	if strings.TrimSpace(p.Reason) == "" {
		return out, inputErr("reason", "a dispute needs its reason (what the debtor contests)")
	}
	if p.Day.IsZero() {
		p.Day = a.Today(co)
	}
	inv, err := invoiceByNumber(ctx, q, co, p.InvoiceNumber)
	if err != nil {
		return out, err
	}
	open, err := q.ListDisputes(ctx, store.CommitmentQuery{CompanyID: co.ID, CustomerID: inv.CustomerID, OpenOnly: true})
	if err != nil {
		return out, err
	}
	for _, d := range open {
		if d.InvoiceID == inv.ID {
			return out, fmt.Errorf("invoice %s already has an open dispute (%d, since %s): %w", inv.Number, d.ID, d.Opened, store.ErrConflict)
		}
	}
	d := receivable.Dispute{CompanyID: co.ID, InvoiceID: inv.ID, Opened: p.Day, Reason: strings.TrimSpace(p.Reason)}
	if err := q.AddDispute(ctx, &d, author); err != nil {
		return out, err
	}
	cu, err := q.Customer(ctx, co.ID, d.CustomerID)
	if err != nil {
		return out, err
	}
	out = DisputeLine{Dispute: d, CustomerRef: cu.Ref, CustomerName: cu.Name, InvoiceNumber: inv.Number, Open: true}
	return out, a.addEvent(ctx, q, co, store.Event{CustomerID: d.CustomerID, InvoiceID: inv.ID, Day: p.Day, Kind: "dispute_open", Actor: author,
		Summary: fmt.Sprintf("Litige ouvert sur la facture %s : %s — relances suspendues sur cette facture", inv.Number, d.Reason),
		Data:    eventData(map[string]any{"dispute_id": d.ID})})
}

// ResolveParams close a dispute.
type ResolveParams struct {
	Resolution string     // what was decided: credit note, proof sent, withdrawn…
	Day        civil.Date // today when zero
}

// ResolveDispute closes an open dispute; the invoice is reminded again from that day, at the
// step its dates call for.
func (a *App) ResolveDispute(ctx context.Context, co receivable.Company, id int64, p ResolveParams, author string) (DisputeLine, error) {
	if strings.TrimSpace(p.Resolution) == "" {
		return DisputeLine{}, inputErr("resolution", "say how the dispute was resolved (credit note, proof sent, withdrawn…)")
	}
	if p.Day.IsZero() {
		p.Day = a.Today(co)
	}
	var out DisputeLine
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		all, err := q.ListDisputes(ctx, store.CommitmentQuery{CompanyID: co.ID})
		if err != nil {
			return err
		}
		i := slices.IndexFunc(all, func(d receivable.Dispute) bool { return d.ID == id })
		if i < 0 {
			return fmt.Errorf("no dispute %d: %w", id, store.ErrNotFound)
		}
		d := all[i]
		if !d.Resolved.IsZero() {
			return fmt.Errorf("dispute %d was already resolved on %s (%s): %w", id, d.Resolved, d.Resolution, store.ErrConflict)
		}
		if p.Day.Before(d.Opened) {
			return inputErr("date", "dispute %d was opened on %s: it cannot be resolved before", id, d.Opened)
		}
		if err := q.ResolveDispute(ctx, co.ID, id, p.Day, strings.TrimSpace(p.Resolution)); err != nil {
			return err
		}
		d.Resolved, d.Resolution = p.Day, strings.TrimSpace(p.Resolution)
		n := newNames(ctx, q, co)
		cu, err := n.customer(d.CustomerID)
		if err != nil {
			return err
		}
		inv, err := n.invoice(d.InvoiceID)
		if err != nil {
			return err
		}
		out = DisputeLine{Dispute: d, CustomerRef: cu.Ref, CustomerName: cu.Name, InvoiceNumber: inv.Number}
		return a.addEvent(ctx, q, co, store.Event{CustomerID: d.CustomerID, InvoiceID: d.InvoiceID, Day: p.Day, Kind: "dispute_resolve", Actor: author,
			Summary: fmt.Sprintf("Litige sur la facture %s résolu : %s — relances reprises", inv.Number, d.Resolution),
			Data:    eventData(map[string]any{"dispute_id": d.ID})})
	})
	return out, err
}

// Disputes lists disputes, the latest first.
func (a *App) Disputes(ctx context.Context, co receivable.Company, f CommitmentFilter) ([]DisputeLine, error) {
	q, err := a.commitmentQuery(ctx, co, f)
	if err != nil {
		return nil, err
	}
	list, err := a.Store.ListDisputes(ctx, q)
	if err != nil {
		return nil, err
	}
	n := newNames(ctx, a.Store, co)
	out := make([]DisputeLine, 0, len(list))
	for _, d := range list {
		cu, err := n.customer(d.CustomerID)
		if err != nil {
			return nil, err
		}
		inv, err := n.invoice(d.InvoiceID)
		if err != nil {
			return nil, err
		}
		out = append(out, DisputeLine{Dispute: d, CustomerRef: cu.Ref, CustomerName: cu.Name, InvoiceNumber: inv.Number, Open: d.Resolved.IsZero()})
	}
	return out, nil
}

// PromiseVias are the ways a promise is obtained.
var PromiseVias = []string{"call", "email", "letter", "meeting"}

// PromiseParams record a debtor's promise to pay.
type PromiseParams struct {
	CustomerRef    string
	Date           civil.Date  // the day the debtor promised to pay by
	Amount         money.Cents // what the debtor promised
	InvoiceNumbers []string    // the invoices it covers; none means the whole account
	Via            string      // call, email, letter or meeting
	Note           string      // the debtor's words, as proof
	Made           civil.Date  // when the debtor promised; today when zero
	// NoConfirmation skips the written confirmation (the agreement already came in writing).
	NoConfirmation bool
}

// PromiseLine is a promise with the names people read.
type PromiseLine struct {
	receivable.Promise
	CustomerRef    string                   `json:"customer_ref"`
	CustomerName   string                   `json:"customer_name"`
	InvoiceNumbers []string                 `json:"invoice_numbers"`
	Status         receivable.PromiseStatus `json:"status"`
	Confirmation   string                   `json:"confirmation,omitempty"` // the channel of the written confirmation queued, if any
}

// AddPromise records a promise to pay: it holds the customer's reminders until the promised
// date plus the policy's grace days; the daily run then finds it kept or broken.
//
// The seeds want every agreement confirmed in writing: the confirmation (an e-mail to the
// dunning contact, else a letter) is queued in this transaction, so that the promise is never
// recorded without it, unless p.NoConfirmation.
func (a *App) AddPromise(ctx context.Context, co receivable.Company, p PromiseParams, author string) (PromiseLine, error) {
	var out PromiseLine
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		var err error
		out, err = a.addPromiseTx(ctx, q, co, p, author)
		return err
	})
	return out, err
}

// addPromiseTx does AddPromise inside the caller's transaction (LogCall records a
// call and what it obtained in one).
func (a *App) addPromiseTx(ctx context.Context, q store.Queries, co receivable.Company, p PromiseParams, author string) (PromiseLine, error) {
	var out PromiseLine
	if p.Made.IsZero() {
		p.Made = a.Today(co)
	}
	switch {
	case p.Amount <= 0:
		return out, inputErr("amount", "a promise needs a positive amount")
	case p.Date.IsZero():
		return out, inputErr("date", "a promise needs the date the debtor will pay by")
	case p.Date.Before(p.Made):
		return out, inputErr("date", "promised date %s is before the promise (%s)", p.Date, p.Made)
	case p.Via != "" && !slices.Contains(PromiseVias, p.Via):
		return out, inputErr("via", "via %q: want %s", p.Via, strings.Join(PromiseVias, ", "))
	}
	cu, err := customerByRef(ctx, q, co, p.CustomerRef)
	if err != nil {
		return out, err
	}
	invs, err := customerInvoices(ctx, q, co, cu, p.InvoiceNumbers)
	if err != nil {
		return out, err
	}
	pr := receivable.Promise{CompanyID: co.ID, CustomerID: cu.ID, Made: p.Made, Date: p.Date, Amount: p.Amount,
		Via: p.Via, Note: strings.TrimSpace(p.Note)}
	numbers := make([]string, 0, len(invs))
	for _, inv := range invs {
		pr.InvoiceIDs = append(pr.InvoiceIDs, inv.ID)
		numbers = append(numbers, inv.Number)
	}
	if err := q.AddPromise(ctx, &pr, author); err != nil {
		return out, err
	}
	out = PromiseLine{Promise: pr, CustomerRef: cu.Ref, CustomerName: cu.Name, InvoiceNumbers: numbers, Status: pr.Status()}
	what := "l'ensemble du compte"
	if len(numbers) > 0 {
		what = "facture(s) " + strings.Join(numbers, ", ")
	}
	summary := fmt.Sprintf("Promesse de règlement : %s pour le %s (%s)", pr.Amount.FormatCurrency(co.Currency, "fr"), pr.Date.Format("fr"), what)
	if v := viaLabel(pr.Via); v != "" {
		summary += ", obtenue " + v
	}
	if pr.Note != "" {
		summary += " — « " + pr.Note + " »"
	}
	if !p.NoConfirmation {
		ch, err := enqueueConfirmation(ctx, q, co, cu, promiseConfirmation, Payload{PromiseID: pr.ID},
			fmt.Sprintf("promise/%d/confirmation", pr.ID), p.Made, author)
		if err != nil {
			return out, err
		}
		out.Confirmation = string(ch)
		summary += confirmationNote(ch)
	}
	return out, a.addEvent(ctx, q, co, store.Event{CustomerID: cu.ID, Day: p.Made, Kind: "promise", Actor: author, Summary: summary,
		Data: eventData(map[string]any{"promise_id": pr.ID})})
}

func viaLabel(via string) string {
	return map[string]string{"call": "par téléphone", "email": "par e-mail", "letter": "par courrier", "meeting": "en rendez-vous"}[via]
}

// Promises lists promises, the latest first.
func (a *App) Promises(ctx context.Context, co receivable.Company, f CommitmentFilter) ([]PromiseLine, error) {
	q, err := a.commitmentQuery(ctx, co, f)
	if err != nil {
		return nil, err
	}
	list, err := a.Store.ListPromises(ctx, q)
	if err != nil {
		return nil, err
	}
	n := newNames(ctx, a.Store, co)
	out := make([]PromiseLine, 0, len(list))
	for _, p := range list {
		cu, err := n.customer(p.CustomerID)
		if err != nil {
			return nil, err
		}
		numbers, err := n.numbers(p.InvoiceIDs)
		if err != nil {
			return nil, err
		}
		out = append(out, PromiseLine{Promise: p, CustomerRef: cu.Ref, CustomerName: cu.Name, InvoiceNumbers: numbers, Status: p.Status()})
	}
	return out, nil
}

// CancelPromise withdraws a pending promise (replaced by a plan, entered by mistake): it no
// longer holds the customer, and is never counted as broken.
func (a *App) CancelPromise(ctx context.Context, co receivable.Company, id int64, author string) (PromiseLine, error) {
	day := a.Today(co)
	var out PromiseLine
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		all, err := q.ListPromises(ctx, store.CommitmentQuery{CompanyID: co.ID})
		if err != nil {
			return err
		}
		i := slices.IndexFunc(all, func(p receivable.Promise) bool { return p.ID == id })
		if i < 0 {
			return fmt.Errorf("no promise %d: %w", id, store.ErrNotFound)
		}
		p := all[i]
		if s := p.Status(); s != receivable.PromisePending {
			return fmt.Errorf("promise %d is %s, not pending: %w", id, s, store.ErrConflict)
		}
		if err := q.CancelPromise(ctx, co.ID, id, day); err != nil {
			return err
		}
		p.Cancelled = day
		n := newNames(ctx, q, co)
		cu, err := n.customer(p.CustomerID)
		if err != nil {
			return err
		}
		numbers, err := n.numbers(p.InvoiceIDs)
		if err != nil {
			return err
		}
		out = PromiseLine{Promise: p, CustomerRef: cu.Ref, CustomerName: cu.Name, InvoiceNumbers: numbers, Status: p.Status()}
		return a.addEvent(ctx, q, co, store.Event{CustomerID: p.CustomerID, Day: day, Kind: "promise_cancel", Actor: author,
			Summary: fmt.Sprintf("Promesse de règlement annulée : %s pour le %s", p.Amount.FormatCurrency(co.Currency, "fr"), p.Date.Format("fr")),
			Data:    eventData(map[string]any{"promise_id": p.ID})})
	})
	return out, err
}

// PlanParams record a payment plan ("échéancier").
type PlanParams struct {
	CustomerRef    string
	InvoiceNumbers []string
	Instalments    []receivable.Instalment // Due and Amount of each, in date order
	Note           string
	Created        civil.Date // today when zero
	// NoConfirmation skips the written confirmation (the plan was agreed in writing already).
	NoConfirmation bool
}

// PlanLine is a payment plan with the names people read.
type PlanLine struct {
	receivable.PaymentPlan
	CustomerRef    string      `json:"customer_ref"`
	CustomerName   string      `json:"customer_name"`
	InvoiceNumbers []string    `json:"invoice_numbers"`
	Total          money.Cents `json:"total_cents"`
	// Status is the recorded outcome: running until a missed instalment (defaulted) or a
	// collector (cancelled) ends it.
	Status string `json:"status"`
	// Confirmation is the channel of the written confirmation queued, if any.
	Confirmation string `json:"confirmation,omitempty"`
}

// The recorded states of a plan, as PlanLine.Status gives them.
const (
	PlanRunning   = "running"
	PlanDefaulted = "defaulted"
	PlanCancelled = "cancelled"
)

func planLine(p receivable.PaymentPlan, cu receivable.Customer, numbers []string) PlanLine {
	status := PlanRunning
	switch {
	case !p.Cancelled.IsZero():
		status = PlanCancelled
	case !p.Defaulted.IsZero():
		status = PlanDefaulted
	}
	return PlanLine{PaymentPlan: p, CustomerRef: cu.Ref, CustomerName: cu.Name, InvoiceNumbers: numbers, Total: p.Total(), Status: status}
}

// AddPlan records a payment plan for some of a customer's open invoices: while its instalments
// are paid on time those invoices are not reminded; a missed one resumes the process. The plan
// must start with an immediate partial payment (receivable.PaymentPlan.Validate), and an
// invoice is in one running plan at most (ErrConflict).
//
// As for promises, the written confirmation is queued in this transaction unless
// p.NoConfirmation.
func (a *App) AddPlan(ctx context.Context, co receivable.Company, p PlanParams, author string) (PlanLine, error) {
	if p.Created.IsZero() {
		p.Created = a.Today(co)
	}
	if len(p.InvoiceNumbers) == 0 {
		return PlanLine{}, inputErr("invoice", "a payment plan covers at least one invoice")
	}
	var out PlanLine
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		cu, err := customerByRef(ctx, q, co, p.CustomerRef)
		if err != nil {
			return err
		}
		invs, err := customerInvoices(ctx, q, co, cu, p.InvoiceNumbers)
		if err != nil {
			return err
		}
		running, err := q.ListPlans(ctx, store.CommitmentQuery{CompanyID: co.ID, CustomerID: cu.ID, OpenOnly: true})
		if err != nil {
			return err
		}
		plan := receivable.PaymentPlan{CompanyID: co.ID, CustomerID: cu.ID, Created: p.Created, Instalments: p.Instalments, Note: strings.TrimSpace(p.Note)}
		numbers := make([]string, 0, len(invs))
		var open money.Cents
		for _, inv := range invs {
			if !inv.IsOpen() {
				return inputErr("invoice", "invoice %s is settled: nothing to plan", inv.Number)
			}
			for _, r := range running {
				if r.Covers(inv.ID) {
					return fmt.Errorf("invoice %s is already in running payment plan %d: %w", inv.Number, r.ID, store.ErrConflict)
				}
			}
			plan.InvoiceIDs = append(plan.InvoiceIDs, inv.ID)
			numbers = append(numbers, inv.Number)
			open += inv.Open()
		}
		if err := plan.Validate(); err != nil {
			return &InputError{Field: "instalment", Err: err}
		}
		if err := q.AddPlan(ctx, &plan, author); err != nil {
			return err
		}
		out = planLine(plan, cu, numbers)
		var parts []string
		for _, in := range plan.Instalments {
			parts = append(parts, fmt.Sprintf("%s le %s", in.Amount.FormatCurrency(co.Currency, "fr"), in.Due.Format("fr")))
		}
		summary := fmt.Sprintf("Échéancier accepté pour la/les facture(s) %s (solde %s) : %s", strings.Join(numbers, ", "),
			open.FormatCurrency(co.Currency, "fr"), strings.Join(parts, ", "))
		if plan.Note != "" {
			summary += " — " + plan.Note
		}
		if !p.NoConfirmation {
			ch, err := enqueueConfirmation(ctx, q, co, cu, planConfirmation, Payload{PlanID: plan.ID},
				fmt.Sprintf("plan/%d/confirmation", plan.ID), p.Created, author)
			if err != nil {
				return err
			}
			out.Confirmation = string(ch)
			summary += confirmationNote(ch)
		}
		return a.addEvent(ctx, q, co, store.Event{CustomerID: cu.ID, Day: p.Created, Kind: "plan", Actor: author, Summary: summary,
			Data: eventData(map[string]any{"plan_id": plan.ID})})
	})
	return out, err
}

// Plans lists payment plans, the latest first.
func (a *App) Plans(ctx context.Context, co receivable.Company, f CommitmentFilter) ([]PlanLine, error) {
	q, err := a.commitmentQuery(ctx, co, f)
	if err != nil {
		return nil, err
	}
	list, err := a.Store.ListPlans(ctx, q)
	if err != nil {
		return nil, err
	}
	n := newNames(ctx, a.Store, co)
	out := make([]PlanLine, 0, len(list))
	for _, p := range list {
		cu, err := n.customer(p.CustomerID)
		if err != nil {
			return nil, err
		}
		numbers, err := n.numbers(p.InvoiceIDs)
		if err != nil {
			return nil, err
		}
		out = append(out, planLine(p, cu, numbers))
	}
	return out, nil
}

// CancelPlan ends a running payment plan: its invoices are reminded again from today.
func (a *App) CancelPlan(ctx context.Context, co receivable.Company, id int64, author string) (PlanLine, error) {
	day := a.Today(co)
	var out PlanLine
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		all, err := q.ListPlans(ctx, store.CommitmentQuery{CompanyID: co.ID})
		if err != nil {
			return err
		}
		i := slices.IndexFunc(all, func(p receivable.PaymentPlan) bool { return p.ID == id })
		if i < 0 {
			return fmt.Errorf("no payment plan %d: %w", id, store.ErrNotFound)
		}
		p := all[i]
		n := newNames(ctx, q, co)
		cu, err := n.customer(p.CustomerID)
		if err != nil {
			return err
		}
		numbers, err := n.numbers(p.InvoiceIDs)
		if err != nil {
			return err
		}
		if l := planLine(p, cu, numbers); l.Status != PlanRunning {
			return fmt.Errorf("payment plan %d is %s, not running: %w", id, l.Status, store.ErrConflict)
		}
		if err := q.CancelPlan(ctx, co.ID, id, day); err != nil {
			return err
		}
		p.Cancelled = day
		out = planLine(p, cu, numbers)
		return a.addEvent(ctx, q, co, store.Event{CustomerID: p.CustomerID, Day: day, Kind: "plan_cancel", Actor: author,
			Summary: fmt.Sprintf("Échéancier annulé (facture(s) %s) : relances reprises", strings.Join(numbers, ", ")),
			Data:    eventData(map[string]any{"plan_id": p.ID})})
	})
	return out, err
}

// RejectedDebitParams record a rejected direct debit.
type RejectedDebitParams struct {
	InvoiceNumber string
	Reason        string     // the bank's reason: insufficient funds, mandate revoked…
	Day           civil.Date // when the bank reported it; today when zero
}

// RecordRejectedDebit records that an invoice's direct debit was rejected: an automatic payer
// is then reminded of that invoice, and that invoice only, by its policy.
func (a *App) RecordRejectedDebit(ctx context.Context, co receivable.Company, p RejectedDebitParams, author string) (receivable.Invoice, error) {
	if p.Day.IsZero() {
		p.Day = a.Today(co)
	}
	var out receivable.Invoice
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		inv, err := invoiceByNumber(ctx, q, co, p.InvoiceNumber)
		if err != nil {
			return err
		}
		out = inv
		reason := strings.TrimSpace(p.Reason)
		if err := q.AddRejectedDebit(ctx, co.ID, inv.ID, p.Day, reason); err != nil {
			return err
		}
		summary := fmt.Sprintf("Prélèvement rejeté sur la facture %s (%s)", inv.Number, inv.Open().FormatCurrency(orCurrency(inv.Currency, co.Currency), "fr"))
		if reason != "" {
			summary += " : " + reason
		}
		return a.addEvent(ctx, q, co, store.Event{CustomerID: inv.CustomerID, InvoiceID: inv.ID, Day: p.Day, Kind: "debit_rejected", Actor: author, Summary: summary})
	})
	return out, err
}
