package civil

import (
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/fr"
)

// Calendar says which days are working days: no reminder goes out on a weekend or a public
// holiday, because a letter that lands on 1 May is a letter nobody reads.
type Calendar struct {
	bc *cal.BusinessCalendar
}

// FrenchCalendar is Monday to Friday without the French national public holidays.
// Alsace-Moselle's two extra days (Good Friday, 26 December) are added when alsaceMoselle is
// set, since rickar/cal does not carry them.
func FrenchCalendar(alsaceMoselle bool) *Calendar {
	bc := cal.NewBusinessCalendar()
	bc.AddHoliday(fr.Holidays...)
	if alsaceMoselle {
		bc.AddHoliday(
			&cal.Holiday{Name: "Vendredi saint", Type: cal.ObservancePublic, Offset: -2, Func: cal.CalcEasterOffset},
			&cal.Holiday{Name: "Saint-Étienne", Type: cal.ObservancePublic, Month: time.December, Day: 26, Func: cal.CalcDayOfMonth},
		)
	}
	return &Calendar{bc: bc}
}

// IsBusinessDay reports whether d is a working day.
func (c *Calendar) IsBusinessDay(d Date) bool {
	return c.bc.IsWorkday(d.t())
}

// HolidayName names the public holiday on d, or "".
func (c *Calendar) HolidayName(d Date) string {
	_, _, h := c.bc.IsHoliday(d.t())
	if h == nil {
		return ""
	}
	return h.Name
}

// OnOrAfter is d if it is a working day, else the next working day.
func (c *Calendar) OnOrAfter(d Date) Date {
	for !c.IsBusinessDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddBusinessDays moves n working days forward from d.
func (c *Calendar) AddBusinessDays(d Date, n int) Date {
	for n > 0 {
		d = d.AddDays(1)
		if c.IsBusinessDay(d) {
			n--
		}
	}
	return d
}
