package render

import (
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/penalty"
)

// Penalties is the part of a statement of claim a letter shows: per invoice the interest
// periods and the flat indemnity, and the totals. It is built from penalty.Statement, which
// holds the full working; templates need only this much.
type Penalties struct {
	// Day is the day the interest is computed to.
	Day      civil.Date
	Invoices []InvoicePenalty
	// Interest is the late-payment interest of all invoices.
	Interest money.Cents
	// Indemnity is the sum of the flat recovery indemnities (40 EUR per invoice in France).
	Indemnity money.Cents
	// Total is Interest + Indemnity: what is owed on top of the open balance.
	Total money.Cents
	// Notes are the rules applied, in the message's language.
	Notes []string
}

// InvoicePenalty is what one invoice owes for being paid late.
type InvoicePenalty struct {
	Number    string
	DaysLate  int
	Periods   []Period
	Interest  money.Cents
	Indemnity money.Cents
}

// Period is a run of days at one base and rate: Amount = Base × Rate × Days / 365.
type Period struct {
	From, To civil.Date
	Days     int
	Rate     money.Rate
	Base     money.Cents
	Amount   money.Cents
}

// PenaltiesOf takes from a statement of claim what a message shows, with the rules applied
// written in lang.
func PenaltiesOf(st penalty.Statement, lang string) *Penalties {
	p := &Penalties{Day: st.Day, Interest: st.Interest, Indemnity: st.Indemnity, Total: st.Total}
	for _, it := range st.Invoices {
		ip := InvoicePenalty{Number: it.Invoice, DaysLate: it.DaysLate, Interest: it.Interest, Indemnity: it.Indemnity}
		for _, l := range it.Lines {
			ip.Periods = append(ip.Periods, Period{From: l.From, To: l.To, Days: l.Days, Rate: l.Rate, Base: l.Base, Amount: l.Amount})
		}
		p.Invoices = append(p.Invoices, ip)
	}
	for _, n := range st.Notes {
		p.Notes = append(p.Notes, n.In(lang))
	}
	return p
}
