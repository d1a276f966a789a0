package penalty

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/receivable"
)

// InterruptionKind is an event recorded on a claim that may restart its limitation period.
type InterruptionKind string

// The events relance records. All but FormalNotice start a new full period (C. civ. 2231).
const (
	// Acknowledgement is the debtor's acknowledgement of the debt (C. civ. 2240).
	Acknowledgement InterruptionKind = "acknowledgement"
	// PartialPayment is a payment on the claim, which acknowledges it (Cass. 2e civ.
	// 16 nov. 2006 n° 05-18.287).
	PartialPayment InterruptionKind = "partial_payment"
	// InjunctionService is the service (signification) of an injonction de payer order, which
	// counts as a claim in court (C. civ. 2241; Cass. 10 juillet 1990 n° 89-13.345); filing
	// the request does not interrupt.
	InjunctionService InterruptionKind = "injunction_service"
	// FormalNotice is a mise en demeure. It is accepted so that callers can pass every event
	// they hold, and ignored: it does not interrupt (Cass. com. 18 mai 2022 n° 20-23.204).
	FormalNotice InterruptionKind = "formal_notice"
)

// ParseInterruptionKind reads an event kind in English or French.
func ParseInterruptionKind(s string) (InterruptionKind, error) {
	switch strings.ToLower(strings.TrimSpace(strings.ReplaceAll(s, "-", "_"))) {
	case "acknowledgement", "acknowledgment", "ack", "reconnaissance":
		return Acknowledgement, nil
	case "partial_payment", "payment", "paiement", "paiement_partiel":
		return PartialPayment, nil
	case "injunction_service", "injunction", "signification", "injonction":
		return InjunctionService, nil
	case "formal_notice", "notice", "mise_en_demeure", "mise en demeure":
		return FormalNotice, nil
	}
	return "", fmt.Errorf("unknown interruption %q: want acknowledgement, partial_payment, injunction_service or formal_notice", s)
}

// Interruption is an event on a claim and its date.
type Interruption struct {
	Kind InterruptionKind `json:"kind"`
	Date civil.Date       `json:"date"`
}

// LimitationInput is what the limitation date of one claim depends on.
type LimitationInput struct {
	Kind    receivable.Kind
	DueDate civil.Date
	// Performed is, for a consumer, the day the goods were delivered or the works or
	// services completed: the two years run from it, not from the invoice (Cass. civ. 1re
	// 19 mai 2021 n° 20-12.520). Zero: the due date is used.
	Performed     civil.Date
	Interruptions []Interruption
}

// Limitation says until when a claim can be brought to court.
//
// Convention (legal note §5, "Date arithmetic"): a period of N years that runs from day S ends
// on the same calendar date N years later, at the end of that day (C. civ. 2229: acquired
// when the last day is over). "An invoice due on 31 July 2017 … you have until 31 July 2022";
// "a claim born on 1 April 2020 … loses every right of action from 2 April 2025". So LastDay
// = S + N years, the last day on which action is still possible, and BarredFrom = LastDay + 1,
// the first day the claim is time-barred. A start on 29 February ends on 28 February.
type Limitation struct {
	Years int `json:"years"`
	// From is the day the current period runs from: the due date (or, for a consumer, the
	// completion date), or the last interruption.
	From       civil.Date `json:"from"`
	LastDay    civil.Date `json:"last_day"`
	BarredFrom civil.Date `json:"barred_from"`
	// Applied are the interruptions that started a new period, in date order.
	Applied  []Interruption `json:"applied"`
	Basis    Text           `json:"basis"`
	Notes    []Text         `json:"notes"`
	Warnings []Text         `json:"warnings"`
}

// LimitationOf computes the limitation dates of a claim: 5 years between businesses (C. com.
// L110-4, C. civ. 2224) from the due date, 2 years against a consumer (C. conso L218-2), each
// interruption before the claim is barred starting a new full period from its date.
// Suspensions (mediation, conciliation: C. civ. 2238) are not handled.
func LimitationOf(in LimitationInput) (Limitation, error) {
	if in.DueDate.IsZero() {
		return Limitation{}, errors.New("limitation: no due date")
	}
	l := Limitation{Years: 5, From: in.DueDate, Applied: []Interruption{}, Notes: []Text{}, Warnings: []Text{}}
	switch in.Kind {
	case receivable.B2C:
		l.Years = 2
		if !in.Performed.IsZero() {
			l.From = in.Performed
		}
		l.Basis = bilingual(func(lg string) string {
			return pick(lg, "2 years against a consumer (C. conso L218-2), from the completion of the works or services (Cass. civ. 1re 19 May 2021 n° 20-12.520; 3e civ. 1 March 2023 n° 21-23.176)",
				"2 ans contre un consommateur (C. conso L218-2), à compter de l'achèvement des travaux ou prestations (Cass. civ. 1re 19 mai 2021 n° 20-12.520 ; 3e civ. 1er mars 2023 n° 21-23.176)")
		})
		if in.Performed.IsZero() {
			l.Warnings = append(l.Warnings, bilingual(func(lg string) string {
				return pick(lg, "No completion date given: the 2 years are counted from the due date, which may be later than the completion of the works or services; give the completion date.",
					"Pas de date d'achèvement : les 2 ans sont comptés depuis l'échéance, qui peut être postérieure à l'achèvement des travaux ou prestations ; indiquez la date d'achèvement.")
			}))
		}
	default:
		l.Basis = bilingual(func(lg string) string {
			return pick(lg, "5 years for a commercial claim (C. com. L110-4, C. civ. 2224), from the due date on the invoice",
				"5 ans pour une créance commerciale (C. com. L110-4, C. civ. 2224), à compter de l'échéance de la facture")
		})
		if in.Kind == receivable.Public {
			l.Warnings = append(l.Warnings, bilingual(func(lg string) string {
				return pick(lg, "Against a public body the déchéance quadriennale (loi n° 68-1250 of 31 December 1968) may bar the claim earlier; relance's legal note does not cover it: check.",
					"Contre une personne publique la déchéance quadriennale (loi n° 68-1250 du 31 décembre 1968) peut éteindre la créance plus tôt ; la note juridique de relance ne la couvre pas : à vérifier.")
			}))
		}
	}
	l.LastDay = l.From.AddYears(l.Years)

	ints := append([]Interruption(nil), in.Interruptions...)
	sort.SliceStable(ints, func(i, j int) bool { return ints[i].Date.Before(ints[j].Date) })
	for _, it := range ints {
		if it.Date.IsZero() {
			return Limitation{}, fmt.Errorf("limitation: %s without a date", it.Kind)
		}
		if _, err := ParseInterruptionKind(string(it.Kind)); err != nil {
			return Limitation{}, fmt.Errorf("limitation: %w", err)
		}
		switch {
		case it.Kind == FormalNotice:
			l.Notes = append(l.Notes, bilingual(func(lg string) string {
				return pick(lg, "The formal notice of "+day(it.Date, lg)+" does not interrupt the limitation period (Cass. com. 18 May 2022 n° 20-23.204): only an acknowledgement, a payment or a claim in court does.",
					"La mise en demeure du "+day(it.Date, lg)+" n'interrompt pas la prescription (Cass. com. 18 mai 2022 n° 20-23.204) : seuls une reconnaissance, un paiement ou une demande en justice l'interrompent.")
			}))
		case it.Date.After(l.LastDay):
			barred := l.LastDay.AddDays(1)
			l.Notes = append(l.Notes, bilingual(func(lg string) string {
				return pick(lg, "The "+interruptionLabel(it.Kind, lg)+" of "+day(it.Date, lg)+" came after the claim was time-barred (from "+day(barred, lg)+"): it does not start a new period (Cass. civ. 1re 19 May 2021 n° 19-26.253, for a payment).",
					"La "+interruptionLabel(it.Kind, lg)+" du "+day(it.Date, lg)+" est postérieure à la prescription (acquise le "+day(barred, lg)+") : elle ne fait pas courir de nouveau délai (Cass. civ. 1re 19 mai 2021 n° 19-26.253, pour un paiement).")
			}))
		case it.Date.Before(l.From):
			l.Notes = append(l.Notes, bilingual(func(lg string) string {
				return pick(lg, "The "+interruptionLabel(it.Kind, lg)+" of "+day(it.Date, lg)+" is before the period started: it changes nothing.",
					"La "+interruptionLabel(it.Kind, lg)+" du "+day(it.Date, lg)+" précède le point de départ du délai : elle ne change rien.")
			}))
		default:
			l.From, l.LastDay = it.Date, it.Date.AddYears(l.Years)
			l.Applied = append(l.Applied, it)
			years := strconv.Itoa(l.Years)
			l.Notes = append(l.Notes, bilingual(func(lg string) string {
				return pick(lg, "The "+interruptionLabel(it.Kind, lg)+" of "+day(it.Date, lg)+" interrupts the limitation period ("+interruptionLaw(it.Kind)+"): a new period of "+years+" years runs from that day.",
					"La "+interruptionLabel(it.Kind, lg)+" du "+day(it.Date, lg)+" interrompt la prescription ("+interruptionLaw(it.Kind)+") : un nouveau délai de "+years+" ans court à compter de ce jour.")
			}))
			if it.Kind == InjunctionService {
				l.Notes = append(l.Notes, bilingual(func(lg string) string {
					return pick(lg, "The interruption by a claim in court lasts until the proceedings end (C. civ. 2242), and an enforceable order can then be executed for 10 years: the date shown is the cautious one.",
						"L'interruption par une demande en justice dure jusqu'à l'extinction de l'instance (C. civ. 2242), et une ordonnance exécutoire s'exécute ensuite pendant 10 ans : la date indiquée est la plus prudente.")
				}))
			}
		}
	}
	l.BarredFrom = l.LastDay.AddDays(1)
	return l, nil
}

// Barred reports whether the claim is time-barred on day.
func (l Limitation) Barred(on civil.Date) bool { return !on.Before(l.BarredFrom) }

// BarredWithin reports whether a claim not yet barred on day becomes barred within months of
// it: the daily run warns 6 months ahead, while there is still time to obtain an
// acknowledgement or serve an injonction de payer.
func (l Limitation) BarredWithin(on civil.Date, months int) bool {
	return !l.Barred(on) && !l.BarredFrom.After(on.AddMonths(months))
}

func interruptionLabel(k InterruptionKind, lg string) string {
	switch k {
	case Acknowledgement:
		return pick(lg, "acknowledgement of debt", "reconnaissance de dette")
	case PartialPayment:
		return pick(lg, "partial payment", "paiement partiel")
	case InjunctionService:
		return pick(lg, "service of the injonction de payer", "signification de l'injonction de payer")
	}
	return pick(lg, "formal notice", "mise en demeure")
}

func interruptionLaw(k InterruptionKind) string {
	if k == InjunctionService {
		return "C. civ. 2241"
	}
	return "C. civ. 2240"
}
