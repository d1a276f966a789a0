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
		want := []app.PaymentAllocation{{InvoiceID: f2.ID, InvoiceNumber: "F2", Amount: money.MustParse("300.00")},
			{InvoiceID: f1.ID, InvoiceNumber: "F1", Amount: money.MustParse("500.00")}}
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

func TestAPaymentAppliesTheAmountsGivenForEachInvoice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		f1 := storetest.Invoice(t, db, cu, "F1", "2026-08-01", "500.00")
		f2 := storetest.Invoice(t, db, cu, "F2", "2026-10-01", "300.00")
		f3 := storetest.Invoice(t, db, cu, "F3", "2026-09-01", "200.00")
		// A remittance advice pays part of the newest invoice and all of F1, in its own order,
		// leaving the oldest-first rule aside; what it does not apply stays on the account.
		res, err := a.RecordPayment(ctx, co, app.PaymentParams{CustomerRef: "C1", Amount: money.MustParse("700.00"), Method: "virement",
			PayerName: "SARL CLIENT C1", ExternalID: "bank-0001", Source: "api",
			Allocations: []app.InvoiceAmount{{InvoiceNumber: "F2", Amount: money.MustParse("120.00")}, {InvoiceNumber: "F1", Amount: money.MustParse("500.00")}}}, "api")
		if err != nil {
			t.Fatal(err)
		}
		want := []app.PaymentAllocation{{InvoiceID: f2.ID, InvoiceNumber: "F2", Amount: money.MustParse("120.00"), Open: money.MustParse("180.00")},
			{InvoiceID: f1.ID, InvoiceNumber: "F1", Amount: money.MustParse("500.00"), Open: 0}}
		if !slices.Equal(res.Allocations, want) || res.OnAccount != money.MustParse("80.00") {
			t.Fatalf("allocations %+v, on account %s", res.Allocations, res.OnAccount)
		}
		for inv, open := range map[receivable.Invoice]string{f1: "0", f2: "180.00", f3: "200.00"} {
			if got := openOf(t, db, co, inv); got != money.MustParse(open) {
				t.Errorf("%s open %s, want %s", inv.Number, got, open)
			}
		}
		pays, _ := db.ListPayments(ctx, store.PaymentQuery{CompanyID: co.ID, CustomerID: cu.ID})
		if len(pays) != 1 || pays[0].ExternalID != "bank-0001" || pays[0].Source != "api" || pays[0].PayerName != "SARL CLIENT C1" ||
			pays[0].Allocated != money.MustParse("620.00") || pays[0].Currency != "EUR" || pays[0].ID != res.Payment.ID {
			t.Fatalf("payments = %+v", pays)
		}
		evs, _ := db.Events(ctx, co.ID, cu.ID, 1)
		if len(evs) != 1 || evs[0].Kind != "payment" || !strings.Contains(evs[0].Summary, "F2") || !strings.Contains(evs[0].Summary, "80,00") {
			t.Errorf("timeline = %+v", evs)
		}
	})
}

func TestAPaymentIsRecordedOncePerExternalID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		f1 := storetest.Invoice(t, db, cu, "F1", "2026-08-01", "500.00")
		storetest.Invoice(t, db, cu, "F2", "2026-09-01", "300.00")
		p := app.PaymentParams{CustomerRef: "C1", Amount: money.MustParse("500.00"), ExternalID: "bank-0002",
			Allocations: []app.InvoiceAmount{{InvoiceNumber: "F1", Amount: money.MustParse("500.00")}}}
		if _, err := a.RecordPayment(ctx, co, p, "api"); err != nil {
			t.Fatal(err)
		}
		// The retry finds F1 paid by its first attempt: it is still the same payment, a
		// conflict, and not a refused allocation the client might "fix" into a second one.
		for _, retry := range []app.PaymentParams{p, {CustomerRef: "C1", Amount: money.MustParse("500.00"), ExternalID: "bank-0002"}} {
			_, err := a.RecordPayment(ctx, co, retry, "api")
			var ie *app.InputError
			if !errors.Is(err, store.ErrConflict) || errors.As(err, &ie) || !strings.Contains(err.Error(), "bank-0002") {
				t.Errorf("retry: %v, want a conflict naming the external id", err)
			}
		}
		pays, _ := db.ListPayments(ctx, store.PaymentQuery{CompanyID: co.ID, CustomerID: cu.ID})
		if len(pays) != 1 || openOf(t, db, co, f1) != 0 {
			t.Errorf("payments = %+v", pays)
		}
		if evs, _ := db.Events(ctx, co.ID, cu.ID, 0); len(evs) != 1 {
			t.Errorf("timeline: %+v", evs)
		}
		// Without an external id, two equal payments are two payments: a cheque a week.
		for range 2 {
			if _, err := a.RecordPayment(ctx, co, app.PaymentParams{CustomerRef: "C1", Amount: 100, Unallocated: true}, "claire"); err != nil {
				t.Fatal(err)
			}
		}
		if pays, _ := db.ListPayments(ctx, store.PaymentQuery{CompanyID: co.ID, CustomerID: cu.ID}); len(pays) != 3 {
			t.Errorf("%d payments, want 3", len(pays))
		}
	})
}

func TestAPaymentLeftUnallocated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		f1 := storetest.Invoice(t, db, cu, "F1", "2026-08-01", "500.00")
		res, err := a.RecordPayment(ctx, co, app.PaymentParams{CustomerRef: "C1", Amount: money.MustParse("50.00"), Unallocated: true}, "claire")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Allocations) != 0 || res.OnAccount != money.MustParse("50.00") || openOf(t, db, co, f1) != money.MustParse("500.00") {
			t.Errorf("on account: %+v", res)
		}
		evs, _ := db.Events(ctx, co.ID, cu.ID, 0)
		if len(evs) != 1 || !strings.Contains(evs[0].Summary, "au crédit du compte") {
			t.Errorf("timeline = %+v", evs)
		}
		// Money whose payer is not known yet: no customer, nothing allocated, waiting to be matched.
		res, err = a.RecordPayment(ctx, co, app.PaymentParams{Amount: money.MustParse("42.00"), PayerName: "SARL INCONNUE", Unallocated: true,
			Date: day.AddDays(-1), Currency: "usd"}, "api")
		if err != nil {
			t.Fatal(err)
		}
		pays, _ := db.ListPayments(ctx, store.PaymentQuery{CompanyID: co.ID, Unallocated: true})
		var found bool
		for _, p := range pays {
			if p.ID == res.Payment.ID {
				found = p.CustomerID == 0 && p.PayerName == "SARL INCONNUE" && p.Currency == "USD" && p.Date == day.AddDays(-1) && p.Allocated == 0
			}
		}
		if !found {
			t.Errorf("the unmatched payment: %+v among %+v", res.Payment, pays)
		}
	})
}

func TestRefusedAllocationsRecordNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		other := storetest.Customer(t, db, co.ID, "C2")
		storetest.Invoice(t, db, cu, "F1", "2026-10-01", "500.00")
		storetest.Invoice(t, db, other, "G1", "2026-10-01", "100.00")
		usd := receivable.Invoice{CompanyID: co.ID, CustomerID: cu.ID, Kind: receivable.KindInvoice, Number: "U1",
			IssueDate: day.AddDays(-40), DueDate: day.AddDays(-10), Amount: 10000, Currency: "USD"}
		if err := db.CreateInvoice(ctx, &usd); err != nil {
			t.Fatal(err)
		}
		alloc := func(n string, amount money.Cents) []app.InvoiceAmount {
			return []app.InvoiceAmount{{InvoiceNumber: n, Amount: amount}}
		}
		for name, c := range map[string]struct {
			p     app.PaymentParams
			field string
		}{
			"beyond what it owes": {app.PaymentParams{CustomerRef: "C1", Amount: 60000, Allocations: alloc("F1", 50001)}, "allocations[0].amount"},
			"more than paid":      {app.PaymentParams{CustomerRef: "C1", Amount: 100, Allocations: alloc("F1", 200)}, "allocations"},
			"zero":                {app.PaymentParams{CustomerRef: "C1", Amount: 100, Allocations: alloc("F1", 0)}, "allocations[0].amount"},
			"no number":           {app.PaymentParams{CustomerRef: "C1", Amount: 100, Allocations: alloc(" ", 100)}, "allocations[0].invoice"},
			"unknown":             {app.PaymentParams{CustomerRef: "C1", Amount: 100, Allocations: alloc("NOPE", 100)}, "allocations[0].invoice"},
			"another's":           {app.PaymentParams{CustomerRef: "C1", Amount: 100, Allocations: alloc("G1", 100)}, "allocations[0].invoice"},
			"another currency":    {app.PaymentParams{CustomerRef: "C1", Amount: 100, Allocations: alloc("U1", 100)}, "allocations[0].invoice"},
			"named twice":         {app.PaymentParams{CustomerRef: "C1", Amount: 100, Allocations: append(alloc("F1", 50), alloc("F1", 50)...)}, "allocations[1].invoice"},
			"and numbers":         {app.PaymentParams{CustomerRef: "C1", Amount: 100, Allocations: alloc("F1", 100), InvoiceNumbers: []string{"F1"}}, "allocations"},
			"and unallocated":     {app.PaymentParams{CustomerRef: "C1", Amount: 100, Allocations: alloc("F1", 100), Unallocated: true}, "allocations"},
			"without a customer":  {app.PaymentParams{Amount: 100, Allocations: alloc("F1", 100)}, "customer"},
			"bad currency":        {app.PaymentParams{CustomerRef: "C1", Amount: 100, Currency: "euro"}, "currency"},
			"named, in USD":       {app.PaymentParams{CustomerRef: "C1", Amount: 100, InvoiceNumbers: []string{"U1"}}, "invoice"},
		} {
			_, err := a.RecordPayment(ctx, co, c.p, "claire")
			var ie *app.InputError
			if !errors.As(err, &ie) || ie.Field != c.field {
				t.Errorf("%s: %v, want an input error on %s", name, err, c.field)
			}
		}
		if pays, _ := db.ListPayments(ctx, store.PaymentQuery{CompanyID: co.ID}); len(pays) != 0 {
			t.Errorf("payments recorded: %+v", pays)
		}
		if evs, _ := db.Events(ctx, co.ID, cu.ID, 0); len(evs) != 0 {
			t.Errorf("timeline: %+v", evs)
		}
		// Without instruction, euros fill the euro invoices only: the dollar invoice stays open.
		res, err := a.RecordPayment(ctx, co, app.PaymentParams{CustomerRef: "C1", Amount: money.MustParse("600.00")}, "claire")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Allocations) != 1 || res.Allocations[0].InvoiceNumber != "F1" || res.OnAccount != money.MustParse("100.00") || openOf(t, db, co, usd) != 10000 {
			t.Errorf("result %+v", res)
		}
	})
}
