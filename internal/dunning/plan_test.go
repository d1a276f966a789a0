package dunning

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// Most tests use the policy (examplePolicy) and invoices due on Monday 2 March 2026.

func TestEachInvoiceMovesThroughTheStepsOnItsOwn(t *testing.T) {
	p := example(t)
	p.MinDaysBetweenContacts = 0 // this test is about the steps alone
	acct := account(invoice(1, "2026-03-02", "1000.00"), invoice(2, "2026-03-09", "500.00"))
	tests := []struct {
		name    string
		day     string
		history []PastAction
		want    []string
	}{
		{"first invoice one day late, the second not yet in its preventive window", "2026-03-03", nil,
			[]string{"email relance-1 level1 F001:relance-1", "superseded F001 rappel-preventif"}},
		{"the second invoice's preventive reminder", "2026-03-04",
			[]PastAction{done(p, "2026-03-03", "relance-1", StatusSent, 1)},
			[]string{"email rappel-preventif preventive F002:rappel-preventif"}},
		{"a call for one, a reminder for the other", "2026-03-10",
			[]PastAction{done(p, "2026-03-03", "relance-1", StatusSent, 1), done(p, "2026-03-04", "rappel-preventif", StatusSent, 2)},
			[]string{"call appel-1 level1 F001:appel-1", "email relance-1 level1 F002:relance-1"}},
		{"nothing new the day after", "2026-03-11",
			[]PastAction{done(p, "2026-03-03", "relance-1", StatusSent, 1), done(p, "2026-03-04", "rappel-preventif", StatusSent, 2),
				done(p, "2026-03-10", "appel-1", StatusDone, 1), done(p, "2026-03-10", "relance-1", StatusSent, 2)},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := acct
			a.History = tt.history
			expect(t, Plan(a, p, day(tt.day), fr), tt.want...)
		})
	}
}

func TestStepDateMovesToTheNextBusinessDay(t *testing.T) {
	p := example(t)
	acct := account(invoice(1, "2026-03-06", "1000.00")) // a Friday: D+1 is a Saturday
	acct.History = []PastAction{done(p, "2026-03-02", "rappel-preventif", StatusSent, 1)}
	tests := []struct {
		day    string
		closed string
		want   []string
	}{
		{"2026-03-06", "", nil},
		{"2026-03-07", "weekend", nil},
		{"2026-03-08", "weekend", nil},
		{"2026-03-09", "", []string{"email relance-1 level1 F001:relance-1"}},
	}
	for _, tt := range tests {
		d := Plan(acct, p, day(tt.day), fr)
		if d.Closed != tt.closed {
			t.Errorf("%s: closed = %q, want %q", tt.day, d.Closed, tt.closed)
		}
		expect(t, d, tt.want...)
	}
}

func TestNothingGoesOutOnAFrenchPublicHoliday(t *testing.T) {
	p := example(t)
	acct := account(invoice(1, "2026-03-02", "1000.00")) // D+60 is Friday 1 May, Fête du travail
	acct.History = []PastAction{done(p, "2026-04-13", "mise-en-demeure", StatusSent, 1)}
	d := Plan(acct, p, day("2026-05-01"), fr)
	if d.Closed == "" || d.Closed == "weekend" || len(d.Actions) != 0 {
		t.Errorf("1 May: closed %q, %d actions", d.Closed, len(d.Actions))
	}
	for _, weekend := range []string{"2026-05-02", "2026-05-03"} {
		expect(t, Plan(acct, p, day(weekend), fr))
	}
	expect(t, Plan(acct, p, day("2026-05-04"), fr), "task contentieux litigation F001:contentieux")

	// Bastille Day on a Tuesday: the D+1 reminder of an invoice due on Monday 13 July waits.
	acct = account(invoice(2, "2026-07-13", "1000.00"))
	acct.History = []PastAction{done(p, "2026-07-08", "rappel-preventif", StatusSent, 2)}
	if d := Plan(acct, p, day("2026-07-14"), fr); len(d.Actions) != 0 || d.Closed == "" {
		t.Errorf("14 July: %v", summary(d))
	}
	expect(t, Plan(acct, p, day("2026-07-15"), fr), "email relance-1 level1 F002:relance-1")

	// The promise deadline passing on a holiday is still recorded: events are not communications.
	acct.Promises = []receivable.Promise{{ID: 5, CustomerID: 1, InvoiceIDs: []int64{2}, Made: day("2026-07-01"), Date: day("2026-07-10"), Amount: 100000}}
	expect(t, Plan(acct, p, day("2026-07-14"), fr), "event promise_broken 5")
}

func TestNeverGoBackToAnEarlierStep(t *testing.T) {
	p := example(t)
	acct := account(invoice(1, "2026-03-02", "1000.00"))
	tests := []struct {
		name    string
		day     string
		history []PastAction
		want    []string
	}{
		{"a later step was done, an earlier one never was", "2026-03-25",
			[]PastAction{done(p, "2026-03-23", "relance-2", StatusSent, 1)}, nil},
		{"a failed delivery still counts as attempted", "2026-03-25",
			[]PastAction{done(p, "2026-03-23", "relance-2", StatusFailed, 1)}, nil},
		{"a cancelled step only removes itself", "2026-03-30",
			[]PastAction{done(p, "2026-03-10", "appel-1", StatusDone, 1), done(p, "2026-03-23", "relance-2", StatusCancelled, 1)}, nil},
		{"a step of the customer's former policy, at level 3", "2026-03-30",
			[]PastAction{{Day: day("2026-03-20"), Channel: RegisteredLetter, Step: "ancienne-mise-en-demeure", Phase: Level3, Status: StatusSent, Invoices: []PastInvoice{{ID: 1}}}},
			nil},
		{"the former policy's level 3 does not stop this one's level 3", "2026-04-13",
			[]PastAction{{Day: day("2026-03-20"), Channel: RegisteredLetter, Step: "ancienne-mise-en-demeure", Phase: Level3, Status: StatusSent, Invoices: []PastInvoice{{ID: 1}}}},
			[]string{"registered_letter mise-en-demeure level3 F001:mise-en-demeure"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := acct
			a.History = tt.history
			expect(t, Plan(a, p, day(tt.day), fr), tt.want...)
		})
	}
}

func TestCatchUpTakesOnlyTheLatestStepDue(t *testing.T) {
	p := example(t)
	std := shipped(t, "standard-fr")
	acct := account(invoice(1, "2026-03-02", "1000.00"))
	tests := []struct {
		name    string
		policy  Policy
		day     string
		history []PastAction
		want    []string
	}{
		{"an invoice imported 30 days late", p, "2026-04-01", nil, []string{
			"letter relance-2 level2 F001:relance-2",
			"superseded F001 rappel-preventif", "superseded F001 relance-1", "superseded F001 appel-1"}},
		{"two weeks without a run", p, "2026-03-24", []PastAction{done(p, "2026-03-03", "relance-1", StatusSent, 1)}, []string{
			"letter relance-2 level2 F001:relance-2", "superseded F001 appel-1"}},
		{"the latest day has a letter and a call", std, "2026-03-27", nil, []string{
			"registered_letter relance-2 level2 F001:relance-2", "call appel-2 level2 F001:appel-2",
			"superseded F001 rappel-preventif", "superseded F001 relance-1", "superseded F001 appel-1", "superseded F001 relance-1b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := acct
			a.History = tt.history
			d := Plan(a, tt.policy, day(tt.day), fr)
			expect(t, d, tt.want...)
			// Recorded, the superseded steps are skipped and the account is quiet until the next step.
			after := a.Record(d, StatusQueued)
			expect(t, Plan(after, tt.policy, day(tt.day).AddDays(1), fr))
		})
	}
}

func TestStepsOnOneChannelMergeAtTheFirmestPhase(t *testing.T) {
	p := example(t)
	acct := account(invoice(1, "2026-03-02", "1000.00"), invoice(2, "2026-03-08", "250.50"))
	d := Plan(acct, p, day("2026-03-03"), fr)
	expect(t, d, "email relance-1 level1 F001:relance-1 F002:rappel-preventif", "superseded F001 rappel-preventif")
	a := d.Actions[0]
	if a.Template != "level1" || a.Total != eur("1250.50") || strings.Join(a.InvoiceNumbers, ",") != "F001,F002" {
		t.Errorf("merged e-mail = %+v", a)
	}

	// Two registered letters on one day, a formal notice and a level 2 reminder, make one
	// formal notice listing both, which needs approval because the notice does.
	std := shipped(t, "standard-fr")
	acct = account(invoice(1, "2026-03-02", "1000.00"), invoice(2, "2026-03-23", "400.00"))
	acct.History = []PastAction{
		done(std, "2026-03-23", "relance-2", StatusSent, 1), done(std, "2026-03-23", "appel-2", StatusDone, 1),
		done(std, "2026-04-07", "relance-1b", StatusSent, 2),
	}
	d = Plan(acct, std, day("2026-04-13"), fr)
	expect(t, d, "registered_letter mise-en-demeure level3 F001:mise-en-demeure F002:relance-2", "call appel-2 level2 F002:appel-2")
	lrar := d.Actions[0]
	if lrar.Template != "formal-notice" || !lrar.NeedsApproval || !lrar.Penalties || lrar.Total != eur("1400.00") {
		t.Errorf("merged registered letter = %+v", lrar)
	}
}

func TestStepsOnDifferentChannelsGoOutTogether(t *testing.T) {
	p := example(t)
	acct := account(invoice(1, "2026-03-02", "1000.00"), invoice(2, "2026-03-22", "300.00"))
	acct.History = []PastAction{
		done(p, "2026-03-03", "relance-1", StatusSent, 1), done(p, "2026-03-10", "appel-1", StatusDone, 1),
		done(p, "2026-03-17", "rappel-preventif", StatusSent, 2),
	}
	d := Plan(acct, p, day("2026-03-23"), fr)
	expect(t, d, "email relance-1 level1 F002:relance-1", "letter relance-2 level2 F001:relance-2")
	if len(d.Actions) == 2 && d.Actions[0].Key == d.Actions[1].Key {
		t.Error("two actions share a key")
	}
}

func TestOneActionPerCustomerAndChannelPerDay(t *testing.T) {
	p := example(t)
	if k := ActionKey(42, day("2026-03-03"), RegisteredLetter); k != "customer/42/2026-03-03/registered_letter" {
		t.Errorf("key = %s", k)
	}
	// The morning run sent F001's reminder; F002, imported since, is due on the same channel.
	acct := account(invoice(1, "2026-03-02", "1000.00"), invoice(2, "2026-03-02", "80.00"))
	acct.History = []PastAction{done(p, "2026-03-03", "relance-1", StatusQueued, 1)}
	d := Plan(acct, p, day("2026-03-03"), fr)
	expect(t, d, "left F002 channel_used_today relance-1")
	// A skipped step recorded today is not an action on the channel.
	acct.History = []PastAction{done(p, "2026-03-03", "rappel-preventif", StatusSkipped, 1)}
	d = Plan(acct, p, day("2026-03-03"), fr)
	expect(t, d, "email relance-1 level1 F001:relance-1 F002:relance-1", "superseded F002 rappel-preventif")
	if d.Actions[0].Key != "customer/1/2026-03-03/email" {
		t.Errorf("key = %s", d.Actions[0].Key)
	}
}

func TestMinAmountIsComparedWithTheCustomerTotalOpen(t *testing.T) {
	p := example(t) // relance-2, a letter, from 50.00
	small := invoice(1, "2026-03-02", "30.00")
	upToCall := []PastAction{done(p, "2026-03-03", "relance-1", StatusSent, 1), done(p, "2026-03-10", "appel-1", StatusDone, 1)}
	tests := []struct {
		name     string
		invoices []receivable.Invoice
		credit   money.Cents
		history  []PastAction
		day      string
		want     []string
	}{
		{"a customer owing 30.00 gets no letter", []receivable.Invoice{small}, 0, upToCall, "2026-03-23",
			[]string{"left F001 below_min_amount relance-2"}},
		{"the same invoice when the customer owes 70.00 in all", []receivable.Invoice{small, invoice(2, "2026-04-30", "40.00")}, 0, upToCall, "2026-03-23",
			[]string{"letter relance-2 level2 F001:relance-2"}},
		{"credit counts against the total", []receivable.Invoice{invoice(1, "2026-03-02", "80.00")}, eur("40.00"), upToCall, "2026-03-23",
			[]string{"left F001 below_min_amount relance-2"}},
		{"imported late, the latest step that passes is taken", []receivable.Invoice{small}, 0, nil, "2026-03-24",
			[]string{"call appel-1 level1 F001:appel-1", "superseded F001 rappel-preventif", "superseded F001 relance-1", "left F001 below_min_amount relance-2"}},
		{"a step below its minimum is superseded once a later one goes", []receivable.Invoice{small}, 0, upToCall, "2026-04-13",
			[]string{"registered_letter mise-en-demeure level3 F001:mise-en-demeure", "superseded F001 relance-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := account(tt.invoices...)
			a.Credit, a.History = tt.credit, tt.history
			expect(t, Plan(a, p, day(tt.day), fr), tt.want...)
		})
	}
}

func TestDisputedInvoiceIsLeftOutUntilResolved(t *testing.T) {
	p := example(t)
	base := account(invoice(1, "2026-03-02", "1000.00"), invoice(2, "2026-03-02", "500.00"))
	base.History = []PastAction{done(p, "2026-03-03", "relance-1", StatusSent, 1, 2)}
	open := receivable.Dispute{ID: 3, CustomerID: 1, InvoiceID: 2, Opened: day("2026-03-05"), Reason: "livraison incomplète"}
	resolved := open
	resolved.Resolved, resolved.Resolution = day("2026-03-20"), "bon de livraison signé envoyé"
	tests := []struct {
		name    string
		dispute receivable.Dispute
		day     string
		credit  money.Cents
		want    []string
	}{
		{"open", open, "2026-03-10", 0, []string{"call appel-1 level1 F001:appel-1", "left F002 disputed"}},
		{"still open weeks later", open, "2026-03-23", 0, []string{"letter relance-2 level2 F001:relance-2", "superseded F001 appel-1", "left F002 disputed"}},
		{"resolved: the process resumes at the latest step", resolved, "2026-03-23", 0, []string{
			"letter relance-2 level2 F001:relance-2 F002:relance-2", "superseded F001 appel-1", "superseded F002 appel-1"}},
		{"credit is not spent on a disputed invoice", open, "2026-03-10", eur("500.00"), []string{"call appel-1 level1 F001:appel-1", "left F002 disputed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := base
			a.Disputes = []receivable.Dispute{tt.dispute}
			a.Credit = tt.credit
			d := Plan(a, p, day(tt.day), fr)
			expect(t, d, tt.want...)
			for _, l := range d.LeftOut {
				if l.Reason == ReasonDisputed && l.Detail != "livraison incomplète" {
					t.Errorf("dispute reason not given: %+v", l)
				}
			}
			if tt.credit > 0 && d.Actions[0].Invoices[0].Open != eur("500.00") {
				t.Errorf("credit not spent on the undisputed invoice: %+v", d.Actions[0].Invoices[0])
			}
		})
	}
}

func TestPromiseToPayPausesTheCustomerUntilTheDatePlusGrace(t *testing.T) {
	p := example(t) // grace 3 days
	acct := account(invoice(1, "2026-03-02", "1500.00"), invoice(2, "2026-03-20", "200.00"))
	acct.History = []PastAction{done(p, "2026-03-03", "relance-1", StatusSent, 1)}
	acct.Promises = []receivable.Promise{{ID: 7, CustomerID: 1, InvoiceIDs: []int64{1}, Made: day("2026-03-05"),
		Date: day("2026-03-12"), Amount: eur("1000.00"), Via: "call"}}
	tests := []struct {
		name   string
		day    string
		paid   bool
		want   []string
		events int
	}{
		{"before the promised date", "2026-03-10", false, []string{"left F001 promise_pending", "left F002 promise_pending"}, 0},
		{"within grace, even the other invoice's preventive reminder waits", "2026-03-13", false,
			[]string{"left F001 promise_pending", "left F002 promise_pending"}, 0},
		{"broken: the process resumes at the next step", "2026-03-16", false, []string{
			"call appel-1 level1 F001:appel-1", "email rappel-preventif preventive F002:rappel-preventif", "event promise_broken 7"}, 1},
		{"kept: recorded, and the rest of the debt is reminded", "2026-03-16", true, []string{
			"call appel-1 level1 F001:appel-1", "email rappel-preventif preventive F002:rappel-preventif", "event promise_kept 7"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := acct
			if tt.paid {
				a.Invoices = []receivable.Invoice{acct.Invoices[0], acct.Invoices[1]}
				a.Invoices[0].Allocated = eur("1000.00")
				a.Allocations = []receivable.Allocation{{InvoiceID: 1, PaymentID: 4, Amount: eur("1000.00"), Date: day("2026-03-12")}}
			}
			d := Plan(a, p, day(tt.day), fr)
			expect(t, d, tt.want...)
			for _, l := range d.LeftOut {
				if l.Reason == ReasonPromisePending && l.Until != day("2026-03-15") {
					t.Errorf("promise holds until %s, want 2026-03-15", l.Until)
				}
			}
			if len(d.Events) != tt.events {
				return
			}
			if tt.events == 1 {
				e := d.Events[0]
				if e.Key != "promise/7/"+string(e.Kind) || (e.Kind == EventPromiseBroken && e.Missing != eur("1000.00")) {
					t.Errorf("event = %+v", e)
				}
				// Once recorded, the event is not produced again.
				after := a.Record(d, StatusQueued)
				if again := Plan(after, p, day(tt.day).AddDays(1), fr); len(again.Events) != 0 {
					t.Errorf("event produced twice: %v", summary(again))
				}
			}
		})
	}
}

func TestPaymentPlanHoldsItsInvoicesWhileInstalmentsArePaidOnTime(t *testing.T) {
	p := example(t)
	f1 := invoice(1, "2026-03-02", "1000.00")
	f1.Allocated = eur("300.00")
	acct := account(f1, invoice(2, "2026-03-02", "500.00"))
	acct.History = []PastAction{done(p, "2026-03-03", "relance-1", StatusSent, 1, 2)}
	acct.Plans = []receivable.PaymentPlan{{ID: 9, CustomerID: 1, InvoiceIDs: []int64{1}, Created: day("2026-03-05"),
		Instalments: []receivable.Instalment{{Due: day("2026-03-06"), Amount: eur("300.00")}, {Due: day("2026-04-06"), Amount: eur("700.00")}}}}
	acct.Allocations = []receivable.Allocation{{InvoiceID: 1, PaymentID: 5, Amount: eur("300.00"), Date: day("2026-03-06")}}

	expect(t, Plan(acct, p, day("2026-03-10"), fr), "call appel-1 level1 F002:appel-1", "left F001 in_plan")

	later := acct
	later.History = append(append([]PastAction(nil), acct.History...),
		done(p, "2026-03-10", "appel-1", StatusDone, 2), done(p, "2026-03-23", "relance-2", StatusSent, 2))
	expect(t, Plan(later, p, day("2026-04-09"), fr), "left F001 in_plan") // within grace of the second instalment
	d := Plan(later, p, day("2026-04-10"), fr)
	expect(t, d, "letter relance-2 level2 F001:relance-2", "superseded F001 appel-1", "event instalment_missed 9")
	if e := d.Events[0]; e.Instalment != 2 || e.Missing != eur("700.00") || e.Key != "plan/9/instalment_missed" {
		t.Errorf("event = %+v", e)
	}
	after := later.Record(d, StatusQueued)
	if again := Plan(after, p, day("2026-04-20"), fr); len(again.Events) != 0 {
		t.Errorf("missed instalment reported twice: %v", summary(again))
	}
}

func TestNoTwoContactsCloserThanTheMinimumDays(t *testing.T) {
	p := example(t) // 5 days
	acct := account(invoice(1, "2026-03-02", "1000.00"), invoice(2, "2026-03-04", "200.00"), invoice(3, "2026-01-02", "900.00"))
	acct.History = []PastAction{
		done(p, "2026-03-03", "relance-1", StatusSent, 1),
		done(p, "2026-02-13", "mise-en-demeure", StatusSent, 3),
	}
	d := Plan(acct, p, day("2026-03-05"), fr)
	// F003's litigation task is internal: not a contact, not limited.
	expect(t, d, "left F002 min_days_between_contacts relance-1", "task contentieux litigation F003:contentieux")
	for _, l := range d.LeftOut {
		if l.Until != day("2026-03-08") {
			t.Errorf("held until %s, want 2026-03-08", l.Until)
		}
	}
	// Five days after the last contact the reminder goes.
	expect(t, Plan(acct, p, day("2026-03-09"), fr), "email relance-1 level1 F002:relance-1", "superseded F002 rappel-preventif",
		"task contentieux litigation F003:contentieux")
	// A failed e-mail did not reach the customer.
	failed := acct
	failed.History = []PastAction{done(p, "2026-03-03", "relance-1", StatusFailed, 1), done(p, "2026-03-03", "contentieux", StatusDone, 3)}
	expect(t, Plan(failed, p, day("2026-03-05"), fr), "email relance-1 level1 F002:relance-1", "superseded F002 rappel-preventif")
	// A forced step ignores the minimum.
	forced := acct
	forced.Requests = []Request{{Kind: Force, InvoiceID: 2, Step: "relance-1", Day: day("2026-03-05"), By: "alice"}}
	d = Plan(forced, p, day("2026-03-05"), fr)
	expect(t, d, "email relance-1 level1 F002:relance-1", "superseded F002 rappel-preventif", "task contentieux litigation F003:contentieux")
	if !d.Actions[0].Forced {
		t.Error("forced action not marked")
	}
}

func TestPausedCustomerOrInvoiceIsLeftOut(t *testing.T) {
	p := example(t)
	base := account(invoice(1, "2026-03-02", "1000.00"), invoice(2, "2026-03-02", "500.00"))
	base.History = []PastAction{done(p, "2026-03-03", "relance-1", StatusSent, 1, 2)}
	tests := []struct {
		name string
		set  func(a *Account)
		day  string
		want []string
	}{
		{"customer paused", func(a *Account) {
			a.Customer.Pause = receivable.Pause{PausedUntil: day("2026-03-15"), PauseReason: "rendez-vous avec le dirigeant"}
		}, "2026-03-10", []string{"left F001 customer_paused", "left F002 customer_paused"}},
		{"customer pause over", func(a *Account) { a.Customer.Pause = receivable.Pause{PausedUntil: day("2026-03-15")} }, "2026-03-16",
			[]string{"call appel-1 level1 F001:appel-1 F002:appel-1"}},
		{"one invoice paused", func(a *Account) {
			a.Invoices = append([]receivable.Invoice(nil), a.Invoices...)
			a.Invoices[1].Pause = receivable.Pause{PausedUntil: day("2026-04-30"), PauseReason: "avoir en cours"}
		}, "2026-03-10", []string{"call appel-1 level1 F001:appel-1", "left F002 invoice_paused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := base
			tt.set(&a)
			d := Plan(a, p, day(tt.day), fr)
			expect(t, d, tt.want...)
			for _, l := range d.LeftOut {
				if l.Until.IsZero() {
					t.Errorf("pause end not given: %+v", l)
				}
			}
		})
	}
}

func TestStepCanBeSkippedOrForcedByHand(t *testing.T) {
	p := example(t)
	base := account(invoice(1, "2026-03-02", "1000.00"))
	base.History = []PastAction{done(p, "2026-03-03", "relance-1", StatusSent, 1)}
	tests := []struct {
		name     string
		requests []Request
		history  []PastAction
		dispute  bool
		day      string
		want     []string
	}{
		{"skipped call", []Request{{Kind: Skip, InvoiceID: 1, Step: "appel-1"}}, nil, false, "2026-03-10", nil},
		{"skipped call, the letter comes in its time", []Request{{Kind: Skip, InvoiceID: 1, Step: "appel-1"}}, nil, false, "2026-03-23",
			[]string{"letter relance-2 level2 F001:relance-2"}},
		{"formal notice forced early, despite the minimum days", []Request{{Kind: Force, InvoiceID: 1, Step: "mise-en-demeure", Day: day("2026-03-05")}}, nil, false, "2026-03-05",
			[]string{"registered_letter mise-en-demeure level3 F001:mise-en-demeure"}},
		{"forced step done once", []Request{{Kind: Force, InvoiceID: 1, Step: "mise-en-demeure", Day: day("2026-03-05")}},
			[]PastAction{done(p, "2026-03-05", "mise-en-demeure", StatusAwaitingApproval, 1)}, false, "2026-03-06", nil},
		{"asked on a Saturday, goes on Monday", []Request{{Kind: Force, InvoiceID: 1, Step: "appel-1", Day: day("2026-03-07")}}, nil, false, "2026-03-09",
			[]string{"call appel-1 level1 F001:appel-1"}},
		{"forced despite a dispute", []Request{{Kind: Force, InvoiceID: 1, Step: "appel-1", Day: day("2026-03-05")}}, nil, true, "2026-03-05",
			[]string{"call appel-1 level1 F001:appel-1"}},
		{"forced step unknown", []Request{{Kind: Force, InvoiceID: 1, Step: "fax", Day: day("2026-03-05")}}, nil, false, "2026-03-05",
			[]string{"left F001 unknown_forced_step fax"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := base
			a.Requests = tt.requests
			a.History = append(append([]PastAction(nil), base.History...), tt.history...)
			if tt.dispute {
				a.Disputes = []receivable.Dispute{{InvoiceID: 1, Opened: day("2026-03-04")}}
			}
			d := Plan(a, p, day(tt.day), fr)
			expect(t, d, tt.want...)
			if len(d.Actions) == 1 && d.Actions[0].Step == "mise-en-demeure" && !d.Actions[0].NeedsApproval {
				t.Error("a forced formal notice skipped approval")
			}
		})
	}
}

func TestPaidOrCreditedInvoicesLeaveTheProcess(t *testing.T) {
	p := example(t)
	paid := invoice(1, "2026-03-02", "1000.00")
	paid.Allocated = paid.Amount
	partial := invoice(2, "2026-03-02", "500.00")
	partial.Allocated = eur("120.00")
	credited := invoice(3, "2026-03-02", "80.00")
	credited.Allocated = credited.Amount // a credit note was applied to it
	acct := account(paid, partial, credited, receivable.Invoice{ID: 4, Kind: receivable.KindCreditNote, Number: "AV1", Amount: 5000})
	acct.History = []PastAction{done(p, "2026-03-03", "relance-1", StatusSent, 1, 2, 3)}
	d := Plan(acct, p, day("2026-03-10"), fr)
	expect(t, d, "call appel-1 level1 F002:appel-1", "left F001 paid", "left F003 paid")
	if l := d.Actions[0].Invoices[0]; l.Open != eur("380.00") || l.Amount != eur("500.00") || d.Actions[0].Total != eur("380.00") {
		t.Errorf("partially paid invoice shown as %+v", l)
	}
}

func TestUnallocatedCreditIsSpreadOldestFirstBeforeReminding(t *testing.T) {
	p := example(t)
	acct := account(invoice(2, "2026-03-02", "200.00"), invoice(1, "2026-02-02", "100.00"))
	acct.Credit = eur("150.00") // a payment on account not yet matched
	d := Plan(acct, p, day("2026-03-03"), fr)
	expect(t, d, "email relance-1 level1 F002:relance-1", "superseded F002 rappel-preventif", "left F001 covered_by_credit")
	if l := d.Actions[0].Invoices[0]; l.Open != eur("150.00") || l.Credit != eur("50.00") {
		t.Errorf("line = %+v", l)
	}
	acct.Credit = eur("300.00")
	expect(t, Plan(acct, p, day("2026-03-03"), fr), "left F001 covered_by_credit", "left F002 covered_by_credit")
}

func TestAutomaticPayerGetsNothingUnlessADebitIsRejected(t *testing.T) {
	acct := account(invoice(1, "2026-03-02", "1000.00"), invoice(2, "2026-03-02", "400.00"))
	acct.Customer.Profile = receivable.Automatic
	pol, err := Resolve(acct.Customer, nil, nil, "")
	if err != nil || pol.Name != "automatic-fr" {
		t.Fatalf("policy = %s, %v", pol.Name, err)
	}
	expect(t, Plan(acct, pol, day("2026-03-03"), fr), "left F001 direct_debit", "left F002 direct_debit")
	acct.RejectedDebits = []int64{2}
	expect(t, Plan(acct, pol, day("2026-03-05"), fr), "email prelevement-rejete level1 F002:prelevement-rejete", "left F001 direct_debit")
	// Even under the standard policy (set by hand), an automatic payer's other invoices wait.
	expect(t, Plan(acct, example(t), day("2026-03-03"), fr), "email relance-1 level1 F002:relance-1",
		"superseded F002 rappel-preventif", "left F001 direct_debit")
}

func TestGoodPayerGetsNoPreventiveReminder(t *testing.T) {
	acct := account(invoice(1, "2026-03-02", "1000.00"))
	acct.Customer.Profile = receivable.GoodPayer
	pol, err := Resolve(acct.Customer, nil, nil, "")
	if err != nil || pol.Name != "good-payer-fr" {
		t.Fatalf("policy = %s, %v", pol.Name, err)
	}
	expect(t, Plan(acct, pol, day("2026-02-25"), fr))
	expect(t, Plan(acct, shipped(t, "standard-fr"), day("2026-02-25"), fr), "email rappel-preventif preventive F001:rappel-preventif")
	expect(t, Plan(acct, pol, day("2026-03-03"), fr), "email relance-1 level1 F001:relance-1")
}

func TestActionCarriesWhatTheChannelsNeed(t *testing.T) {
	std := shipped(t, "standard-fr")
	acct := account(invoice(1, "2026-03-02", "1000.00"))
	acct.History = []PastAction{done(std, "2026-03-17", "relance-1b", StatusSent, 1)}
	d := Plan(acct, std, day("2026-03-23"), fr)
	expect(t, d, "registered_letter relance-2 level2 F001:relance-2", "call appel-2 level2 F001:appel-2")
	letter, call := d.Actions[0], d.Actions[1]
	if letter.Contact.Name != "Mme Durand" || letter.Address.City != "Lyon" || !letter.Penalties || letter.NeedsApproval {
		t.Errorf("letter = %+v", letter)
	}
	if call.Contact.Name != "M. Petit" || call.Address != (receivable.Address{}) || call.Collector != "alice" {
		t.Errorf("call = %+v", call)
	}
	if l := letter.Invoices[0]; l.DaysLate != 21 || l.DueDate != day("2026-03-02") || l.Step != "relance-2" || l.Open != eur("1000.00") {
		t.Errorf("line = %+v", l)
	}
	b, err := json.Marshal(letter)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	for k, want := range map[string]any{"customer_ref": "C001", "step": "relance-2", "phase": "level2", "channel": "registered_letter",
		"key": "customer/1/2026-03-23/registered_letter"} {
		if out[k] != want {
			t.Errorf("JSON %s = %v, want %v", k, out[k], want)
		}
	}
	if inv, _ := out["invoices"].([]any); len(inv) != 1 || inv[0] != "F001" {
		t.Errorf("JSON invoices = %v, want the numbers", out["invoices"])
	}
	if _, ok := out["address"]; !ok {
		t.Error("letter without address in JSON")
	}
	if b, _ := json.Marshal(call); strings.Contains(string(b), `"address"`) {
		t.Error("a call carries an address")
	}
}

func TestPlanTwiceOnTheSameDayAddsNothing(t *testing.T) {
	for _, acct := range []Account{busyAccount(), catchUpAccount(), promiseAndPlanAccount()} {
		pol := shipped(t, "standard-fr")
		from := day("2026-02-20")
		for i := range 120 {
			today := from.AddDays(i)
			d := Plan(acct, pol, today, fr)
			acct = acct.Record(d, StatusQueued)
			again := Plan(acct, pol, today, fr)
			if len(again.Actions)+len(again.Superseded)+len(again.Events) != 0 {
				t.Fatalf("%s: second run adds %v", today, summary(again))
			}
		}
	}
}

func TestTheNextDayAddsOnlyWhatBecameDue(t *testing.T) {
	p := example(t)
	p.MinDaysBetweenContacts = 0
	acct := account(invoice(1, "2026-03-02", "1000.00"), invoice(2, "2026-03-09", "500.00"))
	d := Plan(acct, p, day("2026-03-03"), fr)
	expect(t, d, "email relance-1 level1 F001:relance-1", "superseded F001 rappel-preventif")
	acct = acct.Record(d, StatusQueued)
	expect(t, Plan(acct, p, day("2026-03-04"), fr), "email rappel-preventif preventive F002:rappel-preventif")

	// Over a season: each day's actions are steps whose date is that day, or later steps of
	// invoices held back until then; never a step already in the history.
	acct = busyAccount()
	pol := shipped(t, "standard-fr")
	seen := map[[2]any]bool{}
	for i := range 150 {
		today := day("2026-02-20").AddDays(i)
		d := Plan(acct, pol, today, fr)
		for _, a := range d.Actions {
			for _, l := range a.Invoices {
				k := [2]any{l.ID, l.Step}
				if seen[k] {
					t.Errorf("%s: %s step %s again", today, l.Number, l.Step)
				}
				seen[k] = true
				s := pol.Steps[pol.StepIndex(l.Step)]
				if l.DueDate.AddDays(s.OffsetDays).After(today) {
					t.Errorf("%s: %s step %s before its date", today, l.Number, l.Step)
				}
			}
		}
		acct = acct.Record(d, "")
	}
}

// promiseAndPlanAccount has a promise that will be broken and a plan that will be missed.
func promiseAndPlanAccount() Account {
	acct := account(invoice(1, "2026-03-02", "1000.00"), invoice(2, "2026-03-09", "500.00"), invoice(3, "2026-03-16", "80.00"))
	acct.Promises = []receivable.Promise{{ID: 1, CustomerID: 1, InvoiceIDs: []int64{1}, Made: day("2026-03-04"), Date: day("2026-03-20"), Amount: eur("1000.00")}}
	acct.Plans = []receivable.PaymentPlan{{ID: 2, CustomerID: 1, InvoiceIDs: []int64{2}, Created: day("2026-03-10"),
		Instalments: []receivable.Instalment{{Due: day("2026-03-11"), Amount: eur("100.00")}, {Due: day("2026-04-11"), Amount: eur("400.00")}}}}
	acct.Allocations = []receivable.Allocation{{InvoiceID: 2, Amount: eur("100.00"), Date: day("2026-03-11")}}
	acct.Invoices[1].Allocated = eur("100.00")
	return acct
}

func TestAPolicyThatSkippedValidationDoesNotStopTheRun(t *testing.T) {
	p := example(t)
	p.Steps = append([]Step(nil), p.Steps...)
	p.Steps[2].Channel = "fax" // appel-1
	acct := account(invoice(1, "2026-03-02", "1000.00"))
	acct.History = []PastAction{done(example(t), "2026-03-03", "relance-1", StatusSent, 1)}
	acct.Requests = []Request{{Kind: Force, InvoiceID: 1, Step: "appel-1", Day: day("2026-03-09")}}
	expect(t, Plan(acct, p, day("2026-03-10"), fr))
	expect(t, Plan(acct, p, day("2026-03-23"), fr), "letter relance-2 level2 F001:relance-2")
}

func TestPreventiveReminderNeverGoesOutOnceTheInvoiceIsLate(t *testing.T) {
	// A policy whose first reminder comes a week after the due date: between the due date and
	// that week, only the preventive step is "due", and it must not be sent late.
	p := Policy{Name: "late-first", MinDaysBetweenContacts: 5, Steps: []Step{
		{Name: "avant", Phase: Preventive, OffsetDays: -5, Channel: Email, Template: "preventive"},
		{Name: "relance", Phase: Level1, OffsetDays: 7, Channel: Email, Template: "level1"},
	}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	acct := account(invoice(1, "2026-03-02", "1000.00"))
	// Imported two days late (a Wednesday): nothing goes out.
	if d := Plan(acct, p, day("2026-03-04"), fr); len(d.Actions) != 0 {
		t.Fatalf("a preventive reminder went out two days late: %+v", d.Actions)
	}
	// Before the due date it does.
	expect(t, Plan(acct, p, day("2026-02-25"), fr), "email avant preventive F001:avant")
	// A week late, the reminder goes and the preventive step is recorded as superseded.
	expect(t, Plan(acct, p, day("2026-03-09"), fr), "email relance level1 F001:relance", "superseded F001 avant")
	// With the first reminder skipped by hand, still no preventive one.
	skipped := acct
	skipped.Requests = []Request{{Kind: Skip, InvoiceID: 1, Step: "relance", Day: day("2026-03-03")}}
	if d := Plan(skipped, p, day("2026-03-09"), fr); len(d.Actions) != 0 {
		t.Errorf("with the reminder skipped, the preventive one went out late: %+v", d.Actions)
	}
}
