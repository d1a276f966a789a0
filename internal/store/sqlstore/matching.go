package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// expand fills the shared column lists a matching or export query names.
func (c *conn) expand(name string) string {
	return strings.NewReplacer("{{CustomerColumns}}", c.book.q("CustomerColumns"), "{{InvoiceColumns}}", c.invoiceColumns(),
		"{{Allocated}}", c.book.q("Allocated"), "{{PaymentColumns}}", c.book.q("PaymentColumns")).Replace(c.book.q(name))
}

// CreateProposal records a proposal; a payment that has one already is a conflict.
func (c *conn) CreateProposal(ctx context.Context, p *store.Proposal) error {
	allocs, err := json.Marshal(emptyIfNil(p.Allocations))
	if err != nil {
		return err
	}
	reasons, err := json.Marshal(emptyIfNil(p.Reasons))
	if err != nil {
		return err
	}
	ids, err := json.Marshal(emptyIfNil(p.AllocationIDs))
	if err != nil {
		return err
	}
	status := p.Status
	if status == "" {
		status = store.ProposalPending
	}
	var decided any
	if !p.DecidedAt.IsZero() {
		decided = p.DecidedAt.UTC().Truncate(time.Microsecond)
	}
	what := fmt.Sprintf("proposal for payment %d", p.PaymentID)
	err = c.w.QueryRowContext(ctx, c.book.q("CreateProposal"), p.CompanyID, p.PaymentID, nullInt(p.CustomerID),
		string(allocs), int64(p.Unallocated), p.Confidence, string(reasons), string(status), string(ids), p.DecidedBy, decided, p.CustomerSet).
		Scan(&p.ID, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		// Either the payment is not the company's, or it has a proposal already.
		if _, perr := c.Payment(ctx, p.CompanyID, p.PaymentID); perr != nil {
			return fmt.Errorf("%s: %w", what, perr)
		}
		return fmt.Errorf("%s: the payment has a proposal already: %w", what, store.ErrConflict)
	}
	p.Status = status
	return c.mapErr(err, what)
}

// Proposal reads one proposal of the company.
func (c *conn) Proposal(ctx context.Context, companyID, id int64) (store.Proposal, error) {
	row := c.r.QueryRowContext(ctx, "SELECT "+c.expand("ProposalColumns")+" "+c.book.q("ProposalFrom")+
		" WHERE m.company_id = $1 AND m.id = $2", companyID, id)
	p, err := scanProposal(row)
	return p, c.mapErr(err, fmt.Sprintf("proposal %d", id))
}

// ListProposals lists proposals, the latest payment first.
func (c *conn) ListProposals(ctx context.Context, q store.ProposalQuery) ([]store.Proposal, error) {
	w := newWhere(q.CompanyID)
	if q.Status != "" {
		w.add("m.status = ?", string(q.Status))
	}
	if q.CustomerID != 0 {
		w.add("m.customer_id = ?", q.CustomerID)
	}
	if q.PaymentID != 0 {
		w.add("m.payment_id = ?", q.PaymentID)
	}
	rows, err := c.r.QueryContext(ctx, "SELECT "+c.expand("ProposalColumns")+" "+c.book.q("ProposalFrom")+
		" WHERE m.company_id = $1"+w.sql()+" ORDER BY p.date DESC, m.id DESC"+limitOffset(q.Limit, q.Offset), w.args...)
	if err != nil {
		return nil, c.mapErr(err, "list proposals")
	}
	defer rows.Close()
	var out []store.Proposal
	for rows.Next() {
		p, err := scanProposal(rows)
		if err != nil {
			return nil, c.mapErr(err, "list proposals")
		}
		out = append(out, p)
	}
	return out, c.mapErr(rows.Err(), "list proposals")
}

// DecideProposal changes a proposal's status if it is still in one of d.From.
func (c *conn) DecideProposal(ctx context.Context, d store.ProposalDecision) error {
	if len(d.From) == 0 {
		return errors.New("decide proposal: no status to decide from")
	}
	ids, err := json.Marshal(emptyIfNil(d.AllocationIDs))
	if err != nil {
		return err
	}
	var at any
	if !d.At.IsZero() {
		at = d.At.UTC().Truncate(time.Microsecond)
	}
	w := newWhere(d.CompanyID, d.ID, string(d.To), d.By, at, string(ids), d.CustomerSet)
	ph := make([]string, len(d.From))
	for i, s := range d.From {
		w.args = append(w.args, string(s))
		ph[i] = "$" + strconv.Itoa(len(w.args))
	}
	what := fmt.Sprintf("proposal %d", d.ID)
	res, err := c.w.ExecContext(ctx, c.book.q("DecideProposal")+" AND status IN ("+strings.Join(ph, ", ")+")", w.args...)
	if err != nil {
		return c.mapErr(err, what)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return c.mapErr(err, what)
	}
	var status string
	if err := c.w.QueryRowContext(ctx, c.book.q("ProposalExists"), d.CompanyID, d.ID).Scan(&status); err != nil {
		return c.mapErr(err, what)
	}
	return fmt.Errorf("%s is %s: %w", what, status, store.ErrConflict)
}

// RemoveAllocations deletes the listed allocations of one payment.
func (c *conn) RemoveAllocations(ctx context.Context, companyID, paymentID int64, ids []int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	w := newWhere(companyID, paymentID)
	ph := make([]string, len(ids))
	for i, id := range ids {
		w.args = append(w.args, id)
		ph[i] = "$" + strconv.Itoa(len(w.args))
	}
	res, err := c.w.ExecContext(ctx, "DELETE FROM allocations WHERE company_id = $1 AND payment_id = $2 AND id IN ("+
		strings.Join(ph, ", ")+")", w.args...)
	if err != nil {
		return 0, c.mapErr(err, "remove allocations")
	}
	n, err := res.RowsAffected()
	return int(n), c.mapErr(err, "remove allocations")
}

// Payment reads one payment of the company.
func (c *conn) Payment(ctx context.Context, companyID, id int64) (receivable.Payment, error) {
	p, err := scanPayment(c.r.QueryRowContext(ctx, "SELECT "+c.book.q("PaymentColumns")+
		" FROM payments p WHERE p.company_id = $1 AND p.id = $2", companyID, id))
	return p, c.mapErr(err, fmt.Sprintf("payment %d", id))
}

// PaymentByExternalID reads the payment recorded under an external id.
func (c *conn) PaymentByExternalID(ctx context.Context, companyID int64, externalID string) (receivable.Payment, error) {
	p, err := scanPayment(c.r.QueryRowContext(ctx, "SELECT "+c.book.q("PaymentColumns")+
		" FROM payments p WHERE p.company_id = $1 AND p.external_id = $2", companyID, externalID))
	return p, c.mapErr(err, "payment "+externalID)
}

// SetPaymentCustomer sets or clears the customer of a payment.
func (c *conn) SetPaymentCustomer(ctx context.Context, companyID, paymentID, customerID int64) error {
	return c.execOne(ctx, fmt.Sprintf("set the customer of payment %d", paymentID), c.book.q("SetPaymentCustomer"),
		companyID, paymentID, nullInt(customerID))
}

// OpenItems lists the open invoices with their customer's name.
func (c *conn) OpenItems(ctx context.Context, companyID int64) ([]store.OpenItem, error) {
	rows, err := c.r.QueryContext(ctx, c.expand("OpenItems"), companyID)
	if err != nil {
		return nil, c.mapErr(err, "open items")
	}
	defer rows.Close()
	var out []store.OpenItem
	for rows.Next() {
		var it store.OpenItem
		var err error
		it.Invoice, err = scanInvoiceWith(rows, &it.CustomerName)
		if err != nil {
			return nil, c.mapErr(err, "open items")
		}
		out = append(out, it)
	}
	return out, c.mapErr(rows.Err(), "open items")
}

// PaymentAllocations lists what a payment (or a credit note) was allocated to.
func (c *conn) PaymentAllocations(ctx context.Context, companyID, id int64, creditNote bool) ([]receivable.Allocation, error) {
	name := "PaymentAllocations"
	if creditNote {
		name = "CreditNoteAllocations"
	}
	rows, err := c.r.QueryContext(ctx, c.book.q(name), companyID, id)
	if err != nil {
		return nil, c.mapErr(err, "allocations")
	}
	defer rows.Close()
	var out []receivable.Allocation
	for rows.Next() {
		var a receivable.Allocation
		var amount int64
		if err := rows.Scan(&a.ID, &a.CompanyID, &a.InvoiceID, &a.PaymentID, &a.CreditNoteID, &amount, &a.Date); err != nil {
			return nil, c.mapErr(err, "allocations")
		}
		a.Amount = moneyCents(amount)
		out = append(out, a)
	}
	return out, c.mapErr(rows.Err(), "allocations")
}

// CustomerBySIREN reads the only customer with that SIREN.
func (c *conn) CustomerBySIREN(ctx context.Context, companyID int64, siren string) (receivable.Customer, error) {
	what := "customer with SIREN " + siren
	if strings.TrimSpace(siren) == "" {
		return receivable.Customer{}, fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	rows, err := c.r.QueryContext(ctx, c.expand("CustomerBySIREN"), companyID, siren)
	if err != nil {
		return receivable.Customer{}, c.mapErr(err, what)
	}
	defer rows.Close()
	var found []receivable.Customer
	for rows.Next() {
		cu, err := scanCustomer(rows)
		if err != nil {
			return cu, c.mapErr(err, what)
		}
		found = append(found, cu)
	}
	if err := rows.Err(); err != nil {
		return receivable.Customer{}, c.mapErr(err, what)
	}
	switch len(found) {
	case 0:
		return receivable.Customer{}, fmt.Errorf("%s: %w", what, store.ErrNotFound)
	case 1:
		return found[0], nil
	}
	return receivable.Customer{}, fmt.Errorf("%s: several customers have it: %w", what, store.ErrConflict)
}

// SetInvoiceDocument records where the invoice's file is kept.
func (c *conn) SetInvoiceDocument(ctx context.Context, companyID, invoiceID int64, document string) error {
	return c.execOne(ctx, fmt.Sprintf("set the document of invoice %d", invoiceID), c.book.q("SetInvoiceDocument"),
		companyID, invoiceID, document)
}

func scanPayment(s scanner, extra ...any) (receivable.Payment, error) {
	var p receivable.Payment
	var amount, alloc int64
	err := s.Scan(append([]any{&p.ID, &p.CompanyID, &p.CustomerID, &p.Date, &amount, &p.Currency, &p.Method,
		&p.Reference, &p.PayerName, &p.Source, &p.ExternalID, &alloc}, extra...)...)
	p.Amount, p.Allocated = moneyCents(amount), moneyCents(alloc)
	return p, err
}

// scanInvoiceWith scans the invoice columns followed by extra destinations.
func scanInvoiceWith(s scanner, extra ...any) (receivable.Invoice, error) {
	var inv receivable.Invoice
	var kind string
	var amount, alloc int64
	err := s.Scan(append([]any{&inv.ID, &inv.CompanyID, &inv.CustomerID, &inv.CustomerRef, &kind, &inv.Number, &inv.IssueDate,
		&inv.DueDate, &amount, &inv.Currency, &inv.ExternalID, &inv.Document, &inv.CreditsRef, &inv.PausedUntil,
		&inv.PauseReason, &alloc}, extra...)...)
	inv.Kind, inv.Amount, inv.Allocated = receivable.DocKind(kind), moneyCents(amount), moneyCents(alloc)
	return inv, err
}

func scanProposal(s scanner) (store.Proposal, error) {
	var p store.Proposal
	var allocs, reasons, ids, status string
	var unalloc int64
	var decided sql.NullTime
	pay := []any{&p.Payment.ID, &p.Payment.CompanyID, &p.Payment.CustomerID, &p.Payment.Date, new(int64), &p.Payment.Currency,
		&p.Payment.Method, &p.Payment.Reference, &p.Payment.PayerName, &p.Payment.Source, &p.Payment.ExternalID, new(int64)}
	dest := append([]any{&p.ID, &p.CompanyID, &p.PaymentID, &p.CustomerID, &p.CustomerRef, &p.CustomerName, &allocs, &unalloc,
		&p.Confidence, &reasons, &status, &ids, &p.CustomerSet, &p.DecidedBy, &decided, &p.CreatedAt}, pay...)
	if err := s.Scan(dest...); err != nil {
		return p, err
	}
	p.Payment.Amount, p.Payment.Allocated = moneyCents(*pay[4].(*int64)), moneyCents(*pay[11].(*int64))
	p.Unallocated, p.Status = moneyCents(unalloc), store.ProposalStatus(status)
	if decided.Valid {
		p.DecidedAt = decided.Time
	}
	for _, j := range []struct {
		src string
		dst any
	}{{allocs, &p.Allocations}, {reasons, &p.Reasons}, {ids, &p.AllocationIDs}} {
		if err := json.Unmarshal([]byte(j.src), j.dst); err != nil {
			return p, fmt.Errorf("proposal %d: %w", p.ID, err)
		}
	}
	return p, nil
}

// emptyIfNil makes a nil slice an empty one, so that JSON columns hold [] rather than null.
func emptyIfNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
