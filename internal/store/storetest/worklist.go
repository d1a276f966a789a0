package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func worklistTests() []namedTest {
	return []namedTest{
		{"WorklistOrderIsCompareWorklistPageByPage", testWorklistOrder},
	}
}

// testWorklistOrder records a worklist full of ties (same phase, same total, same lateness,
// references differing only in case or accents, actions without dated invoices, invoices not
// yet due) and checks that the SQL order is dunning.CompareWorklist's, lateness counted on the
// day asked, and that pages put end to end are the whole list.
func testWorklistOrder(t *testing.T, s store.Store) {
	co := Company(t, s, "worklist")
	day := civil.MustParse("2026-11-20")
	rnd := rand.New(rand.NewPCG(7, 11))
	refs := []string{"a-1", "A-1", "B2", "b10", "b2", "Ärger", "Zeta", "é1", "e1", "_x", "10", "9"}
	totals := []string{"100.00", "100.00", "2500.00", "99.99", "100000.00"}
	phases := []dunning.Phase{dunning.Level1, dunning.Level2, dunning.Level2, dunning.Level3, dunning.Litigation, dunning.Preventive}
	channels := []dunning.Channel{dunning.Call, dunning.Task, dunning.Email}
	var ds []dunning.Decision
	for i, ref := range refs {
		cu := Customer(t, s, co.ID, ref)
		var invs []receivable.Invoice
		for j := range 3 {
			due := day.AddDays(rnd.IntN(60) - 10) // some not due yet on day
			invs = append(invs, Invoice(t, s, cu, fmt.Sprintf("W%d-%d", i, j), due.String(), totals[rnd.IntN(len(totals))]))
		}
		for k := range 4 { // actions on several days, several channels
			d := day.AddDays(-k)
			for _, ch := range channels {
				if rnd.IntN(3) == 0 {
					continue
				}
				a := dunning.Action{CustomerID: cu.ID, CustomerRef: ref, Day: d, Channel: ch, Step: "s", Phase: phases[rnd.IntN(len(phases))],
					Total: money.MustParse(totals[rnd.IntN(len(totals))]), Currency: "EUR", DaysLate: rnd.IntN(5),
					Key: fmt.Sprintf("customer/%d/%s/%s", cu.ID, d, ch)}
				if ch != dunning.Task { // a task may list no invoice: its lateness is the day's
					for _, inv := range invs[:1+rnd.IntN(len(invs))] {
						a.Invoices = append(a.Invoices, dunning.ActionInvoice{ID: inv.ID, Number: inv.Number, DueDate: inv.DueDate, Amount: inv.Amount, Step: "s"})
						a.InvoiceNumbers = append(a.InvoiceNumbers, inv.Number)
					}
				}
				if rnd.IntN(4) == 0 {
					a.NeedsApproval = true
				}
				ds = append(ds, dunning.Decision{CustomerID: cu.ID, CustomerRef: ref, Day: d, Actions: []dunning.Action{a}})
			}
		}
	}
	if _, err := s.RecordDecisions(ctx, co.ID, 0, ds, nil, "test"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []store.ActionQuery{
		{CompanyID: co.ID, UpTo: day, Statuses: []dunning.Status{dunning.StatusQueued}, Channels: []dunning.Channel{dunning.Call, dunning.Task}},
		{CompanyID: co.ID, UpTo: day.AddDays(-2), Statuses: []dunning.Status{dunning.StatusAwaitingApproval}},
		{CompanyID: co.ID, UpTo: day.AddDays(30), Statuses: []dunning.Status{dunning.StatusQueued}},
	} {
		q.Order = store.WorklistOrder
		all, err := s.ListActions(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < 10 {
			t.Fatalf("only %d actions for %+v: the test's data is too thin", len(all), q)
		}
		acts := make([]dunning.Action, len(all))
		for i, r := range all {
			acts[i] = r.Action
			acts[i].DaysLate = r.DaysLateOn(q.UpTo)
		}
		if !slices.IsSortedFunc(acts, dunning.CompareWorklist) {
			for i, a := range acts {
				t.Logf("%2d %-6s %-10s %10s late %3d %-6s %s", i, a.Phase, a.Total, a.OldestDue(), a.DaysLate, a.CustomerRef, a.Channel)
			}
			t.Fatalf("%d actions up to %s not in dunning.CompareWorklist's order", len(acts), q.UpTo)
		}
		var paged []int64
		for off := 0; ; off += 7 {
			q.Limit, q.Offset = 7, off
			page, err := s.ListActions(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page {
				paged = append(paged, r.ID)
			}
			if len(page) < 7 {
				break
			}
		}
		want := make([]int64, len(all))
		for i, r := range all {
			want[i] = r.ID
		}
		if !slices.Equal(paged, want) {
			t.Errorf("pages of 7 put end to end = %v, want %v", paged, want)
		}
	}
}
