package dunning

import (
	"cmp"
	"slices"

	"github.com/relance-app/relance/internal/civil"
)

// Worklist returns the day's calls and tasks in the order a collector should take them:
// firmest phase first (a formal-notice follow-up before a courtesy call), then the largest
// amount, then the oldest debt. The actions are not changed.
func Worklist(actions []Action) []Action {
	var out []Action
	for _, a := range actions {
		if a.Channel == Call || a.Channel == Task {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, CompareWorklist)
	return out
}

// CompareWorklist orders two worklist entries: firmest phase, largest total, most days late,
// then customer reference and channel (in the order of Channels) so that the order is stable
// from one run to the next. The store sorts a long worklist the same way in SQL, from the
// action's phase rank, total and OldestDue.
func CompareWorklist(a, b Action) int {
	return cmp.Or(
		cmp.Compare(b.Phase.Rank(), a.Phase.Rank()),
		cmp.Compare(b.Total, a.Total),
		cmp.Compare(b.DaysLate, a.DaysLate),
		cmp.Compare(a.CustomerRef, b.CustomerRef),
		cmp.Compare(a.Channel.index(), b.Channel.index()),
	)
}

// OldestDue is the date the action's lateness counts from: the due date of its most overdue
// invoice; for an action whose invoices carry no due date, the day it was decided less how
// late it was then.
func (a Action) OldestDue() civil.Date {
	var oldest civil.Date
	for _, l := range a.Invoices {
		if !l.DueDate.IsZero() && (oldest.IsZero() || l.DueDate.Before(oldest)) {
			oldest = l.DueDate
		}
	}
	if oldest.IsZero() {
		return a.Day.AddDays(-a.DaysLate)
	}
	return oldest
}

// DaysLateOn is how late the action's most overdue invoice is on day: an action left on the
// worklist for a week is a week later than when it was decided.
func (a Action) DaysLateOn(day civil.Date) int { return max(0, day.Sub(a.OldestDue())) }
