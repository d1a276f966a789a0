package storetest

import (
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func dashboardTests() []namedTest {
	return []namedTest{
		{"MonthEndReceivablesEqualTheAgingTotalOfThatDay", testMonthEnds},
		{"PromisedAndWorkCountsForTheDashboard", testPromisedWork},
	}
}

func testMonthEnds(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	f1 := Invoice(t, s, cu, "F1", "2026-08-15", "1000.00") // issued 2026-07-16
	f2 := Invoice(t, s, cu, "F2", "2026-10-15", "500.00")  // issued 2026-09-15
	Invoice(t, s, cu, "F3", "2026-12-15", "250.00")        // issued 2026-11-15
	Pay(t, s, f1, "2026-09-10", "400.00")
	Pay(t, s, f2, "2026-11-05", "500.00")
	days := []civil.Date{civil.MustParse("2026-07-31"), civil.MustParse("2026-09-30"), civil.MustParse("2026-10-31"), civil.MustParse("2026-11-30")}
	figs, err := s.MonthEnds(ctx, co.ID, days)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range days {
		rep, err := s.Aging(ctx, co.ID, d)
		if err != nil {
			t.Fatal(err)
		}
		if figs[i].Receivable != rep.Total.Open {
			t.Errorf("%s: month-end receivable %v, aging open %v", d, figs[i].Receivable, rep.Total.Open)
		}
	}
	// On 30 November: 600 (F1) + 250 (F3); invoiced in the 91 days before: F2 and F3.
	if figs[3].Receivable != money.MustParse("850.00") || figs[3].Sales91 != money.MustParse("750.00") || figs[3].DSO() != 103 {
		t.Errorf("30 November = %+v (DSO %d)", figs[3], figs[3].DSO())
	}
}

func testPromisedWork(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	day := civil.MustParse("2026-11-23")
	for _, p := range []receivable.Promise{
		{Date: day.AddDays(2), Amount: 10000}, {Date: day.AddDays(6), Amount: 5000}, {Date: day.AddDays(9), Amount: 99900},
	} {
		p.CompanyID, p.CustomerID, p.Made = co.ID, cu.ID, day
		if err := s.AddPromise(ctx, &p, "t"); err != nil {
			t.Fatal(err)
		}
	}
	n, sum, err := s.Promised(ctx, co.ID, day, day.AddDays(7))
	if err != nil || n != 2 || sum != 15000 {
		t.Errorf("promised this week = %d %v %v", n, sum, err)
	}
	w, err := s.WorkCounts(ctx, co.ID, day)
	if err != nil || w != (store.WorkCount{}) {
		t.Errorf("work counts on an empty day = %+v %v", w, err)
	}
}
