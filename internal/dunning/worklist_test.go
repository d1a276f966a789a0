package dunning

import (
	"strings"
	"testing"
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
