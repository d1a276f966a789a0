package render

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// run is one execution of a template: the helpers format in its language and currency, and
// the table helpers leave a token in the text that the block splitter replaces with the
// table, so that each form gets a real table rather than spaces.
type run struct {
	d          Data
	tables     []table
	enclosures []string
}

// tableMark surrounds a table's index in the executed text. U+FFFC (object replacement
// character) says what it is and never occurs in what people type.
const tableMark = "\uFFFC"

var errTableInSubject = errors.New("tables belong in the body, not in the subject")

// funcs are the helpers of the body. Their names and meanings are listed by Functions.
func (r *run) funcs() template.FuncMap {
	return template.FuncMap{
		"money":        r.money,
		"date":         r.date,
		"datelong":     r.datelong,
		"rate":         r.rate,
		"iban":         formatIBAN,
		"plural":       r.plural,
		"list":         r.list,
		"upper":        strings.ToUpper,
		"lower":        strings.ToLower,
		"invoiceTable": func() string { return r.place(r.invoiceTable()) },
		"penaltyTable": func() string { return r.place(r.penaltyTable()) },
		"planTable":    func() string { return r.place(r.planTable()) },
		"sub":          func(a, b money.Cents) money.Cents { return a - b },
		"bankDetails":  r.bankDetails,
		"enclose":      r.enclose,
	}
}

// subjectFuncs are the helpers of the subject: the same names, but a subject is one line and
// cannot hold a table.
func (r *run) subjectFuncs() template.FuncMap {
	f := r.funcs()
	for _, name := range []string{"invoiceTable", "penaltyTable", "planTable"} {
		f[name] = func() (string, error) { return "", errTableInSubject }
	}
	return f
}

func (r *run) money(c money.Cents) string   { return c.FormatCurrency(r.d.Currency, r.d.Lang) }
func (r *run) date(d civil.Date) string     { return d.Format(r.d.Lang) }
func (r *run) datelong(d civil.Date) string { return d.FormatLong(r.d.Lang) }
func (r *run) rate(rt money.Rate) string    { return rt.Format(r.d.Lang) }
func (r *run) pick(en, fr string) string    { return pick(r.d.Lang, en, fr) }
func (r *run) plural(n int, one, many string) string {
	// French treats 0 and 1 as singular ("0 facture"), English only 1.
	if n == 1 || (n == 0 && r.d.Lang != "en") {
		return one
	}
	return many
}

// enclose lists a document that goes with the message, once however often the template names
// it, and prints nothing.
func (r *run) enclose(what string) string {
	if what = strings.TrimSpace(what); what != "" && !slices.Contains(r.enclosures, what) {
		r.enclosures = append(r.enclosures, what)
	}
	return ""
}

// place records t and returns the token that stands for it, alone in its paragraph; nothing
// when there is no table to show (no penalties, no plan).
func (r *run) place(t *table) string {
	if t == nil {
		return ""
	}
	r.tables = append(r.tables, *t)
	return "\n\n" + tableMark + strconv.Itoa(len(r.tables)-1) + tableMark + "\n\n"
}

// bankDetails is the paragraph that tells how to pay by transfer: the company's IBAN and
// BIC, the account holder and the reference to quote, each on its line; only the lines known.
func (r *run) bankDetails() string {
	d := r.d
	var lines []string
	add := func(en, fr, v string) {
		if v != "" {
			lines = append(lines, r.pick(en+": ", fr+" : ")+v)
		}
	}
	add("IBAN", "IBAN", formatIBAN(d.Company.IBAN))
	add("BIC", "BIC", d.Company.BIC)
	if d.Company.IBAN != "" {
		add("Account holder", "Titulaire du compte", d.Company.DisplayName())
	}
	add("Reference to quote", "Référence à rappeler", d.PaymentReference)
	if len(lines) == 0 {
		return ""
	}
	return "\n\n" + strings.Join(lines, "\n") + "\n\n"
}

// list joins items the way a sentence does: "A, B et C", "A, B and C".
func (r *run) list(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + r.pick(" and ", " et ") + items[len(items)-1]
}

// formatIBAN writes an IBAN in groups of four, as banks print it, whatever spacing it was
// stored with.
func formatIBAN(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// pick returns en for English and fr otherwise, as everywhere in relance.
func pick(lang, en, fr string) string {
	if lang == "en" {
		return en
	}
	return fr
}
