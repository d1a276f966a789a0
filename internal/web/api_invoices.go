package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	const c = "/companies/{company}/invoices"
	addAPI("GET", c, auth.Viewer, (*apiHandler).listInvoices)
	addAPI("POST", c, auth.Collector, (*apiHandler).createInvoice)
	addAPI("GET", c+"/{invoice}", auth.Viewer, (*apiHandler).getInvoice)
	addAPI("POST", c+"/{invoice}/pause", auth.Collector, (*apiHandler).pauseInvoice)
	addAPI("POST", c+"/{invoice}/resume", auth.Collector, (*apiHandler).resumeInvoice)
	addAPI("POST", c+"/{invoice}/skip", auth.Collector, (*apiHandler).skipStep)
	addAPI("POST", c+"/{invoice}/force", auth.Collector, (*apiHandler).forceStep)
}

// apiInvoice is an invoice or a credit note with its open balance after the payments and
// credit notes allocated to it, and how late it is today.
type apiInvoice struct {
	ID            int64              `json:"id"`
	Kind          receivable.DocKind `json:"kind"`
	Number        string             `json:"number"`
	CustomerRef   string             `json:"customer_ref"`
	IssueDate     civil.Date         `json:"issue_date"`
	DueDate       civil.Date         `json:"due_date"`
	Amount        money.Cents        `json:"amount_cents"`
	Allocated     money.Cents        `json:"allocated_cents"`
	Open          money.Cents        `json:"open_cents"`
	Currency      string             `json:"currency"`
	DaysLate      int                `json:"days_late"`
	ExternalID    string             `json:"external_id"`
	Document      string             `json:"document"`
	CreditsNumber string             `json:"credits_number"`
	PausedUntil   civil.Date         `json:"paused_until"`
	PauseReason   string             `json:"pause_reason"`
}

func invoiceJSON(inv receivable.Invoice, day civil.Date, currency string) apiInvoice {
	out := apiInvoice{ID: inv.ID, Kind: inv.Kind, Number: inv.Number, CustomerRef: inv.CustomerRef, IssueDate: inv.IssueDate,
		DueDate: inv.DueDate, Amount: inv.Amount, Allocated: inv.Allocated, Open: inv.Open(), Currency: orDefault(inv.Currency, currency),
		ExternalID: inv.ExternalID, Document: inv.Document, CreditsNumber: inv.CreditsRef, PausedUntil: inv.PausedUntil, PauseReason: inv.PauseReason}
	if inv.Kind != receivable.KindCreditNote {
		// A credit note is used, not paid: it is never late.
		out.DaysLate = inv.DaysLate(day)
	}
	return out
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (h *apiHandler) listInvoices(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	ctx := r.Context()
	p := readParams(r, "customer", "status", "kind", "number", "limit", "offset")
	status := p.oneOf("status", "all", "all", "open", "overdue")
	kind := receivable.DocKind(p.oneOf("kind", string(receivable.KindInvoice), string(receivable.KindInvoice), string(receivable.KindCreditNote)))
	number, ref := p.str("number"), p.str("customer")
	pg := p.page()
	if p.err != nil {
		return p.err
	}
	day := h.app.Today(co)
	q := store.InvoiceQuery{CompanyID: co.ID, Kind: kind, OpenOnly: status == "open", Limit: pg.limit + 1, Offset: pg.offset}
	if status == "overdue" {
		q.OverdueOn = day
	}
	var err error
	if q.CustomerID, err = h.customerFilter(r, ref); err != nil {
		return err
	}
	var invs []receivable.Invoice
	if number != "" {
		// A number names at most one document of a kind; the other filters still apply.
		inv, err := h.app.Store.InvoiceByNumber(ctx, co.ID, kind, number)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err == nil && pg.offset == 0 && (q.CustomerID == 0 || inv.CustomerID == q.CustomerID) &&
			(status != "open" || inv.IsOpen()) && (status != "overdue" || (inv.IsOpen() && inv.DueDate.Before(day))) {
			invs = append(invs, inv)
		}
	} else if invs, err = h.app.Store.ListInvoices(ctx, q); err != nil {
		return err
	}
	out := make([]apiInvoice, 0, len(invs))
	for _, inv := range invs {
		out = append(out, invoiceJSON(inv, day, co.Currency))
	}
	return writeList(w, r, pg, out)
}

// invoice reads the invoice (or credit note) of the path within the company.
func (h *apiHandler) invoice(r *http.Request) (receivable.Invoice, error) {
	id, err := pathID(r, "invoice")
	if err != nil {
		return receivable.Invoice{}, err
	}
	return h.app.Store.Invoice(r.Context(), companyOf(r).ID, id)
}

func (h *apiHandler) getInvoice(w http.ResponseWriter, r *http.Request) error {
	if err := readParams(r).err; err != nil {
		return err
	}
	inv, err := h.invoice(r)
	if err != nil {
		return err
	}
	co := companyOf(r)
	return writeJSON(w, http.StatusOK, invoiceJSON(inv, h.app.Today(co), co.Currency))
}

// invoiceCreate is a manual invoice or credit note.
type invoiceCreate struct {
	Kind        string       `json:"kind"`
	Number      string       `json:"number"`
	CustomerRef string       `json:"customer_ref"`
	IssueDate   string       `json:"issue_date"`
	DueDate     string       `json:"due_date"`
	Amount      *money.Cents `json:"amount_cents"`
	Currency    string       `json:"currency"`
	ExternalID  string       `json:"external_id"`
	Document    string       `json:"document"`
	// CreditsNumber, for a credit note, is the invoice it credits: the credit note is
	// allocated to it at once, up to what it still owes.
	CreditsNumber string `json:"credits_number"`
}

func (in invoiceCreate) check(co receivable.Company) (receivable.Invoice, error) {
	inv := receivable.Invoice{CompanyID: co.ID, Kind: receivable.DocKind(orDefault(in.Kind, string(receivable.KindInvoice))),
		Number: strings.TrimSpace(in.Number), Currency: strings.ToUpper(strings.TrimSpace(orDefault(in.Currency, co.Currency))),
		ExternalID: strings.TrimSpace(in.ExternalID), Document: strings.TrimSpace(in.Document), CreditsRef: strings.TrimSpace(in.CreditsNumber)}
	var err error
	switch {
	case inv.Kind != receivable.KindInvoice && inv.Kind != receivable.KindCreditNote:
		return inv, invalid("kind", "kind %q: want invoice or credit_note", in.Kind)
	case inv.Number == "":
		return inv, invalid("number", "number is required")
	case len(inv.Number) > 64:
		return inv, invalid("number", "number: at most 64 characters")
	case strings.TrimSpace(in.CustomerRef) == "":
		return inv, invalid("customer_ref", "customer_ref is required")
	case in.Amount == nil || *in.Amount <= 0:
		return inv, invalid("amount_cents", "amount_cents is required and must be positive (a credit note's amount is positive too)")
	case len(inv.Currency) != 3 || strings.Trim(inv.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "":
		return inv, invalid("currency", "currency %q: want an ISO 4217 code such as EUR", in.Currency)
	case inv.CreditsRef != "" && inv.Kind != receivable.KindCreditNote:
		return inv, invalid("credits_number", "credits_number is for a credit note: the invoice it credits")
	}
	inv.Amount = *in.Amount
	if inv.IssueDate, err = parseDate("issue_date", in.IssueDate, true); err != nil {
		return inv, err
	}
	if inv.DueDate, err = parseDate("due_date", in.DueDate, inv.Kind == receivable.KindInvoice); err != nil {
		return inv, err
	}
	if inv.DueDate.IsZero() {
		inv.DueDate = inv.IssueDate
	}
	if inv.DueDate.Before(inv.IssueDate) {
		return inv, invalid("due_date", "due_date %s is before issue_date %s", inv.DueDate, inv.IssueDate)
	}
	return inv, nil
}

// createInvoice records a manual invoice or credit note, with its entry in the customer's
// timeline; a credit note naming the invoice it credits is allocated to it in the same
// transaction.
func (h *apiHandler) createInvoice(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	ctx := r.Context()
	var in invoiceCreate
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	inv, err := in.check(co)
	if err != nil {
		return err
	}
	err = h.app.Store.InTx(ctx, func(q store.Queries) error {
		cu, err := q.CustomerByRef(ctx, co.ID, strings.TrimSpace(in.CustomerRef))
		if err != nil {
			return refNotFound(fmt.Errorf("no customer with reference %q: %w", in.CustomerRef, err), "customer_ref")
		}
		inv.CustomerID, inv.CustomerRef = cu.ID, cu.Ref
		if _, err := q.InvoiceByNumber(ctx, co.ID, inv.Kind, inv.Number); err == nil {
			return conflict("%s %s exists already", docName(inv.Kind), inv.Number)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := q.CreateInvoice(ctx, &inv); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return conflict("%s %s exists already (same number or external id)", docName(inv.Kind), inv.Number)
			}
			return err
		}
		amount := inv.Amount.FormatCurrency(inv.Currency, "fr")
		summary := fmt.Sprintf("Facture %s saisie : %s, échéance le %s", inv.Number, amount, inv.DueDate.Format("fr"))
		if inv.Kind == receivable.KindCreditNote {
			summary = fmt.Sprintf("Avoir %s saisi : %s", inv.Number, amount)
			if inv.CreditsRef != "" {
				used, err := allocateCreditNote(ctx, q, co, cu, inv)
				if err != nil {
					return err
				}
				inv.Allocated = used
				summary += fmt.Sprintf(", imputé sur la facture %s pour %s", inv.CreditsRef, used.FormatCurrency(inv.Currency, "fr"))
			}
		}
		return q.AddEvent(ctx, &store.Event{CompanyID: co.ID, CustomerID: cu.ID, InvoiceID: inv.ID, At: h.app.Now(), Day: h.app.Today(co),
			Kind: string(inv.Kind), Actor: authorName(r), Summary: summary})
	})
	if err != nil {
		return err
	}
	return writeCreated(w, companyPath(r)+"/invoices/"+strconv.FormatInt(inv.ID, 10), invoiceJSON(inv, h.app.Today(co), co.Currency))
}

func docName(k receivable.DocKind) string {
	if k == receivable.KindCreditNote {
		return "credit note"
	}
	return "invoice"
}

// allocateCreditNote applies a new credit note to the invoice it credits, up to what that
// invoice still owes, and returns the amount used.
func allocateCreditNote(ctx context.Context, q store.Queries, co receivable.Company, cu receivable.Customer, note receivable.Invoice) (money.Cents, error) {
	target, err := q.InvoiceByNumber(ctx, co.ID, receivable.KindInvoice, note.CreditsRef)
	if errors.Is(err, store.ErrNotFound) {
		return 0, invalid("credits_number", "no invoice numbered %q", note.CreditsRef)
	} else if err != nil {
		return 0, err
	}
	if target.CustomerID != cu.ID {
		return 0, invalid("credits_number", "invoice %s is customer %s's, not %s's", target.Number, target.CustomerRef, cu.Ref)
	}
	used := min(note.Amount, target.Open())
	if used <= 0 {
		return 0, nil
	}
	a := receivable.Allocation{CompanyID: co.ID, InvoiceID: target.ID, CreditNoteID: note.ID, Amount: used, Date: note.IssueDate}
	return used, q.Allocate(ctx, &a)
}

func (h *apiHandler) pauseInvoice(w http.ResponseWriter, r *http.Request) error {
	inv, err := h.remindable(r)
	if err != nil {
		return err
	}
	return h.pause(w, r, app.PauseTarget{InvoiceNumber: inv.Number})
}

func (h *apiHandler) resumeInvoice(w http.ResponseWriter, r *http.Request) error {
	inv, err := h.remindable(r)
	if err != nil {
		return err
	}
	return h.resume(w, r, app.PauseTarget{InvoiceNumber: inv.Number})
}

// remindable reads the invoice of the path, refusing a credit note: nobody is reminded of one.
func (h *apiHandler) remindable(r *http.Request) (receivable.Invoice, error) {
	inv, err := h.invoice(r)
	if err == nil && inv.Kind != receivable.KindInvoice {
		err = invalid("", "%s is a credit note: it has no reminders to pause or resume", inv.Number)
	}
	return inv, err
}

// stepInput names a step of the customer's policy, and why it is skipped or forced.
type stepInput struct {
	Step   string `json:"step"`
	Reason string `json:"reason"`
}

// skipStep makes the process never take that step for this invoice (app.SkipStep, what
// `relance step skip` and the invoice page do); the next step follows on its own date.
func (h *apiHandler) skipStep(w http.ResponseWriter, r *http.Request) error {
	return h.requestStep(w, r, h.app.SkipStep)
}

// forceStep asks for that step now (app.ForceStep): the next run takes it for this invoice
// whatever its date, the pauses and the minimum days between contacts.
func (h *apiHandler) forceStep(w http.ResponseWriter, r *http.Request) error {
	return h.requestStep(w, r, h.app.ForceStep)
}

func (h *apiHandler) requestStep(w http.ResponseWriter, r *http.Request, do func(context.Context, receivable.Company, app.StepParams, string) (app.StepRequest, error)) error {
	inv, err := h.invoice(r)
	if err == nil && inv.Kind != receivable.KindInvoice {
		err = invalid("", "%s is a credit note: it has no steps to skip or force", inv.Number)
	}
	if err != nil {
		return err
	}
	var in stepInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	req, err := do(r.Context(), companyOf(r), app.StepParams{InvoiceNumber: inv.Number, Step: strings.TrimSpace(in.Step), Reason: in.Reason}, authorName(r))
	if err != nil {
		// The invoice is the path's: a settled one cannot be forced, whatever the body says.
		return renameFields(err, map[string]string{"invoice": ""})
	}
	return writeJSON(w, http.StatusOK, req)
}
