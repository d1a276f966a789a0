package penalty

import (
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// Invoice is what the computation needs to know about one invoice: its amount including VAT
// (the base of penalties: CJEU C-585/20), its dates, the payments received and, for a
// consumer, the date of the formal notice (mise en demeure) from which legal interest runs.
type Invoice struct {
	Number     string      `json:"number"`
	IssueDate  civil.Date  `json:"issue_date"`
	DueDate    civil.Date  `json:"due_date"`
	Amount     money.Cents `json:"amount_cents"`
	Currency   string      `json:"currency"`
	Payments   []Payment   `json:"payments"`
	NoticeDate civil.Date  `json:"notice_date"`
}

// Payment is money received on the invoice, dated the day the funds were made available to
// the creditor (L441-10 I: that is when an invoice is deemed paid). A credit note applied to
// the invoice counts as a payment on its date.
type Payment struct {
	Date   civil.Date  `json:"date"`
	Amount money.Cents `json:"amount_cents"`
}

// InvoiceOf builds the computation's input from the receivables model: the allocations made
// to inv (payments and credit notes) become its payments, at the allocation's date, which
// must be the date the funds were received. Allocations are positive; a reversed allocation
// must be removed, not recorded as a negative one (Compute refuses those).
func InvoiceOf(inv receivable.Invoice, allocs []receivable.Allocation) Invoice {
	out := Invoice{Number: inv.Number, IssueDate: inv.IssueDate, DueDate: inv.DueDate,
		Amount: inv.Amount, Currency: inv.Currency}
	for _, a := range allocs {
		if a.InvoiceID == inv.ID && a.Amount != 0 {
			out.Payments = append(out.Payments, Payment{Date: a.Date, Amount: a.Amount})
		}
	}
	return out
}

// DayCount says how a year of interest is counted.
type DayCount string

// The day counts relance offers; never 360 (the Cour de cassation forbids it for consumer
// loans, and no French source uses it for late penalties).
const (
	// Actual365 divides the actual number of days by 365, also in leap years, as
	// service-public.fr says for the legal rate and Bpifrance for penalties. The default.
	Actual365 DayCount = "actual/365"
	// ActualActual divides the days of each calendar year by that year's length (366 in a
	// leap year), splitting at 31 December.
	ActualActual DayCount = "actual/actual"
)

// ParseDayCount reads actual/365 or actual/actual; empty is actual/365.
func ParseDayCount(s string) (DayCount, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "actual/365", "act/365", "365":
		return Actual365, nil
	case "actual/actual", "act/act", "366":
		return ActualActual, nil
	}
	return "", fmt.Errorf("unknown day count %q: want actual/365 or actual/actual", s)
}

// Terms are what the law and the contract say about the debtor: who they are, which country's
// late-payment law applies, the rate the contract stipulates if any, and the day count.
type Terms struct {
	// Kind is b2b (the default), b2c or public.
	Kind receivable.Kind `json:"kind"`
	// Country is the ISO 3166 code of the law that governs late payment; empty is France.
	Country string `json:"country"`
	// Rate is the stipulated late-payment rate; zero means the statutory rate.
	Rate money.Rate `json:"-"`
	// RateFrom says where the stipulated rate comes from ("contract", "company",
	// "customer"), for the working shown to the debtor.
	RateFrom string `json:"rate_from,omitempty"`
	// DayCount defaults to actual/365.
	DayCount DayCount `json:"day_count"`
}

// TermsFor takes the terms of a customer of company: the customer's kind, the rate set on the
// customer, else the company's. The law is the company's country (the seller's terms of sale
// usually choose it); set Country when a contract says otherwise.
func TermsFor(company receivable.Company, customer receivable.Customer) Terms {
	t := Terms{Kind: customer.Kind, Country: company.Address.Country, DayCount: Actual365}
	switch {
	case customer.PenaltyRate != 0:
		t.Rate, t.RateFrom = customer.PenaltyRate, "customer"
	case company.PenaltyRate != 0:
		t.Rate, t.RateFrom = company.PenaltyRate, "company"
	}
	return t
}

// Validate says whether relance can compute under t: a known law for the kind of debtor, a
// known day count, a rate that is not negative. Compute checks the same; callers use this to
// refuse bad input before they have an invoice.
func (t Terms) Validate() error {
	if _, err := ruleFor(t); err != nil {
		return err
	}
	if t.DayCount != "" {
		if _, err := ParseDayCount(string(t.DayCount)); err != nil {
			return err
		}
	}
	if t.Rate < 0 {
		return fmt.Errorf("stipulated rate %s is negative", t.Rate)
	}
	return nil
}
