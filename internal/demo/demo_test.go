package demo_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

var today = civil.MustParse("2026-11-23")

func TestSameSeedGivesTheSameDataset(t *testing.T) {
	a := demo.Generate(demo.Options{Seed: 7, Customers: 40, Today: today})
	b := demo.Generate(demo.Options{Seed: 7, Customers: 40, Today: today})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two generations with the same seed differ")
	}
	c := demo.Generate(demo.Options{Seed: 8, Customers: 40, Today: today})
	if reflect.DeepEqual(a, c) {
		t.Fatal("another seed gives the same data")
	}
}

func TestDatasetCarriesEveryProfileAndRealisticHistory(t *testing.T) {
	ds := demo.Generate(demo.Options{Seed: 1, Customers: 80, Today: today})
	profiles := map[receivable.Profile]int{}
	var partial, notes, onAccount, open int
	oldest := today
	for _, c := range ds.Customers {
		profiles[c.Profile]++
		notes += len(c.CreditNotes)
		onAccount += len(c.OnAccount)
		if len(c.Contacts) == 0 {
			t.Errorf("%s has no contact", c.Ref)
		}
		for _, inv := range c.Invoices {
			if inv.IssueDate.Before(oldest) {
				oldest = inv.IssueDate
			}
			var paid money.Cents
			for _, p := range inv.Payments {
				paid += p.Amount
				if p.Date.After(today) {
					t.Errorf("%s paid in the future", inv.Number)
				}
			}
			if len(inv.Payments) > 1 || (paid > 0 && paid < inv.Amount) {
				partial++
			}
			if paid < inv.Amount {
				open++
			}
		}
	}
	for _, p := range receivable.Profiles {
		if profiles[p] == 0 {
			t.Errorf("no %s customer", p)
		}
	}
	if partial == 0 || notes == 0 || onAccount == 0 || open == 0 {
		t.Errorf("partial %d, credit notes %d, on account %d, open %d: want some of each", partial, notes, onAccount, open)
	}
	if months := today.Sub(oldest) / 30; months < 16 || months > 19 {
		t.Errorf("history spans %d months, want about 18", months)
	}
}

func TestLoadingTwiceChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		ds := demo.Generate(demo.Options{Seed: 3, Customers: 15, Today: today})
		sum, err := demo.Load(ctx, db, ds)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := db.Aging(ctx, sum.Company.ID, today)
		pays, _ := db.ListPayments(ctx, store.PaymentQuery{CompanyID: sum.Company.ID})
		if _, err := demo.Load(ctx, db, ds); err != nil {
			t.Fatal(err)
		}
		after, _ := db.Aging(ctx, sum.Company.ID, today)
		pays2, _ := db.ListPayments(ctx, store.PaymentQuery{CompanyID: sum.Company.ID})
		if before.Total.Open != after.Total.Open || len(pays) != len(pays2) || len(pays) != sum.Payments {
			t.Errorf("second load changed data: open %v -> %v, payments %d -> %d (generated %d)", before.Total.Open, after.Total.Open, len(pays), len(pays2), sum.Payments)
		}
		// The open total equals what the dataset says is unpaid.
		var want money.Cents
		for _, c := range ds.Customers {
			credits := map[string]money.Cents{}
			for _, n := range c.CreditNotes {
				credits[n.Credits] += n.Amount
			}
			for _, inv := range c.Invoices {
				o := inv.Amount - credits[inv.Number]
				for _, p := range inv.Payments {
					o -= p.Amount
				}
				want += max(0, o)
			}
		}
		if after.Total.Open != want {
			t.Errorf("open in the database %v, unpaid in the dataset %v", after.Total.Open, want)
		}
	})
}
