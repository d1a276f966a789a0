package penalty

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/relance-app/relance/internal/civil"
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
	c.checks(start, end)
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
func (c *calc) checks(start, end civil.Date) {
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
		return
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
