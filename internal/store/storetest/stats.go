package storetest

import (
	"fmt"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// RunStats is the conformance suite of store.StatsQueries. open returns a new, empty store for
// each subtest.
func RunStats(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		f    func(t *testing.T, s store.Store)
	}{
		{"PaymentStatsCountInvoicesSettledInThePeriodAndTheirDaysLate", testStatsSettled},
		{"PaymentStatsCountPromisesDisputesAndRejectedDebitsInThePeriod", testStatsCommitments},
		{"PaymentStatsRecogniseDirectDebitsWhateverTheSpelling", testStatsDirectDebit},
		{"PaymentStatsCountInvoicesOpenMoreThan60DaysPastDue", testStatsLongOverdue},
		{"PaymentStatsMarkPublicBodiesAndLeaveOutQuietCustomers", testStatsPublic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.f(t, open(t)) })
	}
}

// The period of the stats tests: the twelve months up to 23 November 2026.
var (
	statsFrom = civil.MustParse("2025-11-24")
	statsDay  = civil.MustParse("2026-11-23")
)

// payWith records a payment with its method and allocates it to inv.
func payWith(t *testing.T, s store.Queries, inv receivable.Invoice, date, amount, method string) {
	t.Helper()
	p := receivable.Payment{CompanyID: inv.CompanyID, CustomerID: inv.CustomerID, Date: civil.MustParse(date),
		Amount: money.MustParse(amount), Method: method, ExternalID: fmt.Sprintf("stats-%s-%s-%s", inv.Number, date, amount)}
	if err := s.CreatePayment(ctx, &p); err != nil {
		t.Fatalf("create payment: %v", err)
	}
	a := receivable.Allocation{CompanyID: inv.CompanyID, InvoiceID: inv.ID, PaymentID: p.ID, Amount: p.Amount, Date: p.Date}
	if err := s.Allocate(ctx, &a); err != nil {
		t.Fatalf("allocate: %v", err)
	}
}

func stats(t *testing.T, s store.Store, companyID int64) map[int64]dunning.PaymentStats {
	t.Helper()
	got, err := s.PaymentStats(ctx, companyID, statsFrom, statsDay)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func testStatsSettled(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	// Paid a day early: on time.
	Pay(t, s, Invoice(t, s, cu, "F1", "2026-01-31", "100.00"), "2026-01-30", "100.00")
	// Paid in two parts, the last 20 days late: settled on the last one.
	f2 := Invoice(t, s, cu, "F2", "2026-03-31", "300.00")
	Pay(t, s, f2, "2026-03-31", "100.00")
	Pay(t, s, f2, "2026-04-20", "200.00")
	// Paid 31 days late.
	Pay(t, s, Invoice(t, s, cu, "F3", "2026-05-31", "50.00"), "2026-07-01", "50.00")
	// Settled before the period: not counted. Due before the period and settled in it:
	// counted, 40 days late.
	Pay(t, s, Invoice(t, s, cu, "F4", "2025-10-01", "10.00"), "2025-11-20", "10.00")
	Pay(t, s, Invoice(t, s, cu, "F5", "2025-10-20", "10.00"), "2025-11-29", "10.00")
	// Partly paid, and paid after the day: still open, not counted.
	Pay(t, s, Invoice(t, s, cu, "F6", "2026-09-30", "80.00"), "2026-10-05", "30.00")
	Pay(t, s, Invoice(t, s, cu, "F7", "2026-10-31", "80.00"), "2026-11-30", "80.00")
	// A credit note settles an invoice as a payment does.
	f8 := Invoice(t, s, cu, "F8", "2026-06-30", "40.00")
	note := receivable.Invoice{CompanyID: co.ID, CustomerID: cu.ID, Kind: receivable.KindCreditNote, Number: "AV1",
		IssueDate: civil.MustParse("2026-06-20"), DueDate: civil.MustParse("2026-06-20"), Amount: money.MustParse("40.00")}
	if err := s.CreateInvoice(ctx, &note); err != nil {
		t.Fatal(err)
	}
	if err := s.Allocate(ctx, &receivable.Allocation{CompanyID: co.ID, InvoiceID: f8.ID, CreditNoteID: note.ID, Amount: note.Amount, Date: note.IssueDate}); err != nil {
		t.Fatal(err)
	}

	got := stats(t, s, co.ID)[cu.ID]
	// F1 (0), F2 (20), F3 (31), F5 (40), F8 (0): 91 days over 5 invoices, 18.2 rounds to 18.
	// Payments in the period: F1, F2 twice, F3, F5 and F6; not F4's nor F7's, outside it.
	want := dunning.PaymentStats{InvoicesPaid: 5, PaidLate: 3, AvgDaysLate: 18, Payments: 6}
	if got != want {
		t.Errorf("stats = %+v\nwant    %+v", got, want)
	}
	other := Company(t, s, "b")
	if got := stats(t, s, other.ID); len(got) != 0 {
		t.Errorf("another company sees the customers: %+v", got)
	}
}

func testStatsCommitments(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	f1 := Invoice(t, s, cu, "F1", "2026-05-31", "100.00")
	f2 := Invoice(t, s, cu, "F2", "2026-06-30", "100.00")
	for _, opened := range []string{"2026-06-10", "2026-07-10", "2025-06-01"} { // the last before the period
		d := receivable.Dispute{CompanyID: co.ID, InvoiceID: f1.ID, Opened: civil.MustParse(opened), Reason: "quantité"}
		if err := s.AddDispute(ctx, &d, "test"); err != nil {
			t.Fatal(err)
		}
	}
	var events []dunning.Event
	for i, broken := range []string{"2026-08-01", "2026-09-01", "2025-09-01"} {
		p := receivable.Promise{CompanyID: co.ID, CustomerID: cu.ID, Made: civil.MustParse(broken).AddDays(-20),
			Date: civil.MustParse(broken).AddDays(-5), Amount: money.MustParse("100.00")}
		if err := s.AddPromise(ctx, &p, "test"); err != nil {
			t.Fatal(err)
		}
		events = append(events, dunning.Event{Kind: dunning.EventPromiseBroken, CustomerID: cu.ID, Day: civil.MustParse(broken),
			PromiseID: p.ID, Due: p.Date, Amount: p.Amount, Key: fmt.Sprintf("promise/%d/broken/%d", p.ID, i)})
	}
	// A kept promise is not a broken one.
	kept := receivable.Promise{CompanyID: co.ID, CustomerID: cu.ID, Made: civil.MustParse("2026-10-01"), Date: civil.MustParse("2026-10-10"), Amount: 100}
	if err := s.AddPromise(ctx, &kept, "test"); err != nil {
		t.Fatal(err)
	}
	events = append(events, dunning.Event{Kind: dunning.EventPromiseKept, CustomerID: cu.ID, Day: civil.MustParse("2026-10-09"), PromiseID: kept.ID, Key: "kept"})
	if _, err := s.RecordDecision(ctx, co.ID, 0, dunning.Decision{CustomerID: cu.ID, CustomerRef: cu.Ref, Events: events}, "test"); err != nil {
		t.Fatal(err)
	}
	for _, day := range []string{"2026-07-05", "2026-08-05", "2024-01-05"} {
		if err := s.AddRejectedDebit(ctx, co.ID, f2.ID, civil.MustParse(day), "provision insuffisante"); err != nil {
			t.Fatal(err)
		}
	}
	got := stats(t, s, co.ID)[cu.ID]
	want := dunning.PaymentStats{BrokenPromises: 2, DisputesOpened: 2, RejectedDebits: 2, LongOverdue: 2}
	if got != want {
		t.Errorf("stats = %+v\nwant    %+v", got, want)
	}
}

func testStatsDirectDebit(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	methods := map[string]bool{
		"prélèvement": true, "Prélèvement SEPA": true, "PRELEVEMENT": true, "prelevement sepa b2b": true,
		"LCR": true, "lcr directe": true, "SDD": true, "SEPA Direct Debit": true, "PRLV SEPA ACME": true,
		"virement": false, "chèque": false, "CB": false, "": false, "Virement CLCRX": false,
	}
	i := 0
	want := 0
	for m, dd := range methods {
		// Each payment alone on its day: that day's stats say how its method was read.
		i++
		day := civil.MustParse("2026-06-01").AddDays(i)
		payWith(t, s, Invoice(t, s, cu, fmt.Sprintf("F%02d", i), day.String(), "10.00"), day.String(), "10.00", m)
		one, err := s.PaymentStats(ctx, co.ID, day, day)
		if err != nil {
			t.Fatal(err)
		}
		if got := one[cu.ID]; got.Payments != 1 || (got.DirectDebitPayments == 1) != dd {
			t.Errorf("method %q: %d payment(s), %d by direct debit; want direct debit %v", m, got.Payments, got.DirectDebitPayments, dd)
		}
		if dd {
			want++
		}
	}
	got := stats(t, s, co.ID)[cu.ID]
	if got.Payments != len(methods) || got.DirectDebitPayments != want {
		t.Errorf("payments %d, by direct debit %d; want %d and %d", got.Payments, got.DirectDebitPayments, len(methods), want)
	}
}

func testStatsLongOverdue(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	Invoice(t, s, cu, "F1", statsDay.AddDays(-61).String(), "100.00") // 61 days late: long overdue
	Invoice(t, s, cu, "F2", statsDay.AddDays(-60).String(), "100.00") // exactly 60: not yet
	Invoice(t, s, cu, "F3", "2023-01-31", "100.00")                   // years ago, still open: counted
	// Paid in part: still open, counted; paid after the day: open on the day, counted.
	Pay(t, s, Invoice(t, s, cu, "F4", "2026-01-31", "100.00"), "2026-02-15", "40.00")
	Pay(t, s, Invoice(t, s, cu, "F5", "2026-01-31", "100.00"), "2026-12-01", "100.00")
	// Paid: not counted.
	Pay(t, s, Invoice(t, s, cu, "F6", "2026-01-31", "100.00"), "2026-11-01", "100.00")
	got := stats(t, s, co.ID)[cu.ID].LongOverdue
	if got != 4 {
		t.Errorf("long overdue = %d, want 4 (F1, F3, F4, F5)", got)
	}
}

func testStatsPublic(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	quiet := Customer(t, s, co.ID, "QUIET")
	Invoice(t, s, quiet, "F1", "2026-12-31", "100.00") // not due yet: nothing to count
	mairie := receivable.Customer{CompanyID: co.ID, Ref: "MAIRIE", Name: "Mairie de Lyon", Kind: receivable.Public}
	if err := s.CreateCustomer(ctx, &mairie); err != nil {
		t.Fatal(err)
	}
	got := stats(t, s, co.ID)
	if _, ok := got[quiet.ID]; ok {
		t.Errorf("a customer with nothing to count is in the map: %+v", got[quiet.ID])
	}
	if got[mairie.ID] != (dunning.PaymentStats{Public: true}) {
		t.Errorf("public body = %+v, want Public only", got[mairie.ID])
	}
}
