package app

import (
	"context"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/report"
)

// AgingReport ages the company's open invoices on day.
func (a *App) AgingReport(ctx context.Context, co receivable.Company, day civil.Date) (report.Aging, error) {
	rep, err := a.Store.Aging(ctx, co.ID, day)
	if err != nil {
		return report.Aging{}, err
	}
	return report.NewAging(day, co.Currency, rep.Total, rep.Customers), nil
}
