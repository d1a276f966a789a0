package render

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/letter"
)

func mustFind(t *testing.T, key, lang string, ch dunning.Channel) Template {
	t.Helper()
	tp, err := Find(Defaults(), key, lang, ch)
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func mustRender(t *testing.T, tp Template, d Data) Message {
	t.Helper()
	m, err := Render(tp, d)
	if err != nil {
		t.Fatalf("%s/%s/%s: %v", tp.Lang, tp.Key, tp.Channel, err)
	}
	return m
}

// letterText is every word a letter prints in its body, tables included.
func letterText(d *letter.Document) string {
	var b strings.Builder
	b.WriteString(d.Subject + "\n" + d.Registered + "\n")
	for _, bl := range d.Body {
		switch x := bl.(type) {
		case letter.Paragraph:
			b.WriteString(x.Text + "\n")
		case letter.Heading:
			b.WriteString(x.Text + "\n")
		case letter.Table:
			for _, r := range append(x.Rows, x.Total) {
				b.WriteString(strings.Join(r, " | ") + "\n")
			}
		}
	}
	return b.String()
}

// The formal notice carries the customary content of legal note §6.2, in every form and
// language: the words « mise en demeure » in the subject and the body, each invoice with its
// open balance, the penalties and 40 EUR per invoice for a business, the deadline, the IBAN
// and the reference, the consequences, date and signature.
func TestFormalNoticeCarriesTheCustomaryContent(t *testing.T) {
	for _, lang := range Langs {
		d := SampleData(lang)
		d.Registered = &Registered{Number: "1A 123 456 7890 1"}
		r := &run{d: d.withDefaults(lang)}
		for _, ch := range []dunning.Channel{dunning.Email, dunning.RegisteredLetter} {
			m := mustRender(t, mustFind(t, dunning.TemplateFormalNotice, lang, ch), d)
			bodies := map[string]string{"text": m.Text, "html": m.HTML}
			if m.Letter != nil {
				bodies["letter"] = letterText(m.Letter)
			}
			if !strings.Contains(strings.ToLower(m.Subject), "mise en demeure") {
				t.Errorf("%s %s: subject %q lacks « mise en demeure »", lang, ch, m.Subject)
			}
			want := []string{"mise en demeure", r.datelong(d.Deadline), formatIBAN(d.Company.IBAN), d.PaymentReference,
				r.money(d.Penalties.Total), r.money(d.Due()), pick(lang, "order for payment", "injonction de payer"),
				pick(lang, "€40", "40\u00a0€")}
			for _, l := range d.Invoices {
				want = append(want, l.Number, r.money(l.Open))
			}
			for form, body := range bodies {
				for _, w := range want {
					if !strings.Contains(body, w) {
						t.Errorf("%s %s %s: missing %q", lang, ch, form, w)
					}
				}
				if !strings.Contains(body, d.Collector.Name) && form != "letter" {
					t.Errorf("%s %s %s: not signed", lang, ch, form)
				}
			}
			if m.Letter != nil {
				if m.Letter.Date != d.Date || len(m.Letter.Signature) == 0 || m.Letter.Signature[0] != d.Collector.Name {
					t.Errorf("%s: letter date %v, signature %q", lang, m.Letter.Date, m.Letter.Signature)
				}
				if !strings.Contains(m.Letter.Registered, "1A 123 456 7890 1") {
					t.Errorf("%s: registered mention %q lacks the number", lang, m.Letter.Registered)
				}
			}
		}
	}
}

// A consumer owes no late penalties, no 40 EUR indemnity and no recovery fees (L441-10 is
// between businesses; CPCE L111-8): the formal notice claims the balance and legal interest
// from the notice, nothing else.
func TestConsumerFormalNoticeHasNoIndemnityNorPenalties(t *testing.T) {
	forbidden := map[string][]string{
		"fr": {"40\u00a0€", "40,00", "pénalité", "indemnité", "frais de recouvrement", "L441-10", "D441-5"},
		"en": {"€40", "40.00", "penalt", "indemnit", "recovery costs", "L441-10", "D441-5"},
	}
	for _, lang := range Langs {
		d := SampleConsumerData(lang)
		for _, ch := range []dunning.Channel{dunning.Email, dunning.RegisteredLetter} {
			m := mustRender(t, mustFind(t, dunning.TemplateFormalNotice, lang, ch), d)
			all := m.Subject + m.Text + m.HTML
			if m.Letter != nil {
				all += letterText(m.Letter)
				tables := 0
				for _, b := range m.Letter.Body {
					if _, ok := b.(letter.Table); ok {
						tables++
					}
				}
				if tables != 1 {
					t.Errorf("%s: %d tables in the consumer's notice, want the invoices only", lang, tables)
				}
			}
			for _, f := range forbidden[lang] {
				if strings.Contains(strings.ToLower(all), strings.ToLower(f)) {
					t.Errorf("%s %s: the consumer's formal notice mentions %q", lang, ch, f)
				}
			}
			for _, w := range []string{pick(lang, "legal rate", "taux légal"), "mise en demeure", "1344"} {
				if !strings.Contains(all, w) {
					t.Errorf("%s %s: missing %q", lang, ch, w)
				}
			}
		}
	}
}

// The same holds for every reminder sent to a consumer: no template speaks of the 40 EUR
// indemnity or of penalties to them, even the firm ones.
func TestNoDefaultTemplateClaimsPenaltiesFromAConsumer(t *testing.T) {
	for _, tp := range Defaults() {
		if tp.Channel == dunning.Task || tp.Channel == dunning.Call {
			continue // internal: the checklist reminds the collector not to claim them
		}
		m := mustRender(t, tp, SampleConsumerData(tp.Lang))
		all := strings.ToLower(m.Subject + m.Text)
		for _, f := range []string{"40\u00a0€", "€40", "indemnit", "pénalité", "penalt"} {
			if strings.Contains(all, f) {
				t.Errorf("%s/%s/%s: mentions %q to a consumer", tp.Lang, tp.Key, tp.Channel, f)
			}
		}
	}
}

// A partly paid invoice is claimed for its balance: its row shows the balance, and no
// sentence of any template claims the original total.
func TestPartlyPaidInvoiceShowsItsBalanceNotItsTotal(t *testing.T) {
	for _, lang := range Langs {
		d := SampleData(lang)
		r := &run{d: d}
		partly := d.Invoices[0]
		if !partly.PartlyPaid() {
			t.Fatal("the sample's first invoice should be partly paid")
		}
		m := mustRender(t, mustFind(t, dunning.TemplateLevel1, lang, dunning.Letter), d)
		var row []string
		for _, b := range m.Letter.Body {
			if tb, ok := b.(letter.Table); ok && len(tb.Rows) > 0 && tb.Rows[0][0] == partly.Number {
				row = tb.Rows[0]
				for i, c := range tb.Columns {
					if c.Title == pick(lang, "Balance due", "Reste dû") && row[i] != r.money(partly.Open) {
						t.Errorf("%s: balance column shows %q, want %q", lang, row[i], r.money(partly.Open))
					}
				}
			}
		}
		if row == nil {
			t.Fatalf("%s: no row for %s", lang, partly.Number)
		}
		for _, tp := range Defaults() {
			if tp.Lang != lang {
				continue
			}
			m := mustRender(t, tp, d)
			for _, line := range strings.Split(m.Text, "\n") {
				if strings.Contains(line, "|") || strings.HasPrefix(line, partly.Number) || strings.HasPrefix(line, "Total") {
					continue // table rows show the amount as issued, beside the balance
				}
				for _, total := range []string{r.money(partly.Amount), r.money(d.Amount())} {
					if strings.Contains(line, total) {
						t.Errorf("%s/%s/%s claims the original total %s: %q", lang, tp.Key, tp.Channel, total, line)
					}
				}
			}
		}
	}
}

// Whatever the data holds, the HTML part shows it as text.
func TestHTMLEscapesTheData(t *testing.T) {
	d := SampleData("fr")
	d.Customer.Name = `<script>alert("x")</script>`
	d.Contact.Name = `Tom & "Jerry" <tj@example.com>`
	d.Invoices[0].Number = `<b>FA-1</b>`
	for _, key := range []string{dunning.TemplateLevel1, KeyStatement} {
		m := mustRender(t, mustFind(t, key, "fr", dunning.Email), d)
		for _, bad := range []string{"<script>", "<b>", `"Jerry"`, "<tj@"} {
			if strings.Contains(m.HTML, bad) {
				t.Errorf("%s: HTML holds %q unescaped", key, bad)
			}
		}
		if !strings.Contains(m.HTML, "&lt;b&gt;FA-1&lt;/b&gt;") {
			t.Errorf("%s: the invoice number is not shown escaped", key)
		}
		if !strings.Contains(m.Text, "<b>FA-1</b>") {
			t.Errorf("%s: the text part should show the number as it is", key)
		}
	}
}

// French output gets the no-break spaces French typography wants, whatever the user typed;
// English output is left alone.
func TestFrenchTypography(t *testing.T) {
	tp := Template{Key: "x", Lang: "fr", Channel: dunning.Email, Subject: "Objet : test ?",
		Body: "Bonjour ! Le total : {{money .Total}} ; « guillemets » et n° 12, 40 € et 5 %."}
	m := mustRender(t, tp, SampleData("fr"))
	if m.Subject != "Objet\u00a0: test\u00a0?" {
		t.Errorf("subject %q", m.Subject)
	}
	want := "Bonjour\u00a0! Le total\u00a0: 6\u00a0394,56\u00a0€\u00a0; «\u00a0guillemets\u00a0» et n°\u00a012, 40\u00a0€ et 5\u00a0%."
	if !strings.HasPrefix(m.Text, want+"\n") {
		t.Errorf("text %q\nwant %q", m.Text, want)
	}
	tp.Lang = "en"
	m = mustRender(t, tp, SampleData("en"))
	if !strings.HasPrefix(m.Text, "Bonjour ! Le total : €6,394.56 ;") {
		t.Errorf("English text changed: %q", m.Text)
	}
}

func TestEveryKeyHasItsFormsInBothLanguages(t *testing.T) {
	calls := map[string]bool{dunning.TemplateCallLevel1: true, dunning.TemplateCallCircuit: true,
		dunning.TemplateCallLevel2: true, dunning.TemplateCallPaymentPlan: true}
	for _, lang := range Langs {
		for _, key := range Keys() {
			var forms []dunning.Channel
			switch {
			case calls[key]:
				forms = []dunning.Channel{dunning.Call}
			case key == dunning.TemplateLitigation:
				forms = []dunning.Channel{dunning.Task}
			default:
				forms = []dunning.Channel{dunning.Email, dunning.Letter}
			}
			for _, f := range forms {
				if _, err := Find(Defaults(), key, lang, f); err != nil {
					t.Error(err)
				}
			}
		}
	}
	if n, want := len(Defaults()), 2*(11*2+4+1); n != want {
		t.Errorf("%d default templates, want %d", n, want)
	}
}

func TestFind(t *testing.T) {
	ts := Defaults()
	tp, err := Find(ts, dunning.TemplateFormalNotice, "fr", dunning.RegisteredLetter)
	if err != nil || tp.Channel != dunning.Letter || tp.Lang != "fr" {
		t.Errorf("registered letter: %+v, %v", tp, err)
	}
	if tp, err := Find(ts, dunning.TemplateLevel1, "de", dunning.Email); err != nil || tp.Lang != "en" {
		t.Errorf("a German customer should get English: %v, %v", tp.Lang, err)
	}
	if tp, err := Find(ts, dunning.TemplateLevel1, "", dunning.Email); err != nil || tp.Lang != "fr" {
		t.Errorf("no language should mean French: %v, %v", tp.Lang, err)
	}
	frOnly := []Template{{Key: "k", Lang: "en", Channel: dunning.Email}}
	if _, err := Find(frOnly, "k", "fr", dunning.Email); err == nil {
		t.Error("a French customer got an English template")
	}
	if _, err := Find(ts, dunning.TemplateLevel1, "fr", dunning.Call); err == nil {
		t.Error("level1 has no call script; Find should say so")
	}
}

func TestRenderFillsWhatCanBeDerived(t *testing.T) {
	d := SampleData("fr")
	d.Total, d.Deadline, d.PaymentReference, d.Currency = 0, civil.Date{}, "", ""
	tp := Template{Key: "x", Lang: "fr", Channel: dunning.Email, Subject: "s",
		Body: "{{.Currency}} {{money .Total}} {{date .Deadline}} {{.PaymentReference}} {{.Lang}}"}
	m := mustRender(t, tp, d)
	if want := "EUR 6\u00a0394,56\u00a0€ 20/05/2026 C0042 fr\n"; !strings.HasPrefix(m.Text, want) {
		t.Errorf("got %q, want %q", m.Text, want)
	}
}

// No French default leaves an ordinary space where French typography wants a no-break one.
func TestFrenchDefaultsKeepPunctuationOnItsLine(t *testing.T) {
	for _, tp := range Defaults() {
		if tp.Lang != "fr" {
			continue
		}
		for _, d := range []Data{SampleData("fr"), SampleConsumerData("fr")} {
			m := mustRender(t, tp, d)
			for _, bad := range []string{" :", " ;", " ?", " !", "« ", " »", " €", " %"} {
				if i := strings.Index(m.Subject+"\n"+m.Text, bad); i >= 0 {
					all := m.Subject + "\n" + m.Text
					t.Errorf("%s/%s: ordinary space in %q", tp.Key, tp.Channel, all[max(0, i-30):min(len(all), i+10)])
				}
			}
		}
	}
}
