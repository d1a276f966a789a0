package storetest

import (
	"errors"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// RunRates is the conformance suite of store.RateQueries: rates, limitation interruptions,
// formal notices, allocations by invoice, company settings and the penalties of actions.
func RunRates(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		f    func(t *testing.T, s store.Store)
	}{
		{"RatesAreReplacedBySeriesAndHalfYearPerCompany", testRates},
		{"InterruptionsAreRecordedOnceOnTheCompanysInvoices", testInterruptions},
		{"AConflictingInterruptionLeavesTheTransactionUsable", testInterruptionInTx},
		{"FormalNoticeDatesAccumulate", testFormalNotices},
		{"AllocationsAreListedByCustomerOrInvoice", testAllocations},
		{"CompanySettingsAreSetReplacedAndRemoved", testSettings},
		{"ActionPenaltiesAreAttachedAndTheMissingOnesFound", testActionPenalties},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.f(t, open(t)) })
	}
}

func entry(series penalty.Series, sem, rate, source string, confirmed bool) penalty.Entry {
	return penalty.Entry{Series: series, Semester: penalty.MustParseSemester(sem), Rate: money.MustParseRate(rate),
		Source: source, Confirmed: confirmed}
}

func testRates(t *testing.T, s store.Store) {
	a, b := Company(t, s, "a"), Company(t, s, "b")
	err := s.SetRates(ctx, a.ID, []store.RateRecord{
		{Entry: entry(penalty.ECBMRO, "2026-H2", "2.15", "BCE", true), Origin: "set by test"},
		{Entry: entry(penalty.DEBase, "2026-H1", "-0.88", "Bundesbank", false), Origin: "imported from r.csv"},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Replaced, not duplicated.
	if err := s.SetRates(ctx, a.ID, []store.RateRecord{{Entry: entry(penalty.ECBMRO, "2026-H2", "2.4", "BCE, 2 July", true), Origin: "set by other"}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.ListRates(ctx, a.ID)
	if err != nil || len(got) != 2 {
		t.Fatalf("ListRates = %+v, %v", got, err)
	}
	de, ecb := got[0], got[1]
	if de.Entry.Series != penalty.DEBase || de.Entry.Rate != money.MustParseRate("-0.88") || de.Entry.Confirmed || de.Origin != "imported from r.csv" {
		t.Errorf("negative unconfirmed rate = %+v", de)
	}
	if ecb.Entry.Semester.String() != "2026-H2" || ecb.Entry.Rate != money.MustParseRate("2.40") || ecb.Entry.Source != "BCE, 2 July" ||
		!ecb.Entry.Confirmed || ecb.Origin != "set by other" || ecb.UpdatedAt.IsZero() {
		t.Errorf("replaced rate = %+v", ecb)
	}
	if other, err := s.ListRates(ctx, b.ID); err != nil || len(other) != 0 {
		t.Errorf("company b sees %+v, %v", other, err)
	}
}

func testInterruptions(t *testing.T, s store.Store) {
	a, b := Company(t, s, "a"), Company(t, s, "b")
	cu := Customer(t, s, a.ID, "C1")
	f1 := Invoice(t, s, cu, "F1", "2021-03-31", "1000.00")
	f2 := Invoice(t, s, cu, "F2", "2021-04-30", "500.00")
	other := Invoice(t, s, Customer(t, s, a.ID, "C2"), "F3", "2021-04-30", "500.00")
	add := func(inv receivable.Invoice, kind penalty.InterruptionKind, date string) error {
		in := store.Interruption{CompanyID: a.ID, InvoiceID: inv.ID, Kind: kind, Date: civil.MustParse(date), Note: "lettre du client", Author: "alice"}
		err := s.AddInterruption(ctx, &in)
		if err == nil && (in.ID == 0 || in.CreatedAt.IsZero()) {
			t.Errorf("AddInterruption did not set the id and time: %+v", in)
		}
		return err
	}
	for _, c := range []struct {
		inv  receivable.Invoice
		kind penalty.InterruptionKind
		date string
	}{{f1, penalty.InjunctionService, "2025-02-10"}, {f1, penalty.Acknowledgement, "2024-06-01"}, {f2, penalty.Acknowledgement, "2024-06-01"}, {other, penalty.Acknowledgement, "2023-01-01"}} {
		if err := add(c.inv, c.kind, c.date); err != nil {
			t.Fatal(err)
		}
	}
	if err := add(f1, penalty.Acknowledgement, "2024-06-01"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("the same interruption twice: %v, want ErrConflict", err)
	}
	in := store.Interruption{CompanyID: b.ID, InvoiceID: f1.ID, Kind: penalty.Acknowledgement, Date: civil.MustParse("2024-06-02")}
	if err := s.AddInterruption(ctx, &in); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("on another company's invoice: %v, want ErrNotFound", err)
	}
	byCustomer, err := s.ListInterruptions(ctx, store.InvoiceScope{CompanyID: a.ID, CustomerID: cu.ID})
	if err != nil || len(byCustomer) != 3 {
		t.Fatalf("by customer = %+v, %v", byCustomer, err)
	}
	if byCustomer[0].Date.String() != "2024-06-01" || byCustomer[2].Kind != penalty.InjunctionService || byCustomer[2].InvoiceNumber != "F1" ||
		byCustomer[2].Note != "lettre du client" || byCustomer[2].Author != "alice" {
		t.Errorf("by customer, by date = %+v", byCustomer)
	}
	byID, err := s.ListInterruptions(ctx, store.InvoiceScope{CompanyID: a.ID, InvoiceIDs: []int64{f1.ID, other.ID}})
	if err != nil || len(byID) != 3 {
		t.Errorf("by invoice ids = %+v, %v", byID, err)
	}
	if none, err := s.ListInterruptions(ctx, store.InvoiceScope{CompanyID: b.ID, InvoiceIDs: []int64{f1.ID}}); err != nil || len(none) != 0 {
		t.Errorf("company b sees %+v, %v", none, err)
	}
}

// testInterruptionInTx checks that a refused interruption is refused without a failed
// statement: on PostgreSQL that would abort the transaction around it.
func testInterruptionInTx(t *testing.T, s store.Store) {
	a := Company(t, s, "a")
	inv := Invoice(t, s, Customer(t, s, a.ID, "C1"), "F1", "2021-03-31", "1000.00")
	first := store.Interruption{CompanyID: a.ID, InvoiceID: inv.ID, Kind: penalty.Acknowledgement, Date: civil.MustParse("2024-06-01")}
	if err := s.AddInterruption(ctx, &first); err != nil {
		t.Fatal(err)
	}
	err := s.InTx(ctx, func(q store.Queries) error {
		again := first
		if err := q.AddInterruption(ctx, &again); !errors.Is(err, store.ErrConflict) {
			t.Errorf("again in a transaction: %v", err)
		}
		next := store.Interruption{CompanyID: a.ID, InvoiceID: inv.ID, Kind: penalty.InjunctionService, Date: civil.MustParse("2025-01-15")}
		return q.AddInterruption(ctx, &next)
	})
	if err != nil {
		t.Fatalf("the transaction failed after the conflict: %v", err)
	}
	all, _ := s.ListInterruptions(ctx, store.InvoiceScope{CompanyID: a.ID, InvoiceIDs: []int64{inv.ID}})
	if len(all) != 2 {
		t.Errorf("interruptions = %+v", all)
	}
}

func testFormalNotices(t *testing.T, s store.Store) {
	a, b := Company(t, s, "a"), Company(t, s, "b")
	cu := Customer(t, s, a.ID, "C1")
	inv := Invoice(t, s, cu, "F1", "2026-09-30", "1000.00")
	inv2 := Invoice(t, s, cu, "F2", "2026-09-30", "1000.00")
	if err := s.SetFormalNotice(ctx, store.FormalNotice{CompanyID: a.ID, InvoiceID: inv.ID, Sent: civil.MustParse("2026-11-10"), Reference: "1A 234 567 8901 2"}); err != nil {
		t.Fatal(err)
	}
	// The post's dates come later and must not erase the sending date or the number.
	if err := s.SetFormalNotice(ctx, store.FormalNotice{CompanyID: a.ID, InvoiceID: inv.ID, Presented: civil.MustParse("2026-11-12")}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFormalNotice(ctx, store.FormalNotice{CompanyID: a.ID, InvoiceID: inv.ID, Acknowledged: civil.MustParse("2026-11-14")}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFormalNotice(ctx, store.FormalNotice{CompanyID: b.ID, InvoiceID: inv2.ID, Sent: civil.MustParse("2026-11-10")}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("on another company's invoice: %v, want ErrNotFound", err)
	}
	got, err := s.ListFormalNotices(ctx, store.InvoiceScope{CompanyID: a.ID, CustomerID: cu.ID})
	if err != nil || len(got) != 1 {
		t.Fatalf("ListFormalNotices = %+v, %v", got, err)
	}
	n := got[0]
	if n.InvoiceID != inv.ID || n.Sent.String() != "2026-11-10" || n.Presented.String() != "2026-11-12" ||
		n.Acknowledged.String() != "2026-11-14" || n.Reference != "1A 234 567 8901 2" || n.ActionID != 0 {
		t.Errorf("notice = %+v", n)
	}
	if byID, _ := s.ListFormalNotices(ctx, store.InvoiceScope{CompanyID: a.ID, InvoiceIDs: []int64{inv2.ID}}); len(byID) != 0 {
		t.Errorf("F2 has no notice: %+v", byID)
	}
}

func testAllocations(t *testing.T, s store.Store) {
	a := Company(t, s, "a")
	c1, c2 := Customer(t, s, a.ID, "C1"), Customer(t, s, a.ID, "C2")
	f1 := Invoice(t, s, c1, "F1", "2026-09-30", "1000.00")
	f2 := Invoice(t, s, c1, "F2", "2026-10-31", "500.00")
	f3 := Invoice(t, s, c2, "F3", "2026-10-31", "500.00")
	Pay(t, s, f1, "2026-10-20", "400.00")
	Pay(t, s, f1, "2026-10-05", "100.00")
	Pay(t, s, f2, "2026-11-02", "500.00")
	Pay(t, s, f3, "2026-11-02", "50.00")
	got, err := s.ListAllocations(ctx, store.InvoiceScope{CompanyID: a.ID, CustomerID: c1.ID})
	if err != nil || len(got) != 3 {
		t.Fatalf("by customer = %+v, %v", got, err)
	}
	if got[0].Date.String() != "2026-10-05" || got[0].Amount != money.MustParse("100.00") || got[0].InvoiceID != f1.ID || got[0].PaymentID == 0 {
		t.Errorf("first allocation by date = %+v", got[0])
	}
	byID, err := s.ListAllocations(ctx, store.InvoiceScope{CompanyID: a.ID, InvoiceIDs: []int64{f1.ID, f3.ID}})
	if err != nil || len(byID) != 3 {
		t.Errorf("by invoice ids = %+v, %v", byID, err)
	}
	if none, _ := s.ListAllocations(ctx, store.InvoiceScope{CompanyID: a.ID}); len(none) != 0 {
		t.Errorf("an empty scope selects nothing, got %d", len(none))
	}
}

func testSettings(t *testing.T, s store.Store) {
	a, b := Company(t, s, "a"), Company(t, s, "b")
	if err := s.SetCompanySetting(ctx, a.ID, store.SettingDayCount, "actual/actual"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCompanySetting(ctx, a.ID, store.SettingConsumerInterestFrom, "sent"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCompanySetting(ctx, a.ID, store.SettingConsumerInterestFrom, "acknowledged"); err != nil {
		t.Fatal(err)
	}
	got, err := s.CompanySettings(ctx, a.ID)
	if err != nil || len(got) != 2 || got[store.SettingDayCount] != "actual/actual" || got[store.SettingConsumerInterestFrom] != "acknowledged" {
		t.Errorf("settings = %v, %v", got, err)
	}
	if err := s.SetCompanySetting(ctx, a.ID, store.SettingDayCount, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.CompanySettings(ctx, a.ID); len(got) != 1 {
		t.Errorf("after removing the day count: %v", got)
	}
	if got, _ := s.CompanySettings(ctx, b.ID); len(got) != 0 {
		t.Errorf("company b sees %v", got)
	}
	if err := s.SetCompanySetting(ctx, 999999, store.SettingDayCount, "actual/365"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("setting of a company that does not exist: %v", err)
	}
}

func testActionPenalties(t *testing.T, s store.Store) {
	a, b := Company(t, s, "a"), Company(t, s, "b")
	cu := Customer(t, s, a.ID, "C1")
	inv := Invoice(t, s, cu, "F1", "2026-10-30", "1000.00")
	day := civil.MustParse("2026-11-20")
	d := dunning.Decision{CustomerID: cu.ID, CustomerRef: cu.Ref, Day: day, Actions: []dunning.Action{
		{CustomerID: cu.ID, Day: day, Channel: dunning.RegisteredLetter, Step: "relance-2", Phase: dunning.Level2, Penalties: true,
			InvoiceNumbers: []string{"F1"}, Invoices: []dunning.ActionInvoice{{ID: inv.ID, Number: "F1", Step: "relance-2"}},
			Total: inv.Amount, Key: dunning.ActionKey(cu.ID, day, dunning.RegisteredLetter)},
		{CustomerID: cu.ID, Day: day, Channel: dunning.Call, Step: "appel-2", Phase: dunning.Level2, Penalties: true,
			InvoiceNumbers: []string{"F1"}, Invoices: []dunning.ActionInvoice{{ID: inv.ID, Number: "F1", Step: "appel-2"}},
			Total: inv.Amount, Key: dunning.ActionKey(cu.ID, day, dunning.Call)},
		{CustomerID: cu.ID, Day: day, Channel: dunning.Email, Step: "relance-1", Phase: dunning.Level1,
			InvoiceNumbers: []string{"F1"}, Invoices: []dunning.ActionInvoice{{ID: inv.ID, Number: "F1", Step: "relance-1"}},
			Total: inv.Amount, Key: dunning.ActionKey(cu.ID, day, dunning.Email)},
	}}
	missing := func() []int64 {
		t.Helper()
		recs, err := s.ActionsMissingPenalties(ctx, a.ID, cu.ID, cu.ID+1)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range recs {
			if len(r.Invoices) != 1 || r.Invoices[0].ID != inv.ID {
				t.Errorf("missing penalties: action without its invoices: %+v", r)
			}
			ids = append(ids, r.ID)
		}
		return ids
	}
	var recs []store.ActionRecord
	err := s.InTx(ctx, func(q store.Queries) error {
		var err error
		recs, err = q.RecordDecision(ctx, a.ID, 0, d, "test")
		return err
	})
	if err != nil || len(recs) != 3 {
		t.Fatalf("record = %+v, %v", recs, err)
	}
	if got := missing(); len(got) != 2 || got[0] != recs[0].ID || got[1] != recs[1].ID {
		t.Errorf("before any claim, missing = %v, want the two actions asking for penalties", got)
	}
	if err := s.InTx(ctx, func(q store.Queries) error {
		return q.SetActionPenalties(ctx, a.ID, recs[0].ID, `{"interest_cents":123}`)
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetActionPenalties(ctx, b.ID, recs[0].ID, `{}`); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another company's action: %v, want ErrNotFound", err)
	}
	if got := missing(); len(got) != 1 || got[0] != recs[1].ID {
		t.Errorf("after one claim, missing = %v", got)
	}
	// An action that went out is no longer waiting for its penalties.
	if err := s.SetActionStatus(ctx, a.ID, recs[1].ID, []dunning.Status{dunning.StatusQueued}, dunning.StatusDone, "", "test"); err != nil {
		t.Fatal(err)
	}
	if got := missing(); len(got) != 0 {
		t.Errorf("after the call was made, missing = %v", got)
	}
	if err := s.SetActionPenalties(ctx, a.ID, recs[1].ID, `{}`); !errors.Is(err, store.ErrConflict) {
		t.Errorf("penalties on an action done: %v, want ErrConflict", err)
	}
	if other, _ := s.ActionsMissingPenalties(ctx, b.ID, 0, 1<<40); len(other) != 0 {
		t.Errorf("company b sees %+v", other)
	}
	got, err := s.ActionPenalties(ctx, store.ActionPenaltyQuery{CompanyID: a.ID, IDs: []int64{recs[0].ID}, Keys: []string{recs[0].Key, recs[2].Key, "customer/0/none"}})
	if err != nil || len(got) != 2 {
		t.Fatalf("ActionPenalties = %+v, %v", got, err)
	}
	if got[0].ActionID != recs[0].ID || got[0].Claim != `{"interest_cents":123}` || got[0].Status != dunning.StatusQueued || got[0].Key != recs[0].Key {
		t.Errorf("with a claim: %+v", got[0])
	}
	if got[1].ActionID != recs[2].ID || got[1].Claim != "" {
		t.Errorf("without a claim: %+v", got[1])
	}
	if other, _ := s.ActionPenalties(ctx, store.ActionPenaltyQuery{CompanyID: b.ID, IDs: []int64{recs[0].ID}}); len(other) != 0 {
		t.Errorf("company b sees %+v", other)
	}
	// The claim column does not disturb the action as read back.
	ac, err := s.Action(ctx, a.ID, recs[0].ID)
	if err != nil || !ac.Penalties || len(ac.Invoices) != 1 {
		t.Errorf("Action = %+v, %v", ac, err)
	}
}
