package penalty

import (
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// Text is a short explanation in French and in English. The computation writes both, so that a
// statement, a letter or the terminal can show the working in the reader's language without
// computing again.
type Text struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

// In returns the text in lang ("en" for English, French otherwise, as everywhere in relance).
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.FR
}

// String is the English text, for logs and errors.
func (t Text) String() string { return t.EN }

// bilingual builds a Text from one function that writes it in the language asked, so that each
// message keeps its French and English forms side by side.
func bilingual(f func(lang string) string) Text { return Text{FR: f("fr"), EN: f("en")} }

// pick returns en or fr.
func pick(lang, en, fr string) string {
	if lang == "en" {
		return en
	}
	return fr
}

// pct formats a rate for a sentence: "12.15%" or "12,15 %".
func pct(r money.Rate, lang string) string { return r.Format(lang) }

// day formats a date for a sentence: ISO in English (unambiguous for a reader abroad),
// dd/mm/yyyy in French.
func day(d civil.Date, lang string) string {
	if lang == "en" {
		return d.String()
	}
	return d.Format(lang)
}

// appendUnique adds t unless an identical text is already there: a statement gathers the
// notes of every invoice and shows each once.
func appendUnique(ts []Text, more ...Text) []Text {
	for _, t := range more {
		dup := false
		for _, have := range ts {
			if have == t {
				dup = true
				break
			}
		}
		if !dup {
			ts = append(ts, t)
		}
	}
	return ts
}
