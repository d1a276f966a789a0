package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func customerArgs(cu receivable.Customer) []any {
	a := cu.Address
	return []any{cu.Ref, cu.Name, cu.SIREN, string(orKind(cu.Kind)), a.Line1, a.Line2, a.PostalCode, a.City,
		orDefault(a.Country, "FR"), orDefault(cu.Language, "fr"), string(cu.Profile), int64(cu.CreditLimit),
		cu.PaymentTermsDays, cu.Collector, cu.Policy, int64(cu.PenaltyRate), cu.PausedUntil, cu.PauseReason}
}

func orKind(k receivable.Kind) receivable.Kind {
	if k == "" {
		return receivable.B2B
	}
	return k
}

// CreateCustomer inserts cu and sets its ID.
func (c *conn) CreateCustomer(ctx context.Context, cu *receivable.Customer) error {
	if strings.TrimSpace(cu.Ref) == "" || strings.TrimSpace(cu.Name) == "" {
		return fmt.Errorf("create customer: reference and name are required")
	}
	id, err := c.insertID(ctx, "create customer "+cu.Ref, c.book.q("CreateCustomer"),
		append([]any{cu.CompanyID}, customerArgs(*cu)...)...)
	cu.ID = id
	return err
}

// UpdateCustomer writes every field of cu.
func (c *conn) UpdateCustomer(ctx context.Context, cu receivable.Customer) error {
	return c.execOne(ctx, "update customer "+cu.Ref, c.book.q("UpdateCustomer"),
		append([]any{cu.CompanyID, cu.ID}, customerArgs(cu)...)...)
}

// Customer reads one customer of the company.
func (c *conn) Customer(ctx context.Context, companyID, id int64) (receivable.Customer, error) {
	row := c.r.QueryRowContext(ctx, "SELECT "+c.book.q("CustomerColumns")+" FROM customers c WHERE c.company_id = $1 AND c.id = $2", companyID, id)
	cu, err := scanCustomer(row)
	return cu, c.mapErr(err, fmt.Sprintf("customer %d", id))
}

// CustomerByRef reads the customer with that reference.
func (c *conn) CustomerByRef(ctx context.Context, companyID int64, ref string) (receivable.Customer, error) {
	row := c.r.QueryRowContext(ctx, "SELECT "+c.book.q("CustomerColumns")+" FROM customers c WHERE c.company_id = $1 AND c.ref = $2", companyID, ref)
	cu, err := scanCustomer(row)
	return cu, c.mapErr(err, "customer "+ref)
}

// ListCustomers lists customers with their balances on q.Day.
func (c *conn) ListCustomers(ctx context.Context, q store.CustomerQuery) ([]store.CustomerSummary, error) {
	day := q.Day
	if day.IsZero() {
		day = civil.D(9999, 12, 31)
	}
	w := newWhere(q.CompanyID, day)
	if s := strings.TrimSpace(q.Search); s != "" {
		pat := likePattern(s)
		w.add(`(relance_fold(c.ref) LIKE ? ESCAPE '\' OR relance_fold(c.name) LIKE ? ESCAPE '\')`, pat, pat)
	}
	if q.Profile != "" {
		w.add("c.profile = ?", string(q.Profile))
	}
	if q.Collector != "" {
		w.add("c.collector = ?", q.Collector)
	}
	if q.MinDaysLate > 0 && !q.Day.IsZero() {
		w.add("bal.oldest_due <= ?", q.Day.AddDays(-q.MinDaysLate))
	}
	order := map[string]string{"": "c.name", "name": "c.name", "ref": "c.ref",
		"open": "COALESCE(bal.open, 0) DESC, c.name", "overdue": "COALESCE(bal.overdue, 0) DESC, c.name",
		"late": "bal.oldest_due IS NULL, bal.oldest_due, c.name"}[q.Sort]
	if order == "" {
		return nil, fmt.Errorf("list customers: unknown sort %q: want name, ref, open, overdue or late", q.Sort)
	}
	query := strings.NewReplacer("{{CustomerColumns}}", c.book.q("CustomerColumns"), "{{where}}", w.sql()).
		Replace(c.book.q("ListCustomers")) + " ORDER BY " + order + limitOffset(q.Limit, q.Offset)
	rows, err := c.r.QueryContext(ctx, query, w.args...)
	if err != nil {
		return nil, c.mapErr(err, "list customers")
	}
	defer rows.Close()
	var out []store.CustomerSummary
	for rows.Next() {
		var s store.CustomerSummary
		var oldestDue civil.Date
		var open, overdue int64
		cu, err := scanCustomer(rows, &open, &overdue, &oldestDue, &s.OpenCount)
		if err != nil {
			return nil, c.mapErr(err, "list customers")
		}
		s.Customer, s.Open, s.Overdue = cu, moneyCents(open), moneyCents(overdue)
		if !oldestDue.IsZero() && !q.Day.IsZero() {
			s.MaxDaysLate = max(0, q.Day.Sub(oldestDue))
		}
		out = append(out, s)
	}
	return out, c.mapErr(rows.Err(), "list customers")
}

func scanCustomer(s scanner, extra ...any) (receivable.Customer, error) {
	var cu receivable.Customer
	var kind, profile string
	var limit, rate int64
	a := &cu.Address
	dest := []any{&cu.ID, &cu.CompanyID, &cu.Ref, &cu.Name, &cu.SIREN, &kind, &a.Line1, &a.Line2, &a.PostalCode,
		&a.City, &a.Country, &cu.Language, &profile, &limit, &cu.PaymentTermsDays, &cu.Collector, &cu.Policy,
		&rate, &cu.PausedUntil, &cu.PauseReason}
	err := s.Scan(append(dest, extra...)...)
	cu.Kind, cu.Profile = receivable.Kind(kind), receivable.Profile(profile)
	cu.CreditLimit, cu.PenaltyRate = moneyCents(limit), moneyRate(rate)
	return cu, err
}

func limitOffset(limit, offset int) string {
	s := ""
	if limit > 0 {
		s += fmt.Sprintf(" LIMIT %d", limit)
	}
	if offset > 0 {
		s += fmt.Sprintf(" OFFSET %d", offset)
	}
	return s
}
