package render

import (
	"strings"

	"github.com/relance-app/relance/internal/letter"
)

// document builds the letter: the blocks become its body, the rest comes from the data (the
// company writes, from its town, to the customer's address, for the attention of the
// contact).
func (r *run) document(subject string, bs []block) *letter.Document {
	d := r.d
	doc := &letter.Document{
		Lang:       d.Lang,
		Sender:     r.sender(),
		Recipient:  r.recipient(),
		Place:      d.Company.Address.City,
		Date:       d.Date,
		References: r.references(),
		Subject:    subject,
		Signature:  r.letterSignature(),
		Enclosures: r.enclosures,
		Footer:     r.footer(),
	}
	if reg := d.Registered; reg != nil {
		doc.Registered = r.pick("Registered letter with acknowledgement of receipt", "Lettre recommandée avec accusé de réception")
		if reg.Number != "" {
			doc.Registered += r.pick(" No. ", " n°\u00a0") + reg.Number
		}
	}
	for _, b := range bs {
		switch b.kind {
		case headingBlock:
			doc.Body = append(doc.Body, letter.Heading{Text: b.lines[0]})
		case listBlock:
			items := make([]string, len(b.lines))
			for i, it := range b.lines {
				items[i] = "– " + it
			}
			doc.Body = append(doc.Body, letter.Paragraph{Text: strings.Join(items, "\n")})
		case tableBlock:
			doc.Body = append(doc.Body, letterTable(b.table))
		default:
			doc.Body = append(doc.Body, letter.Paragraph{Text: strings.Join(b.lines, "\n")})
		}
	}
	return doc
}

func (r *run) sender() letter.Party {
	c := r.d.Company
	p := letter.Party{Name: c.DisplayName(), Lines: c.Address.Lines()}
	if c.SIREN != "" {
		p.Extra = append(p.Extra, "SIREN "+c.SIREN)
	}
	if c.VATNumber != "" {
		p.Extra = append(p.Extra, r.pick("VAT No. ", "TVA intracommunautaire\u00a0: ")+c.VATNumber)
	}
	if c.Phone != "" {
		p.Extra = append(p.Extra, r.pick("Tel. ", "Tél.\u00a0: ")+c.Phone)
	}
	if c.Email != "" {
		p.Extra = append(p.Extra, c.Email)
	}
	return p
}

func (r *run) recipient() letter.Party {
	d := r.d
	p := letter.Party{Name: d.Customer.Name, Lines: d.Customer.Address.Lines()}
	// A consumer is their own contact: "for the attention of" himself would be odd.
	if n := d.Contact.Name; n != "" && n != d.Customer.Name {
		p.Attention = r.pick("For the attention of ", "À l'attention de ") + n
		if d.Contact.Role != "" {
			p.Attention += ", " + d.Contact.Role
		}
	}
	return p
}

// references are the lines under the date: what the debtor must quote, and who to call.
func (r *run) references() []letter.Reference {
	d := r.d
	var refs []letter.Reference
	add := func(en, fr, v string) {
		if v != "" {
			refs = append(refs, letter.Reference{Label: r.pick(en+":", fr+"\u00a0:"), Value: v})
		}
	}
	add("Customer No.", "Client n°", d.Customer.Ref)
	if d.PaymentReference != d.Customer.Ref {
		add("Payment reference", "Référence de paiement", d.PaymentReference)
	}
	contact := d.Collector.Name
	if p := d.Collector.Phone; p != "" {
		if contact != "" {
			contact += " – "
		}
		contact += p
	}
	add("Contact", "Dossier suivi par", contact)
	return refs
}

// letterSignature is the block under the closing formula: the collector, their role, the
// company. The company's details are in the sender block and the footer already.
func (r *run) letterSignature() []string {
	d := r.d
	var sig []string
	for _, s := range []string{d.Collector.Name, d.Collector.Role} {
		if s != "" {
			sig = append(sig, s)
		}
	}
	return append(sig, d.Company.DisplayName())
}

// footer carries the company's legal mentions at the foot of every page.
func (r *run) footer() string {
	c := r.d.Company
	parts := []string{c.DisplayName()}
	if c.SIREN != "" {
		parts = append(parts, "SIREN "+c.SIREN)
	}
	if c.VATNumber != "" {
		parts = append(parts, r.pick("VAT ", "TVA ")+c.VATNumber)
	}
	if a := c.Address.Lines(); len(a) > 0 {
		parts = append(parts, strings.Join(a, ", "))
	}
	return strings.Join(parts, " – ")
}

func letterTable(t *table) letter.Table {
	var total float64
	for _, c := range t.cols {
		total += c.weight
	}
	lt := letter.Table{Rows: t.rows, Total: t.total}
	for _, c := range t.cols {
		align := "L"
		if c.right {
			align = "R"
		}
		w := 0.0
		if total > 0 {
			w = c.weight / total
		}
		lt.Columns = append(lt.Columns, letter.Column{Title: c.title, Align: align, Width: w})
	}
	return lt
}
