package render

import (
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// DefaultDeadlineDays is the time given to pay when the caller sets no deadline: eight days
// is the customary delay of a formal notice (legal note §6.2) and reads as firm but fair in a
// reminder.
const DefaultDeadlineDays = 8

// Data is everything a template may show about one communication. The caller (the channel
// that sends the action) fills it from the store; Render fills what can be derived and was
// left empty (see Render). Every field and method is listed, with its meaning, by Variables.
type Data struct {
	// Lang is the language of the message, "fr" or "en"; Render sets it to the template's.
	Lang string
	// Date is the day the message is written, printed on letters.
	Date     civil.Date
	Company  receivable.Company
	Customer receivable.Customer
	// Contact is who the message is for: the dunning contact, or for a call the person to ask
	// for.
	Contact receivable.Contact
	// Invoices are the invoices the message is about, with their open balance.
	Invoices []Line
	// Total is the open balance of Invoices: what the customer still has to pay on them.
	Total    money.Cents
	Currency string
	// Penalties are the late-payment interest and flat indemnities computed for the
	// invoices; nil when the step does not show them or when the debtor is a consumer.
	Penalties *Penalties
	// Deadline is the last day to pay that the message gives.
	Deadline civil.Date
	// PaymentReference is what the debtor should quote on the transfer.
	PaymentReference string
	Collector        Collector
	// Step and Phase are the policy step and the phase that called for the message.
	Step  string
	Phase dunning.Phase
	// History is what happened before, so that a reminder can recall it.
	History History
	// Promise is the promise to pay a confirmation is about; nil otherwise.
	Promise *receivable.Promise
	// Plan is the payment plan a confirmation is about; nil otherwise.
	Plan *receivable.PaymentPlan
	// Registered is set when the letter goes by registered post with acknowledgement of
	// receipt; nil for every other channel.
	Registered *Registered
	// Reason is a free text the action carries, such as the bank's reason for rejecting a
	// direct debit.
	Reason string
}

// Line is one invoice of a message.
type Line struct {
	Number    string
	IssueDate civil.Date
	DueDate   civil.Date
	// Amount is the invoice's total including VAT, as issued.
	Amount money.Cents
	// Open is what remains to be paid after partial payments and credit notes: the amount a
	// reminder must claim, never the original total.
	Open     money.Cents
	DaysLate int
	// Step is the policy step the invoice is at.
	Step string
}

// Paid is what was already received on the invoice (payments and credit notes).
func (l Line) Paid() money.Cents { return l.Amount - l.Open }

// PartlyPaid reports whether something was received but not everything.
func (l Line) PartlyPaid() bool { return l.Open > 0 && l.Open < l.Amount }

// LineOf builds the line of an invoice as it stands on day.
func LineOf(inv receivable.Invoice, day civil.Date) Line {
	return Line{Number: inv.Number, IssueDate: inv.IssueDate, DueDate: inv.DueDate,
		Amount: inv.Amount, Open: inv.Open(), DaysLate: inv.DaysLate(day)}
}

// ActionLines builds the lines of a run's action: its invoices with their open balance net of
// the customer's credit, as the run decided them. The action does not carry the issue dates;
// the caller adds them when it has the invoices.
func ActionLines(a dunning.Action) []Line {
	out := make([]Line, len(a.Invoices))
	for i, inv := range a.Invoices {
		out[i] = Line{Number: inv.Number, DueDate: inv.DueDate, Amount: inv.Amount, Open: inv.Open,
			DaysLate: inv.DaysLate, Step: inv.Step}
	}
	return out
}

// Collector is the person who signs the message and answers the debtor.
type Collector struct {
	Name  string
	Role  string // "Responsable recouvrement", printed under the name
	Email string
	Phone string
}

// History sums up the customer's dunning history for the wording of the next message.
type History struct {
	// Reminders counts the reminders already sent (e-mails and letters) for these invoices.
	Reminders    int
	LastReminder civil.Date
	// BrokenPromises counts the promises to pay the customer did not keep.
	BrokenPromises int
}

// Registered is a registered letter with acknowledgement of receipt (LRAR).
type Registered struct {
	// Number is the postal number of the letter, once the user has recorded it; empty
	// before.
	Number string
}

// Consumer reports whether the debtor is a consumer: no late penalties, no 40 EUR indemnity
// and no recovery fees may be claimed from them (L441-10 applies between businesses; CPCE
// L111-8).
func (d Data) Consumer() bool { return d.Customer.Kind == receivable.B2C }

// Public reports whether the debtor is a public body: moratorium interest under the Code de
// la commande publique rather than L441-10, and usually a payment circuit to follow.
func (d Data) Public() bool { return d.Customer.Kind == receivable.Public }

// Count is the number of invoices.
func (d Data) Count() int { return len(d.Invoices) }

// InvoiceNumbers lists the invoices' numbers, for a subject line (with the list helper).
func (d Data) InvoiceNumbers() []string {
	out := make([]string, len(d.Invoices))
	for i, l := range d.Invoices {
		out[i] = l.Number
	}
	return out
}

// MaxDaysLate is the delay of the most overdue invoice, 0 when none is due yet.
func (d Data) MaxDaysLate() int {
	n := 0
	for _, l := range d.Invoices {
		n = max(n, l.DaysLate)
	}
	return n
}

// Overdue reports whether an invoice is past its due date (a preventive reminder is not).
func (d Data) Overdue() bool { return d.MaxDaysLate() > 0 }

// Amount is the invoices' total as issued, before payments.
func (d Data) Amount() money.Cents {
	var t money.Cents
	for _, l := range d.Invoices {
		t += l.Amount
	}
	return t
}

// Paid is what was already received on the invoices.
func (d Data) Paid() money.Cents { return d.Amount() - d.openSum() }

// Due is what settles the account today: the open total, plus interest and indemnities when
// they are shown.
func (d Data) Due() money.Cents {
	if d.Penalties != nil {
		return d.Total + d.Penalties.Total
	}
	return d.Total
}

func (d Data) openSum() money.Cents {
	var t money.Cents
	for _, l := range d.Invoices {
		t += l.Open
	}
	return t
}

// withDefaults fills what the caller left empty and can be derived: the language of the
// template, the currency, the open total, the deadline and the payment reference.
func (d Data) withDefaults(lang string) Data {
	d.Lang = lang
	if d.Currency == "" {
		d.Currency = d.Company.Currency
	}
	if d.Currency == "" {
		d.Currency = "EUR"
	}
	if d.Total == 0 {
		d.Total = d.openSum()
	}
	if d.Deadline.IsZero() && !d.Date.IsZero() {
		d.Deadline = d.Date.AddDays(DefaultDeadlineDays)
	}
	if d.PaymentReference == "" {
		d.PaymentReference = d.Customer.Ref
	}
	return d
}
