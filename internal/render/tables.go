package render

import "strconv"

// table is a table as the three forms need it: a header, rows, an optional total row, and
// per column an alignment and a relative width for the letter.
type table struct {
	cols  []column
	rows  [][]string
	total []string
}

type column struct {
	title  string
	right  bool    // amounts and counts are right-aligned
	weight float64 // relative width in a letter
}

// builder assembles a table whose columns may be left out when they would be empty (no
// partial payment, nothing late yet), keeping each row's cells with their column.
type builder struct {
	cols []column
	keep []bool
	rows [][]string
	tot  []string
}

func (b *builder) col(title string, right bool, weight float64, keep bool) {
	b.cols = append(b.cols, column{title, right, weight})
	b.keep = append(b.keep, keep)
}

func (b *builder) row(cells ...string) { b.rows = append(b.rows, cells) }

func (b *builder) build() *table {
	pick := func(cells []string) []string {
		if cells == nil {
			return nil
		}
		var out []string
		for i, c := range cells {
			if b.keep[i] {
				out = append(out, c)
			}
		}
		return out
	}
	t := &table{total: pick(b.tot)}
	for i, c := range b.cols {
		if b.keep[i] {
			t.cols = append(t.cols, c)
		}
	}
	for _, r := range b.rows {
		t.rows = append(t.rows, pick(r))
	}
	return t
}

// invoiceTable lists the invoices with their open balance; the "already paid" column appears
// when an invoice was partly paid, the delay column once an invoice is late.
func (r *run) invoiceTable() *table {
	d := r.d
	if len(d.Invoices) == 0 {
		return nil
	}
	anyPaid, anyLate, anyIssue := false, false, false
	for _, l := range d.Invoices {
		anyPaid = anyPaid || l.Paid() != 0
		anyLate = anyLate || l.DaysLate > 0
		anyIssue = anyIssue || !l.IssueDate.IsZero()
	}
	b := &builder{}
	b.col(r.pick("Invoice", "Facture"), false, 0.18, true)
	b.col(r.pick("Date", "Date"), false, 0.13, anyIssue)
	b.col(r.pick("Due date", "Échéance"), false, 0.13, true)
	b.col(r.pick("Amount incl. VAT", "Montant TTC"), true, 0.16, true)
	b.col(r.pick("Paid", "Déjà réglé"), true, 0.15, anyPaid)
	b.col(r.pick("Balance due", "Reste dû"), true, 0.15, true)
	b.col(r.pick("Days late", "Retard"), true, 0.10, anyLate)
	for _, l := range d.Invoices {
		late := ""
		if l.DaysLate > 0 {
			late = strconv.Itoa(l.DaysLate) + r.pick("", "\u00a0j")
		}
		b.row(l.Number, r.date(l.IssueDate), r.date(l.DueDate), r.money(l.Amount), r.money(l.Paid()), r.money(l.Open), late)
	}
	if len(d.Invoices) > 1 {
		b.tot = []string{"Total", "", "", r.money(d.Amount()), r.money(d.Paid()), r.money(d.Total), ""}
	}
	return b.build()
}

// penaltyTable is the statement of the penalties: per invoice each interest period with its
// days, rate and base, then the flat indemnity; nil when no penalties are shown.
func (r *run) penaltyTable() *table {
	p := r.d.Penalties
	if p == nil || len(p.Invoices) == 0 {
		return nil
	}
	b := &builder{}
	b.col(r.pick("Invoice", "Facture"), false, 0.18, true)
	b.col(r.pick("Period", "Période"), false, 0.30, true)
	b.col(r.pick("Days", "Jours"), true, 0.08, true)
	b.col(r.pick("Rate", "Taux"), true, 0.11, true)
	b.col(r.pick("Base", "Base"), true, 0.17, true)
	b.col(r.pick("Amount", "Montant"), true, 0.16, true)
	for _, ip := range p.Invoices {
		num := ip.Number
		for _, pe := range ip.Periods {
			span := r.date(pe.From) + r.pick(" – ", " au ") + r.date(pe.To)
			if r.d.Lang != "en" {
				span = "du " + span
			}
			b.row(num, span, strconv.Itoa(pe.Days), r.rate(pe.Rate), r.money(pe.Base), r.money(pe.Amount))
			num = ""
		}
		if ip.Indemnity != 0 {
			b.row(num, r.pick("Flat recovery indemnity", "Indemnité forfaitaire"), "", "", "", r.money(ip.Indemnity))
		}
	}
	b.tot = []string{"Total", "", "", "", "", r.money(p.Total)}
	return b.build()
}

// planTable lists a payment plan's instalments; nil when there is no plan.
func (r *run) planTable() *table {
	p := r.d.Plan
	if p == nil || len(p.Instalments) == 0 {
		return nil
	}
	b := &builder{}
	b.col(r.pick("Instalment", "Échéance"), false, 0.3, true)
	b.col(r.pick("Due on", "Date"), false, 0.4, true)
	b.col(r.pick("Amount", "Montant"), true, 0.3, true)
	for i, in := range p.Instalments {
		b.row(r.pick("No. ", "n° ")+strconv.Itoa(i+1), r.datelong(in.Due), r.money(in.Amount))
	}
	b.tot = []string{"Total", "", r.money(p.Total())}
	return b.build()
}
