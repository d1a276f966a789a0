package dunning

import (
	"sync/atomic"

	"github.com/relance-app/relance/internal/civil"
)

// openOn memoises whether the last day asked is a business day, and the holiday's name when
// it is not: the daily run asks the same question once per customer, and the calendar
// computes the year's holidays at each call. One entry only, swapped atomically, so that it
// neither grows nor keeps more than one calendar alive, and Plan stays safe to call from
// several goroutines.
var openOn atomic.Pointer[openDay]

type openDay struct {
	cal    *civil.Calendar
	day    civil.Date
	open   bool
	closed string // "weekend" or the holiday's name
}

func isOpen(cal *civil.Calendar, day civil.Date) (bool, string) {
	if o := openOn.Load(); o != nil && o.cal == cal && o.day == day {
		return o.open, o.closed
	}
	o := &openDay{cal: cal, day: day, open: cal.IsBusinessDay(day)}
	if !o.open {
		o.closed = cal.HolidayName(day)
		if o.closed == "" {
			o.closed = "weekend"
		}
	}
	openOn.Store(o)
	return o.open, o.closed
}

// dayNumber counts days since 1 March of year 0 in the proleptic Gregorian calendar (Howard
// Hinnant's days_from_civil, shifted): subtracting two gives the days between dates without
// going through time.Time, which Plan would otherwise do for every invoice of every customer.
func dayNumber(d civil.Date) int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe
}
