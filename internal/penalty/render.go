package penalty

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/money"
)

// WriteText writes the computation for a terminal: the invoice, each interest line, the
// totals, what to check and the rules applied, in lang ("fr" or "en").
func (r Result) WriteText(w io.Writer, lang string) error {
	ew := &errWriter{w: w}
	writeHeading(ew, r, lang)
	writeLines(ew, r, lang)
	writeAmounts(ew, [][2]string{
		{label("interest", lang), r.Interest.FormatCurrency(r.Currency, lang)},
		{label("indemnity", lang), r.Indemnity.FormatCurrency(r.Currency, lang)},
		{label("total", lang), r.Total.FormatCurrency(r.Currency, lang)},
	})
	writeList(ew, label("warnings", lang), r.Warnings, lang)
	writeList(ew, label("rules", lang), r.Notes, lang)
	return ew.err
}

// WriteText writes the statement for a terminal or a plain-text e-mail, in lang.
func (s Statement) WriteText(w io.Writer, lang string) error {
	ew := &errWriter{w: w}
	name := s.CustomerName
	if s.CustomerRef != "" {
		name = strings.TrimSpace(name + " (" + s.CustomerRef + ")")
	}
	fmt.Fprintf(ew, "%s — %s %s %s\n", label("statement", lang), name, label("on", lang), day(s.Day, lang))
	for _, it := range s.Invoices {
		fmt.Fprintln(ew)
		writeHeading(ew, it.Result, lang)
		rows := [][2]string{{label("principal", lang), it.Principal.FormatCurrency(s.Currency, lang)}}
		for _, p := range it.Payments {
			rows = append(rows, [2]string{label("payment", lang) + " " + day(p.Date, lang), (-p.Amount).FormatCurrency(s.Currency, lang)})
		}
		if !it.NoticeDate.IsZero() {
			rows = append(rows, [2]string{label("notice", lang) + " " + day(it.NoticeDate, lang), ""})
		}
		writeAmounts(ew, rows)
		writeLines(ew, it.Result, lang)
		writeAmounts(ew, [][2]string{
			{label("interest", lang), it.Interest.FormatCurrency(s.Currency, lang)},
			{label("indemnity", lang), it.Indemnity.FormatCurrency(s.Currency, lang)},
			{label("balance", lang), it.Balance.FormatCurrency(s.Currency, lang)},
		})
		writeList(ew, label("warnings", lang), it.Warnings, lang)
	}
	fmt.Fprintf(ew, "\n%s\n", label("totals", lang))
	writeAmounts(ew, [][2]string{
		{label("principal", lang), s.Principal.FormatCurrency(s.Currency, lang)},
		{label("outstanding", lang), s.Outstanding.FormatCurrency(s.Currency, lang)},
		{label("interest", lang), s.Interest.FormatCurrency(s.Currency, lang)},
		{label("indemnity", lang), s.Indemnity.FormatCurrency(s.Currency, lang)},
		{label("balance", lang), s.Balance.FormatCurrency(s.Currency, lang)},
	})
	writeList(ew, label("rules", lang), s.Notes, lang)
	return ew.err
}

// CSVHeader is the header WriteCSV writes: one row per element of the claim.
var CSVHeader = []string{"invoice", "kind", "date", "from", "to", "days", "rate", "base", "amount", "currency"}

// WriteCSV writes the statement as a ledger, one row per element of the claim: the principal
// (dated the issue date), each payment (negative), each interest line, the indemnity and the
// invoice's balance, then a total row. Amounts and rates are machine decimals ("1234.56",
// "12.15") so that a spreadsheet adds them up.
func (s Statement) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	rows := [][]string{CSVHeader}
	row := func(inv, kind, date, from, to, days, rate, base string, amount money.Cents) {
		rows = append(rows, []string{inv, kind, date, from, to, days, rate, base, amount.String(), s.Currency})
	}
	for _, it := range s.Invoices {
		row(it.Invoice, "principal", it.IssueDate.String(), "", "", "", "", "", it.Principal)
		for _, p := range it.Payments {
			row(it.Invoice, "payment", p.Date.String(), "", "", "", "", "", -p.Amount)
		}
		for _, l := range it.Lines {
			row(it.Invoice, "interest", "", l.From.String(), l.To.String(), strconv.Itoa(l.Days), l.Rate.String(), l.Base.String(), l.Amount)
		}
		if it.Indemnity != 0 {
			row(it.Invoice, "indemnity", "", "", "", "", "", "", it.Indemnity)
		}
		row(it.Invoice, "balance", s.Day.String(), "", "", "", "", "", it.Balance)
	}
	row("", "total", s.Day.String(), "", "", "", "", "", s.Balance)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

func writeHeading(w io.Writer, r Result, lang string) {
	parts := []string{label("invoice", lang)}
	if r.Invoice != "" {
		parts[0] += " " + r.Invoice
	}
	parts = append(parts, r.Principal.FormatCurrency(r.Currency, lang), label("due", lang)+" "+day(r.DueDate, lang))
	if !r.PaidDate.IsZero() {
		parts = append(parts, label("paid_on", lang)+" "+day(r.PaidDate, lang))
	} else if r.Outstanding > 0 {
		parts = append(parts, label("unpaid", lang)+" "+label("on", lang)+" "+day(r.Day, lang))
	}
	if r.DaysLate > 0 {
		parts = append(parts, strconv.Itoa(r.DaysLate)+" "+label("days_late", lang))
	}
	fmt.Fprintln(w, strings.Join(parts, " — "))
}

func writeLines(w io.Writer, r Result, lang string) {
	if len(r.Lines) == 0 {
		fmt.Fprintln(w, "  "+label("no_interest", lang))
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  "+strings.Join([]string{label("from", lang), label("to", lang), label("days", lang),
		label("rate", lang), label("base", lang), label("amount", lang), label("basis", lang)}, "\t"))
	for _, l := range r.Lines {
		fmt.Fprintln(tw, "  "+strings.Join([]string{day(l.From, lang), day(l.To, lang), strconv.Itoa(l.Days) + divisorNote(l),
			pct(l.Rate, lang), l.Base.Format(lang), l.Amount.Format(lang), l.Basis.In(lang)}, "\t"))
	}
	tw.Flush()
}

// divisorNote marks the lines divided by 366, so that the reader can redo the sum.
func divisorNote(l Line) string {
	if l.Divisor != 365 {
		return "/" + strconv.Itoa(l.Divisor)
	}
	return ""
}

// writeAmounts writes label–amount rows, labels aligned left and amounts right, as on a bank
// statement.
func writeAmounts(w io.Writer, rows [][2]string) {
	lw, aw := 0, 0
	for _, r := range rows {
		lw = max(lw, utf8.RuneCountInString(r[0]))
		aw = max(aw, utf8.RuneCountInString(r[1]))
	}
	for _, r := range rows {
		pad := strings.Repeat(" ", lw-utf8.RuneCountInString(r[0])+2+aw-utf8.RuneCountInString(r[1]))
		fmt.Fprintln(w, strings.TrimRight("  "+r[0]+pad+r[1], " "))
	}
}

func writeList(w io.Writer, title string, ts []Text, lang string) {
	if len(ts) == 0 {
		return
	}
	fmt.Fprintf(w, "%s%s\n", title, pick(lang, ":", " :"))
	for _, t := range ts {
		fmt.Fprintf(w, "  - %s\n", t.In(lang))
	}
}

// errWriter keeps the first write error, so that renderers can write without checking each
// line and still report a failure.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
