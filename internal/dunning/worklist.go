package dunning

import (
	"cmp"
	"slices"
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
// then customer reference and channel so that the order is stable from one run to the next.
func CompareWorklist(a, b Action) int {
	return cmp.Or(
		cmp.Compare(b.Phase.Rank(), a.Phase.Rank()),
		cmp.Compare(b.Total, a.Total),
		cmp.Compare(b.DaysLate, a.DaysLate),
		cmp.Compare(a.CustomerRef, b.CustomerRef),
		cmp.Compare(a.Channel.index(), b.Channel.index()),
	)
}
