package dunning

import (
	"strconv"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// Decision is what the process calls for on one day for one customer: the actions to take,
// the events to record, the steps superseded on catch-up, and why the other invoices were left
// out, so that a dry run can explain itself.
type Decision struct {
	CustomerID  int64      `json:"customer_id"`
	CustomerRef string     `json:"customer_ref"`
	Day         civil.Date `json:"day"`
	Policy      string     `json:"policy"`
	// Closed names why nothing goes out today (a weekend, or the public holiday's name); events
	// are still decided.
	Closed     string       `json:"closed,omitempty"`
	Actions    []Action     `json:"actions"`
	Events     []Event      `json:"events,omitempty"`
	Superseded []Superseded `json:"superseded,omitempty"`
	LeftOut    []LeftOut    `json:"left_out,omitempty"`
}

// Action is one communication (or task) for a customer today on one channel, listing all the
// invoices whose steps called for that channel, at the firmest of their phases.
type Action struct {
	CustomerID   int64      `json:"customer_id"`
	CustomerRef  string     `json:"customer_ref"`
	CustomerName string     `json:"customer_name"`
	Day          civil.Date `json:"day"`
	Channel      Channel    `json:"channel"`
	Step         string     `json:"step"`
	Phase        Phase      `json:"phase"`
	Template     string     `json:"template"`
	Policy       string     `json:"policy"`
	// InvoiceNumbers are the invoices' numbers, as the run's JSON lists them; Invoices has
	// the detail.
	InvoiceNumbers []string        `json:"invoices"`
	Invoices       []ActionInvoice `json:"lines"`
	Total          money.Cents     `json:"total_cents"` // open balance of the listed invoices, net of credit
	Currency       string          `json:"currency"`
	DaysLate       int             `json:"days_late"` // of the most overdue invoice
	NeedsApproval  bool            `json:"needs_approval"`
	Penalties      bool            `json:"penalties"` // show late penalties and the 40 EUR indemnity
	Forced         bool            `json:"forced,omitempty"`
	// Contact is who it is for: receivable.DunningContact, or for a call the dunning contact
	// with a phone number. Address is the customer's postal address, set for letters.
	Contact   receivable.Contact `json:"contact"`
	Address   receivable.Address `json:"address,omitzero"`
	Collector string             `json:"collector,omitempty"`
	// Key is customer/<id>/<day>/<channel>: one action per customer, channel and day. The store
	// makes it unique, so that two runs at once cannot both record it.
	Key string `json:"key"`
}

// ActionInvoice is one invoice of an action, with the step that fired for it.
type ActionInvoice struct {
	ID       int64       `json:"id"`
	Number   string      `json:"number"`
	DueDate  civil.Date  `json:"due_date"`
	DaysLate int         `json:"days_late"`
	Amount   money.Cents `json:"amount_cents"`
	// Open is what remains to be paid: the invoice's open balance less the part of the
	// customer's unallocated credit that would cover it (Credit).
	Open   money.Cents `json:"open_cents"`
	Credit money.Cents `json:"credit_cents,omitempty"`
	Step   string      `json:"step"`
	Phase  Phase       `json:"phase"`
	Forced bool        `json:"forced,omitempty"`
}

// ActionKey is the idempotency key of a customer's action on a channel and day.
func ActionKey(customerID int64, day civil.Date, ch Channel) string {
	b := make([]byte, 0, 48)
	b = append(b, "customer/"...)
	b = strconv.AppendInt(b, customerID, 10)
	b = append(b, '/')
	b = appendDate(b, day)
	b = append(b, '/')
	b = append(b, ch...)
	return string(b)
}

// appendDate writes yyyy-mm-dd without fmt: the key is built for every action of every run.
func appendDate(b []byte, d civil.Date) []byte {
	pad := func(b []byte, n, width int) []byte {
		var tmp [8]byte
		s := strconv.AppendInt(tmp[:0], int64(n), 10)
		for range width - len(s) {
			b = append(b, '0')
		}
		return append(b, s...)
	}
	b = pad(b, d.Year, 4)
	b = append(b, '-')
	b = pad(b, int(d.Month), 2)
	b = append(b, '-')
	return pad(b, d.Day, 2)
}

// Record is the history entry of the action once stored with status.
func (a Action) Record(status Status) PastAction {
	inv := make([]PastInvoice, len(a.Invoices))
	for i, l := range a.Invoices {
		inv[i] = PastInvoice{ID: l.ID, Step: l.Step}
	}
	return PastAction{Day: a.Day, Channel: a.Channel, Step: a.Step, Phase: a.Phase, Status: status, Invoices: inv}
}

// Superseded is a step that was due for an invoice but passed over on catch-up, because a
// later step was taken; the store records it as skipped so that the history says so.
type Superseded struct {
	InvoiceID int64   `json:"invoice_id"`
	Number    string  `json:"number"`
	Step      string  `json:"step"`
	Phase     Phase   `json:"phase"`
	Channel   Channel `json:"channel"`
}

// Record is the history entry of the superseded step: skipped on day.
func (s Superseded) Record(day civil.Date) PastAction {
	return PastAction{Day: day, Channel: s.Channel, Step: s.Step, Phase: s.Phase, Status: StatusSkipped,
		Invoices: []PastInvoice{{ID: s.InvoiceID, Step: s.Step}}}
}

// EventKind is something Plan found that must be recorded in the customer's timeline.
type EventKind string

// The events Plan produces. Each is produced once: the store records its outcome on the
// promise or plan (Kept, Broken, Defaulted), after which Plan no longer reports it.
const (
	EventPromiseKept      EventKind = "promise_kept"
	EventPromiseBroken    EventKind = "promise_broken"
	EventInstalmentMissed EventKind = "instalment_missed" // the plan is defaulted; its invoices are reminded again
)

// Event is a finding to record: a promise kept or broken, an instalment missed.
type Event struct {
	Kind       EventKind   `json:"kind"`
	CustomerID int64       `json:"customer_id"`
	Day        civil.Date  `json:"day"`
	PromiseID  int64       `json:"promise_id,omitempty"`
	PlanID     int64       `json:"plan_id,omitempty"`
	Instalment int         `json:"instalment,omitempty"` // 1-based
	Due        civil.Date  `json:"due"`                  // the promised date or the instalment's due date
	Amount     money.Cents `json:"amount_cents"`         // promised, or the instalment's amount
	Missing    money.Cents `json:"missing_cents"`        // what did not arrive in time
	InvoiceIDs []int64     `json:"invoice_ids,omitempty"`
	// Key is promise/<id>/<kind> or plan/<id>/<kind>: the store records each once.
	Key string `json:"key"`
}

// Reason says why an invoice got nothing today although the process covers it.
type Reason string

// The reasons an invoice is left out. The first group holds an invoice whatever its steps;
// the second is about a step that was due.
const (
	ReasonPaid            Reason = "paid"              // settled or credited: out of the process
	ReasonCoveredByCredit Reason = "covered_by_credit" // the customer's unallocated credit covers it
	ReasonDisputed        Reason = "disputed"          // an open dispute
	ReasonInvoicePaused   Reason = "invoice_paused"    // paused by hand until a date
	ReasonInPlan          Reason = "in_plan"           // in a payment plan paid on time
	ReasonCustomerPaused  Reason = "customer_paused"   // the customer paused by hand
	ReasonPromisePending  Reason = "promise_pending"   // a promise to pay holds the customer
	ReasonDirectDebit     Reason = "direct_debit"      // automatic payer, debit not rejected
	ReasonNoDueDate       Reason = "no_due_date"

	ReasonBelowMinAmount    Reason = "below_min_amount"          // the step's minimum exceeds the customer's total open
	ReasonMinDays           Reason = "min_days_between_contacts" // contacted too recently
	ReasonChannelUsedToday  Reason = "channel_used_today"        // an action on that channel already exists today
	ReasonUnknownForcedStep Reason = "unknown_forced_step"       // a forced step the policy does not have
)

var reasonLabels = map[Reason][2]string{
	ReasonPaid:              {"réglée ou avoir imputé", "paid or credited"},
	ReasonCoveredByCredit:   {"couverte par le crédit du client", "covered by the customer's credit"},
	ReasonDisputed:          {"en litige", "disputed"},
	ReasonInvoicePaused:     {"facture en pause", "invoice paused"},
	ReasonInPlan:            {"dans un échéancier respecté", "in a payment plan paid on time"},
	ReasonCustomerPaused:    {"client en pause", "customer paused"},
	ReasonPromisePending:    {"promesse de règlement en cours", "promise to pay pending"},
	ReasonDirectDebit:       {"payeur automatique (prélèvement)", "automatic payer (direct debit)"},
	ReasonNoDueDate:         {"sans date d'échéance", "no due date"},
	ReasonBelowMinAmount:    {"sous le montant minimum de l'étape", "below the step's minimum amount"},
	ReasonMinDays:           {"contact trop récent", "contacted too recently"},
	ReasonChannelUsedToday:  {"déjà une action sur ce canal aujourd'hui", "already an action on this channel today"},
	ReasonUnknownForcedStep: {"étape forcée inconnue de la politique", "forced step not in the policy"},
}

// Label is the reason for people, in French or English.
func (r Reason) Label(lang string) string {
	l, ok := reasonLabels[r]
	if !ok {
		return string(r)
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

// LeftOut is an open invoice that gets nothing today, and why.
type LeftOut struct {
	InvoiceID int64      `json:"invoice_id"`
	Number    string     `json:"number"`
	Reason    Reason     `json:"reason"`
	Step      string     `json:"step,omitempty"`   // the step held back, for the step reasons
	Until     civil.Date `json:"until"`            // when the hold ends, when known
	Detail    string     `json:"detail,omitempty"` // the pause's or dispute's reason
}
