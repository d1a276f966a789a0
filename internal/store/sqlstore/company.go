package sqlstore

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func companyArgs(c receivable.Company) []any {
	a := c.Address
	return []any{c.Slug, c.Name, c.LegalName, c.SIREN, c.VATNumber, a.Line1, a.Line2, a.PostalCode,
		a.City, orDefault(a.Country, "FR"), c.Email, c.Phone, c.IBAN, c.BIC, orDefault(c.Currency, "EUR"),
		orDefault(c.TimeZone, "Europe/Paris"), orDefault(c.Language, "fr"), c.PaymentTermsDays,
		int64(c.PenaltyRate), c.Signature}
}

// CreateCompany inserts c and sets its ID.
func (c *conn) CreateCompany(ctx context.Context, co *receivable.Company) error {
	id, err := c.insertID(ctx, "create company "+co.Slug, c.book.q("CreateCompany"), companyArgs(*co)...)
	co.ID = id
	return err
}

// UpdateCompany writes every field of co.
func (c *conn) UpdateCompany(ctx context.Context, co receivable.Company) error {
	return c.execOne(ctx, "update company", c.book.q("UpdateCompany"), append([]any{co.ID}, companyArgs(co)...)...)
}

// Company reads one company.
func (c *conn) Company(ctx context.Context, id int64) (receivable.Company, error) {
	return c.oneCompany(ctx, "company", "WHERE id = $1", id)
}

// CompanyBySlug reads the company with that slug.
func (c *conn) CompanyBySlug(ctx context.Context, slug string) (receivable.Company, error) {
	return c.oneCompany(ctx, "company "+slug, "WHERE slug = $1", slug)
}

// ListCompanies lists all companies by name.
func (c *conn) ListCompanies(ctx context.Context) ([]receivable.Company, error) {
	rows, err := c.r.QueryContext(ctx, "SELECT "+c.book.q("CompanyColumns")+" FROM companies ORDER BY name")
	if err != nil {
		return nil, c.mapErr(err, "list companies")
	}
	defer rows.Close()
	var out []receivable.Company
	for rows.Next() {
		co, err := scanCompany(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, co)
	}
	return out, c.mapErr(rows.Err(), "list companies")
}

func (c *conn) oneCompany(ctx context.Context, what, where string, arg any) (receivable.Company, error) {
	co, err := scanCompany(c.r.QueryRowContext(ctx, "SELECT "+c.book.q("CompanyColumns")+" FROM companies "+where, arg))
	return co, c.mapErr(err, what)
}

func scanCompany(s scanner) (receivable.Company, error) {
	var co receivable.Company
	var rate int64
	a := &co.Address
	err := s.Scan(&co.ID, &co.Slug, &co.Name, &co.LegalName, &co.SIREN, &co.VATNumber, &a.Line1, &a.Line2,
		&a.PostalCode, &a.City, &a.Country, &co.Email, &co.Phone, &co.IBAN, &co.BIC, &co.Currency,
		&co.TimeZone, &co.Language, &co.PaymentTermsDays, &rate, &co.Signature)
	co.PenaltyRate = moneyRate(rate)
	return co, err
}

// companyTables are the tables holding a company's rows, children before their parents.
// Deleting them in this order before the company leaves ON DELETE CASCADE (which stays the
// guarantee, for a table not listed) nothing to look up: a cascade from a million invoices
// would otherwise search, invoice by invoice, child tables not indexed on the invoice.
var companyTables = []string{"match_proposals", "superseded_steps", "outbox", "formal_notices", "limitation_interruptions",
	"api_tokens", "memberships", "templates", "settings", "company_settings", "rates", "run_chunks", "runs", "actions",
	"requests", "rejected_debits", "payment_plans", "promises", "disputes", "profile_policies", "policies", "events",
	"allocations", "documents", "payments", "invoices", "contacts", "customers"}

// DeleteCompany removes the company and every row that belongs to it, in one transaction.
func (db *DB) DeleteCompany(ctx context.Context, id int64) error {
	return db.InTx(ctx, func(q store.Queries) error { return q.DeleteCompany(ctx, id) })
}

// DeleteCompany removes the company and every row that belongs to it.
func (c *conn) DeleteCompany(ctx context.Context, id int64) error {
	if _, err := c.w.ExecContext(ctx, "DELETE FROM action_invoices WHERE action_id IN (SELECT id FROM actions WHERE company_id = $1)", id); err != nil {
		return c.mapErr(err, "delete company: action_invoices")
	}
	for _, t := range companyTables {
		if _, err := c.w.ExecContext(ctx, "DELETE FROM "+t+" WHERE company_id = $1", id); err != nil {
			return c.mapErr(err, "delete company: "+t)
		}
	}
	return c.execOne(ctx, fmt.Sprintf("company %d", id), "DELETE FROM companies WHERE id = $1", id)
}
