package penalty

import (
	"strings"

	"github.com/relance-app/relance/internal/money"
)

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
