package web

import (
	"context"
	"net/http"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// The review queue of payment matching (lettrage): the payments a bank import could not
// allocate with certainty, each with the invoices proposed, the confidence and the reasons,
// and what a collector decided. The use cases (app/matching.go) decide in one transaction with
// the allocations and the timeline; a decision already taken, or an invoice settled meanwhile,
// is a 409.

func init() {
	const c = "/companies/{company}/matches"
	addAPI("GET", c, auth.Viewer, (*apiHandler).listMatches)
	addAPI("GET", c+"/{match}", auth.Viewer, (*apiHandler).getMatch)
	addAPI("POST", c+"/{match}/accept", auth.Collector, (*apiHandler).acceptMatch)
	addAPI("POST", c+"/{match}/reject", auth.Collector, (*apiHandler).rejectMatch)
	addAPI("POST", c+"/{match}/undo", auth.Collector, (*apiHandler).undoMatch)
}

// apiMatch is a matching proposal: how a payment would settle open invoices, and what became
// of it. Every field is always present, so that an integration reads one shape whatever the
// status.
type apiMatch struct {
	ID           int64                `json:"id"`
	Status       store.ProposalStatus `json:"status"`
	Payment      apiPayment           `json:"payment"`
	CustomerRef  string               `json:"customer_ref"` // the customer proposed; "" when none
	CustomerName string               `json:"customer_name"`
	Allocations  []apiProposedAmount  `json:"allocations"`
	Unallocated  money.Cents          `json:"unallocated_cents"`
	Confidence   int                  `json:"confidence"`
	Reasons      []string             `json:"reasons"`
	// AllocationIDs are the allocations accepting created: exactly what an undo removes.
	AllocationIDs []int64    `json:"allocation_ids"`
	CustomerSet   bool       `json:"customer_set"`
	DecidedBy     string     `json:"decided_by"`
	DecidedAt     *time.Time `json:"decided_at"`
	CreatedAt     time.Time  `json:"created_at"`
}

// apiProposedAmount is one invoice of a proposal and what it would receive.
type apiProposedAmount struct {
	InvoiceID     int64       `json:"invoice_id"`
	InvoiceNumber string      `json:"invoice_number"`
	Amount        money.Cents `json:"amount_cents"`
}

var matchStatuses = []string{string(store.ProposalPending), string(store.ProposalAccepted), string(store.ProposalRejected),
	string(store.ProposalAuto), "all"}

// matchJSON shapes a proposal. The payment's customer is read when it is not the one
// proposed (a payment recorded with its customer, then matched to another's invoices).
func (h *apiHandler) matchJSON(r *http.Request, p store.Proposal) (apiMatch, error) {
	ref := ""
	switch cid := p.Payment.CustomerID; {
	case cid == p.CustomerID:
		ref = p.CustomerRef
	case cid != 0:
		cu, err := h.app.Store.Customer(r.Context(), companyOf(r).ID, cid)
		if err != nil {
			return apiMatch{}, err
		}
		ref = cu.Ref
	}
	out := apiMatch{ID: p.ID, Status: p.Status, Payment: paymentJSON(p.Payment, ref), CustomerRef: p.CustomerRef, CustomerName: p.CustomerName,
		Allocations: make([]apiProposedAmount, 0, len(p.Allocations)), Unallocated: p.Unallocated, Confidence: p.Confidence,
		Reasons: p.Reasons, AllocationIDs: p.AllocationIDs, CustomerSet: p.CustomerSet, DecidedBy: p.DecidedBy, CreatedAt: p.CreatedAt}
	for _, a := range p.Allocations {
		out.Allocations = append(out.Allocations, apiProposedAmount{InvoiceID: a.InvoiceID, InvoiceNumber: a.Number, Amount: a.Amount})
	}
	if out.Reasons == nil {
		out.Reasons = []string{}
	}
	if out.AllocationIDs == nil {
		out.AllocationIDs = []int64{}
	}
	if !p.DecidedAt.IsZero() {
		out.DecidedAt = &p.DecidedAt
	}
	return out, nil
}

// listMatches lists the review queue by default (pending), or the proposals of a status,
// the latest payment first.
func (h *apiHandler) listMatches(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	p := readParams(r, "status", "customer", "limit", "offset")
	status := p.oneOf("status", string(store.ProposalPending), matchStatuses...)
	ref := p.str("customer")
	pg := p.page()
	if p.err != nil {
		return p.err
	}
	q := store.ProposalQuery{Limit: pg.limit + 1, Offset: pg.offset}
	if status != "all" {
		q.Status = store.ProposalStatus(status)
	}
	var err error
	if q.CustomerID, err = h.customerFilter(r, ref); err != nil {
		return err
	}
	list, err := h.app.Proposals(r.Context(), co, q)
	if err != nil {
		return err
	}
	out := make([]apiMatch, 0, len(list))
	for _, pr := range list {
		m, err := h.matchJSON(r, pr)
		if err != nil {
			return err
		}
		out = append(out, m)
	}
	return writeList(w, r, pg, out)
}

// match reads the proposal of the path within the company.
func (h *apiHandler) match(r *http.Request) (store.Proposal, error) {
	id, err := pathID(r, "match")
	if err != nil {
		return store.Proposal{}, err
	}
	return h.app.Store.Proposal(r.Context(), companyOf(r).ID, id)
}

func (h *apiHandler) getMatch(w http.ResponseWriter, r *http.Request) error {
	if err := readParams(r).err; err != nil {
		return err
	}
	p, err := h.match(r)
	if err != nil {
		return err
	}
	return h.writeMatch(w, r, p)
}

func (h *apiHandler) writeMatch(w http.ResponseWriter, r *http.Request, p store.Proposal) error {
	m, err := h.matchJSON(r, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

// acceptMatch allocates the payment as proposed; 409 when the proposal is decided already or
// an invoice it names was settled meanwhile.
func (h *apiHandler) acceptMatch(w http.ResponseWriter, r *http.Request) error {
	return h.decideMatch(w, r, (*app.App).AcceptProposal)
}

// rejectMatch refuses a pending proposal: the payment stays unallocated.
func (h *apiHandler) rejectMatch(w http.ResponseWriter, r *http.Request) error {
	return h.decideMatch(w, r, (*app.App).RejectProposal)
}

// undoMatch takes a decision back: the allocations it made are removed and the proposal is
// pending again; 409 when it is pending.
func (h *apiHandler) undoMatch(w http.ResponseWriter, r *http.Request) error {
	return h.decideMatch(w, r, (*app.App).UndoProposal)
}

func (h *apiHandler) decideMatch(w http.ResponseWriter, r *http.Request, decide func(*app.App, context.Context, receivable.Company, int64, string) (store.Proposal, error)) error {
	p, err := h.match(r)
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, &struct{}{}, false); err != nil {
		return err
	}
	co := companyOf(r)
	if _, err := decide(h.app, r.Context(), co, p.ID, authorName(r)); err != nil {
		return err
	}
	// Read again: the payment's allocated amount and customer changed with the decision.
	if p, err = h.app.Store.Proposal(r.Context(), co.ID, p.ID); err != nil {
		return err
	}
	return h.writeMatch(w, r, p)
}
