package storetest

import (
	"context"
	"errors"
	"iter"
	"slices"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// Run is the conformance suite: every store implementation must pass it. open returns a new,
// empty store for each subtest.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		f    func(t *testing.T, s store.Store)
	}{
		{"CompaniesAreUniqueBySlug", testCompanies},
		{"ObjectsOfAnotherCompanyAreNotFound", testCompanyScoping},
		{"ContactsBelongToTheirCustomer", testContacts},
		{"OpenBalanceIsDerivedFromAllocations", testOpenBalance},
		{"AllocationNeverExceedsWhatIsOwed", testOverAllocation},
		{"ImportInvoicesIsIdempotentAndUpdatesChangedRows", testImportInvoices},
		{"ImportInvoicesStoresNothingWhenCheckFails", testImportInvoicesAtomic},
		{"ImportCustomersKeepsFieldsTheFileDoesNotCarry", testImportCustomers},
		{"ImportPaymentsAllocatesOnceAndKeepsTheRestOnAccount", testImportPayments},
		{"ImportPaymentsRefusesUnknownInvoicesAndStoresNothing", testImportPaymentsAtomic},
		{"AgingPutsOpenBalancesInTheirBuckets", testAging},
		{"CustomerListShowsBalancesFiltersAndSorts", testListCustomers},
		{"EventsFormTheCustomerTimeline", testEvents},
	}
	for _, tt := range slices.Concat(outboxTests(), userTests(), dashboardTests(), worklistTests(), searchTests()) {
		tests = append(tests, struct {
			name string
			f    func(t *testing.T, s store.Store)
		}{tt.name, tt.f})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.f(t, open(t)) })
	}
}

var ctx = context.Background()

func testCompanies(t *testing.T, s store.Store) {
	a := Company(t, s, "acme")
	got, err := s.CompanyBySlug(ctx, "acme")
	if err != nil || got.ID != a.ID || got.Currency != "EUR" || got.Address.City != "Paris" {
		t.Fatalf("CompanyBySlug = %+v, %v", got, err)
	}
	got.LegalName, got.PenaltyRate = "ACME SAS", money.Percent(1215)
	if err := s.UpdateCompany(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Company(ctx, a.ID)
	if again.LegalName != "ACME SAS" || again.PenaltyRate != money.Percent(1215) {
		t.Errorf("update lost: %+v", again)
	}
	dup := receivable.Company{Slug: "acme", Name: "other"}
	if err := s.CreateCompany(ctx, &dup); !errors.Is(err, store.ErrConflict) {
		t.Errorf("duplicate slug: err = %v, want ErrConflict", err)
	}
	if _, err := s.CompanyBySlug(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing slug: err = %v", err)
	}
	all, _ := s.ListCompanies(ctx)
	if len(all) != 1 {
		t.Errorf("ListCompanies = %d", len(all))
	}
	// Deleting a company takes everything it holds with it.
	cu := Customer(t, s, a.ID, "C1")
	inv := Invoice(t, s, cu, "F1", "2026-01-31", "100.00")
	Pay(t, s, inv, "2026-02-01", "40.00")
	if err := s.DeleteCompany(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Customer(ctx, a.ID, cu.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("customer of a deleted company: %v", err)
	}
}

func testCompanyScoping(t *testing.T, s store.Store) {
	a, b := Company(t, s, "a"), Company(t, s, "b")
	cb := Customer(t, s, b.ID, "C1")
	ib := Invoice(t, s, cb, "F1", "2026-01-31", "100.00")
	if _, err := s.Customer(ctx, a.ID, cb.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("customer of b via a: %v", err)
	}
	if _, err := s.CustomerByRef(ctx, a.ID, "C1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("customer ref of b via a: %v", err)
	}
	if _, err := s.Invoice(ctx, a.ID, ib.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("invoice of b via a: %v", err)
	}
	if err := s.SetInvoicePause(ctx, a.ID, ib.ID, receivable.Pause{PausedUntil: civil.MustParse("2026-12-01")}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("pause invoice of b via a: %v", err)
	}
	ct := receivable.Contact{CompanyID: a.ID, CustomerID: cb.ID, Name: "x"}
	if err := s.AddContact(ctx, &ct); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("contact on b's customer via a: %v", err)
	}
	inv := receivable.Invoice{CompanyID: a.ID, CustomerID: cb.ID, Number: "X", DueDate: civil.MustParse("2026-01-01"), Amount: 1}
	if err := s.CreateInvoice(ctx, &inv); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("invoice for b's customer via a: %v", err)
	}
	p := receivable.Payment{CompanyID: a.ID, Date: civil.MustParse("2026-02-01"), Amount: 100, ExternalID: "p"}
	if err := s.CreatePayment(ctx, &p); err != nil {
		t.Fatal(err)
	}
	al := receivable.Allocation{CompanyID: a.ID, InvoiceID: ib.ID, PaymentID: p.ID, Amount: 100, Date: p.Date}
	if err := s.Allocate(ctx, &al); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("allocate a's payment to b's invoice: %v", err)
	}
	list, _ := s.ListCustomers(ctx, store.CustomerQuery{CompanyID: a.ID})
	if len(list) != 0 {
		t.Errorf("a lists b's customers: %v", list)
	}
}

func testContacts(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	for _, ct := range []receivable.Contact{
		{Name: "Accueil factures", Email: "factures@client.fr"},
		{Name: "Mme Trésorière", Email: "tresorerie@client.fr", Role: "trésorerie", Dunning: true},
	} {
		ct.CompanyID, ct.CustomerID = co.ID, cu.ID
		if err := s.AddContact(ctx, &ct); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := s.Contacts(ctx, co.ID, cu.ID)
	if err != nil || len(cs) != 2 || !cs[0].Dunning || cs[0].Name != "Mme Trésorière" {
		t.Fatalf("contacts = %+v, %v", cs, err)
	}
	cs[0].Undeliverable = "550 5.1.1 user unknown"
	if err := s.UpdateContact(ctx, cs[0]); err != nil {
		t.Fatal(err)
	}
	cs, _ = s.Contacts(ctx, co.ID, cu.ID)
	if c, _ := receivable.DunningContact(cs); c.Email != "factures@client.fr" {
		t.Errorf("undeliverable contact still chosen: %+v", c)
	}
}

func testOpenBalance(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	inv := Invoice(t, s, cu, "F1", "2026-01-31", "1200.00")
	Pay(t, s, inv, "2026-02-10", "500.00")
	got, err := s.Invoice(ctx, co.ID, inv.ID)
	if err != nil || got.Open() != money.MustParse("700.00") || got.CustomerRef != "C1" {
		t.Fatalf("invoice = %+v, %v", got, err)
	}
	cn := receivable.Invoice{CompanyID: co.ID, CustomerID: cu.ID, Kind: receivable.KindCreditNote, Number: "AV1",
		IssueDate: civil.MustParse("2026-02-15"), DueDate: civil.MustParse("2026-02-15"), Amount: money.MustParse("700.00")}
	if err := s.CreateInvoice(ctx, &cn); err != nil {
		t.Fatal(err)
	}
	al := receivable.Allocation{CompanyID: co.ID, InvoiceID: inv.ID, CreditNoteID: cn.ID, Amount: cn.Amount, Date: cn.IssueDate}
	if err := s.Allocate(ctx, &al); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Invoice(ctx, co.ID, inv.ID)
	if got.IsOpen() {
		t.Errorf("credited invoice still open: %v", got.Open())
	}
	open, _ := s.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, OpenOnly: true})
	if len(open) != 0 {
		t.Errorf("open invoices = %v", open)
	}
	notes, _ := s.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, Kind: receivable.KindCreditNote})
	if len(notes) != 1 || notes[0].Open() != 0 {
		t.Errorf("credit note not used up: %+v", notes)
	}
}

func testOverAllocation(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	inv := Invoice(t, s, cu, "F1", "2026-01-31", "100.00")
	p := receivable.Payment{CompanyID: co.ID, CustomerID: cu.ID, Date: civil.MustParse("2026-02-01"), Amount: money.MustParse("150.00"), ExternalID: "p1"}
	if err := s.CreatePayment(ctx, &p); err != nil {
		t.Fatal(err)
	}
	a := receivable.Allocation{CompanyID: co.ID, InvoiceID: inv.ID, PaymentID: p.ID, Amount: money.MustParse("150.00"), Date: p.Date}
	if err := s.Allocate(ctx, &a); err == nil {
		t.Fatal("allocated 150 to an invoice of 100")
	}
	a.Amount = money.MustParse("100.00")
	if err := s.Allocate(ctx, &a); err != nil {
		t.Fatal(err)
	}
	inv2 := Invoice(t, s, cu, "F2", "2026-02-28", "100.00")
	a2 := receivable.Allocation{CompanyID: co.ID, InvoiceID: inv2.ID, PaymentID: p.ID, Amount: money.MustParse("60.00"), Date: p.Date}
	if err := s.Allocate(ctx, &a2); err == nil {
		t.Fatal("allocated 60 from a payment with 50 left")
	}
	ps, _ := s.ListPayments(ctx, store.PaymentQuery{CompanyID: co.ID, Unallocated: true})
	if len(ps) != 1 || ps[0].Unallocated() != money.MustParse("50.00") {
		t.Errorf("unallocated payments = %+v", ps)
	}
}

func invoiceRows(rows ...store.InvoiceImport) iter.Seq[store.InvoiceImport] {
	return slices.Values(rows)
}

func row(line int, number, ref, due, amount string) store.InvoiceImport {
	d := civil.MustParse(due)
	return store.InvoiceImport{Line: line, CustomerRef: ref, CustomerName: "Client " + ref,
		Invoice: receivable.Invoice{Kind: receivable.KindInvoice, Number: number, IssueDate: d.AddDays(-30), DueDate: d, Amount: money.MustParse(amount)}}
}

func testImportInvoices(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	first := []store.InvoiceImport{row(2, "F1", "C1", "2026-01-31", "100.00"), row(3, "F2", "C1", "2026-02-28", "200.00"), row(4, "F3", "C2", "2026-03-31", "300.00")}
	first[0].CustomerEmail = "compta@c1.fr"
	st, err := s.ImportInvoices(ctx, co.ID, invoiceRows(first...), nil)
	if err != nil {
		t.Fatal(err)
	}
	if st != (store.ImportStats{Rows: 3, Created: 3, CustomersCreated: 2}) {
		t.Errorf("first import = %+v", st)
	}
	st, err = s.ImportInvoices(ctx, co.ID, invoiceRows(first...), nil)
	if err != nil || st != (store.ImportStats{Rows: 3, Unchanged: 3}) {
		t.Errorf("same file again = %+v, %v", st, err)
	}
	changed := append([]store.InvoiceImport(nil), first...)
	changed[1] = row(3, "F2", "C1", "2026-03-15", "250.00")
	changed = append(changed, row(5, "F4", "C3", "2026-04-30", "400.00"))
	st, err = s.ImportInvoices(ctx, co.ID, invoiceRows(changed...), nil)
	if err != nil || st != (store.ImportStats{Rows: 4, Created: 1, Updated: 1, Unchanged: 2, CustomersCreated: 1}) {
		t.Errorf("changed file = %+v, %v", st, err)
	}
	f2, err := s.InvoiceByNumber(ctx, co.ID, receivable.KindInvoice, "F2")
	if err != nil || f2.Amount != money.MustParse("250.00") || f2.DueDate.String() != "2026-03-15" || f2.Currency != "EUR" {
		t.Errorf("F2 = %+v, %v", f2, err)
	}
	c1, _ := s.CustomerByRef(ctx, co.ID, "C1")
	cs, _ := s.Contacts(ctx, co.ID, c1.ID)
	if len(cs) != 1 || cs[0].Email != "compta@c1.fr" || !cs[0].Dunning {
		t.Errorf("contact from the invoice file = %+v", cs)
	}
}

func testImportInvoicesAtomic(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	bad := errors.New("line 57, field due_date: invalid date")
	_, err := s.ImportInvoices(ctx, co.ID, invoiceRows(row(2, "F1", "C1", "2026-01-31", "100.00")), func() error { return bad })
	if !errors.Is(err, bad) {
		t.Fatalf("err = %v", err)
	}
	invs, _ := s.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID})
	cus, _ := s.ListCustomers(ctx, store.CustomerQuery{CompanyID: co.ID})
	if len(invs) != 0 || len(cus) != 0 {
		t.Errorf("a failed import left %d invoices and %d customers", len(invs), len(cus))
	}
	// The store stays usable on the same connection afterwards.
	if _, err := s.ImportInvoices(ctx, co.ID, invoiceRows(row(2, "F1", "C1", "2026-01-31", "100.00")), nil); err != nil {
		t.Fatalf("import after a failed one: %v", err)
	}
}

func testImportCustomers(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	rows := []store.CustomerImport{{
		Line: 2, Customer: receivable.Customer{Ref: "C1", Name: "Dupont SARL", Kind: receivable.B2B, Profile: receivable.Careless,
			Address: receivable.Address{Line1: "3 rue Haute", PostalCode: "69001", City: "Lyon"}},
		Contact: receivable.Contact{Name: "Jeanne Dupont", Email: "jeanne@dupont.fr", Phone: "0102030405"},
		Present: map[string]bool{"name": true, "profile": true, "address": true, "postal_code": true, "city": true, "contact_name": true, "email": true, "phone": true},
	}}
	st, err := s.ImportCustomers(ctx, co.ID, slices.Values(rows), nil)
	if err != nil || st.Created != 1 {
		t.Fatalf("import = %+v, %v", st, err)
	}
	st, _ = s.ImportCustomers(ctx, co.ID, slices.Values(rows), nil)
	if st.Unchanged != 1 {
		t.Errorf("same file again = %+v", st)
	}
	// A file with only the name: the address and the profile must survive.
	rename := []store.CustomerImport{{Line: 2, Customer: receivable.Customer{Ref: "C1", Name: "Dupont et Fils SARL"}, Present: map[string]bool{"name": true}}}
	st, _ = s.ImportCustomers(ctx, co.ID, slices.Values(rename), nil)
	got, _ := s.CustomerByRef(ctx, co.ID, "C1")
	if st.Updated != 1 || got.Name != "Dupont et Fils SARL" || got.Address.City != "Lyon" || got.Profile != receivable.Careless {
		t.Errorf("after rename: %+v %+v", st, got)
	}
	cs, _ := s.Contacts(ctx, co.ID, got.ID)
	if len(cs) != 1 || !cs[0].Dunning || cs[0].Phone != "0102030405" {
		t.Errorf("contacts = %+v", cs)
	}
}

func payRow(line int, number, date, amount string) store.PaymentImport {
	return store.PaymentImport{Line: line, InvoiceNumber: number, Payment: receivable.Payment{
		Date: civil.MustParse(date), Amount: money.MustParse(amount), Method: "virement", ExternalID: "csv:" + number + date + amount}}
}

func testImportPayments(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	f1 := Invoice(t, s, cu, "F1", "2026-01-31", "100.00")
	f2 := Invoice(t, s, cu, "F2", "2026-02-28", "200.00")
	rows := []store.PaymentImport{payRow(2, "F1", "2026-02-05", "40.00"), payRow(3, "F1", "2026-02-20", "80.00"), payRow(4, "F2", "2026-03-01", "200.00")}
	st, err := s.ImportPayments(ctx, co.ID, slices.Values(rows), nil)
	if err != nil || st.Created != 3 {
		t.Fatalf("import = %+v, %v", st, err)
	}
	st, err = s.ImportPayments(ctx, co.ID, slices.Values(rows), nil)
	if err != nil || st.Unchanged != 3 || st.Created != 0 {
		t.Errorf("same file again = %+v, %v", st, err)
	}
	g1, _ := s.Invoice(ctx, co.ID, f1.ID)
	g2, _ := s.Invoice(ctx, co.ID, f2.ID)
	if g1.IsOpen() || g2.IsOpen() {
		t.Errorf("open after payment: F1 %v F2 %v", g1.Open(), g2.Open())
	}
	onAccount, _ := s.ListPayments(ctx, store.PaymentQuery{CompanyID: co.ID, Unallocated: true})
	if len(onAccount) != 1 || onAccount[0].Unallocated() != money.MustParse("20.00") || onAccount[0].CustomerID != cu.ID {
		t.Errorf("overpayment not kept on account: %+v", onAccount)
	}
}

func testImportPaymentsAtomic(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	Invoice(t, s, cu, "F1", "2026-01-31", "100.00")
	rows := []store.PaymentImport{payRow(2, "F1", "2026-02-05", "40.00"), payRow(3, "F9", "2026-02-20", "80.00"), payRow(4, "F8", "2026-02-20", "80.00")}
	_, err := s.ImportPayments(ctx, co.ID, slices.Values(rows), nil)
	var re *store.RowErrors
	if !errors.As(err, &re) || re.Total != 2 || re.Errs[0].Line != 3 || re.Errs[0].Value != "F9" || re.Errs[1].Line != 4 {
		t.Fatalf("err = %v", err)
	}
	ps, _ := s.ListPayments(ctx, store.PaymentQuery{CompanyID: co.ID})
	if len(ps) != 0 {
		t.Errorf("a refused import stored %d payments", len(ps))
	}
}

func testAging(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	c1, c2 := Customer(t, s, co.ID, "C1"), Customer(t, s, co.ID, "C2")
	day := "2026-11-23"
	Invoice(t, s, c1, "F1", "2026-12-10", "100.00")                                  // not due
	Invoice(t, s, c1, "F2", "2026-11-23", "10.00")                                   // due today: not late
	Invoice(t, s, c1, "F3", "2026-10-24", "200.00")                                  // 30 days
	Invoice(t, s, c2, "F4", "2026-10-23", "300.00")                                  // 31 days
	Invoice(t, s, c2, "F5", "2026-08-25", "400.00")                                  // 90 days
	f6 := Invoice(t, s, c2, "F6", "2026-08-24", "500.00")                            // 91 days
	Pay(t, s, f6, "2026-11-01", "125.00")                                            // partly paid before the day
	Pay(t, s, Invoice(t, s, c2, "F7", "2026-01-01", "50.00"), "2026-12-01", "50.00") // paid after the day: still open on it
	rep, err := s.Aging(ctx, co.ID, civil.MustParse(day))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]money.Cents{receivable.BucketNotDue: 11000, receivable.Bucket1to30: 20000, receivable.Bucket31to60: 30000,
		receivable.Bucket61to90: 40000, receivable.Bucket91Plus: 37500 + 5000}
	for k, v := range want {
		if rep.Total.Buckets[k] != v {
			t.Errorf("bucket %s = %v, want %v", k, rep.Total.Buckets[k], v)
		}
	}
	if rep.Total.Open != 11000+20000+30000+40000+42500 || rep.Total.Overdue != rep.Total.Open-11000 || len(rep.Customers) != 2 {
		t.Errorf("totals = %+v", rep.Total)
	}
}

func testListCustomers(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	c1, c2, c3 := Customer(t, s, co.ID, "ALPHA"), Customer(t, s, co.ID, "BETA"), Customer(t, s, co.ID, "GAMMA")
	c2.Profile, c2.Collector = receivable.BadPayer, "marie"
	if err := s.UpdateCustomer(ctx, c2); err != nil {
		t.Fatal(err)
	}
	Invoice(t, s, c1, "F1", "2026-11-01", "100.00")
	Invoice(t, s, c2, "F2", "2026-08-01", "900.00")
	Invoice(t, s, c2, "F3", "2026-12-31", "50.00")
	_ = c3
	day := civil.MustParse("2026-11-23")
	all, err := s.ListCustomers(ctx, store.CustomerQuery{CompanyID: co.ID, Day: day, Sort: "overdue"})
	if err != nil || len(all) != 3 || all[0].Ref != "BETA" || all[0].Open != 95000 || all[0].Overdue != 90000 || all[0].MaxDaysLate != 114 || all[0].OpenCount != 2 {
		t.Fatalf("list = %+v, %v", all, err)
	}
	late, _ := s.ListCustomers(ctx, store.CustomerQuery{CompanyID: co.ID, Day: day, MinDaysLate: 30})
	if len(late) != 1 || late[0].Ref != "BETA" {
		t.Errorf("30+ days late = %+v", late)
	}
	for q, want := range map[store.CustomerQuery]string{
		{CompanyID: co.ID, Search: "alp"}:        "ALPHA",
		{CompanyID: co.ID, Profile: "bad_payer"}: "BETA",
		{CompanyID: co.ID, Collector: "marie"}:   "BETA",
	} {
		got, err := s.ListCustomers(ctx, q)
		if err != nil || len(got) != 1 || got[0].Ref != want {
			t.Errorf("%+v = %+v, %v", q, got, err)
		}
	}
	page, _ := s.ListCustomers(ctx, store.CustomerQuery{CompanyID: co.ID, Sort: "ref", Limit: 1, Offset: 1})
	if len(page) != 1 || page[0].Ref != "BETA" {
		t.Errorf("page 2 = %+v", page)
	}
}

func testEvents(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	for i, kind := range []string{"import", "call", "note"} {
		e := store.Event{CompanyID: co.ID, CustomerID: cu.ID, Day: civil.MustParse("2026-11-20").AddDays(i), Kind: kind, Summary: kind + " é", Actor: "marie"}
		if err := s.AddEvent(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	evs, err := s.Events(ctx, co.ID, cu.ID, 10)
	if err != nil || len(evs) != 3 || evs[0].Kind != "note" || evs[0].Summary != "note é" || evs[0].At.IsZero() {
		t.Fatalf("events = %+v, %v", evs, err)
	}
	other := Company(t, s, "b")
	if evs, _ := s.Events(ctx, other.ID, cu.ID, 10); len(evs) != 0 {
		t.Errorf("another company sees the timeline: %v", evs)
	}
	own := store.Event{CompanyID: co.ID, Day: civil.MustParse("2026-11-23"), Kind: "policy_import", Summary: "standard-fr"}
	if err := s.AddEvent(ctx, &own); err != nil {
		t.Fatal(err)
	}
	if evs, err := s.Events(ctx, co.ID, 0, 10); err != nil || len(evs) != 1 || evs[0].Kind != "policy_import" {
		t.Errorf("company events = %+v, %v", evs, err)
	}
}
