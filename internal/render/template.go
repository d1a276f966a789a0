package render

import (
	"fmt"

	"github.com/relance-app/relance/internal/dunning"
)

// Template is one form of a communication in one language, as users edit it: Subject and
// Body in Go text/template syntax, the body as plain text where a blank line separates
// paragraphs. See Variables and Functions for what they may use.
type Template struct {
	Key  string // what the communication is for: a dunning.TemplateKeys entry or one of the keys below
	Lang string // "fr" or "en"
	// Channel is the form: dunning.Email, dunning.Letter, dunning.Call (a call script) or
	// dunning.Task (a checklist). A registered letter uses the letter form.
	Channel dunning.Channel
	// Subject is the e-mail's subject, the letter's "Objet", or the title of a call or task.
	Subject string
	Body    string
}

// The template keys the channels use besides those of the policies.
const (
	// KeyStatement is a statement of account sent on demand.
	KeyStatement = "statement"
	// KeyPromiseConfirmation confirms in writing a promise to pay obtained on the phone.
	KeyPromiseConfirmation = "promise-confirmation"
	// KeyPlanConfirmation confirms in writing a payment plan agreed on the phone.
	KeyPlanConfirmation = "plan-confirmation"
)

// Keys lists every key the default templates cover: the policies' keys, then the statement
// and the written confirmations.
func Keys() []string {
	return append(append([]string(nil), dunning.TemplateKeys...), KeyStatement, KeyPromiseConfirmation, KeyPlanConfirmation)
}

// Langs are the languages templates are written in.
var Langs = []string{"fr", "en"}

// FormOf is the template form a channel uses: a registered letter is a letter.
func FormOf(ch dunning.Channel) dunning.Channel {
	if ch == dunning.RegisteredLetter {
		return dunning.Letter
	}
	return ch
}

// Find picks the template for a key, a language and a channel among ts: the channel's form
// in that language, else in English for a language relance has no template in, else in
// French. An empty language is French, relance's first language.
func Find(ts []Template, key, lang string, ch dunning.Channel) (Template, error) {
	form := FormOf(ch)
	if lang == "" {
		lang = "fr"
	}
	for _, l := range []string{lang, "en", "fr"} {
		if l == "en" && lang == "fr" {
			continue // a French reader gets French, never a fallback to English
		}
		for _, t := range ts {
			if t.Key == key && t.Lang == l && t.Channel == form {
				return t, nil
			}
		}
	}
	return Template{}, fmt.Errorf("no %s template %q in %q", form, key, lang)
}

func validForm(ch dunning.Channel) bool {
	switch ch {
	case dunning.Email, dunning.Letter, dunning.Call, dunning.Task:
		return true
	}
	return false
}

func validLang(lang string) bool { return lang == "fr" || lang == "en" }
