package dunning

import (
	"fmt"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/receivable"
)

func TestSimulateFollowsThePolicyIfNobodyPays(t *testing.T) {
	acct := account(invoice(1, "2026-03-02", "1000.00"))
	var got []string
	for _, dp := range Simulate(acct, shipped(t, "standard-fr"), day("2026-02-20"), 80, fr) {
		for _, a := range dp.Decision.Actions {
			got = append(got, fmt.Sprintf("%s %s %s", dp.Day, a.Channel, a.Step))
		}
	}
	want := []string{
		"2026-02-25 email rappel-preventif",
		"2026-03-03 email relance-1",
		"2026-03-10 call appel-1",
		"2026-03-17 email relance-1b",
		"2026-03-23 registered_letter relance-2",
		"2026-03-23 call appel-2",
		"2026-04-13 registered_letter mise-en-demeure",
		"2026-05-04 task contentieux", // D+60 is 1 May, a holiday before a weekend
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("simulation:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestSimulateRecordsABrokenPromiseOnceAndResumes(t *testing.T) {
	acct := account(invoice(1, "2026-03-02", "1000.00"))
	acct.Promises = []receivable.Promise{{ID: 3, CustomerID: 1, Made: day("2026-03-04"), Date: day("2026-03-20"), Amount: eur("1000.00")}}
	var got []string
	for _, dp := range Simulate(acct, shipped(t, "standard-fr"), day("2026-03-03"), 30, fr) {
		for _, a := range dp.Decision.Actions {
			got = append(got, fmt.Sprintf("%s %s %s", dp.Day, a.Channel, a.Step))
		}
		for _, e := range dp.Decision.Events {
			got = append(got, fmt.Sprintf("%s %s", dp.Day, e.Kind))
		}
	}
	want := []string{
		"2026-03-03 email relance-1",
		// Held from 4 March to 23 March (20 March plus 3 days of grace); broken on the 24th,
		// the process resumes with the latest step due, level 2.
		"2026-03-24 registered_letter relance-2",
		"2026-03-24 call appel-2",
		"2026-03-24 promise_broken",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("simulation:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestSimulationKeepsTheRulesOverASeason runs every shipped policy over a busy account for
// six months and checks the rules that must hold whatever happens: nothing on a closed day,
// no contacts closer than the minimum, no step twice, never back to an earlier step.
func TestSimulationKeepsTheRulesOverASeason(t *testing.T) {
	for _, pol := range Defaults() {
		t.Run(pol.Name, func(t *testing.T) {
			acct := busyAccount()
			acct.RejectedDebits = []int64{2, 7}
			var lastContact string
			type at struct {
				day    string
				offset int
			}
			last := map[int64]at{}
			for _, dp := range Simulate(acct, pol, day("2025-12-01"), 190, fr) {
				if !fr.IsBusinessDay(dp.Day) && len(dp.Decision.Actions) > 0 {
					t.Errorf("%s: actions on a closed day", dp.Day)
				}
				contact := false
				for _, a := range dp.Decision.Actions {
					contact = contact || a.Channel.IsContact()
					for _, l := range a.Invoices {
						off := pol.Steps[pol.StepIndex(l.Step)].OffsetDays
						// Steps of one day (a letter and a call) may share an offset; a later
						// day's step is always further along.
						if prev, ok := last[l.ID]; ok && (off < prev.offset || off == prev.offset && prev.day != dp.Day.String()) {
							t.Errorf("%s: %s went from offset %d to %d", dp.Day, l.Number, prev.offset, off)
						}
						last[l.ID] = at{dp.Day.String(), off}
					}
				}
				if contact {
					if lastContact != "" && dp.Day.Sub(day(lastContact)) < pol.MinDaysBetweenContacts {
						t.Errorf("%s: contact %d days after %s", dp.Day, dp.Day.Sub(day(lastContact)), lastContact)
					}
					lastContact = dp.Day.String()
				}
			}
			if len(last) == 0 {
				t.Error("nothing happened in six months")
			}
		})
	}
}
