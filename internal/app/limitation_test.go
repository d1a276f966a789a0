package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// barred lists "number:first day barred" for the invoices time-barred before day.
func barred(t *testing.T, a *app.App, co receivable.Company, day string) string {
	t.Helper()
	ls, err := a.TimeBarredBefore(context.Background(), co, civil.MustParse(day))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range ls {
		out = append(out, l.Invoice.Number+":"+l.Limitation.BarredFrom.String())
	}
	return strings.Join(out, " ")
}

func TestTheTimeBarredListingMovesWithAnInterruptionAndNotWithAFormalNotice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db) // today is 23 November 2026
		co, _, _ := a.Init(ctx, receivable.Company{Name: "Test"})
		pro := customer(t, db, co, "C1", receivable.B2B, "")
		f1 := storetest.Invoice(t, db, pro, "F1", "2021-03-31", "1000.00")
		f2 := storetest.Invoice(t, db, pro, "F2", "2021-05-31", "1000.00")
		storetest.Invoice(t, db, pro, "F3", "2022-06-30", "1000.00")
		consumer := customer(t, db, co, "P1", receivable.B2C, "")
		storetest.Invoice(t, db, consumer, "P-1", "2024-06-30", "300.00")

		// Between businesses, 5 years from the due date: F1 due 31 March 2021 can be sued on
		// until 31 March 2026 and is barred from 1 April 2026; F2 from 1 June 2026; F3 from
		// 1 July 2027. Against a consumer, 2 years: P-1 is barred from 1 July 2026.
		if got := barred(t, a, co, "2026-12-31"); got != "F1:2026-04-01 F2:2026-06-01 P-1:2026-07-01" {
			t.Fatalf("before any event: %s", got)
		}
		// A formal notice does not interrupt (Cass. com. 18 mai 2022).
		if err := db.SetFormalNotice(ctx, store.FormalNotice{CompanyID: co.ID, InvoiceID: f1.ID, Sent: civil.MustParse("2025-06-01")}); err != nil {
			t.Fatal(err)
		}
		if got := barred(t, a, co, "2026-12-31"); !strings.HasPrefix(got, "F1:2026-04-01") {
			t.Errorf("the formal notice moved the date: %s", got)
		}
		// An acknowledgement on 1 June 2024 starts 5 new years: barred from 2 June 2029.
		if _, err := a.RecordInterruption(ctx, co, "F1", penalty.Acknowledgement, civil.MustParse("2024-06-01"), "lettre du 1er juin", "alice"); err != nil {
			t.Fatal(err)
		}
		// A payment allocated on 10 January 2023 is a partial payment: F2 barred from 11 January 2028.
		storetest.Pay(t, db, f2, "2023-01-10", "100.00")
		if got := barred(t, a, co, "2026-12-31"); got != "P-1:2026-07-01" {
			t.Errorf("after the acknowledgement and the payment: %s", got)
		}
		if got := barred(t, a, co, "2030-01-01"); got != "P-1:2026-07-01 F3:2027-07-01 F2:2028-01-11 F1:2029-06-02" {
			t.Errorf("before 2030: %s", got)
		}

		l, err := a.InvoiceLimitation(ctx, co, "F1")
		if err != nil || l.Limitation.BarredFrom != civil.MustParse("2029-06-02") || len(l.Interruptions) != 1 ||
			l.Interruptions[0].Note != "lettre du 1er juin" || len(l.Limitation.Applied) != 1 {
			t.Fatalf("InvoiceLimitation = %+v, %v", l, err)
		}
		var said bool
		for _, n := range l.Limitation.Notes {
			said = said || strings.Contains(n.EN, "formal notice") && strings.Contains(n.EN, "does not interrupt")
		}
		if !said {
			t.Errorf("the working does not say the formal notice does not interrupt: %+v", l.Limitation.Notes)
		}
		evs, _ := db.Events(ctx, co.ID, pro.ID, 0)
		if len(evs) != 1 || evs[0].Kind != "limitation_interruption" || !strings.Contains(evs[0].Summary, "reconnaissance de dette") {
			t.Errorf("timeline = %+v", evs)
		}

		for _, c := range []struct {
			number string
			kind   penalty.InterruptionKind
			day    string
			want   string
		}{
			{"F1", penalty.Acknowledgement, "2024-06-01", "conflict"},
			{"F1", penalty.FormalNotice, "2024-07-01", "does not interrupt"},
			{"F1", penalty.Acknowledgement, "2026-11-24", "after today"},
			{"NOPE", penalty.Acknowledgement, "2024-07-01", `no invoice numbered "NOPE"`},
		} {
			_, err := a.RecordInterruption(ctx, co, c.number, c.kind, civil.MustParse(c.day), "", "alice")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s %s %s: %v, want %q", c.number, c.kind, c.day, err, c.want)
			}
		}
		if _, err := a.RecordInterruption(ctx, co, "F1", penalty.Acknowledgement, civil.MustParse("2024-06-01"), "", "alice"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("twice: %v", err)
		}
	})
}

func TestTheRunWarnsOfInvoicesTimeBarredWithinSixMonths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co, _, _ := a.Init(ctx, receivable.Company{Name: "Test"})
		cu := customer(t, db, co, "C1", receivable.B2B, "")
		storetest.Invoice(t, db, cu, "SOON", "2021-06-30", "1000.00")  // barred from 1 July 2026
		storetest.Invoice(t, db, cu, "GONE", "2020-01-15", "1000.00")  // barred from 16 January 2025
		storetest.Invoice(t, db, cu, "LATER", "2021-12-31", "1000.00") // barred from 1 January 2027
		res, err := a.Run(ctx, co, app.RunOptions{Day: civil.MustParse("2026-03-02"), DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.TimeBarredSoon != 1 || res.TimeBarred != 1 {
			t.Errorf("soon %d, barred %d; warnings %+v", res.TimeBarredSoon, res.TimeBarred, res.Warnings)
		}
		kinds := map[string]app.RunWarning{}
		for _, w := range res.Warnings {
			kinds[w.Invoice] = w
		}
		if w := kinds["SOON"]; w.Kind != app.WarnTimeBarredSoon || w.Date != civil.MustParse("2026-07-01") || w.CustomerRef != "C1" || !strings.Contains(w.Message, "2026-07-01") {
			t.Errorf("SOON = %+v", w)
		}
		if w := kinds["GONE"]; w.Kind != app.WarnTimeBarred || w.Date != civil.MustParse("2025-01-16") {
			t.Errorf("GONE = %+v", w)
		}
		if _, ok := kinds["LATER"]; ok {
			t.Errorf("LATER warned 10 months ahead")
		}
	})
}
