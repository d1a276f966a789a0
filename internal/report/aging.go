// Package report shapes and renders relance's reports — the aging balance first — as tables,
// CSV and formatted XLSX. Its JSON field names are a stable interface for scripts.
package report

import (
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// AgingBucket is one bucket of the aging report.
type AgingBucket struct {
	Label  string      `json:"label"`
	Amount money.Cents `json:"amount_cents"`
}

// AgingCustomer is one customer's line of the aging report.
type AgingCustomer struct {
	Ref     string        `json:"customer_ref"`
	Name    string        `json:"name"`
	Open    money.Cents   `json:"open_cents"`
	Overdue money.Cents   `json:"overdue_cents"`
	Buckets []AgingBucket `json:"buckets"`
}

// Aging is the aging balance ("balance âgée"): open invoices by lateness on a day.
type Aging struct {
	Date         civil.Date      `json:"date"`
	Currency     string          `json:"currency"`
	TotalOpen    money.Cents     `json:"total_open_cents"`
	TotalOverdue money.Cents     `json:"total_overdue_cents"`
	Buckets      []AgingBucket   `json:"buckets"`
	Customers    []AgingCustomer `json:"customers"`
}

// NewAging builds the report from per-customer lines and their total.
func NewAging(day civil.Date, currency string, total receivable.AgingLine, lines []receivable.AgingLine) Aging {
	out := Aging{Date: day, Currency: currency, TotalOpen: total.Open, TotalOverdue: total.Overdue,
		Buckets: buckets(total), Customers: []AgingCustomer{}}
	for _, l := range lines {
		out.Customers = append(out.Customers, AgingCustomer{Ref: l.CustomerRef, Name: l.Name, Open: l.Open, Overdue: l.Overdue, Buckets: buckets(l)})
	}
	return out
}

func buckets(l receivable.AgingLine) []AgingBucket {
	out := make([]AgingBucket, len(receivable.BucketLabels))
	for i, label := range receivable.BucketLabels {
		out[i] = AgingBucket{Label: label, Amount: l.Buckets[label]}
	}
	return out
}

// BucketTitle is a bucket's column title for people.
func BucketTitle(label, lang string) string {
	fr := map[string]string{receivable.BucketNotDue: "Non échu", receivable.Bucket1to30: "1-30 j", receivable.Bucket31to60: "31-60 j",
		receivable.Bucket61to90: "61-90 j", receivable.Bucket91Plus: "> 90 j"}
	en := map[string]string{receivable.BucketNotDue: "Not due", receivable.Bucket1to30: "1-30 days", receivable.Bucket31to60: "31-60 days",
		receivable.Bucket61to90: "61-90 days", receivable.Bucket91Plus: "91+ days"}
	if lang == "en" {
		return en[label]
	}
	return fr[label]
}

// Header is the aging table's header row.
func (a Aging) Header(lang string) []string {
	h := []string{"Client", "Nom"}
	if lang == "en" {
		h = []string{"Customer", "Name"}
	}
	for _, b := range a.Buckets {
		h = append(h, BucketTitle(b.Label, lang))
	}
	if lang == "en" {
		return append(h, "Overdue", "Total")
	}
	return append(h, "Échu", "Total")
}

// Rows are the aging table's rows, customers then the total, with amounts formatted by fmt.
func (a Aging) Rows(lang string, fmtAmount func(money.Cents) string) [][]string {
	var rows [][]string
	line := func(ref, name string, bs []AgingBucket, overdue, open money.Cents) []string {
		r := []string{ref, name}
		for _, b := range bs {
			r = append(r, fmtAmount(b.Amount))
		}
		return append(r, fmtAmount(overdue), fmtAmount(open))
	}
	for _, c := range a.Customers {
		rows = append(rows, line(c.Ref, c.Name, c.Buckets, c.Overdue, c.Open))
	}
	total := "TOTAL"
	return append(rows, line(total, "", a.Buckets, a.TotalOverdue, a.TotalOpen))
}
