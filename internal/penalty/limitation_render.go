package penalty

import (
	"fmt"
	"io"
	"strconv"

	"github.com/relance-app/relance/internal/civil"
)

// WriteText writes the limitation dates and why, in lang; when on is not zero, it also says
// where the claim stands that day.
func (l Limitation) WriteText(w io.Writer, lang string, on civil.Date) error {
	ew := &errWriter{w: w}
	fmt.Fprintln(ew, pick(lang, "Time-barred from "+day(l.BarredFrom, lang)+" (last day for action: "+day(l.LastDay, lang)+").",
		"Prescrite à compter du "+day(l.BarredFrom, lang)+" (dernier jour pour agir : "+day(l.LastDay, lang)+")."))
	fmt.Fprintln(ew, pick(lang, "Why: ", "Pourquoi : ")+l.Basis.In(lang)+pick(lang, "; period running from ", " ; délai courant depuis le ")+day(l.From, lang)+".")
	if !on.IsZero() {
		var s string
		switch {
		case l.Barred(on):
			s = pick(lang, "On "+day(on, lang)+": time-barred.", "Au "+day(on, lang)+" : prescrite.")
		default:
			left := strconv.Itoa(l.BarredFrom.Sub(on))
			s = pick(lang, "On "+day(on, lang)+": "+left+" days before the claim is barred.",
				"Au "+day(on, lang)+" : "+left+" jours avant la prescription.")
			if l.BarredWithin(on, 6) {
				s += pick(lang, " Less than 6 months: obtain an acknowledgement or serve an injonction de payer now.",
					" Moins de 6 mois : obtenez une reconnaissance de dette ou faites signifier une injonction de payer maintenant.")
			}
		}
		fmt.Fprintln(ew, s)
	}
	writeList(ew, label("warnings", lang), l.Warnings, lang)
	writeList(ew, pick(lang, "Events", "Événements"), l.Notes, lang)
	return ew.err
}
