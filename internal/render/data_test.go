package render

import (
	"testing"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
)

func TestLinesCarryTheOpenBalance(t *testing.T) {
	inv := receivable.Invoice{Number: "F1", IssueDate: civil.D(2026, time.January, 1), DueDate: civil.D(2026, time.January, 31),
		Amount: 100000, Allocated: 40000}
	l := LineOf(inv, civil.D(2026, time.February, 10))
	if l.Open != 60000 || l.Paid() != 40000 || !l.PartlyPaid() || l.DaysLate != 10 {
		t.Errorf("LineOf: %+v", l)
	}
	a := dunning.Action{Invoices: []dunning.ActionInvoice{{Number: "F2", Amount: 50000, Open: 20000, Credit: 5000, DaysLate: 3, Step: "relance-1"}}}
	if ls := ActionLines(a); len(ls) != 1 || ls[0].Open != 20000 || ls[0].Paid() != 30000 || ls[0].Step != "relance-1" {
		t.Errorf("ActionLines: %+v", ls)
	}
}

func TestSampleData(t *testing.T) {
	for _, lang := range Langs {
		d := SampleData(lang)
		if d.Penalties == nil || d.Penalties.Indemnity != 12000 || d.Penalties.Interest <= 0 {
			t.Errorf("%s: penalties %+v", lang, d.Penalties)
		}
		if d.Total != 639456 || d.Deadline != civil.D(2026, time.May, 20) || d.Consumer() {
			t.Errorf("%s: total %d, deadline %s", lang, d.Total, d.Deadline)
		}
		c := SampleConsumerData(lang)
		if !c.Consumer() || c.Penalties != nil {
			t.Errorf("%s: consumer sample %+v", lang, c.Customer)
		}
	}
	// Callers may change what they get without changing the next sample.
	SampleData("fr").Invoices[0].Open = 1
	if SampleData("fr").Invoices[0].Open == 1 {
		t.Error("SampleData shares its invoices between calls")
	}
}
