package app

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
)

// MaxSimulationDays bounds a simulation: two years covers the longest policy's chain.
const MaxSimulationDays = 731

// SimulateParams say what to simulate.
type SimulateParams struct {
	From civil.Date // the first day; today when zero
	Days int        // how many days, 1 to MaxSimulationDays
	// CustomerRef limits the simulation to one customer; empty means every customer with
	// open invoices.
	CustomerRef string
	// Policy, when set, is tried instead of each customer's own: the way to check a policy on
	// real accounts before assigning it.
	Policy string
}

// CustomerSimulation is what the process would do for one customer, day by day, if nobody
// paid. Days holds only the days on which something happens (an action or an event).
type CustomerSimulation struct {
	CustomerID   int64             `json:"-"`
	CustomerRef  string            `json:"customer_ref"`
	CustomerName string            `json:"customer_name"`
	Policy       string            `json:"policy"`
	Days         []dunning.DayPlan `json:"days"`
}

// SimulationSummary counts what a simulation covered.
type SimulationSummary struct {
	From      civil.Date `json:"from"`
	To        civil.Date `json:"to"`
	Customers int        `json:"customers"`
	Actions   int        `json:"actions"`
	Events    int        `json:"events"`
}

// Simulate runs the process over the days as if nobody paid, from the stored accounts (their
// history, commitments, pauses) and each customer's policy (or p.Policy), recording nothing.
// It hands each customer's simulation to emit as soon as it is made, one range of customers
// in memory at a time, so that a company of any size can be simulated; emit's error stops it.
func (a *App) Simulate(ctx context.Context, co receivable.Company, p SimulateParams, emit func(CustomerSimulation) error) (SimulationSummary, error) {
	if p.From.IsZero() {
		p.From = a.Today(co)
	}
	if p.Days < 1 || p.Days > MaxSimulationDays {
		return SimulationSummary{}, inputErr("days", "%d days: want 1 to %d", p.Days, MaxSimulationDays)
	}
	sum := SimulationSummary{From: p.From, To: p.From.AddDays(p.Days - 1)}
	pols, err := a.loadPolicies(ctx, co.ID)
	if err != nil {
		return sum, err
	}
	var forced *dunning.Policy
	if p.Policy != "" {
		pol, err := pols.lookup(p.Policy)
		if err != nil {
			return sum, err
		}
		forced = &pol
	}
	cal := Calendar(co)
	simulate := func(acct dunning.Account) error {
		pol := dunning.Policy{}
		if forced != nil {
			pol = *forced
		} else if pol, err = dunning.Resolve(acct.Customer, pols.byName, pols.byProfile, pols.def); err != nil {
			return err
		}
		sim := CustomerSimulation{CustomerID: acct.Customer.ID, CustomerRef: acct.Customer.Ref, CustomerName: acct.Customer.Name, Policy: pol.Name}
		for _, dp := range dunning.Simulate(acct, pol, p.From, p.Days, cal) {
			if len(dp.Decision.Actions)+len(dp.Decision.Events) == 0 {
				continue
			}
			for i := range dp.Decision.Actions {
				dp.Decision.Actions[i].Currency = orCurrency(dp.Decision.Actions[i].Currency, co.Currency)
			}
			// What was left out each day is for explaining a run; a simulation shows what
			// happens, and the lists would dwarf it.
			dp.Decision.LeftOut = nil
			sim.Days = append(sim.Days, dp)
			sum.Actions += len(dp.Decision.Actions)
			sum.Events += len(dp.Decision.Events)
		}
		sum.Customers++
		return emit(sim)
	}

	if p.CustomerRef != "" {
		cu, err := customerByRef(ctx, a.Store, co, p.CustomerRef)
		if err != nil {
			return sum, err
		}
		accts, err := a.Store.LoadAccounts(ctx, co.ID, p.From, cu.ID, cu.ID+1)
		if err != nil {
			return sum, err
		}
		if len(accts) == 0 {
			// Nothing open: nothing would happen, which is worth saying rather than failing.
			accts = []dunning.Account{{Customer: cu}}
		}
		return sum, simulate(accts[0])
	}
	maxID, err := a.Store.MaxCustomerID(ctx, co.ID)
	if err != nil {
		return sum, err
	}
	const chunk = 1000
	for lo := int64(0); lo <= maxID; lo += chunk {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		accts, err := a.Store.LoadAccounts(ctx, co.ID, p.From, lo, lo+chunk)
		if err != nil {
			return sum, fmt.Errorf("simulate customers %d-%d: %w", lo, lo+chunk-1, err)
		}
		for _, acct := range accts {
			if err := simulate(acct); err != nil {
				return sum, err
			}
		}
	}
	return sum, nil
}
