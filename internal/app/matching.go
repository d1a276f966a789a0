package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/ingest/match"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// MatchOptions tune matching (lettrage).
type MatchOptions struct {
	// AutoThreshold is the confidence from which a proposal is allocated without review;
	// 0 means match.DefaultAutoThreshold.
	AutoThreshold int
	// NoAuto sends every proposal to the review queue, however certain.
	NoAuto bool
}

// MatchSummary counts what matching did with the payments it was given.
type MatchSummary struct {
	Payments        int         `json:"payments"`
	Auto            int         `json:"auto"`             // allocated at once
	AutoAmount      money.Cents `json:"auto_cents"`       // what those allocations applied to invoices
	Queued          int         `json:"queued"`           // proposals waiting for a collector
	Unmatched       int         `json:"unmatched"`        // no invoice proposed: the payment stays unallocated
	AlreadyProposed int         `json:"already_proposed"` // had a proposal already (matched before)
	Skipped         int         `json:"skipped"`          // nothing left to allocate, or another currency
	QueuedAmount    money.Cents `json:"queued_cents"`     // what the queued proposals would allocate
}

// add adds the counts of another summary.
func (s *MatchSummary) add(o MatchSummary) {
	s.Payments += o.Payments
	s.Auto += o.Auto
	s.AutoAmount += o.AutoAmount
	s.Queued += o.Queued
	s.Unmatched += o.Unmatched
	s.AlreadyProposed += o.AlreadyProposed
	s.Skipped += o.Skipped
	s.QueuedAmount += o.QueuedAmount
}

// matchActor is who the timeline says allocated a payment nobody reviewed.
const matchActor = "rapprochement automatique"

// matcher is the matcher on the company's open invoices, with what it needs to turn its
// answers back into ids: the customers by reference, the invoice numbers by id.
type matcher struct {
	*match.Matcher
	customers map[string]int64
	numbers   map[int64]string
}

// newMatcher loads the company's open invoices, inside q so that it sees the transaction's
// own writes.
func newMatcher(ctx context.Context, q store.Queries, co receivable.Company, opts MatchOptions) (*matcher, error) {
	items, err := q.OpenItems(ctx, co.ID)
	if err != nil {
		return nil, err
	}
	open := make([]match.OpenInvoice, 0, len(items))
	m := &matcher{customers: map[string]int64{}, numbers: make(map[int64]string, len(items))}
	for _, it := range items {
		inv := it.Invoice
		open = append(open, match.OpenInvoice{ID: strconv.FormatInt(inv.ID, 10), Number: inv.Number, CustomerRef: inv.CustomerRef,
			CustomerName: it.CustomerName, Open: inv.Open(), IssueDate: inv.IssueDate, DueDate: inv.DueDate})
		m.customers[inv.CustomerRef] = inv.CustomerID
		m.numbers[inv.ID] = inv.Number
	}
	threshold := opts.AutoThreshold
	if threshold <= 0 {
		threshold = match.DefaultAutoThreshold
	}
	m.Matcher = match.NewMatcher(open, match.Options{AutoThreshold: threshold})
	return m, nil
}

// matchPayments proposes how each payment settles open invoices: certain proposals are
// allocated at once (never beyond what an invoice owes: the store's guard has the last word),
// the others go to the review queue. It runs inside the caller's transaction, so that an
// import and its matching land together or not at all.
func (a *App) matchPayments(ctx context.Context, q store.Queries, co receivable.Company, payments []receivable.Payment, opts MatchOptions) (MatchSummary, error) {
	var sum MatchSummary
	if len(payments) == 0 {
		return sum, nil
	}
	m, err := newMatcher(ctx, q, co, opts)
	if err != nil {
		return sum, err
	}
	for _, p := range payments {
		pr, ok := m.propose(co, p, &sum)
		if !ok {
			continue
		}
		if err := a.record(ctx, q, co, m, p, pr, opts, false, &sum); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// propose asks the matcher about a payment; ok is false when there is nothing to propose
// (the summary then counts why).
func (m *matcher) propose(co receivable.Company, p receivable.Payment, sum *MatchSummary) (match.Proposal, bool) {
	sum.Payments++
	if p.Unallocated() <= 0 || (p.Currency != "" && co.Currency != "" && p.Currency != co.Currency) {
		sum.Skipped++
		return match.Proposal{}, false
	}
	pr := m.Match(match.Payment{ID: strconv.FormatInt(p.ID, 10), Amount: p.Unallocated(), Date: p.Date,
		PayerName: p.PayerName, Remittance: p.Reference})
	if len(pr.Allocations) == 0 {
		sum.Unmatched++
		return pr, false
	}
	return pr, true
}

// autoCustomer is the customer an automatic proposal gives a payment that has none; 0 when
// the proposal will not be applied without review.
func (m *matcher) autoCustomer(p receivable.Payment, pr match.Proposal, opts MatchOptions) int64 {
	if !pr.Auto || opts.NoAuto || p.CustomerID != 0 {
		return 0
	}
	return m.customers[pr.CustomerRef]
}

// record applies an automatic proposal to the stored payment p, or queues the proposal.
// customerSet says the payment was stored with the proposal's customer already: a bank import
// matches before it stores, which saves one write per payment.
func (a *App) record(ctx context.Context, q store.Queries, co receivable.Company, m *matcher, p receivable.Payment, pr match.Proposal,
	opts MatchOptions, customerSet bool, sum *MatchSummary) error {
	prop := store.Proposal{CompanyID: co.ID, PaymentID: p.ID, CustomerID: m.customers[pr.CustomerRef], Unallocated: pr.Unallocated,
		Confidence: pr.Confidence, Reasons: pr.Reasons, Status: store.ProposalPending}
	for _, al := range pr.Allocations {
		id, _ := strconv.ParseInt(al.InvoiceID, 10, 64)
		prop.Allocations = append(prop.Allocations, store.ProposedAllocation{InvoiceID: id, Number: m.numbers[id], Amount: al.Amount})
	}
	if pr.Auto && !opts.NoAuto {
		// The matcher was loaded in this transaction and commits what it allocates, so its
		// view is the database's: no need to read each invoice again.
		ids, err := allocateProposal(ctx, q, co, p, prop, false)
		switch {
		case errors.Is(err, errProposalStale):
			// The matcher's view and the database disagree after all: a collector decides.
		case err != nil:
			return err
		default:
			m.Commit(pr)
			prop.Status, prop.AllocationIDs, prop.DecidedBy, prop.DecidedAt = store.ProposalAuto, ids, matchActor, a.Now()
			if p.CustomerID == 0 && prop.CustomerID != 0 {
				if err := q.SetPaymentCustomer(ctx, co.ID, p.ID, prop.CustomerID); err != nil {
					return err
				}
				p.CustomerID, customerSet = prop.CustomerID, true
			}
			prop.CustomerSet = customerSet
		}
	}
	if prop.Status != store.ProposalAuto && customerSet {
		// Stored with the customer of a proposal that could not be applied: not known yet.
		if err := q.SetPaymentCustomer(ctx, co.ID, p.ID, 0); err != nil {
			return err
		}
	}
	err := q.CreateProposal(ctx, &prop)
	if errors.Is(err, store.ErrConflict) {
		if len(prop.AllocationIDs) > 0 {
			// Never happens for payments without a proposal, which is what callers pass;
			// if it did, the allocation would have no proposal to undo it by.
			return fmt.Errorf("payment %d: matched twice: %w", p.ID, err)
		}
		sum.AlreadyProposed++
		return nil
	}
	if err != nil {
		return err
	}
	if prop.Status == store.ProposalAuto {
		sum.Auto++
		sum.AutoAmount += prop.Total()
		return a.matchEvent(ctx, q, co, p, prop, "payment_matched", matchActor, "affecté automatiquement")
	}
	sum.Queued++
	sum.QueuedAmount += prop.Total()
	return nil
}

// errProposalStale says an invoice of a proposal owes less than proposed, or the payment has
// less left: the situation changed since the proposal was made.
var errProposalStale = errors.New("the proposal no longer fits")

// allocateProposal applies the proposal's allocations from the payment and returns their ids.
// Every amount is checked against the invoice and the payment as they are now, and the store
// refuses anything beyond what is owed: a payment is never allocated twice. When the proposal
// no longer fits, nothing of it stays allocated and the error wraps errProposalStale.
//
// verify reads each invoice first, for a clear message when one owes less than proposed; the
// automatic path, whose matcher already knows the balances, leaves it to the store's guard.
func allocateProposal(ctx context.Context, q store.Queries, co receivable.Company, p receivable.Payment, prop store.Proposal, verify bool) ([]int64, error) {
	cur := orEUR(p.Currency)
	fmtc := func(c money.Cents) string { return c.FormatCurrency(cur, co.Language) }
	if total := prop.Total(); total > p.Unallocated() {
		return nil, fmt.Errorf("the payment of %s on %s has %s left, the proposal allocates %s: %w",
			fmtc(p.Amount), p.Date, fmtc(p.Unallocated()), fmtc(total), errProposalStale)
	}
	var ids []int64
	undo := func(err error) ([]int64, error) {
		if _, rerr := q.RemoveAllocations(ctx, co.ID, p.ID, ids); rerr != nil {
			return nil, errors.Join(err, rerr)
		}
		return nil, err
	}
	for _, pa := range prop.Allocations {
		if verify {
			inv, err := q.Invoice(ctx, co.ID, pa.InvoiceID)
			if err != nil {
				return undo(err)
			}
			if inv.Open() < pa.Amount {
				return undo(fmt.Errorf("invoice %s has %s left to pay, the proposal allocates %s: %w", inv.Number,
					fmtc(inv.Open()), fmtc(pa.Amount), errProposalStale))
			}
		}
		al := receivable.Allocation{CompanyID: co.ID, InvoiceID: pa.InvoiceID, PaymentID: p.ID, Amount: pa.Amount, Date: p.Date}
		if err := q.Allocate(ctx, &al); err != nil {
			// Another process may have allocated the invoice since it was read: the store's
			// guard refused. If the invoice still reads, the transaction is sound and the
			// proposal is merely stale; otherwise the error is a real failure.
			if again, rerr := q.Invoice(ctx, co.ID, pa.InvoiceID); rerr == nil && again.Open() < pa.Amount {
				return undo(fmt.Errorf("invoice %s owes %s, the proposal allocates %s: %w: %w", pa.Number,
					fmtc(again.Open()), fmtc(pa.Amount), errProposalStale, err))
			}
			return nil, fmt.Errorf("invoice %s: %w", pa.Number, err)
		}
		ids = append(ids, al.ID)
	}
	return ids, nil
}

func orEUR(cur string) string {
	if cur == "" {
		return "EUR"
	}
	return cur
}

// matchEvent records a matching decision on the customer's timeline.
func (a *App) matchEvent(ctx context.Context, q store.Queries, co receivable.Company, p receivable.Payment, prop store.Proposal, kind, actor, verb string) error {
	if prop.CustomerID == 0 {
		return nil
	}
	var parts []string
	for _, al := range prop.Allocations {
		parts = append(parts, al.Number+" ("+al.Amount.FormatCurrency(orEUR(p.Currency), co.Language)+")")
	}
	summary := fmt.Sprintf("Règlement de %s du %s %s : %s", p.Amount.FormatCurrency(orEUR(p.Currency), co.Language), p.Date.Format(co.Language),
		verb, strings.Join(parts, ", "))
	if actor != matchActor {
		summary += " par " + actor
	}
	return a.addEvent(ctx, q, co, store.Event{CustomerID: prop.CustomerID, Day: a.Today(co), Kind: kind, Actor: actor, Summary: summary,
		Data: eventData(map[string]any{"proposal_id": prop.ID, "payment_id": p.ID, "allocation_ids": prop.AllocationIDs})})
}

// Proposals lists the review queue (status pending) or the decided proposals of the company.
func (a *App) Proposals(ctx context.Context, co receivable.Company, q store.ProposalQuery) ([]store.Proposal, error) {
	q.CompanyID = co.ID
	return a.Store.ListProposals(ctx, q)
}

// ParseProposalStatus reads pending, accepted, rejected or auto; empty means all.
func ParseProposalStatus(s string) (store.ProposalStatus, error) {
	switch st := store.ProposalStatus(strings.ToLower(strings.TrimSpace(s))); st {
	case "", store.ProposalPending, store.ProposalAccepted, store.ProposalRejected, store.ProposalAuto:
		return st, nil
	}
	return "", inputErr("status", "unknown status %q: want pending, accepted, rejected or auto", s)
}

// AcceptProposal allocates the payment as the proposal says, in one transaction with the
// status change: a proposal is accepted once, and an invoice another accept (or anything else)
// settled meanwhile makes this one a conflict rather than an over-allocation. The payment gets
// the proposal's customer if it had none, and the customer's timeline records who accepted.
func (a *App) AcceptProposal(ctx context.Context, co receivable.Company, id int64, by string) (store.Proposal, error) {
	var out store.Proposal
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		p, d, err := a.claimProposal(ctx, q, co, id, store.ProposalAccepted, by)
		if err != nil {
			return err
		}
		pay, err := q.Payment(ctx, co.ID, p.PaymentID)
		if err != nil {
			return err
		}
		ids, err := allocateProposal(ctx, q, co, pay, p, true)
		if errors.Is(err, errProposalStale) {
			return fmt.Errorf("proposal %d cannot be accepted: %w (%w)", id, err, store.ErrConflict)
		}
		if err != nil {
			return err
		}
		d.From, d.AllocationIDs = []store.ProposalStatus{store.ProposalAccepted}, ids
		if pay.CustomerID == 0 && p.CustomerID != 0 {
			if err := q.SetPaymentCustomer(ctx, co.ID, pay.ID, p.CustomerID); err != nil {
				return err
			}
			d.CustomerSet = true
		}
		if err := q.DecideProposal(ctx, d); err != nil {
			return err
		}
		p.Status, p.AllocationIDs, p.CustomerSet, p.DecidedBy, p.DecidedAt = d.To, ids, d.CustomerSet, by, d.At
		out = p
		return a.matchEvent(ctx, q, co, pay, p, "payment_matched", by, "affecté")
	})
	return out, err
}

// claimProposal moves a pending proposal to its decision, first thing in the transaction: a
// concurrent decision waits there, then finds it decided (a conflict).
func (a *App) claimProposal(ctx context.Context, q store.Queries, co receivable.Company, id int64, to store.ProposalStatus, by string) (store.Proposal, store.ProposalDecision, error) {
	p, err := q.Proposal(ctx, co.ID, id)
	if err != nil {
		return p, store.ProposalDecision{}, err
	}
	if p.Status != store.ProposalPending {
		return p, store.ProposalDecision{}, fmt.Errorf("proposal %d is %s already: %w", id, p.Status, store.ErrConflict)
	}
	d := store.ProposalDecision{CompanyID: co.ID, ID: id, From: []store.ProposalStatus{store.ProposalPending}, To: to, By: by, At: a.Now()}
	return p, d, q.DecideProposal(ctx, d)
}

// RejectProposal refuses a pending proposal: the payment stays unallocated, for a collector
// to allocate by hand or to leave on account.
func (a *App) RejectProposal(ctx context.Context, co receivable.Company, id int64, by string) (store.Proposal, error) {
	var out store.Proposal
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		p, d, err := a.claimProposal(ctx, q, co, id, store.ProposalRejected, by)
		if err != nil {
			return err
		}
		p.Status, p.DecidedBy, p.DecidedAt = d.To, by, d.At
		out = p
		return a.matchEvent(ctx, q, co, p.Payment, p, "match_rejected", by, "non affecté (proposition refusée)")
	})
	return out, err
}

// UndoProposal takes back a decision. For an accepted or automatic proposal it removes
// exactly the allocations that decision created — no other allocation of the payment — and
// the customer it gave the payment; the payment is unallocated again and the proposal back in
// the review queue. A rejected proposal simply returns to the queue. Undoing twice is a
// conflict: the second finds the proposal pending.
func (a *App) UndoProposal(ctx context.Context, co receivable.Company, id int64, by string) (store.Proposal, error) {
	var out store.Proposal
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		p, err := q.Proposal(ctx, co.ID, id)
		if err != nil {
			return err
		}
		if p.Status == store.ProposalPending {
			return fmt.Errorf("proposal %d is pending: nothing to undo: %w", id, store.ErrConflict)
		}
		d := store.ProposalDecision{CompanyID: co.ID, ID: id, From: []store.ProposalStatus{p.Status},
			To: store.ProposalPending, By: by, At: a.Now()}
		if err := q.DecideProposal(ctx, d); err != nil {
			return err
		}
		if _, err := q.RemoveAllocations(ctx, co.ID, p.PaymentID, p.AllocationIDs); err != nil {
			return err
		}
		if p.CustomerSet {
			if err := q.SetPaymentCustomer(ctx, co.ID, p.PaymentID, 0); err != nil {
				return err
			}
		}
		undone := p
		p.Status, p.AllocationIDs, p.CustomerSet, p.DecidedBy, p.DecidedAt = d.To, nil, false, by, d.At
		out = p
		if undone.Status == store.ProposalRejected {
			return nil
		}
		return a.matchEvent(ctx, q, co, undone.Payment, undone, "match_undone", by, "désaffecté (annulation)")
	})
	return out, err
}

// MatchUnallocated matches the company's payments that have something left to allocate and
// no proposal yet — payments recorded before their invoices were imported, say — the way a
// bank import does.
func (a *App) MatchUnallocated(ctx context.Context, co receivable.Company, opts MatchOptions) (MatchSummary, error) {
	var sum MatchSummary
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		pays, err := q.ListPayments(ctx, store.PaymentQuery{CompanyID: co.ID, Unallocated: true})
		if err != nil {
			return err
		}
		props, err := q.ListProposals(ctx, store.ProposalQuery{CompanyID: co.ID})
		if err != nil {
			return err
		}
		has := make(map[int64]bool, len(props))
		for _, p := range props {
			has[p.PaymentID] = true
		}
		var todo []receivable.Payment
		for i := len(pays) - 1; i >= 0; i-- { // oldest first, as they arrived
			if !has[pays[i].ID] {
				todo = append(todo, pays[i])
			}
		}
		sum, err = a.matchPayments(ctx, q, co, todo, opts)
		sum.AlreadyProposed += len(pays) - len(todo)
		return err
	})
	return sum, err
}
