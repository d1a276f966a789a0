package app

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// The kinds and formats of export.
const (
	ExportCustomers = "customers"
	ExportInvoices  = "invoices"
	ExportPayments  = "payments"
	ExportHistory   = "history"

	ExportCSV  = "csv"
	ExportXLSX = "xlsx"
)

// ExportOptions say what to export and how.
type ExportOptions struct {
	Kind   string // customers, invoices, payments or history
	Format string // csv or xlsx
	// Customer limits the history to one customer's, by reference; empty: every customer's.
	Customer string
}

// Export writes the company's customers, invoices, payments or history to w, as CSV or XLSX,
// one row at a time as the database yields them, so that a big database is never held in
// memory. Amounts are exact: decimal text in CSV ("1234.56"), numbers with a currency format in
// XLSX; dates are ISO in CSV and dates in XLSX. The columns are named as the CSV import names
// its fields, so that an export of customers or invoices can be imported elsewhere as it is.
// It returns the number of rows written, the header not counted.
func (a *App) Export(ctx context.Context, co receivable.Company, w io.Writer, opts ExportOptions) (int, error) {
	var out rowWriter
	switch opts.Format {
	case ExportCSV, "":
		out = newCSVRows(w)
	case ExportXLSX:
		out = newXLSXRows(w, sheetName(opts.Kind, co.Language))
	default:
		return 0, inputErr("format", "unknown export format %q: want csv or xlsx", opts.Format)
	}
	var n int
	var err error
	switch opts.Kind {
	case ExportCustomers:
		n, err = a.exportCustomers(ctx, co, out)
	case ExportInvoices:
		n, err = a.exportInvoices(ctx, co, out)
	case ExportPayments:
		n, err = a.exportPayments(ctx, co, out)
	case ExportHistory:
		n, err = a.exportHistory(ctx, co, out, opts.Customer)
	default:
		return 0, inputErr("kind", "unknown export %q: want customers, invoices, payments or history", opts.Kind)
	}
	if err != nil {
		return n, err
	}
	return n, out.close()
}

// ParseExportKind reads an export kind, in English or French.
func ParseExportKind(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "customers", "customer", "clients":
		return ExportCustomers, nil
	case "invoices", "invoice", "factures":
		return ExportInvoices, nil
	case "payments", "payment", "reglements", "règlements", "paiements":
		return ExportPayments, nil
	case "history", "historique", "timeline":
		return ExportHistory, nil
	}
	return "", inputErr("kind", "unknown export %q: want customers, invoices, payments or history", s)
}

func sheetName(kind, lang string) string {
	if lang == "en" {
		return strings.ToUpper(kind[:1]) + kind[1:]
	}
	return map[string]string{ExportCustomers: "Clients", ExportInvoices: "Factures", ExportPayments: "Règlements", ExportHistory: "Historique"}[kind]
}

func (a *App) exportCustomers(ctx context.Context, co receivable.Company, out rowWriter) (int, error) {
	if err := out.header([]column{{"ref", textCol}, {"name", wideCol}, {"siren", textCol}, {"kind", textCol}, {"address", wideCol},
		{"address2", textCol}, {"postal_code", textCol}, {"city", textCol}, {"country", textCol}, {"language", textCol},
		{"profile", textCol}, {"credit_limit", moneyCol}, {"payment_terms", numberCol}, {"collector", textCol},
		{"contact_name", textCol}, {"email", wideCol}, {"phone", textCol}, {"open", moneyCol}, {"currency", textCol}}); err != nil {
		return 0, err
	}
	n := 0
	err := a.Store.EachCustomer(ctx, co.ID, func(c store.CustomerExport) error {
		n++
		ad, cur := c.Address, co.Currency
		return out.row([]cell{cellText(c.Ref), cellText(c.Name), cellText(c.SIREN), cellText(string(c.Kind)), cellText(ad.Line1), cellText(ad.Line2),
			cellText(ad.PostalCode), cellText(ad.City), cellText(ad.Country), cellText(c.Language), cellText(string(c.Profile)), cellMoney(c.CreditLimit, cur),
			cellNumber(int64(c.PaymentTermsDays)), cellText(c.Collector), cellText(c.ContactName), cellText(c.ContactEmail), cellText(c.ContactPhone),
			cellMoney(c.Open, cur), cellText(cur)})
	})
	return n, err
}

func (a *App) exportInvoices(ctx context.Context, co receivable.Company, out rowWriter) (int, error) {
	if err := out.header([]column{{"invoice_number", textCol}, {"kind", textCol}, {"customer_ref", textCol}, {"customer_name", wideCol},
		{"issue_date", dateCol}, {"due_date", dateCol}, {"amount", moneyCol}, {"currency", textCol}, {"allocated", moneyCol},
		{"open", moneyCol}, {"credits_number", textCol}, {"external_id", textCol}, {"document", textCol}}); err != nil {
		return 0, err
	}
	n := 0
	err := a.Store.EachInvoice(ctx, co.ID, func(i store.InvoiceExport) error {
		n++
		cur := orDefault(i.Currency, co.Currency)
		return out.row([]cell{cellText(i.Number), cellText(string(i.Kind)), cellText(i.CustomerRef), cellText(i.CustomerName), cellDate(i.IssueDate),
			cellDate(i.DueDate), cellMoney(i.Amount, cur), cellText(cur), cellMoney(i.Allocated, cur), cellMoney(i.Open(), cur), cellText(i.CreditsRef),
			cellText(i.ExternalID), cellText(i.Document)})
	})
	return n, err
}

func (a *App) exportPayments(ctx context.Context, co receivable.Company, out rowWriter) (int, error) {
	if err := out.header([]column{{"date", dateCol}, {"amount", moneyCol}, {"currency", textCol}, {"customer_ref", textCol},
		{"method", textCol}, {"reference", wideCol}, {"payer_name", wideCol}, {"source", textCol}, {"external_id", textCol},
		{"allocated", moneyCol}, {"unallocated", moneyCol}, {"invoice_number", wideCol}}); err != nil {
		return 0, err
	}
	n := 0
	err := a.Store.EachPayment(ctx, co.ID, func(p store.PaymentExport) error {
		n++
		cur := orDefault(p.Currency, co.Currency)
		return out.row([]cell{cellDate(p.Date), cellMoney(p.Amount, cur), cellText(cur), cellText(p.CustomerRef), cellText(p.Method), cellText(p.Reference),
			cellText(p.PayerName), cellText(p.Source), cellText(p.ExternalID), cellMoney(p.Allocated, cur), cellMoney(p.Unallocated(), cur),
			cellText(strings.Join(p.Invoices, " "))})
	})
	return n, err
}

// exportHistory writes the timeline of one customer, or of every customer in reference order:
// the events and the actions of the process, as `relance customer history` shows them.
func (a *App) exportHistory(ctx context.Context, co receivable.Company, out rowWriter, ref string) (int, error) {
	if err := out.header([]column{{"customer_ref", textCol}, {"customer_name", wideCol}, {"day", dateCol}, {"at", textCol},
		{"kind", textCol}, {"status", textCol}, {"actor", textCol}, {"summary", summaryCol}}); err != nil {
		return 0, err
	}
	refs := []string{ref}
	if ref == "" {
		// The references first, then one timeline at a time: no cursor stays open while
		// each timeline is read.
		refs = refs[:0]
		if err := a.Store.EachCustomer(ctx, co.ID, func(c store.CustomerExport) error {
			refs = append(refs, c.Ref)
			return nil
		}); err != nil {
			return 0, err
		}
	}
	n := 0
	for _, r := range refs {
		tl, err := a.History(ctx, co, r, HistoryParams{})
		if err != nil {
			return n, err
		}
		for _, e := range tl.Entries {
			n++
			at := ""
			if !e.At.IsZero() {
				at = e.At.In(Location(co)).Format(time.RFC3339)
			}
			if err := out.row([]cell{cellText(tl.Customer.Ref), cellText(tl.Customer.Name), cellDate(e.Day), cellText(at), cellText(e.Kind),
				cellText(string(e.Status)), cellText(e.Actor), cellText(e.Summary)}); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// A column's kind decides its cell type and width in XLSX.
type colKind int

const (
	textCol colKind = iota
	wideCol
	summaryCol
	moneyCol
	dateCol
	numberCol
)

type column struct {
	name string
	kind colKind
}

// cell is one value of a row, typed so that each format writes it its own way.
type cell struct {
	kind     colKind
	s        string
	cents    money.Cents
	currency string
	day      civil.Date
	n        int64
}

func cellText(s string) cell { return cell{kind: textCol, s: s} }
func cellMoney(c money.Cents, currency string) cell {
	return cell{kind: moneyCol, cents: c, currency: currency}
}
func cellDate(d civil.Date) cell { return cell{kind: dateCol, day: d} }
func cellNumber(n int64) cell    { return cell{kind: numberCol, n: n} }

// rowWriter is an export format.
type rowWriter interface {
	header(cols []column) error
	row(cells []cell) error
	close() error
}

// csvRows writes CSV: amounts as decimal text with a point, dates ISO, UTF-8.
type csvRows struct {
	w   *csv.Writer
	rec []string
}

func newCSVRows(w io.Writer) *csvRows { return &csvRows{w: csv.NewWriter(w)} }

func (c *csvRows) header(cols []column) error {
	names := make([]string, len(cols))
	for i, col := range cols {
		names[i] = col.name
	}
	return c.w.Write(names)
}

func (c *csvRows) row(cells []cell) error {
	c.rec = c.rec[:0]
	for _, v := range cells {
		switch v.kind {
		case moneyCol:
			c.rec = append(c.rec, v.cents.String())
		case dateCol:
			c.rec = append(c.rec, v.day.String())
		case numberCol:
			c.rec = append(c.rec, strconv.FormatInt(v.n, 10))
		default:
			c.rec = append(c.rec, v.s)
		}
	}
	return c.w.Write(c.rec)
}

func (c *csvRows) close() error {
	c.w.Flush()
	return c.w.Error()
}

// xlsxRows writes an XLSX workbook of one sheet as it goes: the sheet's XML is streamed into
// the zip, row by row, so memory does not grow with the number of rows. Amounts are written
// as the exact decimal text of the cents in a numeric cell (no float on the way), with a
// number format per currency; dates are day serial numbers with a date format. excelize, for
// all its qualities, can only stream numbers through float64, hence this writer; the tests
// read its output back with excelize.
type xlsxRows struct {
	zw     *zip.Writer
	sheet  *bufio.Writer
	name   string
	rows   int
	ncols  int
	styles map[string]int // currency → cell style index
	order  []string       // currencies in style order
	err    error
}

// The fixed cell styles of styles.xml; currency styles follow.
const (
	xlsxStyleHeader = 1
	xlsxStyleDate   = 2
	xlsxStyleNumber = 3
	xlsxFirstMoney  = 4
)

// excelEpoch is day 0 of Excel's 1900 date system (which counts a 29 February 1900 that never
// was, hence the 30th).
var excelEpoch = civil.D(1899, time.December, 30)

func newXLSXRows(w io.Writer, sheet string) *xlsxRows {
	x := &xlsxRows{zw: zip.NewWriter(w), name: sheet, styles: map[string]int{}}
	for _, f := range []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="` + xmlText(sheet) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
	} {
		if x.err == nil {
			x.write(f.name, f.body)
		}
	}
	if x.err == nil {
		var f io.Writer
		if f, x.err = x.zw.Create("xl/worksheets/sheet1.xml"); x.err == nil {
			x.sheet = bufio.NewWriterSize(f, 64<<10)
		}
	}
	return x
}

func (x *xlsxRows) write(name, body string) {
	f, err := x.zw.Create(name)
	if err == nil {
		_, err = io.WriteString(f, body)
	}
	x.err = err
}

func (x *xlsxRows) header(cols []column) error {
	if x.err != nil {
		return x.err
	}
	x.ncols = len(cols)
	b := x.sheet
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>`)
	for i, c := range cols {
		width := map[colKind]int{textCol: 16, wideCol: 32, summaryCol: 80, moneyCol: 15, dateCol: 12, numberCol: 10}[c.kind]
		fmt.Fprintf(b, `<col min="%d" max="%d" width="%d" customWidth="1"/>`, i+1, i+1, width)
	}
	b.WriteString(`</cols><sheetData>`)
	cells := make([]cell, len(cols))
	for i, c := range cols {
		cells[i] = cellText(c.name)
	}
	return x.writeRow(cells, xlsxStyleHeader)
}

func (x *xlsxRows) row(cells []cell) error { return x.writeRow(cells, 0) }

func (x *xlsxRows) writeRow(cells []cell, style int) error {
	if x.err != nil {
		return x.err
	}
	x.rows++
	b := x.sheet
	fmt.Fprintf(b, `<row r="%d">`, x.rows)
	for i, v := range cells {
		ref := colName(i) + strconv.Itoa(x.rows)
		switch {
		case v.kind == moneyCol:
			fmt.Fprintf(b, `<c r="%s" s="%d"><v>%s</v></c>`, ref, x.moneyStyle(v.currency), v.cents.String())
		case v.kind == dateCol && !v.day.IsZero():
			fmt.Fprintf(b, `<c r="%s" s="%d"><v>%d</v></c>`, ref, xlsxStyleDate, v.day.Sub(excelEpoch))
		case v.kind == numberCol:
			fmt.Fprintf(b, `<c r="%s" s="%d"><v>%d</v></c>`, ref, xlsxStyleNumber, v.n)
		case v.s == "":
			// An empty cell is left out.
		default:
			s := ""
			if style != 0 {
				s = fmt.Sprintf(` s="%d"`, style)
			}
			fmt.Fprintf(b, `<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, s, xmlText(v.s))
		}
	}
	_, x.err = b.WriteString(`</row>`)
	return x.err
}

// moneyStyle is the cell style of amounts in a currency, added the first time it is seen.
func (x *xlsxRows) moneyStyle(currency string) int {
	currency = orDefault(currency, "EUR")
	if s, ok := x.styles[currency]; ok {
		return s
	}
	s := xlsxFirstMoney + len(x.order)
	x.styles[currency] = s
	x.order = append(x.order, currency)
	return s
}

func (x *xlsxRows) close() error {
	if x.err != nil {
		return x.err
	}
	x.sheet.WriteString(`</sheetData></worksheet>`)
	if x.err = x.sheet.Flush(); x.err != nil {
		return x.err
	}
	// The styles come last: only now are the currencies known.
	var fmts, xfs strings.Builder
	for i, cur := range x.order {
		sym := map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}[cur]
		if sym == "" {
			sym = cur
		}
		fmt.Fprintf(&fmts, `<numFmt numFmtId="%d" formatCode="%s"/>`, 166+i, xmlText(`#,##0.00\ "`+sym+`";-#,##0.00\ "`+sym+`"`))
		fmt.Fprintf(&xfs, `<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`, 166+i)
	}
	x.write("xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+
		fmt.Sprintf(`<numFmts count="%d"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="0"/>%s</numFmts>`, 2+len(x.order), fmts.String())+
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>`+
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>`+
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>`+
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`+
		fmt.Sprintf(`<cellXfs count="%d">`, xlsxFirstMoney+len(x.order))+
		`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`+
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>`+
		`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`+
		`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`+
		xfs.String()+`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
	if x.err != nil {
		return x.err
	}
	return x.zw.Close()
}

// colName is the spreadsheet name of the 0-based column i: A, B, …, Z, AA…
func colName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// xmlText escapes s for XML text and attributes; characters XML cannot hold become U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) //nolint:errcheck // a strings.Builder does not fail
	return b.String()
}
