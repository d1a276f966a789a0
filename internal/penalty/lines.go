package penalty

import (
	"sort"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// segment is a run of days at one base, rate and divisor; adjacent segments that agree are
// shown as one line unless the second starts a new year of the day count or of compounding.
type segment struct {
	from, to    civil.Date
	base        money.Cents
	capitalised money.Cents
	rate        money.Rate
	divisor     int
	ref         Entry // the reference rate used; zero for a stipulated rate
	lastSem     Semester
}

// lines splits [start, end] at every day where the base, the rate or the divisor may change,
// and writes one line per run of days where none does.
func (c *calc) lines(start, end civil.Date) error {
	var cuts []civil.Date
	add := func(d civil.Date) {
		if d.After(start) && !d.After(end) {
			cuts = append(cuts, d)
		}
	}
	perSemester := !c.stipulated && !c.rule.fixedAtStart
	if perSemester {
		for s := SemesterOf(start).Next(); !s.Start().After(end); s = s.Next() {
			add(s.Start())
		}
	}
	if c.dc == ActualActual {
		for y := start.Year + 1; y <= end.Year; y++ {
			add(civil.D(y, time.January, 1))
		}
	}
	for _, p := range c.pays {
		add(p.Date.AddDays(1))
	}
	anniversaries := map[civil.Date]bool{}
	if c.rule.compoundYearly && !c.stipulated {
		for k := 1; !start.AddYears(k).After(end); k++ {
			anniversaries[start.AddYears(k)] = true
			add(start.AddYears(k))
		}
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].Before(cuts[j]) })
	bounds := []civil.Date{start}
	for _, d := range cuts {
		if d != bounds[len(bounds)-1] {
			bounds = append(bounds, d)
		}
	}

	var fixed Entry // the United Kingdom's rate, fixed when interest starts
	if c.rule.fixedAtStart && !c.stipulated {
		e, err := c.entry(c.rule.reference, SemesterOf(start))
		if err != nil {
			return err
		}
		fixed = e
	}
	var pending *segment
	var capitalised, yearInterest money.Cents
	flush := func() {
		if pending == nil {
			return
		}
		days := pending.to.Sub(pending.from) + 1
		amt := interest(pending.base, pending.rate, days, pending.divisor)
		c.res.Lines = append(c.res.Lines, Line{From: pending.from, To: pending.to, Days: days,
			Rate: pending.rate, Divisor: pending.divisor, Base: pending.base, Amount: amt, Basis: c.basis(pending)})
		c.res.Interest += amt
		yearInterest += amt
		pending = nil
	}
	for i, from := range bounds {
		to := end
		if i+1 < len(bounds) {
			to = bounds[i+1].AddDays(-1)
		}
		hard := false
		if anniversaries[from] {
			flush()
			capitalised += yearInterest
			yearInterest = 0
			hard = true
		}
		if c.dc == ActualActual && from.Month == time.January && from.Day == 1 {
			hard = true
		}
		principal := c.inv.Amount
		for _, p := range c.pays {
			if p.Date.Before(from) {
				principal -= p.Amount
			}
		}
		if principal <= 0 {
			continue
		}
		seg := segment{from: from, to: to, base: principal + capitalised, capitalised: capitalised,
			divisor: 365, lastSem: SemesterOf(to)}
		if c.dc == ActualActual && isLeap(from.Year) {
			seg.divisor = 366
		}
		switch {
		case c.stipulated:
			seg.rate = c.terms.Rate
		case c.rule.fixedAtStart:
			seg.ref, seg.rate = fixed, fixed.Rate+c.rule.margin
		default:
			e, err := c.entry(c.rule.reference, SemesterOf(from))
			if err != nil {
				return err
			}
			seg.ref, seg.rate = e, roundUp(e.Rate+c.rule.margin, c.rule.roundUp)
		}
		if p := pending; p != nil && !hard && p.base == seg.base && p.rate == seg.rate &&
			p.divisor == seg.divisor && p.ref.Rate == seg.ref.Rate {
			p.to, p.lastSem = seg.to, seg.lastSem
			continue
		}
		flush()
		pending = &seg
	}
	flush()
	return nil
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// roundUp rounds r up to a multiple of step (no rounding when step is zero).
func roundUp(r, step money.Rate) money.Rate {
	if step <= 0 {
		return r
	}
	q := r / step
	if q*step < r {
		q++
	}
	return q * step
}
