package store

import (
	"context"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// DashboardQueries compute the dashboard's figures in a few set-based passes.
type DashboardQueries interface {
	// MonthEnds gives, for each day, what was receivable then (invoices issued by that day,
	// less what was allocated to them by that day) and the invoicing of the 91 days before it,
	// from which DSO follows.
	MonthEnds(ctx context.Context, companyID int64, days []civil.Date) ([]MonthFigure, error)
	// Promised sums the pending promises to pay whose date falls in [from, to).
	Promised(ctx context.Context, companyID int64, from, to civil.Date) (count int, amount money.Cents, err error)
	// WorkCounts counts the day's work: calls and tasks to do up to day, actions awaiting
	// approval, messages that failed.
	WorkCounts(ctx context.Context, companyID int64, day civil.Date) (WorkCount, error)
}

// MonthFigure is the receivables and the sales behind the DSO on one day.
type MonthFigure struct {
	Day        civil.Date  `json:"day"`
	Receivable money.Cents `json:"receivable_cents"`
	Sales91    money.Cents `json:"sales_91_days_cents"`
}

// DSO is days sales outstanding by the count-back-free simple method: receivables over the
// last 91 days' invoicing, times 91.
func (m MonthFigure) DSO() int {
	if m.Sales91 <= 0 {
		return 0
	}
	return int(int64(m.Receivable) * 91 / int64(m.Sales91))
}

// WorkCount is the day's work for the dashboard.
type WorkCount struct {
	Calls     int `json:"calls"`
	Tasks     int `json:"tasks"`
	Approvals int `json:"approvals"`
	Failed    int `json:"failed"`
}
