package dunning

import (
	"slices"

	"github.com/relance-app/relance/internal/civil"
)

// Outcome is the status an action of the channel ends with when it goes as planned: sent for
// e-mails and letters, done for calls and tasks.
func Outcome(ch Channel) Status {
	if ch == Call || ch == Task {
		return StatusDone
	}
	return StatusSent
}

// Record returns the account as it stands once the decision is carried out: its actions in
// the history with status (Outcome of their channel when status is empty), its superseded
// steps recorded as skipped, and its events set on the promises and plans (Kept, Broken,
// Defaulted). It is what the store does after a run, done in memory, for simulations and
// tests; the receiver is not changed.
func (a Account) Record(d Decision, status Status) Account {
	if len(d.Actions)+len(d.Superseded) > 0 {
		h := make([]PastAction, len(a.History), len(a.History)+len(d.Actions)+len(d.Superseded))
		copy(h, a.History)
		for _, s := range d.Superseded {
			h = append(h, s.Record(d.Day))
		}
		for _, act := range d.Actions {
			st := status
			if st == "" {
				st = Outcome(act.Channel)
			}
			h = append(h, act.Record(st))
		}
		a.History = h
	}
	if len(d.Events) > 0 {
		a.Promises = slices.Clone(a.Promises)
		a.Plans = slices.Clone(a.Plans)
		for _, e := range d.Events {
			switch e.Kind {
			case EventPromiseKept, EventPromiseBroken:
				for i := range a.Promises {
					if a.Promises[i].ID != e.PromiseID {
						continue
					}
					if e.Kind == EventPromiseKept {
						a.Promises[i].Kept = e.Day
					} else {
						a.Promises[i].Broken = e.Day
					}
				}
			case EventInstalmentMissed:
				for i := range a.Plans {
					if a.Plans[i].ID == e.PlanID {
						a.Plans[i].Defaulted = e.Day
					}
				}
			}
		}
	}
	return a
}

// DayPlan is what the process would do on one day of a simulation.
type DayPlan struct {
	Day      civil.Date `json:"day"`
	Decision Decision   `json:"decision"`
}

// Simulate runs the process over days days from from, as if nobody paid: each day's decision
// is recorded (Record, each action ending as planned) before the next day is decided. It is
// how a user checks a policy on a real account before using it.
func Simulate(acct Account, pol Policy, from civil.Date, days int, cal *civil.Calendar) []DayPlan {
	out := make([]DayPlan, 0, max(0, days))
	for i := range days {
		day := from.AddDays(i)
		d := Plan(acct, pol, day, cal)
		out = append(out, DayPlan{Day: day, Decision: d})
		acct = acct.Record(d, "")
	}
	return out
}
