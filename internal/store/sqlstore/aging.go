package sqlstore

import (
	"context"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// Aging ages the open invoices on day in one pass over the database.
func (c *conn) Aging(ctx context.Context, companyID int64, day civil.Date) (store.AgingReport, error) {
	b := receivable.BucketBounds(day)
	rows, err := c.r.QueryContext(ctx, c.book.q("Aging"), companyID, day, b[0], b[1], b[2], b[3])
	if err != nil {
		return store.AgingReport{}, c.mapErr(err, "aging")
	}
	defer rows.Close()
	rep := store.AgingReport{Day: day}
	for rows.Next() {
		var l receivable.AgingLine
		var amounts [5]int64
		if err := rows.Scan(&l.CustomerID, &l.CustomerRef, &l.Name, &amounts[0], &amounts[1], &amounts[2], &amounts[3], &amounts[4]); err != nil {
			return rep, c.mapErr(err, "aging")
		}
		for i, label := range receivable.BucketLabels {
			l.Add(label, moneyCents(amounts[i]))
			rep.Total.Add(label, moneyCents(amounts[i]))
		}
		rep.Customers = append(rep.Customers, l)
	}
	return rep, c.mapErr(rows.Err(), "aging")
}
