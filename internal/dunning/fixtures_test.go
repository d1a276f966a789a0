package dunning

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// The policy of the issue, as users write it. Its dates from a due date of Monday 2 March
// 2026: D-5 Wed 25 Feb, D+1 Tue 3 Mar, D+8 Tue 10 Mar, D+21 Mon 23 Mar, D+42 Mon 13 Apr,
// D+60 Fri 1 May (Fête du travail), moved to Mon 4 May.
const examplePolicy = `name: standard-fr
min_days_between_contacts: 5
promise_grace_days: 3
steps:
  - {name: rappel-preventif, phase: preventive, offset_days: -5, channel: email, template: preventive}
  - {name: relance-1, phase: level1, offset_days: 1, channel: email, template: level1}
  - {name: appel-1, phase: level1, offset_days: 8, channel: call, template: call-level1}
  - {name: relance-2, phase: level2, offset_days: 21, channel: letter, template: level2, min_amount: "50.00"}
  - {name: mise-en-demeure, phase: level3, offset_days: 42, channel: registered_letter, template: formal-notice, approval: true}
  - {name: contentieux, phase: litigation, offset_days: 60, channel: task, template: litigation}
`

var fr = civil.FrenchCalendar(false)

func day(s string) civil.Date { return civil.MustParse(s) }

func eur(s string) money.Cents { return money.MustParse(s) }

func example(t testing.TB) Policy {
	t.Helper()
	p, err := ParsePolicy([]byte(examplePolicy))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func shipped(t testing.TB, name string) Policy {
	t.Helper()
	p, ok := DefaultPolicy(name)
	if !ok {
		t.Fatalf("no default policy %s", name)
	}
	return p
}

// invoice is an invoice of customer 1 numbered F<id>, in EUR.
func invoice(id int64, due string, amount string) receivable.Invoice {
	return receivable.Invoice{ID: id, CustomerID: 1, Kind: receivable.KindInvoice, Number: fmt.Sprintf("F%03d", id),
		IssueDate: day(due).AddDays(-30), DueDate: day(due), Amount: eur(amount), Currency: "EUR"}
}

func account(invoices ...receivable.Invoice) Account {
	return Account{
		Customer: receivable.Customer{ID: 1, Ref: "C001", Name: "Boulangerie Martin", Kind: receivable.B2B,
			Address:   receivable.Address{Line1: "3 rue des Lilas", PostalCode: "69003", City: "Lyon", Country: "FR"},
			Language:  "fr",
			Collector: "alice"},
		Contacts: []receivable.Contact{
			{ID: 10, CustomerID: 1, Name: "Factures", Email: "factures@martin.example"},
			{ID: 11, CustomerID: 1, Name: "Mme Durand", Role: "trésorerie", Email: "durand@martin.example", Dunning: true},
			{ID: 12, CustomerID: 1, Name: "M. Petit", Role: "comptabilité", Phone: "+33 4 78 00 00 00"},
		},
		Invoices: invoices,
	}
}

// done is a history entry: the action of that day, on the step's channel, for the invoices.
func done(p Policy, on string, step string, status Status, invoices ...int64) PastAction {
	s := p.Steps[p.StepIndex(step)]
	h := PastAction{Day: day(on), Channel: s.Channel, Step: step, Phase: s.Phase, Status: status}
	for _, id := range invoices {
		h.Invoices = append(h.Invoices, PastInvoice{ID: id, Step: step})
	}
	return h
}

// summary writes a decision the way the tests compare it, one line per fact, sorted:
//
//	email relance-1 level1 F001:relance-1 F002:rappel-preventif
//	superseded F001 appel-1
//	left F003 disputed
//	event promise_broken 7
func summary(d Decision) []string {
	var out []string
	for _, a := range d.Actions {
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s %s", a.Channel, a.Step, a.Phase)
		for _, l := range a.Invoices {
			fmt.Fprintf(&b, " %s:%s", l.Number, l.Step)
		}
		out = append(out, b.String())
	}
	for _, s := range d.Superseded {
		out = append(out, fmt.Sprintf("superseded %s %s", s.Number, s.Step))
	}
	for _, l := range d.LeftOut {
		line := fmt.Sprintf("left %s %s", l.Number, l.Reason)
		if l.Step != "" {
			line += " " + l.Step
		}
		out = append(out, line)
	}
	for _, e := range d.Events {
		id := e.PromiseID
		if e.PlanID != 0 {
			id = e.PlanID
		}
		out = append(out, fmt.Sprintf("event %s %d", e.Kind, id))
	}
	sort.Strings(out)
	return out
}

func expect(t *testing.T, got Decision, want ...string) {
	t.Helper()
	sort.Strings(want)
	g := summary(got)
	if strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Errorf("on %s got:\n\t%s\nwant:\n\t%s", got.Day, strings.Join(g, "\n\t"), strings.Join(want, "\n\t"))
	}
}
