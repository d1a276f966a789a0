package receivable

import (
	"sort"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// DocKind distinguishes invoices from credit notes; both carry a number and an amount, and a
// credit note is allocated to invoices the way a payment is.
type DocKind string

// Document kinds.
const (
	KindInvoice    DocKind = "invoice"
	KindCreditNote DocKind = "credit_note"
)

// Pause stops reminders until a date, with the reason a collector gave ("do not dun").
type Pause struct {
	PausedUntil civil.Date `json:"paused_until"`
	PauseReason string     `json:"pause_reason,omitempty"`
}

// PausedOn reports whether the pause is still in force on day.
func (p Pause) PausedOn(day civil.Date) bool {
	return !p.PausedUntil.IsZero() && !day.After(p.PausedUntil)
}

// Invoice is an invoice or a credit note. Allocated is derived by the store from the
// allocations (payments and credit notes applied to it); the open balance follows from it.
type Invoice struct {
	ID          int64       `json:"id"`
	CompanyID   int64       `json:"-"`
	CustomerID  int64       `json:"customer_id"`
	CustomerRef string      `json:"customer_ref,omitempty"` // filled by queries that join the customer
	Kind        DocKind     `json:"kind"`
	Number      string      `json:"number"`
	IssueDate   civil.Date  `json:"issue_date"`
	DueDate     civil.Date  `json:"due_date"`
	Amount      money.Cents `json:"amount_cents"` // including VAT
	Currency    string      `json:"currency"`
	ExternalID  string      `json:"external_id,omitempty"`
	Document    string      `json:"document,omitempty"` // where the invoice's file is kept
	CreditsRef  string      `json:"credits_number,omitempty"`
	Allocated   money.Cents `json:"allocated_cents"`
	Pause
}

// Open is what remains to be paid (for a credit note: what remains to be used).
func (i Invoice) Open() money.Cents { return i.Amount - i.Allocated }

// IsOpen reports whether anything remains to be paid.
func (i Invoice) IsOpen() bool { return i.Open() > 0 }

// DaysLate is the number of days past the due date on day, 0 when not yet due or settled.
func (i Invoice) DaysLate(day civil.Date) int {
	if !i.IsOpen() || i.DueDate.IsZero() {
		return 0
	}
	return max(0, day.Sub(i.DueDate))
}

// Payment is money received from a customer. It is allocated to invoices; what is not
// allocated stays on the customer's account as a credit.
type Payment struct {
	ID         int64       `json:"id"`
	CompanyID  int64       `json:"-"`
	CustomerID int64       `json:"customer_id,omitempty"` // 0 until matched to a customer
	Date       civil.Date  `json:"date"`
	Amount     money.Cents `json:"amount_cents"`
	Currency   string      `json:"currency"`
	Method     string      `json:"method,omitempty"` // virement, chèque, prélèvement, LCR…
	Reference  string      `json:"reference,omitempty"`
	PayerName  string      `json:"payer_name,omitempty"`
	Source     string      `json:"source,omitempty"` // csv, camt053, fec, manual…
	ExternalID string      `json:"external_id,omitempty"`
	Allocated  money.Cents `json:"allocated_cents"`
}

// Unallocated is the part of the payment not yet applied to an invoice.
func (p Payment) Unallocated() money.Cents { return p.Amount - p.Allocated }

// Allocation applies part of a payment or of a credit note to an invoice.
type Allocation struct {
	ID           int64       `json:"id"`
	CompanyID    int64       `json:"-"`
	InvoiceID    int64       `json:"invoice_id"`
	PaymentID    int64       `json:"payment_id,omitempty"`
	CreditNoteID int64       `json:"credit_note_id,omitempty"`
	Amount       money.Cents `json:"amount_cents"`
	Date         civil.Date  `json:"date"`
}

// AllocateOldestFirst spreads amount over the open invoices, the oldest due date first (then
// the lowest number): absent the debtor's instruction, French law (C. civ. 1342-10) imputes a
// payment to the debts due first. It returns the allocations and what is left over.
func AllocateOldestFirst(open []Invoice, amount money.Cents, day civil.Date) ([]Allocation, money.Cents) {
	sorted := append([]Invoice(nil), open...)
	sort.SliceStable(sorted, func(a, b int) bool {
		if c := sorted[a].DueDate.Compare(sorted[b].DueDate); c != 0 {
			return c < 0
		}
		return sorted[a].Number < sorted[b].Number
	})
	var out []Allocation
	for _, inv := range sorted {
		if amount <= 0 {
			break
		}
		o := inv.Open()
		if o <= 0 || inv.Kind == KindCreditNote {
			continue
		}
		a := min(o, amount)
		out = append(out, Allocation{InvoiceID: inv.ID, CompanyID: inv.CompanyID, Amount: a, Date: day})
		amount -= a
	}
	return out, amount
}
