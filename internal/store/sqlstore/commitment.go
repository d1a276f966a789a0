package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// AddDispute opens a dispute on an invoice of the company; the customer is the invoice's.
func (c *conn) AddDispute(ctx context.Context, d *receivable.Dispute, author string) error {
	err := c.w.QueryRowContext(ctx, c.book.q("AddDispute"), d.CompanyID, d.InvoiceID, d.Opened, d.Reason, author).Scan(&d.ID, &d.CustomerID)
	return c.mapErr(err, fmt.Sprintf("dispute on invoice %d", d.InvoiceID))
}

// ResolveDispute closes an open dispute.
func (c *conn) ResolveDispute(ctx context.Context, companyID, id int64, day civil.Date, resolution string) error {
	return c.execOne(ctx, fmt.Sprintf("resolve dispute %d (open)", id), c.book.q("ResolveDispute"), companyID, id, day, resolution)
}

func commitmentWhere(q store.CommitmentQuery, openCond string) *where {
	w := newWhere(q.CompanyID)
	if q.CustomerID != 0 {
		w.add("customer_id = ?", q.CustomerID)
	}
	if q.OpenOnly {
		w.add(openCond)
	}
	return w
}

// ListDisputes lists disputes, the latest first.
func (c *conn) ListDisputes(ctx context.Context, q store.CommitmentQuery) ([]receivable.Dispute, error) {
	w := commitmentWhere(q, "resolved IS NULL")
	rows, err := c.r.QueryContext(ctx, "SELECT "+c.book.q("DisputeColumns")+" FROM disputes WHERE company_id = $1"+w.sql()+" ORDER BY opened DESC, id DESC", w.args...)
	if err != nil {
		return nil, c.mapErr(err, "list disputes")
	}
	defer rows.Close()
	var out []receivable.Dispute
	for rows.Next() {
		d, err := scanDispute(rows)
		if err != nil {
			return nil, c.mapErr(err, "list disputes")
		}
		out = append(out, d)
	}
	return out, c.mapErr(rows.Err(), "list disputes")
}

func scanDispute(s scanner) (receivable.Dispute, error) {
	var d receivable.Dispute
	err := s.Scan(&d.ID, &d.CompanyID, &d.CustomerID, &d.InvoiceID, &d.Opened, &d.Reason, &d.Resolved, &d.Resolution)
	return d, err
}

// AddPromise records a promise to pay made by a customer of the company.
func (c *conn) AddPromise(ctx context.Context, p *receivable.Promise, author string) error {
	if p.Amount <= 0 || p.Date.IsZero() {
		return fmt.Errorf("promise: an amount and a date are required")
	}
	ids, _ := json.Marshal(orEmpty(p.InvoiceIDs))
	id, err := c.insertID(ctx, "promise", c.book.q("AddPromise"), p.CompanyID, p.CustomerID, string(ids), p.Made, p.Date,
		int64(p.Amount), p.Via, p.Note, author)
	p.ID = id
	return err
}

// ListPromises lists promises, the latest first.
func (c *conn) ListPromises(ctx context.Context, q store.CommitmentQuery) ([]receivable.Promise, error) {
	w := commitmentWhere(q, "kept IS NULL AND broken IS NULL AND cancelled IS NULL")
	rows, err := c.r.QueryContext(ctx, "SELECT "+c.book.q("PromiseColumns")+" FROM promises WHERE company_id = $1"+w.sql()+" ORDER BY made DESC, id DESC", w.args...)
	if err != nil {
		return nil, c.mapErr(err, "list promises")
	}
	defer rows.Close()
	var out []receivable.Promise
	for rows.Next() {
		p, err := scanPromise(rows)
		if err != nil {
			return nil, c.mapErr(err, "list promises")
		}
		out = append(out, p)
	}
	return out, c.mapErr(rows.Err(), "list promises")
}

func scanPromise(s scanner) (receivable.Promise, error) {
	var p receivable.Promise
	var ids string
	var amount int64
	err := s.Scan(&p.ID, &p.CompanyID, &p.CustomerID, &ids, &p.Made, &p.Date, &amount, &p.Via, &p.Note, &p.Kept, &p.Broken, &p.Cancelled)
	p.Amount = moneyCents(amount)
	if err == nil {
		err = json.Unmarshal([]byte(ids), &p.InvoiceIDs)
	}
	return p, err
}

// CancelPromise withdraws a pending promise.
func (c *conn) CancelPromise(ctx context.Context, companyID, id int64, day civil.Date) error {
	return c.execOne(ctx, fmt.Sprintf("cancel promise %d (pending)", id), c.book.q("CancelPromise"), companyID, id, day)
}

// AddPlan records a payment plan after checking it starts with an immediate payment.
func (c *conn) AddPlan(ctx context.Context, p *receivable.PaymentPlan, author string) error {
	if err := p.Validate(); err != nil {
		return err
	}
	ids, _ := json.Marshal(p.InvoiceIDs)
	inst, _ := json.Marshal(p.Instalments)
	id, err := c.insertID(ctx, "payment plan", c.book.q("AddPlan"), p.CompanyID, p.CustomerID, string(ids), p.Created, string(inst), p.Note, author)
	p.ID = id
	return err
}

// ListPlans lists payment plans, the latest first.
func (c *conn) ListPlans(ctx context.Context, q store.CommitmentQuery) ([]receivable.PaymentPlan, error) {
	w := commitmentWhere(q, "defaulted IS NULL AND cancelled IS NULL")
	rows, err := c.r.QueryContext(ctx, "SELECT "+c.book.q("PlanColumns")+" FROM payment_plans WHERE company_id = $1"+w.sql()+" ORDER BY created DESC, id DESC", w.args...)
	if err != nil {
		return nil, c.mapErr(err, "list plans")
	}
	defer rows.Close()
	var out []receivable.PaymentPlan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, c.mapErr(err, "list plans")
		}
		out = append(out, p)
	}
	return out, c.mapErr(rows.Err(), "list plans")
}

func scanPlan(s scanner) (receivable.PaymentPlan, error) {
	var p receivable.PaymentPlan
	var ids, inst string
	err := s.Scan(&p.ID, &p.CompanyID, &p.CustomerID, &ids, &p.Created, &inst, &p.Note, &p.Defaulted, &p.Cancelled)
	if err == nil {
		err = json.Unmarshal([]byte(ids), &p.InvoiceIDs)
	}
	if err == nil {
		err = json.Unmarshal([]byte(inst), &p.Instalments)
	}
	return p, err
}

// CancelPlan ends a running plan.
func (c *conn) CancelPlan(ctx context.Context, companyID, id int64, day civil.Date) error {
	return c.execOne(ctx, fmt.Sprintf("cancel plan %d (running)", id), c.book.q("CancelPlan"), companyID, id, day)
}

// AddRejectedDebit records that the direct debit of an invoice was rejected.
func (c *conn) AddRejectedDebit(ctx context.Context, companyID, invoiceID int64, day civil.Date, reason string) error {
	_, err := c.insertID(ctx, fmt.Sprintf("rejected debit on invoice %d", invoiceID), c.book.q("AddRejectedDebit"), companyID, invoiceID, day, reason)
	return err
}

// AddRequest records a collector's force or skip of a step, for an invoice of the customer.
func (c *conn) AddRequest(ctx context.Context, companyID, customerID int64, r dunning.Request) error {
	if r.Kind != dunning.Force && r.Kind != dunning.Skip {
		return fmt.Errorf("request: unknown kind %q", r.Kind)
	}
	_, err := c.insertID(ctx, fmt.Sprintf("%s step %s of invoice %d", r.Kind, r.Step, r.InvoiceID), c.book.q("AddRequest"),
		companyID, r.InvoiceID, string(r.Kind), r.Step, r.Day, r.By, r.Reason, customerID)
	return err
}

func orEmpty(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}
