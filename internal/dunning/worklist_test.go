package dunning

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/civil"
)

func TestWorklistTakesTheFirmestThenTheLargestThenTheOldest(t *testing.T) {
	actions := []Action{
		{CustomerRef: "A", Channel: Call, Phase: Level1, Total: eur("5000.00"), DaysLate: 9},
		{CustomerRef: "B", Channel: Email, Phase: Level3, Total: eur("9000.00"), DaysLate: 50}, // not worklist work
		{CustomerRef: "C", Channel: Call, Phase: Level2, Total: eur("300.00"), DaysLate: 22},
		{CustomerRef: "D", Channel: Task, Phase: Litigation, Total: eur("120.00"), DaysLate: 61},
		{CustomerRef: "E", Channel: Call, Phase: Level2, Total: eur("300.00"), DaysLate: 35},
		{CustomerRef: "F", Channel: Call, Phase: Level2, Total: eur("2000.00"), DaysLate: 21},
		{CustomerRef: "G", Channel: Call, Phase: Preventive, Total: eur("8000.00")},
	}
	var got []string
	for _, a := range Worklist(actions) {
		got = append(got, a.CustomerRef)
	}
	// D: litigation; F, E, C: level 2 by amount, then E older than C; A: level 1; G: preventive.
	if strings.Join(got, " ") != "D F E C A G" {
		t.Errorf("worklist = %v", got)
	}
	if actions[0].CustomerRef != "A" {
		t.Error("Worklist reordered its argument")
	}
}

func TestAnActionLeftOnTheWorklistGetsLaterEachDay(t *testing.T) {
	day := civil.MustParse("2026-11-10")
	a := Action{Day: day, DaysLate: 3, Invoices: []ActionInvoice{
		{Number: "F1", DueDate: civil.MustParse("2026-11-01")},
		{Number: "F2", DueDate: civil.MustParse("2026-10-20")},
		{Number: "F3"},
	}}
	if got := a.OldestDue(); got != civil.MustParse("2026-10-20") {
		t.Errorf("OldestDue = %s, want the most overdue invoice's due date 2026-10-20", got)
	}
	if got := a.DaysLateOn(civil.MustParse("2026-11-17")); got != 28 {
		t.Errorf("DaysLateOn a week later = %d, want 28", got)
	}
	if got := a.DaysLateOn(civil.MustParse("2026-10-01")); got != 0 {
		t.Errorf("DaysLateOn before the due date = %d, want 0", got)
	}
	task := Action{Day: day, DaysLate: 12} // no invoice dated: counts from the day decided
	if got := task.DaysLateOn(civil.MustParse("2026-11-15")); got != 17 {
		t.Errorf("task DaysLateOn = %d, want 12 + 5", got)
	}
}
