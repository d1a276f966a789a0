package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// The invoice page: the invoice with its customer, amounts and open balance, the payments and
// credit notes allocated to it, the steps the process took (the actions listing it), its
// disputes, the commitments that cover it and its own history; and the hand controls of its
// process: pause and resume, a dispute, a step skipped or forced.
func init() {
	const v, c = auth.Viewer, auth.Collector
	addRoute("GET /c/{company}/invoices/{id}", func(s *Server) http.Handler { return s.page(v, s.invoicePage) })
	addRoute("POST /c/{company}/invoices/{id}/pause", func(s *Server) http.Handler { return s.page(c, s.invoicePause) })
	addRoute("POST /c/{company}/invoices/{id}/resume", func(s *Server) http.Handler { return s.page(c, s.invoiceResume) })
	addRoute("POST /c/{company}/invoices/{id}/dispute", func(s *Server) http.Handler { return s.page(c, s.invoiceDispute) })
	addRoute("POST /c/{company}/invoices/{id}/skip", func(s *Server) http.Handler { return s.page(c, s.invoiceStep(dunning.Skip)) })
	addRoute("POST /c/{company}/invoices/{id}/force", func(s *Server) http.Handler { return s.page(c, s.invoiceStep(dunning.Force)) })
	addFR(map[string]string{
		"Credit note": "Avoir", "Customer": "Client", "Paid and credited": "Réglé et avoirs",
		"Payments and credit notes": "Règlements et avoirs", "Applied to": "Imputé sur", "Steps taken": "Étapes réalisées",
		"History": "Historique", "Paused until": "En pause jusqu'au", "Resume the reminders": "Reprendre les relances",
		"Pause the reminders": "Suspendre les relances", "Until (included)": "Jusqu'au (inclus)", "Reason": "Motif", "Pause": "Suspendre",
		"Change the pause": "Modifier la pause", "Open a dispute": "Ouvrir un litige", "Open the dispute": "Ouvrir le litige",
		"Resolve": "Résoudre", "Resolution": "Résolution", "Opened": "Ouvert le", "Resolved": "Résolu le",
		"Skip or force a step": "Passer ou forcer une étape", "Skip the step": "Passer l'étape", "Force it now": "La forcer maintenant",
		"The customer's policy": "Le scénario du client", "Settled": "Réglée", "Due in": "Échéance dans", "days": "jours",
		"Promises covering it": "Promesses qui la couvrent", "Payment plans covering it": "Échéanciers qui la couvrent",
		"A skipped step is never taken for this invoice; a forced step is taken by the next run, whatever its date.": "Une étape passée n'est jamais réalisée pour cette facture ; une étape forcée est réalisée par la prochaine exécution, quelle que soit sa date.",
		"A credit note is not reminded: it is applied to invoices.":                                                  "Un avoir n'est pas relancé : il est imputé sur des factures.",
		"Reminders paused.": "Relances suspendues.", "Reminders resumed.": "Relances reprises.", "Nothing was paused.": "Rien n'était suspendu.",
		"Step skipped: the process will not take it for this invoice.":             "Étape passée : le processus ne la réalisera pas pour cette facture.",
		"Step forced: the next run takes it.":                                      "Étape forcée : la prochaine exécution la réalise.",
		"Dispute opened: the reminders of that invoice stop until it is resolved.": "Litige ouvert : les relances de cette facture s'arrêtent jusqu'à sa résolution.",
		"The customer is paused until":                                             "Le client est en pause jusqu'au", "Status": "Statut", "Payment of": "Règlement du",
		"Original e-invoice": "Facture électronique d'origine",
	})
}

// invoiceAllocation is a payment or a credit note applied to the invoice — or, on a credit
// note's page, an invoice it was applied to.
type invoiceAllocation struct {
	receivable.Allocation
	Payment receivable.Payment // when a payment
	Other   receivable.Invoice // the credit note applied, or the invoice it was applied to
}

type invoiceView struct {
	Invoice     receivable.Invoice
	Customer    receivable.Customer
	Day         civil.Date
	Credit      bool // a credit note: no process, no controls
	Allocations []invoiceAllocation
	Settled     money.Cents
	Actions     []store.ActionRecord
	Disputes    []receivable.Dispute
	Dispute     *receivable.Dispute // the open dispute holding it, if any
	Promises    []promiseRow
	Plans       []receivable.PaymentPlan
	Events      []store.Event
	Policy      string
	Steps       []dunning.Step
	// Original is the stored original of an imported e-invoice (without its content), and
	// OriginalFormat "PDF" (Factur-X) or "XML" (CII, UBL).
	Original       *store.Document
	OriginalFormat string
	formState
}

// invoiceOf is the invoice of the path, in the company of the path.
func (s *Server) invoiceOf(r *http.Request) (receivable.Invoice, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return receivable.Invoice{}, notFound()
	}
	return s.app.Store.Invoice(r.Context(), companyOf(r).ID, id)
}

func (s *Server) invoicePage(w http.ResponseWriter, r *http.Request) error {
	inv, err := s.invoiceOf(r)
	if err != nil {
		return err
	}
	return s.showInvoice(w, r, inv, nil)
}

// showInvoice draws the invoice page; with a problem, the refused form comes back unfolded
// with a 422.
func (s *Server) showInvoice(w http.ResponseWriter, r *http.Request, inv receivable.Invoice, p *formProblem) error {
	v, err := s.invoiceView(r.Context(), companyOf(r), inv)
	if err != nil {
		return err
	}
	v.Problem = p
	if p != nil {
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "invoice", v)
		return nil
	}
	s.render(w, r, "invoice", v)
	return nil
}

func (s *Server) invoiceView(ctx context.Context, co receivable.Company, inv receivable.Invoice) (invoiceView, error) {
	st := s.app.Store
	v := invoiceView{Invoice: inv, Day: s.app.Today(co), Credit: inv.Kind == receivable.KindCreditNote}
	var err error
	if v.Customer, err = st.Customer(ctx, co.ID, inv.CustomerID); err != nil {
		return v, err
	}
	var allocs []receivable.Allocation
	if v.Credit {
		allocs, err = st.PaymentAllocations(ctx, co.ID, inv.ID, true)
	} else {
		allocs, err = st.ListAllocations(ctx, store.InvoiceScope{CompanyID: co.ID, InvoiceIDs: []int64{inv.ID}})
	}
	if err != nil {
		return v, err
	}
	for _, al := range allocs {
		ia := invoiceAllocation{Allocation: al}
		switch {
		case v.Credit:
			ia.Other, err = st.Invoice(ctx, co.ID, al.InvoiceID)
		case al.PaymentID != 0:
			ia.Payment, err = st.Payment(ctx, co.ID, al.PaymentID)
		default:
			ia.Other, err = st.Invoice(ctx, co.ID, al.CreditNoteID)
		}
		if err != nil {
			return v, err
		}
		v.Settled += al.Amount
		v.Allocations = append(v.Allocations, ia)
	}
	if id, ok := app.InvoiceDocumentID(inv); ok {
		doc, err := st.Document(ctx, co.ID, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return v, fmt.Errorf("original of invoice %s: %w", inv.Number, err)
		}
		if err == nil {
			doc.Content = nil
			v.Original, v.OriginalFormat = &doc, "XML"
			if doc.ContentType == "application/pdf" {
				v.OriginalFormat = "PDF"
			}
		}
	}
	events, err := st.Events(ctx, co.ID, inv.CustomerID, 500)
	if err != nil {
		return v, err
	}
	for _, e := range events {
		if e.InvoiceID == inv.ID {
			v.Events = append(v.Events, e)
		}
	}
	if v.Credit {
		return v, nil
	}
	acts, err := st.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, CustomerID: inv.CustomerID, Limit: 500})
	if err != nil {
		return v, err
	}
	for _, a := range acts {
		if slices.ContainsFunc(a.Invoices, func(l dunning.ActionInvoice) bool { return l.ID == inv.ID }) {
			v.Actions = append(v.Actions, a)
		}
	}
	q := store.CommitmentQuery{CompanyID: co.ID, CustomerID: inv.CustomerID}
	disputes, err := st.ListDisputes(ctx, q)
	if err != nil {
		return v, err
	}
	for _, d := range disputes {
		if d.InvoiceID == inv.ID {
			v.Disputes = append(v.Disputes, d)
			if d.Resolved.IsZero() {
				v.Dispute = &d
			}
		}
	}
	promises, err := st.ListPromises(ctx, q)
	if err != nil {
		return v, err
	}
	for _, p := range promises {
		if slices.Contains(p.InvoiceIDs, inv.ID) {
			v.Promises = append(v.Promises, promiseRowOf(app.PromiseLine{Promise: p, Status: p.Status()}))
		}
	}
	plans, err := st.ListPlans(ctx, q)
	if err != nil {
		return v, err
	}
	for _, p := range plans {
		if p.Covers(inv.ID) {
			v.Plans = append(v.Plans, p)
		}
	}
	// The steps of the customer's policy, to skip or force one; a policy that cannot be read
	// leaves the page without that form rather than without the page.
	if pol, err := s.customerPolicy(ctx, co, v.Customer); err == nil {
		v.Policy, v.Steps = pol.Name, pol.Steps
	}
	return v, nil
}

// customerPolicy is the policy the process applies to the customer: its own, else its
// profile's, else the company's default — as app.Policies reports who uses which.
func (s *Server) customerPolicy(ctx context.Context, co receivable.Company, cu receivable.Customer) (app.PolicyDetail, error) {
	name := cu.Policy
	if name == "" {
		entries, err := s.app.Policies(ctx, co)
		if err != nil {
			return app.PolicyDetail{}, err
		}
		for _, e := range entries {
			if cu.Profile != "" && slices.Contains(e.Profiles, cu.Profile) || e.Default && name == "" {
				name = e.Name
			}
		}
	}
	return s.app.Policy(ctx, co, name)
}

// backToInvoice redirects to the invoice page with a flash message.
func (s *Server) backToInvoice(w http.ResponseWriter, r *http.Request, inv receivable.Invoice, flash string) error {
	co := companyOf(r)
	http.Redirect(w, r, "/c/"+co.Slug+"/invoices/"+strconv.FormatInt(inv.ID, 10)+"?flash="+url.QueryEscape(flash), http.StatusSeeOther)
	return nil
}

// invoiceAction reads the invoice of a control: an invoice, since a credit note has no
// process to control.
func (s *Server) invoiceAction(r *http.Request) (receivable.Invoice, error) {
	inv, err := s.invoiceOf(r)
	if err == nil && inv.Kind != receivable.KindInvoice {
		err = badRequest("A credit note is not reminded: it is applied to invoices.")
	}
	return inv, err
}

// invoiceFailed shows a refused input on the invoice page; any other error is the page's.
func (s *Server) invoiceFailed(w http.ResponseWriter, r *http.Request, inv receivable.Invoice, form string, err error) error {
	if p, ok := problemOf(r, form, err); ok {
		return s.showInvoice(w, r, inv, p)
	}
	return err
}

func (s *Server) invoicePause(w http.ResponseWriter, r *http.Request) error {
	inv, err := s.invoiceAction(r)
	if err != nil {
		return err
	}
	f := newActionForm(r, "pause")
	p := app.PauseParams{PauseTarget: app.PauseTarget{InvoiceNumber: inv.Number}, Until: f.date("until"), Reason: f.str("reason")}
	if f.problem != nil {
		return s.showInvoice(w, r, inv, f.problem)
	}
	if _, err := s.app.Pause(r.Context(), companyOf(r), p, authorName(r)); err != nil {
		return s.invoiceFailed(w, r, inv, "pause", err)
	}
	return s.backToInvoice(w, r, inv, "Reminders paused.")
}

func (s *Server) invoiceResume(w http.ResponseWriter, r *http.Request) error {
	inv, err := s.invoiceAction(r)
	if err != nil {
		return err
	}
	res, err := s.app.Resume(r.Context(), companyOf(r), app.PauseTarget{InvoiceNumber: inv.Number}, authorName(r))
	if err != nil {
		return s.invoiceFailed(w, r, inv, "pause", err)
	}
	if !res.Changed {
		return s.backToInvoice(w, r, inv, "Nothing was paused.")
	}
	return s.backToInvoice(w, r, inv, "Reminders resumed.")
}

func (s *Server) invoiceDispute(w http.ResponseWriter, r *http.Request) error {
	inv, err := s.invoiceAction(r)
	if err != nil {
		return err
	}
	f := newActionForm(r, "dispute")
	if _, err := s.app.OpenDispute(r.Context(), companyOf(r), app.DisputeParams{InvoiceNumber: inv.Number, Reason: f.str("reason")}, authorName(r)); err != nil {
		return s.invoiceFailed(w, r, inv, "dispute", err)
	}
	return s.backToInvoice(w, r, inv, "Dispute opened: the reminders of that invoice stop until it is resolved.")
}

// invoiceStep skips or forces a step of the customer's policy for this invoice.
func (s *Server) invoiceStep(kind dunning.RequestKind) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		inv, err := s.invoiceAction(r)
		if err != nil {
			return err
		}
		f := newActionForm(r, "step")
		p := app.StepParams{InvoiceNumber: inv.Number, Step: f.str("step"), Reason: f.str("reason")}
		do, flash := s.app.SkipStep, "Step skipped: the process will not take it for this invoice."
		if kind == dunning.Force {
			do, flash = s.app.ForceStep, "Step forced: the next run takes it."
		}
		if _, err := do(r.Context(), companyOf(r), p, authorName(r)); err != nil {
			return s.invoiceFailed(w, r, inv, "step", err)
		}
		return s.backToInvoice(w, r, inv, flash)
	}
}
