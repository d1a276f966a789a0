package render

import (
	"strings"
	"text/template"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/letter"
)

// Message is a rendered template. Every form gets Subject, Text and HTML (the e-mail's two
// parts; for a letter, a call script or a checklist, the text kept in the history and the
// preview the web UI shows); a letter also gets its Document for the PDF engine.
type Message struct {
	Subject string
	Text    string
	HTML    string
	Letter  *letter.Document
	// Enclosures are the documents the template says go with the message (the enclose
	// helper): listed on a letter, to attach to an e-mail.
	Enclosures []string
}

// Render executes t on d and writes every form of the message. Render fills what d leaves
// empty and can be derived: the language (t's), the currency (the company's, else EUR), the
// open total (the sum of the lines' open balances), the deadline (DefaultDeadlineDays after
// the date) and the payment reference (the customer's reference). An error is an *Error that
// names the part and the line, or an invalid template.
func Render(t Template, d Data) (Message, error) {
	if err := validate(t); err != nil {
		return Message{}, err
	}
	r := &run{d: d.withDefaults(t.Lang)}
	subject, err := execute("subject", t.Subject, r.subjectFuncs(), r.d)
	if err != nil {
		return Message{}, err
	}
	subject = strings.Join(strings.Fields(subject), " ") // one line, whatever the template left
	if r.d.Lang != "en" {
		subject = frenchSpaces(subject)
	}
	body, err := execute("body", t.Body, r.funcs(), r.d)
	if err != nil {
		return Message{}, err
	}
	bs := r.blocks(body)
	m := Message{Subject: subject, Enclosures: r.enclosures}
	var sig []string
	switch t.Channel {
	case dunning.Email:
		sig = r.emailSignature()
	case dunning.Letter:
		sig = r.letterSignature()
		m.Letter = r.document(subject, bs)
	}
	m.Text = text(bs, sig)
	m.HTML = writeHTML(r.d.Lang, subject, bs, sig)
	return m, nil
}

// execute parses and runs one part of a template. Parsing on each call costs a few
// microseconds and keeps the helpers bound to this run; templates are small.
func execute(part, src string, funcs template.FuncMap, d Data) (string, error) {
	tmpl, err := template.New(part).Funcs(funcs).Option("missingkey=error").Parse(src)
	if err != nil {
		return "", templateError(part, err)
	}
	var sb strings.Builder
	if err := tmpl.Execute(&sb, d); err != nil {
		return "", templateError(part, err)
	}
	return sb.String(), nil
}

// emailSignature closes an e-mail: the collector and how to reach them, then the company's
// own signature when it has one, else its name.
func (r *run) emailSignature() []string {
	d := r.d
	var sig []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			sig = append(sig, s)
		}
	}
	add(d.Collector.Name)
	add(d.Collector.Role)
	if d.Company.Signature != "" {
		for _, l := range strings.Split(d.Company.Signature, "\n") {
			add(l)
		}
	} else {
		add(d.Company.DisplayName())
	}
	phone, email := d.Collector.Phone, d.Collector.Email
	if phone == "" {
		phone = d.Company.Phone
	}
	if email == "" {
		email = d.Company.Email
	}
	if phone != "" {
		add(r.pick("Tel. ", "Tél.\u00a0: ") + phone)
	}
	add(email)
	return sig
}
