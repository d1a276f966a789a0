package receivable

import (
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// Aging buckets, by days past due. The labels are part of the stable JSON of the aging report.
const (
	BucketNotDue = "not_due"
	Bucket1to30  = "1-30"
	Bucket31to60 = "31-60"
	Bucket61to90 = "61-90"
	Bucket91Plus = "91+"
)

// BucketLabels lists the buckets in order.
var BucketLabels = []string{BucketNotDue, Bucket1to30, Bucket31to60, Bucket61to90, Bucket91Plus}

// BucketOf says which bucket an open item due on due falls in on day.
func BucketOf(due, day civil.Date) string {
	late := day.Sub(due)
	switch {
	case late <= 0:
		return BucketNotDue
	case late <= 30:
		return Bucket1to30
	case late <= 60:
		return Bucket31to60
	case late <= 90:
		return Bucket61to90
	}
	return Bucket91Plus
}

// BucketBounds gives, for each bucket but the last, the earliest due date that still falls in
// it on day; a store can then age millions of items in SQL with plain date comparisons.
// Bucket i holds due dates >= bounds[i] (and < bounds[i-1]); the last bucket holds the rest.
func BucketBounds(day civil.Date) [4]civil.Date {
	return [4]civil.Date{day, day.AddDays(-30), day.AddDays(-60), day.AddDays(-90)}
}

// AgingLine is one customer's (or the total's) open balance by bucket.
type AgingLine struct {
	CustomerID  int64                  `json:"-"`
	CustomerRef string                 `json:"customer_ref,omitempty"`
	Name        string                 `json:"name,omitempty"`
	Buckets     map[string]money.Cents `json:"-"`
	Open        money.Cents            `json:"open_cents"`
	Overdue     money.Cents            `json:"overdue_cents"`
}

// Add puts an open amount in its bucket.
func (l *AgingLine) Add(bucket string, amount money.Cents) {
	if l.Buckets == nil {
		l.Buckets = map[string]money.Cents{}
	}
	l.Buckets[bucket] += amount
	l.Open += amount
	if bucket != BucketNotDue {
		l.Overdue += amount
	}
}
