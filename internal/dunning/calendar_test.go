package dunning

import (
	"testing"

	"github.com/relance-app/relance/internal/civil"
)

func TestDayNumberCountsCalendarDays(t *testing.T) {
	base := day("1999-12-25")
	for i := range 12000 { // to 2032, leap years and centuries included
		d := base.AddDays(i)
		if got := dayNumber(d) - dayNumber(base); got != i {
			t.Fatalf("%s: %d days after %s, want %d", d, got, base, i)
		}
	}
	if dayNumber(civil.D(2100, 3, 1))-dayNumber(civil.D(2100, 2, 28)) != 1 {
		t.Error("2100 is not a leap year")
	}
}

func TestClosedDayMemoFollowsTheCalendarAndTheDay(t *testing.T) {
	alsace := civil.FrenchCalendar(true)
	goodFriday := day("2026-04-03")
	if open, _ := isOpen(fr, goodFriday); !open {
		t.Error("Good Friday closed in Paris")
	}
	if open, why := isOpen(alsace, goodFriday); open || why == "" || why == "weekend" {
		t.Errorf("Good Friday in Strasbourg: open %v, %q", open, why)
	}
	if open, _ := isOpen(fr, goodFriday); !open {
		t.Error("the memo mixed up two calendars")
	}
	if open, why := isOpen(fr, day("2026-04-04")); open || why != "weekend" {
		t.Errorf("Saturday: %v %q", open, why)
	}
}
