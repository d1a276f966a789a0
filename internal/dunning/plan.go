package dunning

import (
	"math"
	"math/bits"
	"slices"
	"strconv"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// Plan decides what the collection process calls for on day for one customer. It is a pure
// function of its arguments; pol must have been validated (ParsePolicy or Validate), which
// sorts its steps by offset.
//
// Each invoice moves through the steps on its own. A step is due for an invoice on its date —
// the due date plus the step's offset, moved to the next business day — and from then on,
// until it is done or skipped for that invoice or a later step is done (the process never goes
// back: no step with a smaller offset or a softer phase than one already done). When several
// steps are due, after days without a run or for an invoice imported already late, only the
// latest is taken (with the other steps of the same day, on other channels) and the earlier
// ones are reported as Superseded.
//
// Then the steps taken today are merged per channel into one action listing all their
// invoices, at the firmest step among them (its template; approval and penalties when any
// invoice's step asks for them). Different channels all go out the same day.
//
// What holds an invoice back, in the order reported: settled (paid), covered by the
// customer's unallocated credit (spread oldest first, disputed invoices excepted), an open
// dispute, an invoice pause, a payment plan paid on time, a customer pause, a pending promise
// to pay (until its date plus the policy's grace days), and for an automatic payer any
// invoice whose direct debit was not rejected. A step whose MinAmount exceeds the customer's
// total open balance (net of credit, disputed invoices excepted) is not taken, and the latest
// step that passes is taken instead: the minimum is about whether a costly means is worth it
// for what this customer owes, not for one invoice, and one customer gets one letter anyway.
// No contact (every channel but task) goes out fewer than MinDaysBetweenContacts days after
// the previous one on an earlier day; there is at most one action per channel and day.
//
// A forced step (Request) goes out on the first business day on or after it was asked,
// whatever its date, the holds (but not a settled or credit-covered invoice) and the minimum
// days; it is merged with the other invoices due on its channel, since the customer is
// contacted anyway. Nothing goes out on a weekend or a French public holiday: Plan then
// returns no action, only the events.
func Plan(acct Account, pol Policy, day civil.Date, cal *civil.Calendar) Decision {
	c := &acct.Customer
	d := Decision{CustomerID: c.ID, CustomerRef: c.Ref, Day: day, Policy: pol.Name}
	steps := pol.Steps
	if len(steps) > MaxSteps {
		steps = steps[:MaxSteps]
	}

	promiseUntil, planOnTime := decideCommitments(&acct, pol, day, &d)

	if open, why := isOpen(cal, day); !open {
		d.Closed = why
		return d
	}

	items := newItems(acct.Invoices, day)
	find := finder(items)

	// The history: steps done and passed per invoice, the last contact, the channels used today.
	var lastContact civil.Date
	var usedToday [5]bool
	for hi := range acct.History {
		h := &acct.History[hi]
		if h.Day.After(day) {
			continue // a dry run of a past day must not see what came after
		}
		ch := h.Channel.index()
		if h.Day == day && h.Status != StatusSkipped && ch >= 0 {
			usedToday[ch] = true
		}
		if h.Status.contacted() && h.Channel.IsContact() && h.Day.Before(day) && h.Day.After(lastContact) {
			lastContact = h.Day
		}
		for _, pi := range h.Invoices {
			it := find(pi.ID)
			if it == nil {
				continue
			}
			name := pi.Step
			if name == "" {
				name = h.Step
			}
			si := stepIndex(steps, name)
			switch {
			case h.Status.done() && si >= 0:
				it.passed |= 1 << si
				it.floorOff = max(it.floorOff, steps[si].OffsetDays)
				it.floorRank = max(it.floorRank, steps[si].Phase.Rank())
			case h.Status.done():
				// A step of a policy the customer no longer uses: never go back below its phase.
				it.floorRank = max(it.floorRank, h.Phase.Rank())
			case si >= 0 && (h.Status == StatusSkipped || h.Status == StatusCancelled):
				it.passed |= 1 << si
			}
		}
	}

	// Manual requests.
	for _, r := range acct.Requests {
		it := find(r.InvoiceID)
		if it == nil {
			continue
		}
		si := stepIndex(steps, r.Step)
		switch r.Kind {
		case Skip:
			if si >= 0 {
				it.passed |= 1 << si
			}
		case Force:
			if r.Day.After(day) || forceFulfilled(acct.History, r, day) {
				continue
			}
			if si < 0 {
				d.LeftOut = append(d.LeftOut, LeftOut{InvoiceID: it.inv.ID, Number: it.inv.Number, Reason: ReasonUnknownForcedStep, Step: r.Step})
				continue
			}
			it.forced |= 1 << si
		}
	}

	// Holds, and the unallocated credit spread oldest first over the invoices it may pay.
	credit := acct.Credit
	var customerOpen money.Cents
	for i := range items {
		it := &items[i]
		inv := it.inv
		if it.hold == ReasonPaid {
			continue
		}
		disputed := -1
		for di := range acct.Disputes {
			if acct.Disputes[di].InvoiceID == inv.ID && acct.Disputes[di].OpenOn(day) {
				disputed = di
				break
			}
		}
		if disputed < 0 {
			if credit > 0 {
				it.credit = min(credit, it.open)
				it.open -= it.credit
				credit -= it.credit
			}
			customerOpen += it.open
		}
		switch {
		case it.open <= 0:
			it.hold = ReasonCoveredByCredit
		case disputed >= 0:
			it.hold, it.detail = ReasonDisputed, acct.Disputes[disputed].Reason
		case inv.PausedOn(day):
			it.hold, it.until, it.detail = ReasonInvoicePaused, inv.PausedUntil, inv.PauseReason
		case inPlan(acct.Plans, planOnTime, inv.ID):
			it.hold = ReasonInPlan
		case c.PausedOn(day):
			it.hold, it.until, it.detail = ReasonCustomerPaused, c.PausedUntil, c.PauseReason
		case !promiseUntil.IsZero():
			it.hold, it.until = ReasonPromisePending, promiseUntil
		case c.Profile == receivable.Automatic && !slices.Contains(acct.RejectedDebits, inv.ID):
			it.hold = ReasonDirectDebit
		case inv.DueDate.IsZero():
			it.hold = ReasonNoDueDate
		}
	}

	// The steps each invoice is at today.
	// Steps with an unknown phase or channel (a policy that skipped validation) are never
	// taken: better one step missing than a daily run that stops.
	var chanMask [5]uint64
	var usable uint64
	for si := range steps {
		if ch := steps[si].Channel.index(); ch >= 0 && steps[si].Phase.Rank() >= 0 {
			chanMask[ch] |= 1 << si
			usable |= 1 << si
		}
	}
	for i := range items {
		it := &items[i]
		if it.hold == ReasonPaid || it.hold == ReasonCoveredByCredit {
			continue
		}
		it.forced &= usable
		if it.hold != "" {
			it.chosen = it.forced
			continue
		}
		it.selectSteps(steps, usable, customerOpen, cal)
		it.chosen |= it.forced
	}

	// Channels: one action per channel and day, and the minimum days between contacts.
	var blocked [5]Reason
	var blockedUntil civil.Date
	for ch := range Channels {
		var has, forced bool
		for i := range items {
			has = has || items[i].chosen&chanMask[ch] != 0
			forced = forced || items[i].forced&chanMask[ch] != 0
		}
		switch {
		case !has:
		case usedToday[ch]:
			blocked[ch] = ReasonChannelUsedToday
		case Channels[ch].IsContact() && !forced && !lastContact.IsZero() && dayNumber(day)-dayNumber(lastContact) < pol.MinDaysBetweenContacts:
			blocked[ch] = ReasonMinDays
			blockedUntil = lastContact.AddDays(pol.MinDaysBetweenContacts)
		}
	}
	var open [5]int // lines per channel that go out
	for i := range items {
		it := &items[i]
		it.out = it.chosen
		for ch := range Channels {
			if blocked[ch] != "" {
				it.out &^= chanMask[ch]
			} else if it.chosen&chanMask[ch] != 0 {
				open[ch]++
			}
		}
	}

	d.Actions = buildActions(&acct, pol.Name, steps, items, chanMask, open, day)

	// What stays behind, and what was superseded: counted first so that each list is
	// allocated once, Plan being called for every customer every day.
	nSuperseded, nLeft := 0, len(d.LeftOut)
	for i := range items {
		it := &items[i]
		if it.hold != "" && it.out == 0 {
			nLeft++
			continue
		}
		if it.out != 0 {
			// Never going back, the candidates before the latest step that went out are passed
			// for good: say so. A forced step held back stays pending instead.
			maxOff := steps[63-bits.LeadingZeros64(it.out)].OffsetDays
			for rest := (it.due | it.chosen) &^ it.out &^ it.forced; rest != 0; rest &= rest - 1 {
				if si := bits.TrailingZeros64(rest); steps[si].OffsetDays < maxOff {
					it.superseded |= 1 << si
				}
			}
			nSuperseded += bits.OnesCount64(it.superseded)
		}
		if it.chosen&^it.out&^it.superseded != 0 || it.belowMin&^it.superseded&^it.out != 0 {
			nLeft++
		}
	}
	if nSuperseded > 0 {
		d.Superseded = make([]Superseded, 0, nSuperseded)
	}
	if nLeft > len(d.LeftOut) {
		d.LeftOut = slices.Grow(d.LeftOut, nLeft-len(d.LeftOut))
	}
	for i := range items {
		it := &items[i]
		inv := it.inv
		if it.hold != "" && it.out == 0 {
			d.LeftOut = append(d.LeftOut, LeftOut{InvoiceID: inv.ID, Number: inv.Number, Reason: it.hold, Until: it.until, Detail: it.detail})
			continue
		}
		for rest := it.superseded; rest != 0; rest &= rest - 1 {
			s := &steps[bits.TrailingZeros64(rest)]
			d.Superseded = append(d.Superseded, Superseded{InvoiceID: inv.ID, Number: inv.Number, Step: s.Name, Phase: s.Phase, Channel: s.Channel})
		}
		if held := it.chosen &^ it.out &^ it.superseded; held != 0 {
			s := &steps[63-bits.LeadingZeros64(held)]
			ch := s.Channel.index()
			lo := LeftOut{InvoiceID: inv.ID, Number: inv.Number, Reason: blocked[ch], Step: s.Name}
			if blocked[ch] == ReasonMinDays {
				lo.Until = blockedUntil
			}
			d.LeftOut = append(d.LeftOut, lo)
		} else if low := it.belowMin &^ it.superseded &^ it.out; low != 0 {
			s := &steps[63-bits.LeadingZeros64(low)]
			d.LeftOut = append(d.LeftOut, LeftOut{InvoiceID: inv.ID, Number: inv.Number, Reason: ReasonBelowMinAmount, Step: s.Name})
		}
	}
	return d
}

// item is Plan's working state for one invoice; step sets are bit sets over the policy's steps.
type item struct {
	inv        *receivable.Invoice
	open       money.Cents // open balance less the credit that would cover it
	credit     money.Cents
	late       int // days since the due date, negative before it
	hold       Reason
	until      civil.Date
	detail     string
	floorOff   int    // offset of the latest step done
	floorRank  int    // phase rank of the firmest step done
	passed     uint64 // done, skipped or cancelled
	forced     uint64 // forced and not yet fulfilled
	due        uint64 // due today and not passed: the candidates
	belowMin   uint64 // candidates not taken for their minimum amount
	chosen     uint64 // taken today (before the channel rules)
	out        uint64 // taken and going out
	superseded uint64 // candidates passed for good by a later step that went out
}

func newItems(invoices []receivable.Invoice, day civil.Date) []item {
	items := make([]item, 0, len(invoices))
	today := dayNumber(day)
	for i := range invoices {
		inv := &invoices[i]
		if inv.Kind == receivable.KindCreditNote {
			continue
		}
		it := item{inv: inv, open: inv.Open(), floorOff: math.MinInt, floorRank: -1}
		if !inv.DueDate.IsZero() {
			it.late = today - dayNumber(inv.DueDate)
		}
		if it.open <= 0 {
			it.hold = ReasonPaid
		}
		items = append(items, it)
	}
	// Oldest first: the order credit is imputed in (C. civ. 1342-10) and invoices are listed in.
	slices.SortFunc(items, func(a, b item) int {
		if c := a.inv.DueDate.Compare(b.inv.DueDate); c != 0 {
			return c
		}
		if a.inv.Number != b.inv.Number {
			if a.inv.Number < b.inv.Number {
				return -1
			}
			return 1
		}
		return int(a.inv.ID - b.inv.ID)
	})
	return items
}

// finder looks invoices up by ID: a scan for the usual handful, a map for large accounts.
func finder(items []item) func(id int64) *item {
	if len(items) <= 32 {
		return func(id int64) *item {
			for i := range items {
				if items[i].inv.ID == id {
					return &items[i]
				}
			}
			return nil
		}
	}
	m := make(map[int64]int, len(items))
	for i := range items {
		m[items[i].inv.ID] = i
	}
	return func(id int64) *item {
		if i, ok := m[id]; ok {
			return &items[i]
		}
		return nil
	}
}

func stepIndex(steps []Step, name string) int {
	for i := range steps {
		if steps[i].Name == name {
			return i
		}
	}
	return -1
}

// lateForPreventive reports whether s is a preventive step and the invoice already late: a
// preventive step asks whether anything stands in the way of paying on time, so once the
// invoice is late it is never taken, even when no later step is due yet (the first reminder
// skipped, or set a week after the due date). It still counts as due, so that the history
// records it as superseded when a later step goes out.
func lateForPreventive(s *Step, late int) bool { return s.Phase == Preventive && late > 0 }

// selectSteps finds the invoice's candidates (due, not passed, not below what was done) and
// takes the latest day's among those that pass their minimum amount.
func (it *item) selectSteps(steps []Step, usable uint64, customerOpen money.Cents, cal *civil.Calendar) {
	latest := -1
	for si := range steps {
		s := &steps[si]
		// day is a business day, so a step whose date (before moving it off a weekend or
		// holiday) is on or before day is due: the business day it moves to is at most day.
		if s.OffsetDays > it.late {
			break
		}
		if usable&(1<<si) == 0 || it.passed&(1<<si) != 0 || s.OffsetDays < it.floorOff || s.Phase.Rank() < it.floorRank {
			continue
		}
		it.due |= 1 << si
		if s.MinAmount > customerOpen {
			it.belowMin |= 1 << si
			continue
		}
		if lateForPreventive(s, it.late) {
			continue
		}
		latest = si
	}
	if latest < 0 {
		return
	}
	// Take the latest step and the others that fall on the same business day.
	it.chosen |= 1 << latest
	due := it.inv.DueDate
	for si := latest - 1; si >= 0; si-- {
		if it.due&(1<<si) == 0 || it.belowMin&(1<<si) != 0 || lateForPreventive(&steps[si], it.late) {
			continue
		}
		if !sameBusinessDay(cal, due.AddDays(steps[si].OffsetDays), steps[si].OffsetDays, steps[latest].OffsetDays) {
			break
		}
		it.chosen |= 1 << si
	}
}

// sameBusinessDay reports whether the step dated at (offset off) lands on the same business
// day as one dated offLatest days from the same due date, off <= offLatest: it does when no
// business day lies in between. The scan stops at the first business day, a few days at most.
func sameBusinessDay(cal *civil.Calendar, at civil.Date, off, offLatest int) bool {
	for n := off; n < offLatest; n++ {
		if cal.IsBusinessDay(at) {
			return false
		}
		at = at.AddDays(1)
	}
	return true
}

func inPlan(plans []receivable.PaymentPlan, onTime []bool, invoiceID int64) bool {
	for pi := range plans {
		if onTime[pi] && plans[pi].Covers(invoiceID) {
			return true
		}
	}
	return false
}

func forceFulfilled(history []PastAction, r Request, day civil.Date) bool {
	for hi := range history {
		h := &history[hi]
		if h.Day.Before(r.Day) || h.Day.After(day) || !h.Status.done() {
			continue
		}
		for _, pi := range h.Invoices {
			if pi.ID == r.InvoiceID && (pi.Step == r.Step || pi.Step == "" && h.Step == r.Step) {
				return true
			}
		}
	}
	return false
}

// decideCommitments checks the promises and payment plans: the events to record, until when a
// pending promise holds the customer, and which plans hold their invoices.
func decideCommitments(acct *Account, pol Policy, day civil.Date, d *Decision) (promiseUntil civil.Date, planOnTime []bool) {
	grace := pol.PromiseGraceDays
	for pi := range acct.Promises {
		p := &acct.Promises[pi]
		if p.Status() != receivable.PromisePending || p.Made.After(day) {
			continue
		}
		switch p.Check(acct.Allocations, day, grace) {
		case receivable.PromisePending:
			promiseUntil = civil.MaxDate(promiseUntil, p.Deadline(grace))
		case receivable.PromiseKept:
			d.Events = append(d.Events, promiseEvent(EventPromiseKept, acct, p, day, 0))
		case receivable.PromiseBroken:
			missing := p.Amount - p.Paid(acct.Allocations, grace)
			d.Events = append(d.Events, promiseEvent(EventPromiseBroken, acct, p, day, missing))
		}
	}
	if len(acct.Plans) > 0 {
		planOnTime = make([]bool, len(acct.Plans))
	}
	for pi := range acct.Plans {
		p := &acct.Plans[pi]
		if p.Created.After(day) {
			continue
		}
		chk := p.Check(acct.Allocations, day, grace)
		switch chk.Status {
		case receivable.PlanOnTime:
			planOnTime[pi] = true
		case receivable.PlanMissed:
			d.Events = append(d.Events, Event{
				Kind: EventInstalmentMissed, CustomerID: acct.Customer.ID, Day: day, PlanID: p.ID,
				Instalment: chk.Instalment, Due: chk.Due, Amount: p.Instalments[chk.Instalment-1].Amount,
				Missing: chk.Missing, InvoiceIDs: slices.Clone(p.InvoiceIDs), Key: eventKey("plan", p.ID, EventInstalmentMissed),
			})
		}
	}
	return promiseUntil, planOnTime
}

func promiseEvent(kind EventKind, acct *Account, p *receivable.Promise, day civil.Date, missing money.Cents) Event {
	return Event{Kind: kind, CustomerID: acct.Customer.ID, Day: day, PromiseID: p.ID, Due: p.Date,
		Amount: p.Amount, Missing: missing, InvoiceIDs: slices.Clone(p.InvoiceIDs), Key: eventKey("promise", p.ID, kind)}
}

func eventKey(what string, id int64, kind EventKind) string {
	return what + "/" + strconv.FormatInt(id, 10) + "/" + string(kind)
}
