package receivable

import (
	"fmt"
	"slices"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// The records in this file are what a debtor and a collector agreed or contested: a dispute
// on an invoice, a promise to pay, a payment plan. The collection engine reads them to hold
// reminders back, and decides from the payments received whether a promise was kept and a plan
// followed. Their outcome is recorded as a date (Kept, Broken, Defaulted…) rather than a
// boolean, because the timeline must say when it happened, and so that the engine reports it
// only once.

// Dispute is a debtor's contestation of an invoice ("litige"): wrong quantity, missing
// delivery note, quality claim. Reminders on the invoice stop until it is resolved, because
// chasing a contested invoice hardens the debtor and weakens a later claim.
type Dispute struct {
	ID         int64      `json:"id"`
	CompanyID  int64      `json:"-"`
	CustomerID int64      `json:"customer_id"`
	InvoiceID  int64      `json:"invoice_id"`
	Opened     civil.Date `json:"opened"`
	Reason     string     `json:"reason"`
	Resolved   civil.Date `json:"resolved"`             // zero while the dispute is open
	Resolution string     `json:"resolution,omitempty"` // what was decided: credit note, proof sent, withdrawn…
}

// OpenOn reports whether the dispute holds the invoice on day: opened on or before it and not
// resolved by then (a dispute resolved on day no longer holds it).
func (d Dispute) OpenOn(day civil.Date) bool {
	if !d.Opened.IsZero() && d.Opened.After(day) {
		return false
	}
	return d.Resolved.IsZero() || d.Resolved.After(day)
}

// PromiseStatus is where a promise to pay stands.
type PromiseStatus string

// The states of a promise.
const (
	PromisePending   PromiseStatus = "pending"   // the promised date plus grace has not passed, nothing decided yet
	PromiseKept      PromiseStatus = "kept"      // the promised amount arrived in time
	PromiseBroken    PromiseStatus = "broken"    // it did not
	PromiseCancelled PromiseStatus = "cancelled" // withdrawn by a collector (replaced by a plan, entered by mistake)
)

// Promise is a debtor's commitment to pay an amount by a date, obtained on the phone or in
// writing. It holds the customer's reminders until the date plus the policy's grace days; a
// broken promise is recorded, since the history of promises is what makes the next
// conversation firmer (and what profiles a bad payer).
type Promise struct {
	ID         int64       `json:"id"`
	CompanyID  int64       `json:"-"`
	CustomerID int64       `json:"customer_id"`
	InvoiceIDs []int64     `json:"invoice_ids"` // the invoices it covers; empty means the customer's whole account
	Made       civil.Date  `json:"made"`        // the day the debtor promised
	Date       civil.Date  `json:"date"`        // the day the debtor promised to pay by
	Amount     money.Cents `json:"amount_cents"`
	Via        string      `json:"via,omitempty"`  // how it was obtained: call, email, letter, meeting
	Note       string      `json:"note,omitempty"` // the debtor's words, as proof
	Kept       civil.Date  `json:"kept"`           // the day it was found kept; zero until then
	Broken     civil.Date  `json:"broken"`         // the day it was found broken; zero until then
	Cancelled  civil.Date  `json:"cancelled"`      // the day a collector withdrew it
}

// Status is the recorded outcome of the promise: pending until a kept, broken or cancelled
// date is set.
func (p Promise) Status() PromiseStatus {
	switch {
	case !p.Cancelled.IsZero():
		return PromiseCancelled
	case !p.Broken.IsZero():
		return PromiseBroken
	case !p.Kept.IsZero():
		return PromiseKept
	}
	return PromisePending
}

// Deadline is the last day a payment still counts as keeping the promise: the promised date
// plus the grace days (a transfer ordered on the date may arrive a day or two later).
func (p Promise) Deadline(graceDays int) civil.Date { return p.Date.AddDays(max(0, graceDays)) }

// Covers reports whether the promise is about the invoice.
func (p Promise) Covers(invoiceID int64) bool {
	return len(p.InvoiceIDs) == 0 || slices.Contains(p.InvoiceIDs, invoiceID)
}

// Paid is how much of the promised invoices' open balance went away between the day the
// promise was made and its deadline: the allocations of payments and credit notes to those
// invoices dated in that window. allocs may hold other invoices' allocations; they are ignored.
func (p Promise) Paid(allocs []Allocation, graceDays int) money.Cents {
	return paidBetween(allocs, p.Covers, p.Made, p.Deadline(graceDays))
}

// Check decides the promise on day from the allocations received. A recorded outcome stands;
// otherwise the promise is kept as soon as the promised amount has been paid, broken once its
// deadline has passed without it, and pending in between.
func (p Promise) Check(allocs []Allocation, day civil.Date, graceDays int) PromiseStatus {
	if s := p.Status(); s != PromisePending {
		return s
	}
	if p.Paid(allocs, graceDays) >= p.Amount {
		return PromiseKept
	}
	if day.After(p.Deadline(graceDays)) {
		return PromiseBroken
	}
	return PromisePending
}

// Instalment is one due date of a payment plan. Paid and PaidOn are derived from the payments
// received (see PaymentPlan.Schedule), never entered by hand.
type Instalment struct {
	Due    civil.Date  `json:"due"`
	Amount money.Cents `json:"amount_cents"`
	Paid   money.Cents `json:"paid_cents"`
	PaidOn civil.Date  `json:"paid_on"` // the day it was fully paid; zero while it is not
}

// ImmediatePaymentDays is how soon after its creation a payment plan's first instalment must
// fall: the seeds insist that a plan always starts with an immediate partial payment, the proof
// that the debtor means it.
const ImmediatePaymentDays = 7

// PaymentPlan is a schedule of instalments agreed with a debtor for some of its invoices
// ("échéancier"). While the instalments are paid on time the plan's invoices are not
// reminded; a missed instalment ends that and the process resumes.
type PaymentPlan struct {
	ID          int64        `json:"id"`
	CompanyID   int64        `json:"-"`
	CustomerID  int64        `json:"customer_id"`
	InvoiceIDs  []int64      `json:"invoice_ids"`
	Created     civil.Date   `json:"created"`
	Instalments []Instalment `json:"instalments"`
	Note        string       `json:"note,omitempty"`
	Defaulted   civil.Date   `json:"defaulted"` // the day a missed instalment was recorded; the plan no longer holds reminders
	Cancelled   civil.Date   `json:"cancelled"` // the day a collector ended it
}

// Validate checks that the plan is one a collector can agree: instalments with positive
// amounts, in date order, none before the plan, the first one within ImmediatePaymentDays.
func (p PaymentPlan) Validate() error {
	if len(p.InvoiceIDs) == 0 {
		return fmt.Errorf("payment plan: no invoice")
	}
	if len(p.Instalments) == 0 {
		return fmt.Errorf("payment plan: no instalment")
	}
	for i, in := range p.Instalments {
		switch {
		case in.Amount <= 0:
			return fmt.Errorf("payment plan, instalment %d: amount %s must be positive", i+1, in.Amount)
		case in.Due.IsZero():
			return fmt.Errorf("payment plan, instalment %d: no due date", i+1)
		case in.Due.Before(p.Created):
			return fmt.Errorf("payment plan, instalment %d: due %s, before the plan (%s)", i+1, in.Due, p.Created)
		case i > 0 && !in.Due.After(p.Instalments[i-1].Due):
			return fmt.Errorf("payment plan, instalment %d: due %s, not after instalment %d (%s)", i+1, in.Due, i, p.Instalments[i-1].Due)
		}
	}
	if first := p.Instalments[0].Due; first.Sub(p.Created) > ImmediatePaymentDays {
		return fmt.Errorf("payment plan: first instalment due %s, more than %d days after the plan (%s): a plan starts with an immediate partial payment", first, ImmediatePaymentDays, p.Created)
	}
	return nil
}

// Total is the sum of the instalments.
func (p PaymentPlan) Total() money.Cents {
	var t money.Cents
	for _, in := range p.Instalments {
		t += in.Amount
	}
	return t
}

// Covers reports whether the invoice is in the plan.
func (p PaymentPlan) Covers(invoiceID int64) bool { return slices.Contains(p.InvoiceIDs, invoiceID) }

// Schedule returns a copy of the instalments with Paid and PaidOn filled from the allocations
// to the plan's invoices dated on or after its creation: in date order, each payment fills the
// earliest instalment not yet paid, then the next, as a debtor would expect.
func (p PaymentPlan) Schedule(allocs []Allocation) []Instalment {
	out := slices.Clone(p.Instalments)
	for i := range out {
		out[i].Paid, out[i].PaidOn = 0, civil.Date{}
	}
	var mine []Allocation
	for _, a := range allocs {
		if p.Covers(a.InvoiceID) && !a.Date.Before(p.Created) && a.Amount > 0 {
			mine = append(mine, a)
		}
	}
	slices.SortStableFunc(mine, func(a, b Allocation) int { return a.Date.Compare(b.Date) })
	i := 0
	for _, a := range mine {
		left := a.Amount
		for left > 0 && i < len(out) {
			take := min(left, out[i].Amount-out[i].Paid)
			out[i].Paid += take
			left -= take
			if out[i].Paid == out[i].Amount {
				out[i].PaidOn = a.Date
				i++
			}
		}
	}
	return out
}

// PlanStatus is where a payment plan stands on a day.
type PlanStatus string

// The states of a payment plan.
const (
	PlanOnTime    PlanStatus = "on_time"   // every instalment past its deadline was paid by it
	PlanMissed    PlanStatus = "missed"    // an instalment's deadline passed without it being fully paid
	PlanCompleted PlanStatus = "completed" // every instalment is paid
	PlanDefaulted PlanStatus = "defaulted" // a missed instalment was recorded
	PlanCancelled PlanStatus = "cancelled" // ended by a collector
)

// PlanCheck is the state of a plan on a day, with the instalment it is about.
type PlanCheck struct {
	Status PlanStatus `json:"status"`
	// Instalment is the 1-based number of the first missed instalment (PlanMissed) or of the
	// next one to pay (PlanOnTime); 0 otherwise.
	Instalment int         `json:"instalment,omitempty"`
	Due        civil.Date  `json:"due"`
	Missing    money.Cents `json:"missing_cents"` // what remains unpaid of that instalment
}

// Check decides whether the plan is followed on day. Instalment i is on time when, by its due
// date plus the grace days, the payments since the plan's creation cover instalments 1…i; this
// is the same as pouring the payments into the instalments in order (Schedule) and needs no
// sorting. A recorded default or cancellation stands.
func (p PaymentPlan) Check(allocs []Allocation, day civil.Date, graceDays int) PlanCheck {
	switch {
	case !p.Cancelled.IsZero():
		return PlanCheck{Status: PlanCancelled}
	case !p.Defaulted.IsZero():
		return PlanCheck{Status: PlanDefaulted}
	}
	total := paidBetween(allocs, p.Covers, p.Created, civil.Date{})
	var cum money.Cents
	for i, in := range p.Instalments {
		cum += in.Amount
		deadline := in.Due.AddDays(max(0, graceDays))
		if !day.After(deadline) {
			// Not yet late: the plan is on time, and this is the next instalment unless
			// already paid ahead.
			if total >= cum {
				continue
			}
			return PlanCheck{Status: PlanOnTime, Instalment: i + 1, Due: in.Due, Missing: min(in.Amount, cum-total)}
		}
		if by := paidBetween(allocs, p.Covers, p.Created, deadline); by < cum {
			return PlanCheck{Status: PlanMissed, Instalment: i + 1, Due: in.Due, Missing: min(in.Amount, cum-by)}
		}
	}
	return PlanCheck{Status: PlanCompleted}
}

// paidBetween sums the allocations to the invoices covers accepts dated from from to to
// inclusive; a zero to means no upper bound.
func paidBetween(allocs []Allocation, covers func(int64) bool, from, to civil.Date) money.Cents {
	var t money.Cents
	for _, a := range allocs {
		if a.Amount <= 0 || a.Date.Before(from) || (!to.IsZero() && a.Date.After(to)) || !covers(a.InvoiceID) {
			continue
		}
		t += a.Amount
	}
	return t
}
