package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/store"
)

// MonthEnds computes the receivables and 91-day sales on each day with one pass over the
// invoices and one over the allocations, whatever the number of days: a CASE per day inside
// the sums, rather than a query per day.
func (c *conn) MonthEnds(ctx context.Context, companyID int64, days []civil.Date) ([]store.MonthFigure, error) {
	if len(days) == 0 {
		return nil, nil
	}
	// PostgreSQL wants every parameter used by the statement: each query has its own list.
	args, allocArgs := []any{companyID}, []any{companyID}
	var inv, sales, alloc []string
	for _, d := range days {
		args = append(args, d, d.AddDays(-91))
		n, m := len(args)-1, len(args)
		inv = append(inv, fmt.Sprintf("SUM(CASE WHEN COALESCE(i.issue_date, i.due_date) <= $%d THEN i.amount ELSE 0 END)", n))
		sales = append(sales, fmt.Sprintf("SUM(CASE WHEN COALESCE(i.issue_date, i.due_date) <= $%d AND COALESCE(i.issue_date, i.due_date) > $%d THEN i.amount ELSE 0 END)", n, m))
		allocArgs = append(allocArgs, d)
		alloc = append(alloc, fmt.Sprintf("SUM(CASE WHEN a.date <= $%d AND COALESCE(i.issue_date, i.due_date) <= $%d THEN a.amount ELSE 0 END)", len(allocArgs), len(allocArgs)))
	}
	out := make([]store.MonthFigure, len(days))
	vals := make([]int64, 2*len(days))
	dest := make([]any, len(vals))
	for i := range vals {
		dest[i] = &nullableInt{&vals[i]}
	}
	q := "SELECT " + strings.Join(append(inv, sales...), ", ") + " FROM invoices i WHERE i.company_id = $1 AND i.kind = 'invoice'"
	if err := c.r.QueryRowContext(ctx, q, args...).Scan(dest...); err != nil {
		return nil, c.mapErr(err, "month ends")
	}
	for i, d := range days {
		out[i] = store.MonthFigure{Day: d, Receivable: money.Cents(vals[i]), Sales91: money.Cents(vals[len(days)+i])}
	}
	allocs := make([]int64, len(days))
	dest = dest[:len(days)]
	for i := range allocs {
		dest[i] = &nullableInt{&allocs[i]}
	}
	q = "SELECT " + strings.Join(alloc, ", ") + " FROM allocations a JOIN invoices i ON i.id = a.invoice_id WHERE a.company_id = $1"
	if err := c.r.QueryRowContext(ctx, q, allocArgs...).Scan(dest...); err != nil {
		return nil, c.mapErr(err, "month ends")
	}
	for i := range out {
		out[i].Receivable -= money.Cents(allocs[i])
	}
	return out, nil
}

// nullableInt scans a SUM that is NULL over no rows as 0.
type nullableInt struct{ p *int64 }

func (n *nullableInt) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n.p = 0
	case int64:
		*n.p = v
	case float64:
		*n.p = int64(v)
	case []byte:
		_, err := fmt.Sscan(string(v), n.p)
		return err
	case string:
		_, err := fmt.Sscan(v, n.p)
		return err
	default:
		return fmt.Errorf("cannot scan %T into an integer", src)
	}
	return nil
}

// Promised sums the pending promises due in [from, to).
func (c *conn) Promised(ctx context.Context, companyID int64, from, to civil.Date) (int, money.Cents, error) {
	var n int
	var sum int64
	err := c.r.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM promises
		WHERE company_id = $1 AND kept IS NULL AND broken IS NULL AND cancelled IS NULL AND date >= $2 AND date < $3`,
		companyID, from, to).Scan(&n, &nullableInt{&sum})
	return n, money.Cents(sum), c.mapErr(err, "promised")
}

// WorkCounts counts the day's work.
func (c *conn) WorkCounts(ctx context.Context, companyID int64, day civil.Date) (store.WorkCount, error) {
	var w store.WorkCount
	err := c.r.QueryRowContext(ctx, `SELECT
		COUNT(CASE WHEN status = 'queued' AND channel = 'call' AND day <= $2 THEN 1 END),
		COUNT(CASE WHEN status = 'queued' AND channel = 'task' AND day <= $2 THEN 1 END),
		COUNT(CASE WHEN status = 'awaiting_approval' THEN 1 END),
		COUNT(CASE WHEN status = 'failed' THEN 1 END)
		FROM actions WHERE company_id = $1 AND status IN ('queued', 'awaiting_approval', 'failed')`, companyID, day).
		Scan(&w.Calls, &w.Tasks, &w.Approvals, &w.Failed)
	return w, c.mapErr(err, "work counts")
}
