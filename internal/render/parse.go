package render

import (
	"fmt"
	"reflect"
	"strings"
	"text/template"

	"github.com/relance-app/relance/internal/dunning"
)

// Parse checks a template as a user saves it: a known key, language and form, the syntax
// of the subject and the body, every variable they name (even inside a branch the sample data
// does not take), and a full render against the sample data of a business and of a consumer
// customer. Faults in the text are returned as *Error, naming the part and the line.
//
// The samples have no Penalties for the consumer and no Registered letter, so a template that
// uses them without {{with .Penalties}}…{{end}} is refused: it would fail on the day they are
// absent.
func Parse(t Template) error {
	if err := validate(t); err != nil {
		return err
	}
	if t.Channel == dunning.Email || t.Channel == dunning.Letter {
		if strings.TrimSpace(t.Subject) == "" {
			return &Error{Part: "subject", Msg: "empty: an e-mail or a letter needs a subject"}
		}
	}
	if strings.Contains(t.Subject, "\n") {
		return &Error{Part: "subject", Line: 2, Msg: "a subject is one line"}
	}
	r := &run{d: SampleData(t.Lang)}
	for _, part := range []struct {
		name, src string
		funcs     template.FuncMap
	}{{"subject", t.Subject, r.subjectFuncs()}, {"body", t.Body, r.funcs()}} {
		tmpl, err := template.New(part.name).Funcs(part.funcs).Parse(part.src)
		if err != nil {
			return templateError(part.name, err)
		}
		if err := checkFields(tmpl, reflect.TypeFor[Data]()); err != nil {
			return err
		}
	}
	for _, d := range []Data{SampleData(t.Lang), SampleConsumerData(t.Lang)} {
		if _, err := Render(t, d); err != nil {
			return err
		}
	}
	return nil
}

// validate checks what is not text: the key, the language and the form.
func validate(t Template) error {
	switch {
	case strings.TrimSpace(t.Key) == "":
		return fmt.Errorf("template without a key")
	case !validLang(t.Lang):
		return fmt.Errorf("template %q: language %q: want fr or en", t.Key, t.Lang)
	case t.Channel == dunning.RegisteredLetter:
		return fmt.Errorf("template %q: channel %q: a registered letter uses the letter form", t.Key, t.Channel)
	case !validForm(t.Channel):
		return fmt.Errorf("template %q: channel %q: want email, letter, call or task", t.Key, t.Channel)
	}
	return nil
}
