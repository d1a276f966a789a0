package storetest

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// RunMatching is the conformance suite of store.MatchQueries: matching proposals and their
// decisions, the undo of allocations, the lookups of the file imports and the exports.
func RunMatching(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		f    func(t *testing.T, s store.Store)
	}{
		{"APaymentHasOneProposalReadWithItsPayment", testProposals},
		{"AProposalIsDecidedOnceEvenConcurrently", testDecideOnce},
		{"RemoveAllocationsTouchesOnlyTheListedOnesOfThePayment", testRemoveAllocations},
		{"PaymentCustomerIsSetAndClearedWithinTheCompany", testPaymentCustomer},
		{"OpenItemsAreOpenInvoicesWithTheirCustomer", testOpenItems},
		{"FileImportLookups", testFileImportLookups},
		{"ExportsStreamEveryRowWithItsDetails", testExports},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.f(t, open(t)) })
	}
}

// bankPayment records a payment without a customer, as a bank statement import does.
func bankPayment(t *testing.T, s store.Queries, companyID int64, ext, date, amount string) receivable.Payment {
	t.Helper()
	p := receivable.Payment{CompanyID: companyID, Date: civil.MustParse(date), Amount: money.MustParse(amount),
		Reference: "VIR " + ext, PayerName: "Payer " + ext, Source: "camt053", ExternalID: ext}
	if err := s.CreatePayment(ctx, &p); err != nil {
		t.Fatalf("create payment: %v", err)
	}
	return p
}

func testProposals(t *testing.T, s store.Store) {
	co, other := Company(t, s, "a"), Company(t, s, "b")
	cu := Customer(t, s, co.ID, "C1")
	inv := Invoice(t, s, cu, "F1", "2026-10-31", "120.00")
	pay := bankPayment(t, s, co.ID, "bank:1", "2026-11-20", "150.00")
	p := store.Proposal{CompanyID: co.ID, PaymentID: pay.ID, CustomerID: cu.ID,
		Allocations: []store.ProposedAllocation{{InvoiceID: inv.ID, Number: "F1", Amount: money.MustParse("120.00")}},
		Unallocated: money.MustParse("30.00"), Confidence: 72, Reasons: []string{"invoice number F1 in the remittance"}}
	if err := s.CreateProposal(ctx, &p); err != nil || p.ID == 0 || p.Status != store.ProposalPending {
		t.Fatalf("CreateProposal: %+v, %v", p, err)
	}
	again := p
	if err := s.CreateProposal(ctx, &again); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second proposal for the payment: %v, want ErrConflict", err)
	}
	got, err := s.Proposal(ctx, co.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.CustomerRef != "C1" || got.CustomerName != "Client C1" || got.Payment.Amount != pay.Amount ||
		got.Payment.Reference != "VIR bank:1" || got.Payment.Date != pay.Date || got.Total() != money.MustParse("120.00") ||
		got.Unallocated != money.MustParse("30.00") || got.Confidence != 72 || len(got.Reasons) != 1 ||
		got.Allocations[0].Number != "F1" || got.Status != store.ProposalPending || !got.DecidedAt.IsZero() || len(got.AllocationIDs) != 0 {
		t.Errorf("Proposal = %+v", got)
	}
	if _, err := s.Proposal(ctx, other.ID, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another company's proposal: %v", err)
	}
	foreign := store.Proposal{CompanyID: other.ID, PaymentID: pay.ID, Confidence: 50}
	if err := s.CreateProposal(ctx, &foreign); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a proposal for another company's payment: %v, want ErrNotFound", err)
	}
	// A proposal without a customer (a payer nobody recognised) is listed too.
	pay2 := bankPayment(t, s, co.ID, "bank:2", "2026-11-21", "10.00")
	auto := store.Proposal{CompanyID: co.ID, PaymentID: pay2.ID, Confidence: 95, Status: store.ProposalAuto,
		DecidedBy: "matching", DecidedAt: time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC), AllocationIDs: []int64{7}, CustomerSet: true}
	if err := s.CreateProposal(ctx, &auto); err != nil {
		t.Fatal(err)
	}
	all, err := s.ListProposals(ctx, store.ProposalQuery{CompanyID: co.ID})
	if err != nil || len(all) != 2 || all[0].ID != auto.ID || all[0].CustomerRef != "" || !slices.Equal(all[0].AllocationIDs, []int64{7}) ||
		all[0].DecidedAt.IsZero() || all[0].DecidedBy != "matching" || !all[0].CustomerSet || all[1].CustomerSet {
		t.Fatalf("ListProposals = %+v, %v", all, err)
	}
	pending, _ := s.ListProposals(ctx, store.ProposalQuery{CompanyID: co.ID, Status: store.ProposalPending})
	byCustomer, _ := s.ListProposals(ctx, store.ProposalQuery{CompanyID: co.ID, CustomerID: cu.ID})
	byPayment, _ := s.ListProposals(ctx, store.ProposalQuery{CompanyID: co.ID, PaymentID: pay2.ID})
	none, _ := s.ListProposals(ctx, store.ProposalQuery{CompanyID: other.ID})
	if len(pending) != 1 || pending[0].ID != p.ID || len(byCustomer) != 1 || len(byPayment) != 1 || byPayment[0].ID != auto.ID || len(none) != 0 {
		t.Errorf("filters: pending %d, by customer %d, by payment %d, other company %d", len(pending), len(byCustomer), len(byPayment), len(none))
	}
	if page, _ := s.ListProposals(ctx, store.ProposalQuery{CompanyID: co.ID, Limit: 1, Offset: 1}); len(page) != 1 || page[0].ID != p.ID {
		t.Errorf("second page = %+v", page)
	}
}

func testDecideOnce(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	pay := bankPayment(t, s, co.ID, "bank:1", "2026-11-20", "150.00")
	p := store.Proposal{CompanyID: co.ID, PaymentID: pay.ID, Confidence: 60}
	if err := s.CreateProposal(ctx, &p); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	// Several deciders at once: exactly one moves the proposal out of pending.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var won, conflicts int
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.InTx(ctx, func(q store.Queries) error {
				return q.DecideProposal(ctx, store.ProposalDecision{CompanyID: co.ID, ID: p.ID, From: []store.ProposalStatus{store.ProposalPending},
					To: store.ProposalAccepted, By: "collector", At: at, AllocationIDs: []int64{int64(i + 1)}, CustomerSet: true})
			})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case errors.Is(err, store.ErrConflict):
				conflicts++
			default:
				t.Errorf("decide: %v", err)
			}
		}()
	}
	wg.Wait()
	if won != 1 || conflicts != 5 {
		t.Fatalf("%d decisions went through, %d conflicts; want 1 and 5", won, conflicts)
	}
	got, _ := s.Proposal(ctx, co.ID, p.ID)
	if got.Status != store.ProposalAccepted || got.DecidedBy != "collector" || !got.DecidedAt.Equal(at) || len(got.AllocationIDs) != 1 || !got.CustomerSet {
		t.Errorf("after the decision: %+v", got)
	}
	// Back to pending from accepted or auto (an undo), and a decision from a wrong status.
	undo := store.ProposalDecision{CompanyID: co.ID, ID: p.ID, From: []store.ProposalStatus{store.ProposalAccepted, store.ProposalAuto},
		To: store.ProposalPending, By: "collector", At: at}
	if err := s.DecideProposal(ctx, undo); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideProposal(ctx, undo); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second undo: %v, want ErrConflict", err)
	}
	if got, _ := s.Proposal(ctx, co.ID, p.ID); got.Status != store.ProposalPending || len(got.AllocationIDs) != 0 || got.CustomerSet {
		t.Errorf("after the undo: %+v", got)
	}
	undo.CompanyID = Company(t, s, "b").ID
	if err := s.DecideProposal(ctx, undo); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another company's proposal: %v, want ErrNotFound", err)
	}
}

func testRemoveAllocations(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	f1 := Invoice(t, s, cu, "F1", "2026-10-31", "100.00")
	f2 := Invoice(t, s, cu, "F2", "2026-10-31", "100.00")
	pay := bankPayment(t, s, co.ID, "bank:1", "2026-11-20", "150.00")
	pay2 := bankPayment(t, s, co.ID, "bank:2", "2026-11-20", "20.00")
	alloc := func(inv receivable.Invoice, p receivable.Payment, amount string) receivable.Allocation {
		a := receivable.Allocation{CompanyID: co.ID, InvoiceID: inv.ID, PaymentID: p.ID, Amount: money.MustParse(amount), Date: p.Date}
		if err := s.Allocate(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	a1, a2, other := alloc(f1, pay, "100.00"), alloc(f2, pay, "50.00"), alloc(f2, pay2, "20.00")
	// The other payment's allocation is listed but not removed: it is not pay's.
	n, err := s.RemoveAllocations(ctx, co.ID, pay.ID, []int64{a1.ID, other.ID})
	if err != nil || n != 1 {
		t.Fatalf("RemoveAllocations = %d, %v; want 1", n, err)
	}
	if n, _ := s.RemoveAllocations(ctx, co.ID, pay.ID, []int64{a1.ID}); n != 0 {
		t.Errorf("removing again removed %d", n)
	}
	got1, _ := s.Invoice(ctx, co.ID, f1.ID)
	got2, _ := s.Invoice(ctx, co.ID, f2.ID)
	p, err := s.Payment(ctx, co.ID, pay.ID)
	if err != nil || got1.Allocated != 0 || got2.Allocated != money.MustParse("70.00") || p.Allocated != a2.Amount || p.Unallocated() != money.MustParse("100.00") {
		t.Errorf("after the removal: F1 %v, F2 %v, payment %+v %v", got1.Allocated, got2.Allocated, p, err)
	}
	if n, _ := s.RemoveAllocations(ctx, Company(t, s, "b").ID, pay.ID, []int64{a2.ID}); n != 0 {
		t.Errorf("another company removed %d allocations", n)
	}
	if _, err := s.Payment(ctx, co.ID, 999999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing payment: %v", err)
	}
}

func testPaymentCustomer(t *testing.T, s store.Store) {
	co, other := Company(t, s, "a"), Company(t, s, "b")
	cu := Customer(t, s, co.ID, "C1")
	foreign := Customer(t, s, other.ID, "X1")
	pay := bankPayment(t, s, co.ID, "bank:1", "2026-11-20", "150.00")
	if err := s.SetPaymentCustomer(ctx, co.ID, pay.ID, cu.ID); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Payment(ctx, co.ID, pay.ID); p.CustomerID != cu.ID {
		t.Errorf("customer = %d", p.CustomerID)
	}
	if err := s.SetPaymentCustomer(ctx, co.ID, pay.ID, foreign.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another company's customer: %v, want ErrNotFound", err)
	}
	if err := s.SetPaymentCustomer(ctx, co.ID, pay.ID, 0); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Payment(ctx, co.ID, pay.ID); p.CustomerID != 0 {
		t.Errorf("cleared customer = %d", p.CustomerID)
	}
	if err := s.SetPaymentCustomer(ctx, other.ID, pay.ID, foreign.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another company's payment: %v, want ErrNotFound", err)
	}
}

func testOpenItems(t *testing.T, s store.Store) {
	co, other := Company(t, s, "a"), Company(t, s, "b")
	cu := Customer(t, s, co.ID, "C1")
	Invoice(t, s, cu, "F2", "2026-10-31", "100.00")
	paid := Invoice(t, s, cu, "F1", "2026-09-30", "50.00")
	Pay(t, s, paid, "2026-10-01", "50.00")
	part := Invoice(t, s, cu, "F0", "2026-08-31", "80.00")
	Pay(t, s, part, "2026-09-01", "30.00")
	cn := receivable.Invoice{CompanyID: co.ID, CustomerID: cu.ID, Kind: receivable.KindCreditNote, Number: "AV1",
		IssueDate: civil.MustParse("2026-10-01"), DueDate: civil.MustParse("2026-10-01"), Amount: money.MustParse("10.00")}
	if err := s.CreateInvoice(ctx, &cn); err != nil {
		t.Fatal(err)
	}
	Invoice(t, s, Customer(t, s, other.ID, "X1"), "X-1", "2026-10-31", "999.00")
	items, err := s.OpenItems(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.Invoice.Number+" "+it.Invoice.Open().String()+" "+it.Invoice.CustomerRef+" "+it.CustomerName)
	}
	want := []string{"F0 50.00 C1 Client C1", "F2 100.00 C1 Client C1"}
	if !slices.Equal(got, want) {
		t.Errorf("OpenItems = %q, want %q", got, want)
	}
}

func testFileImportLookups(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	if _, err := s.CustomerBySIREN(ctx, co.ID, "123456789"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("no customer with the SIREN: %v", err)
	}
	if _, err := s.CustomerBySIREN(ctx, co.ID, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("empty SIREN: %v", err)
	}
	cu.SIREN = "123456789"
	if err := s.UpdateCustomer(ctx, cu); err != nil {
		t.Fatal(err)
	}
	if got, err := s.CustomerBySIREN(ctx, co.ID, "123456789"); err != nil || got.ID != cu.ID {
		t.Errorf("CustomerBySIREN = %+v, %v", got, err)
	}
	twin := receivable.Customer{CompanyID: co.ID, Ref: "C2", Name: "Twin", SIREN: "123456789"}
	if err := s.CreateCustomer(ctx, &twin); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CustomerBySIREN(ctx, co.ID, "123456789"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("two customers with the SIREN: %v, want ErrConflict", err)
	}

	inv := Invoice(t, s, cu, "F1", "2026-10-31", "100.00")
	if err := s.SetInvoiceDocument(ctx, co.ID, inv.ID, "document:42"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Invoice(ctx, co.ID, inv.ID); got.Document != "document:42" {
		t.Errorf("document = %q", got.Document)
	}
	if err := s.SetInvoiceDocument(ctx, Company(t, s, "b").ID, inv.ID, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another company's invoice: %v", err)
	}

	pay := Pay(t, s, inv, "2026-11-02", "60.00")
	got, err := s.PaymentByExternalID(ctx, co.ID, pay.ExternalID)
	if err != nil || got.ID != pay.ID || got.Allocated != money.MustParse("60.00") {
		t.Errorf("PaymentByExternalID = %+v, %v", got, err)
	}
	if _, err := s.PaymentByExternalID(ctx, co.ID, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown external id: %v", err)
	}
	cn := receivable.Invoice{CompanyID: co.ID, CustomerID: cu.ID, Kind: receivable.KindCreditNote, Number: "AV1",
		IssueDate: civil.MustParse("2026-10-01"), DueDate: civil.MustParse("2026-10-01"), Amount: money.MustParse("10.00")}
	if err := s.CreateInvoice(ctx, &cn); err != nil {
		t.Fatal(err)
	}
	ca := receivable.Allocation{CompanyID: co.ID, InvoiceID: inv.ID, CreditNoteID: cn.ID, Amount: money.MustParse("10.00"), Date: cn.IssueDate}
	if err := s.Allocate(ctx, &ca); err != nil {
		t.Fatal(err)
	}
	pa, err := s.PaymentAllocations(ctx, co.ID, pay.ID, false)
	if err != nil || len(pa) != 1 || pa[0].InvoiceID != inv.ID || pa[0].PaymentID != pay.ID || pa[0].Amount != money.MustParse("60.00") {
		t.Errorf("payment allocations = %+v, %v", pa, err)
	}
	na, err := s.PaymentAllocations(ctx, co.ID, cn.ID, true)
	if err != nil || len(na) != 1 || na[0].CreditNoteID != cn.ID || na[0].PaymentID != 0 || na[0].Date != cn.IssueDate {
		t.Errorf("credit note allocations = %+v, %v", na, err)
	}
}

func testExports(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	c2, c1 := Customer(t, s, co.ID, "C2"), Customer(t, s, co.ID, "C1")
	for _, ct := range []receivable.Contact{
		{CompanyID: co.ID, CustomerID: c1.ID, Name: "Accueil", Email: ""},
		{CompanyID: co.ID, CustomerID: c1.ID, Name: "Compta", Email: "compta@c1.example", Phone: "01 02 03 04 05"},
	} {
		if err := s.AddContact(ctx, &ct); err != nil {
			t.Fatal(err)
		}
	}
	f1 := Invoice(t, s, c1, "F1", "2026-10-31", "100.00")
	Invoice(t, s, c2, "F2", "2026-09-30", "40.00")
	f3 := Invoice(t, s, c1, "F3", "2026-11-30", "10.00")
	Pay(t, s, f1, "2026-11-02", "60.00")
	Pay(t, s, f3, "2026-11-03", "10.00")
	bankPayment(t, s, co.ID, "bank:9", "2026-11-04", "5.00")
	Invoice(t, s, Customer(t, s, Company(t, s, "b").ID, "X"), "X1", "2026-10-31", "1.00")

	var customers []string
	if err := s.EachCustomer(ctx, co.ID, func(e store.CustomerExport) error {
		customers = append(customers, e.Ref+"|"+e.ContactName+"|"+e.ContactEmail+"|"+e.ContactPhone+"|"+e.Open.String())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{"C1|Compta|compta@c1.example|01 02 03 04 05|40.00", "C2||||40.00"}
	if !slices.Equal(customers, want) {
		t.Errorf("customers = %q, want %q", customers, want)
	}
	var invoices []string
	if err := s.EachInvoice(ctx, co.ID, func(e store.InvoiceExport) error {
		invoices = append(invoices, e.Number+"|"+e.CustomerRef+"|"+e.CustomerName+"|"+e.Open().String())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// By issue date: F2 (due 09-30), F1, F3.
	if want := []string{"F2|C2|Client C2|40.00", "F1|C1|Client C1|40.00", "F3|C1|Client C1|0.00"}; !slices.Equal(invoices, want) {
		t.Errorf("invoices = %q, want %q", invoices, want)
	}
	var payments []string
	if err := s.EachPayment(ctx, co.ID, func(e store.PaymentExport) error {
		payments = append(payments, e.Date.String()+"|"+e.CustomerRef+"|"+e.Amount.String()+"|"+e.Unallocated().String()+"|"+
			strings.Join(e.Invoices, " "))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"2026-11-02|C1|60.00|0.00|F1", "2026-11-03|C1|10.00|0.00|F3", "2026-11-04||5.00|5.00|"}; !slices.Equal(payments, want) {
		t.Errorf("payments = %q, want %q", payments, want)
	}
	stop := errors.New("stop")
	n := 0
	if err := s.EachInvoice(ctx, co.ID, func(store.InvoiceExport) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("a callback's error did not stop the walk: %v after %d rows", err, n)
	}
}
