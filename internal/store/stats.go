package store

import (
	"context"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
)

// StatsQueries compute figures over a customer's history (payment behaviour for profile
// suggestions, DSO for the dashboard).
type StatsQueries interface {
	// PaymentStats sums up how each customer of the company paid between from and day
	// (both included), for dunning.SuggestProfile. It runs a handful of set-based queries for
	// the whole company, never one per customer:
	//
	//   - an invoice counts as paid in the period when the allocations dated up to day cover
	//     it and the last of them falls in the period; that date is its settlement date, and
	//     its days late are settlement minus due date (0 when paid on time or early);
	//   - promises broken, disputes opened, payments received and direct debits rejected are
	//     counted by their date in the period; a payment is by direct debit when its method
	//     names one (prélèvement, LCR, SDD, direct debit, whatever the case and accents);
	//   - long overdue counts the invoices still open on day more than
	//     dunning.LongOverdueDays past their due date, whenever they were issued;
	//   - Public is set for public bodies.
	//
	// A customer with nothing to count and not a public body is absent from the map: read a
	// missing entry as zero figures.
	PaymentStats(ctx context.Context, companyID int64, from, day civil.Date) (map[int64]dunning.PaymentStats, error)
}
