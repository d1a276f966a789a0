package receivable

import (
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

func TestOpenBalanceIsDerivedFromAllocations(t *testing.T) {
	inv := Invoice{Amount: 120000, Allocated: 50000, DueDate: civil.MustParse("2026-10-01")}
	if inv.Open() != 70000 {
		t.Fatalf("Open = %v", inv.Open())
	}
	if got := inv.DaysLate(civil.MustParse("2026-11-23")); got != 53 {
		t.Errorf("DaysLate = %d", got)
	}
	inv.Allocated = 120000
	if inv.IsOpen() || inv.DaysLate(civil.MustParse("2026-11-23")) != 0 {
		t.Error("a settled invoice is still late")
	}
}

func TestPaymentsGoToTheOldestDueInvoiceFirst(t *testing.T) {
	open := []Invoice{
		{ID: 2, Number: "F2", DueDate: civil.MustParse("2026-02-01"), Amount: 10000},
		{ID: 1, Number: "F1", DueDate: civil.MustParse("2026-01-01"), Amount: 10000, Allocated: 2500},
		{ID: 3, Number: "F3", DueDate: civil.MustParse("2026-03-01"), Amount: 10000},
	}
	allocs, left := AllocateOldestFirst(open, money.Cents(12500), civil.MustParse("2026-04-01"))
	if left != 0 || len(allocs) != 2 || allocs[0].InvoiceID != 1 || allocs[0].Amount != 7500 || allocs[1].InvoiceID != 2 || allocs[1].Amount != 5000 {
		t.Errorf("allocs = %+v left %v", allocs, left)
	}
	_, left = AllocateOldestFirst(open, money.Cents(50000), civil.MustParse("2026-04-01"))
	if left != 50000-27500 {
		t.Errorf("left over = %v", left)
	}
}

func TestAgingBucketsMatchTheirBounds(t *testing.T) {
	day := civil.MustParse("2026-11-23")
	b := BucketBounds(day)
	for late := -5; late <= 120; late++ {
		due := day.AddDays(-late)
		want := BucketOf(due, day)
		got := BucketNotDue
		switch {
		case !due.Before(b[0]):
		case !due.Before(b[1]):
			got = Bucket1to30
		case !due.Before(b[2]):
			got = Bucket31to60
		case !due.Before(b[3]):
			got = Bucket61to90
		default:
			got = Bucket91Plus
		}
		if got != want {
			t.Errorf("late %d: bounds give %s, BucketOf %s", late, got, want)
		}
	}
}

func TestDunningContactIsTheOneWhoCanUnblockPayment(t *testing.T) {
	cs := []Contact{
		{Name: "Factures", Email: "factures@x.fr"},
		{Name: "Trésorière", Email: "tresorerie@x.fr", Dunning: true},
	}
	if c, _ := DunningContact(cs); c.Name != "Trésorière" {
		t.Errorf("got %s", c.Name)
	}
	cs[1].Undeliverable = "550 no such user"
	if c, _ := DunningContact(cs); c.Name != "Factures" {
		t.Errorf("bounced contact still chosen: %s", c.Name)
	}
	if _, ok := DunningContact(nil); ok {
		t.Error("contact found among none")
	}
}

func TestProfilesParseInFrenchAndEnglish(t *testing.T) {
	for in, want := range map[string]Profile{"Mauvais payeur": BadPayer, "négligent": Careless, "litige": DisputeProne, "good_payer": GoodPayer, "": ""} {
		if got, err := ParseProfile(in); err != nil || got != want {
			t.Errorf("ParseProfile(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseProfile("sometimes"); err == nil {
		t.Error("unknown profile accepted")
	}
}
