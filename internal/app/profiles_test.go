package app_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// payerFixture gives customers whose last twelve months say who they are: C1 pays on time,
// C2 forty days late, C3 ten days late (and is already set careless), C4 has nothing paid
// yet, C5 a single invoice.
func payerFixture(t *testing.T, db *sqlstore.DB) (*app.App, receivable.Company, map[string]receivable.Customer) {
	t.Helper()
	a, co := company(t, db)
	custs := map[string]receivable.Customer{}
	for _, c := range []struct {
		ref   string
		n     int
		delay int
	}{{"C1", 4, 0}, {"C2", 4, 40}, {"C3", 4, 10}, {"C4", 0, 0}, {"C5", 1, 0}} {
		cu := storetest.Customer(t, db, co.ID, c.ref)
		custs[c.ref] = cu
		for i := range c.n {
			due := day.AddMonths(-2 - 2*i)
			inv := storetest.Invoice(t, db, cu, fmt.Sprintf("%s-%d", c.ref, i), due.String(), "100.00")
			storetest.Pay(t, db, inv, due.AddDays(c.delay).String(), "100.00")
		}
	}
	storetest.Invoice(t, db, custs["C4"], "C4-open", day.AddDays(10).String(), "100.00")
	if _, err := a.SetProfile(context.Background(), co, "C3", receivable.Careless, "marie"); err != nil {
		t.Fatal(err)
	}
	return a, co, custs
}

func TestSuggestedProfilesComeWithTheirReasonsNextToTheCurrentOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co, _ := payerFixture(t, db)
		got, err := a.SuggestProfiles(ctx, co, app.SuggestParams{Day: day}, "marie")
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, s := range got {
			lines = append(lines, fmt.Sprintf("%s %s→%s differs=%v applied=%v reasons=%d", s.CustomerRef, s.Current, s.Suggested, s.Differs, s.Applied, len(s.Reasons)))
		}
		want := []string{
			"C1 →good_payer differs=true applied=false reasons=1",
			"C2 →bad_payer differs=true applied=false reasons=1",
			"C3 careless→careless differs=false applied=false reasons=1",
			"C5 → differs=false applied=false reasons=1", // too little history to say
		}
		if !slices.Equal(lines, want) {
			t.Errorf("suggestions:\n\t%v\nwant\n\t%v", lines, want)
		}
		if got[1].Stats.AvgDaysLate != 40 || got[1].Reasons[0].Code != "paid_late" {
			t.Errorf("C2 = %+v", got[1])
		}
		few, _ := a.SuggestProfiles(ctx, co, app.SuggestParams{Day: day, MinInvoices: 2}, "marie")
		if len(few) != 3 {
			t.Errorf("with at least 2 invoices paid: %d customers", len(few))
		}
		if c, _ := db.CustomerByRef(ctx, co.ID, "C1"); c.Profile != "" {
			t.Errorf("suggesting changed C1's profile to %s", c.Profile)
		}
	})
}

func TestApplyingSuggestionsSetsOnlyThoseThatDifferAndRecordsEach(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co, custs := payerFixture(t, db)
		got, err := a.SuggestProfiles(ctx, co, app.SuggestParams{Day: day, Apply: true}, "marie")
		if err != nil {
			t.Fatal(err)
		}
		applied := 0
		for _, s := range got {
			if s.Applied {
				applied++
			}
		}
		if applied != 2 {
			t.Errorf("%d applied, want C1 and C2", applied)
		}
		for ref, want := range map[string]receivable.Profile{"C1": receivable.GoodPayer, "C2": receivable.BadPayer, "C3": receivable.Careless, "C5": ""} {
			if c, _ := db.CustomerByRef(ctx, co.ID, ref); c.Profile != want {
				t.Errorf("%s is %q, want %q", ref, c.Profile, want)
			}
		}
		if k := eventKinds(t, db, co, custs["C2"]); !slices.Equal(k, []string{"profile"}) {
			t.Errorf("C2's timeline = %v", k)
		}
		if k := eventKinds(t, db, co, custs["C3"]); !slices.Equal(k, []string{"profile"}) { // set by hand, not again
			t.Errorf("C3's timeline = %v", k)
		}
		// C4, with nothing to suggest from, keeps the company's default policy.
		if p := dryRun(t, a, co, day)["C4"].Policy; p != "standard-fr" {
			t.Errorf("C4 follows %s", p)
		}
	})
}

func TestSetProfileChangesThePolicyTheCustomerGets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "500.00")
		c, err := a.SetProfile(ctx, co, "C1", receivable.BadPayer, "marie")
		if err != nil || c.Profile != receivable.BadPayer {
			t.Fatalf("set = %+v, %v", c, err)
		}
		if p := dryRun(t, a, co, day)["C1"].Policy; p != "bad-payer-fr" {
			t.Errorf("a bad payer follows %s", p)
		}
		var in *app.InputError
		if _, err := a.SetProfile(ctx, co, "C1", "deadbeat", "marie"); !errors.As(err, &in) {
			t.Errorf("unknown profile: %v", err)
		}
		if _, err := a.SetProfile(ctx, co, "C9", receivable.BadPayer, "marie"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown customer: %v", err)
		}
		if _, err := a.SetProfile(ctx, co, "C1", "", "marie"); err != nil {
			t.Errorf("removing the profile: %v", err)
		}
		if k := eventKinds(t, db, co, cu); !slices.Equal(k, []string{"profile", "profile"}) {
			t.Errorf("timeline = %v", k)
		}
	})
}
