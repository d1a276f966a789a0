package sqlstore

import (
	"encoding/json"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
)

// A detail decoded once is answered from memory, as decoded, and what a caller does with the
// invoices it gets does not change what the next caller reads.
func TestAnActionDetailIsDecodedOnceAndNeverShared(t *testing.T) {
	want := dunning.Action{Key: "customer/1/2026-11-23/call", Currency: "EUR", DaysLate: 24, InvoiceNumbers: []string{"F1"},
		Invoices: []dunning.ActionInvoice{{ID: 7, Number: "F1", DueDate: civil.MustParse("2026-10-30")}}}
	b, _ := json.Marshal(want)
	scan := func() dunning.Action {
		var r fakeRow
		r.detail = string(b)
		rec, err := scanAction(&r)
		if err != nil {
			t.Fatal(err)
		}
		return rec.Action
	}
	first := scan()
	if _, ok := details.m[string(b)]; !ok {
		t.Fatal("the decoded detail was not kept")
	}
	first.Invoices[0].Number, first.InvoiceNumbers[0] = "changed", "changed"
	second := scan()
	if second.Invoices[0].Number != "F1" || second.InvoiceNumbers[0] != "F1" || second.DaysLate != 24 || second.Currency != "EUR" {
		t.Errorf("second read = %+v, want the detail as written", second)
	}
}

// fakeRow scans an action row whose detail (the 19th of ActionColumns) is set.
type fakeRow struct{ detail string }

func (r *fakeRow) Scan(dest ...any) error {
	*(dest[18].(*string)) = r.detail
	return nil
}
