package app_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// openOf reads an invoice's open balance afresh.
func openOf(t *testing.T, db store.Store, co receivable.Company, inv receivable.Invoice) money.Cents {
	t.Helper()
	got, err := db.Invoice(context.Background(), co.ID, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.Open()
}

func TestAPaymentGoesToTheNamedInvoicesOldestFirstAndTheRestOnAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		f1 := storetest.Invoice(t, db, cu, "F1", "2026-10-01", "500.00")
		f2 := storetest.Invoice(t, db, cu, "F2", "2026-09-01", "300.00")
		f3 := storetest.Invoice(t, db, cu, "F3", "2026-08-01", "200.00")
		paid := day.AddDays(-2)
		res, err := a.RecordPayment(ctx, co, app.PaymentParams{CustomerRef: "C1", Date: paid, Amount: money.MustParse("1000.00"),
			Method: "chèque", Reference: "n° 1234567", InvoiceNumbers: []string{"F1", "F2"}}, "claire")
		if err != nil {
			t.Fatal(err)
		}
		want := []app.PaymentAllocation{{InvoiceNumber: "F2", Amount: money.MustParse("300.00")}, {InvoiceNumber: "F1", Amount: money.MustParse("500.00")}}
		if !slices.Equal(res.Allocations, want) || res.OnAccount != money.MustParse("200.00") {
			t.Fatalf("allocations %+v, on account %s", res.Allocations, res.OnAccount)
		}
		for inv, open := range map[receivable.Invoice]string{f1: "0", f2: "0", f3: "200.00"} {
			if got := openOf(t, db, co, inv); got != money.MustParse(open) {
				t.Errorf("%s open %s, want %s", inv.Number, got, open)
			}
		}
		pays, _ := db.ListPayments(ctx, store.PaymentQuery{CompanyID: co.ID, CustomerID: cu.ID})
		if len(pays) != 1 || pays[0].Allocated != money.MustParse("800.00") || pays[0].Source != "manual" ||
			!strings.HasPrefix(pays[0].ExternalID, "manual:") || pays[0].Method != "chèque" || pays[0].Date != paid {
			t.Fatalf("payments = %+v", pays)
		}
		// Interest stops the day the money came: the allocations carry the payment's date.
		allocs, _ := db.ListAllocations(ctx, store.InvoiceScope{CompanyID: co.ID, CustomerID: cu.ID})
		for _, al := range allocs {
			if al.Date != paid || al.PaymentID != pays[0].ID {
				t.Errorf("allocation %+v", al)
			}
		}
		evs, _ := db.Events(ctx, co.ID, cu.ID, 1)
		if len(evs) != 1 || evs[0].Kind != "payment" || evs[0].Actor != "claire" || !strings.Contains(evs[0].Summary, "F2") ||
			!strings.Contains(evs[0].Summary, "au crédit du compte") {
			t.Errorf("timeline = %+v", evs)
		}
	})
}

func TestAPaymentWithoutInvoicesPaysTheOldestOpenOnes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		f1 := storetest.Invoice(t, db, cu, "F1", "2026-10-01", "500.00")
		f2 := storetest.Invoice(t, db, cu, "F2", "2026-09-01", "300.00")
		res, err := a.RecordPayment(ctx, co, app.PaymentParams{CustomerRef: "C1", Amount: money.MustParse("400.00")}, "claire")
		if err != nil {
			t.Fatal(err)
		}
		if res.OnAccount != 0 || res.Payment.Date != day || len(res.Allocations) != 2 {
			t.Fatalf("result = %+v", res)
		}
		if openOf(t, db, co, f2) != 0 || openOf(t, db, co, f1) != money.MustParse("400.00") {
			t.Errorf("open F1 %s, F2 %s", openOf(t, db, co, f1), openOf(t, db, co, f2))
		}
	})
}

func TestARefusedPaymentRecordsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		other := storetest.Customer(t, db, co.ID, "C2")
		storetest.Invoice(t, db, cu, "F1", "2026-10-01", "500.00")
		paidInv := storetest.Invoice(t, db, cu, "F2", "2026-09-01", "300.00")
		storetest.Pay(t, db, paidInv, "2026-09-01", "300.00")
		storetest.Invoice(t, db, other, "G1", "2026-10-01", "100.00")
		for name, c := range map[string]struct {
			p     app.PaymentParams
			field string
		}{
			"no amount":          {app.PaymentParams{CustomerRef: "C1"}, "amount"},
			"negative":           {app.PaymentParams{CustomerRef: "C1", Amount: -100}, "amount"},
			"in the future":      {app.PaymentParams{CustomerRef: "C1", Amount: 100, Date: day.AddDays(1)}, "date"},
			"another's invoice":  {app.PaymentParams{CustomerRef: "C1", Amount: 100, InvoiceNumbers: []string{"G1"}}, "invoice"},
			"a settled invoice":  {app.PaymentParams{CustomerRef: "C1", Amount: 100, InvoiceNumbers: []string{"F2"}}, "invoice"},
			"an invoice twice":   {app.PaymentParams{CustomerRef: "C1", Amount: 100, InvoiceNumbers: []string{"F1", "F1"}}, "invoice"},
			"no customer at all": {app.PaymentParams{Amount: 100}, "customer"},
		} {
			_, err := a.RecordPayment(ctx, co, c.p, "claire")
			var ie *app.InputError
			if !errors.As(err, &ie) || ie.Field != c.field {
				t.Errorf("%s: %v, want an input error on %s", name, err, c.field)
			}
		}
		if _, err := a.RecordPayment(ctx, co, app.PaymentParams{CustomerRef: "NOPE", Amount: 100}, "claire"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown customer: %v", err)
		}
		pays, _ := db.ListPayments(ctx, store.PaymentQuery{CompanyID: co.ID, CustomerID: cu.ID})
		if len(pays) != 1 { // the fixture's payment of F2
			t.Errorf("payments recorded: %+v", pays)
		}
		if evs, _ := db.Events(ctx, co.ID, cu.ID, 0); len(evs) != 0 {
			t.Errorf("timeline: %+v", evs)
		}
	})
}
