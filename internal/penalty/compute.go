package penalty

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// Compute returns the late-payment interest and flat indemnity that inv owes on day under
// terms, with rates from rates. Payments dated after day are not yet received and are
// ignored. It fails when the law of terms is not one relance knows, when the input is not
// usable, or with a *MissingRateError when the rate the law calls for is not in the table;
// a missing rate that only serves a check (the floor on a stipulated rate) is reported as a
// warning instead.
func Compute(inv Invoice, terms Terms, day civil.Date, rates Table) (Result, error) {
	r, err := ruleFor(terms)
	if err != nil {
		return Result{}, err
	}
	name := inv.Number
	if name == "" {
		name = "without number"
	}
	switch {
	case inv.DueDate.IsZero():
		return Result{}, fmt.Errorf("invoice %s: no due date", name)
	case inv.Amount <= 0:
		return Result{}, fmt.Errorf("invoice %s: amount %s is not positive", name, inv.Amount)
	case day.IsZero():
		return Result{}, errors.New("no computation day")
	case terms.Rate < 0:
		return Result{}, fmt.Errorf("stipulated rate %s is negative", terms.Rate)
	}
	dc := terms.DayCount
	if dc == "" {
		dc = Actual365
	}
	if _, err := ParseDayCount(string(dc)); err != nil {
		return Result{}, err
	}
	var pays []Payment
	for _, p := range inv.Payments {
		if p.Amount <= 0 || p.Date.IsZero() {
			return Result{}, fmt.Errorf("invoice %s: payment of %s on %q: want a positive amount and a date", name, p.Amount, p.Date)
		}
		if !p.Date.After(day) {
			pays = append(pays, p)
		}
	}
	sort.SliceStable(pays, func(i, j int) bool { return pays[i].Date.Before(pays[j].Date) })

	c := &calc{inv: inv, terms: terms, rule: r, day: day, rates: rates, dc: dc, pays: pays,
		stipulated: terms.Rate != 0 && !r.fromNotice, seen: map[entryKey]bool{}}
	c.res = Result{Invoice: inv.Number, Rule: r.name, Currency: inv.Currency, DueDate: inv.DueDate,
		Day: day, Principal: inv.Amount, Lines: []Line{}, Warnings: []Text{}, Notes: []Text{}}
	if c.res.Currency == "" {
		c.res.Currency = r.currency
	}
	if err := c.run(); err != nil {
		return Result{}, err
	}
	c.res.Total = c.res.Interest + c.res.Indemnity
	return c.res, nil
}

// calc holds one computation while it runs.
type calc struct {
	inv        Invoice
	terms      Terms
	rule       rule
	day        civil.Date
	rates      Table
	dc         DayCount
	pays       []Payment // received by day, in date order
	stipulated bool      // a stipulated rate replaces the statutory one
	seen       map[entryKey]bool
	res        Result
}

func (c *calc) run() error {
	res := &c.res
	for _, p := range c.pays {
		res.Paid += p.Amount
		if res.PaidDate.IsZero() && res.Paid >= c.inv.Amount {
			res.PaidDate = p.Date
		}
	}
	res.Outstanding = max(0, c.inv.Amount-res.Paid)
	end := c.day
	if !res.PaidDate.IsZero() {
		end = res.PaidDate
	}
	if !end.After(c.inv.DueDate) {
		if !res.PaidDate.IsZero() {
			res.Notes = append(res.Notes, bilingual(func(l string) string {
				return pick(l, "Paid on time: no late interest and no indemnity.", "Payée à l'échéance : ni intérêts de retard ni indemnité.")
			}))
		} else {
			res.Notes = append(res.Notes, bilingual(func(l string) string {
				return pick(l, "Not late on "+day(c.day, l)+": due on "+day(c.inv.DueDate, l)+".",
					"Pas en retard le "+day(c.day, l)+" : échéance le "+day(c.inv.DueDate, l)+".")
			}))
		}
		return nil
	}
	res.DaysLate = end.Sub(c.inv.DueDate)
	res.Notes = append(res.Notes, c.rule.notes...)
	c.indemnity()

	if c.terms.Rate != 0 && c.rule.fromNotice {
		res.Warnings = append(res.Warnings, bilingual(func(l string) string {
			return pick(l, "The stipulated rate "+pct(c.terms.Rate, l)+" is not applied to a consumer: only legal interest from the formal notice is computed.",
				"Le taux convenu de "+pct(c.terms.Rate, l)+" n'est pas appliqué à un consommateur : seuls les intérêts au taux légal depuis la mise en demeure sont calculés.")
		}))
	}
	start := c.inv.DueDate.AddDays(1)
	if c.rule.fromNotice {
		notice := c.inv.NoticeDate
		if notice.IsZero() {
			res.Notes = append(res.Notes, bilingual(func(l string) string {
				return pick(l, "No formal notice recorded: no interest is due yet. Send a formal notice (mise en demeure) to make legal interest run.",
					"Aucune mise en demeure enregistrée : aucun intérêt n'est encore dû. Envoyez une mise en demeure pour faire courir les intérêts au taux légal.")
			}))
			return nil
		}
		start = civil.MaxDate(notice, c.inv.DueDate).AddDays(1)
		if start.After(end) {
			res.Notes = append(res.Notes, bilingual(func(l string) string {
				return pick(l, "The formal notice of "+day(notice, l)+" is not followed by any day of interest before "+day(end, l)+".",
					"La mise en demeure du "+day(notice, l)+" n'est suivie d'aucun jour d'intérêts avant le "+day(end, l)+".")
			}))
			return nil
		}
	}
	if err := c.checks(start, end); err != nil {
		return err
	}
	return c.lines(start, end)
}

// indemnity adds the flat compensation of the rule, unless it is in another currency than
// the invoice: adding euros to pounds would give a total no one can claim.
func (c *calc) indemnity() {
	if c.rule.indemnity == nil {
		return
	}
	amt := c.rule.indemnity(c.inv.Amount)
	if c.res.Currency != c.rule.currency {
		c.res.Warnings = append(c.res.Warnings, bilingual(func(l string) string {
			a := amt.FormatCurrency(c.rule.currency, l)
			return pick(l, "The flat indemnity of "+a+" is in another currency than the invoice ("+c.res.Currency+"): claim it separately; it is not in the total.",
				"L'indemnité forfaitaire de "+a+" est dans une autre devise que la facture ("+c.res.Currency+") : réclamez-la à part ; elle n'est pas dans le total.")
		}))
		return
	}
	c.res.Indemnity = amt
}

// checks adds the notes and warnings that depend on the interest period.
func (c *calc) checks(start, end civil.Date) error {
	res := &c.res
	if c.dc == ActualActual {
		res.Notes = append(res.Notes, bilingual(func(l string) string {
			return pick(l, "Day count actual/actual: the days of each calendar year are divided by its length (366 in a leap year), split at 31 December.",
				"Base exact/exact : les jours de chaque année civile sont divisés par sa durée (366 les années bissextiles), avec une coupure au 31 décembre.")
		}))
	} else {
		res.Notes = append(res.Notes, bilingual(func(l string) string {
			return pick(l, "Day count: actual days / 365, also in leap years (service-public.fr F20688).",
				"Décompte des jours : jours réels / 365, y compris les années bissextiles (service-public.fr F20688).")
		}))
	}
	if c.partialPayments(end) {
		res.Notes = append(res.Notes, bilingual(func(l string) string {
			return pick(l, "Each payment reduces the base from the day after its date.",
				"Chaque paiement réduit la base à partir du lendemain de sa date.")
		}))
		if c.rule.compoundYearly {
			res.Warnings = append(res.Warnings, bilingual(func(l string) string {
				return pick(l, "Payments are applied to the principal; Dutch law (BW 6:44) applies them to costs and interest first: check before claiming.",
					"Les paiements sont imputés sur le principal ; le droit néerlandais (BW 6:44) les impute d'abord sur les frais et intérêts : à vérifier avant de réclamer.")
			}))
		}
	}
	if c.stipulated {
		res.Notes = append(res.Notes, bilingual(func(l string) string {
			return pick(l, "Stipulated rate "+pct(c.terms.Rate, l)+" ("+rateFrom(c.terms.RateFrom, l)+"): it replaces the statutory rate for the whole delay.",
				"Taux convenu de "+pct(c.terms.Rate, l)+" ("+rateFrom(c.terms.RateFrom, l)+") : il remplace le taux légal pour tout le retard.")
		}))
		if c.rule.floorCheck {
			c.floor(start, end)
		}
		return nil
	}
	if !c.rule.fixedAtStart && !c.rule.fromNotice && SemesterOf(start) != SemesterOf(end) {
		res.Notes = append(res.Notes, bilingual(func(l string) string {
			return pick(l, "Interpretation: a delay across 1 January or 1 July is split, each part at the rate of its half-year (the text fixes the rate \"during\" each half-year; no case law was found on a delay across two).",
				"Interprétation : un retard qui franchit le 1er janvier ou le 1er juillet est découpé, chaque partie au taux de son semestre (le texte fixe le taux « pendant » chaque semestre ; aucune jurisprudence trouvée sur un retard à cheval).")
		}))
	}
	if c.rule.floorCheck && start.Before(civil.D(2013, time.January, 1)) {
		res.Warnings = append(res.Warnings, bilingual(func(l string) string {
			return pick(l, "Before 2013, L441-10 had no half-year rule: the rate in force on 1 January or 1 July is applied (interpretation), and contracts concluded before 2009 used ECB + 7 points.",
				"Avant 2013, L441-10 ne connaissait pas la règle semestrielle : le taux en vigueur au 1er janvier ou au 1er juillet est appliqué (interprétation), et les contrats conclus avant 2009 retenaient BCE + 7 points.")
		}))
	}
	return nil
}

// partialPayments reports whether a payment changed the base during the interest period or
// before it (a payment made by the due date lowers the first base).
func (c *calc) partialPayments(end civil.Date) bool {
	for _, p := range c.pays {
		if p.Date.Before(end) {
			return true
		}
	}
	return false
}

// floor warns, for each half-year of the delay, when the stipulated rate is below 3 × the
// legal rate (other cases) of that half-year (L441-10 II). The floor constrains the stipulated
// rate; what a court would put in its place is not settled, so relance computes with the
// stipulated rate and says so. A missing legal rate is reported, not fatal: it only serves
// this check.
func (c *calc) floor(start, end civil.Date) {
	for s := SemesterOf(start); s.Compare(SemesterOf(end)) <= 0; s = s.Next() {
		e, err := c.entry(FRLegalOther, s)
		var missing *MissingRateError
		if errors.As(err, &missing) {
			c.res.Warnings = append(c.res.Warnings, bilingual(func(l string) string {
				return pick(l, "Cannot check the stipulated rate against the legal floor (3 × the legal interest rate) for "+s.String()+": "+missing.Advice(l)+".",
					"Impossible de comparer le taux convenu au plancher légal (3 × le taux de l'intérêt légal) pour le "+s.Label(l)+" : "+missing.Advice(l)+".")
			}))
			continue
		}
		floor := 3 * e.Rate
		if c.terms.Rate >= floor {
			continue
		}
		c.res.Warnings = append(c.res.Warnings, bilingual(func(l string) string {
			return pick(l, "The stipulated rate "+pct(c.terms.Rate, l)+" is below the legal floor for "+s.String()+": 3 × "+pct(e.Rate, l)+" = "+pct(floor, l)+" (C. com. L441-10 II). A court may set it aside; what it would apply instead is not settled.",
				"Le taux convenu de "+pct(c.terms.Rate, l)+" est inférieur au plancher légal du "+s.Label(l)+" : 3 × "+pct(e.Rate, l)+" = "+pct(floor, l)+" (C. com. L441-10 II). Un juge peut l'écarter ; le taux qu'il retiendrait alors n'est pas fixé.")
		}))
	}
}

// entry looks a rate up and warns, once per rate, when the value used is not confirmed.
func (c *calc) entry(s Series, sem Semester) (Entry, error) {
	e, err := c.rates.Lookup(s, sem)
	if err != nil {
		return Entry{}, err
	}
	if k := (entryKey{s, sem}); !e.Confirmed && !c.seen[k] {
		c.seen[k] = true
		c.res.Warnings = append(c.res.Warnings, bilingual(func(l string) string {
			return pick(l, "The "+s.Label(l)+" for "+sem.String()+" ("+pct(e.Rate, l)+") is not confirmed ("+e.Source+"): verify it, then set it with \"relance rates set "+string(s)+" "+sem.String()+" <rate>\".",
				"Le "+s.Label(l)+" du "+sem.Label(l)+" ("+pct(e.Rate, l)+") n'est pas confirmé ("+e.Source+") : vérifiez-le, puis enregistrez-le avec « relance rates set "+string(s)+" "+sem.String()+" <taux> ».")
		}))
	}
	return e, nil
}

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

// basis writes where a line's rate comes from.
func (c *calc) basis(s *segment) Text {
	return bilingual(func(l string) string {
		var b strings.Builder
		switch {
		case c.stipulated:
			b.WriteString(pick(l, "stipulated rate ", "taux convenu ") + pct(s.rate, l) + " (" + rateFrom(c.terms.RateFrom, l) + ")")
		case c.rule.fromNotice:
			b.WriteString(c.rule.law.In(l) + pick(l, ": ", " : ") + s.ref.Series.Label(l) + " " + pct(s.ref.Rate, l) +
				" (" + semesters(s.ref.Semester, s.lastSem, l) + ")")
		case c.rule.fixedAtStart:
			refDay := s.ref.Semester.Start().AddDays(-1)
			b.WriteString(c.rule.law.In(l) + pick(l, ": ", " : ") + s.ref.Series.Label(l) + " " + pct(s.ref.Rate, l) +
				pick(l, " on ", " au ") + day(refDay, l) + " + " + points(c.rule.margin, l) +
				pick(l, ", fixed when interest started", ", fixe depuis le début des intérêts"))
		default:
			b.WriteString(c.rule.law.In(l) + pick(l, ": ", " : ") + s.ref.Series.Label(l) + " " + pct(s.ref.Rate, l) +
				" (" + semesters(s.ref.Semester, s.lastSem, l) + ") + " + points(c.rule.margin, l))
			if c.rule.roundUp > 0 && s.rate != s.ref.Rate+c.rule.margin {
				b.WriteString(" = " + pct(s.ref.Rate+c.rule.margin, l) + pick(l, ", rounded up to ", ", arrondi à ") + pct(s.rate, l))
			}
		}
		if s.capitalised > 0 {
			b.WriteString(pick(l, "; base includes ", " ; base incluant ") + s.capitalised.Format(l) +
				pick(l, " of capitalised interest", " d'intérêts capitalisés"))
		}
		return b.String()
	})
}

// semesters names a run of half-years: "2024-H1", "2025-H2 to 2026-H1".
func semesters(first, last Semester, l string) string {
	if l == "en" {
		if first == last {
			return first.String()
		}
		return first.String() + " to " + last.String()
	}
	if first == last {
		return first.Label(l)
	}
	return first.Label(l) + " au " + last.Label(l)
}

// points writes a margin: "10 points", "8.5 points".
func points(r money.Rate, l string) string {
	s := r.String()
	s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	if l != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " points"
}

// rateFrom says who stipulated a rate.
func rateFrom(from, l string) string {
	switch from {
	case "customer":
		return pick(l, "set for the customer", "fixé pour le client")
	case "company":
		return pick(l, "company terms", "conditions de l'entreprise")
	case "", "contract":
		return pick(l, "contract", "contrat")
	}
	return from
}
