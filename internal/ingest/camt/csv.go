package camt

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// csvColumns says where the interesting columns of a CSV statement are; -1 when absent.
type csvColumns struct {
	date, valueDate, label, label2, amount, debit, credit, ref, currency int
	names                                                                []string
}

// classify maps a header cell to the column it names. French banks spell the same columns
// many ways: "Date opération", "Date de comptabilisation", "Libellé", "Montant (EUR)",
// "Débit euros", "Crédit euros"…
func classify(cell string) string {
	n := foldCSV(cell)
	switch {
	case n == "":
		return ""
	case strings.Contains(n, "valeur") || strings.Contains(n, "value") || strings.HasPrefix(n, "dateval") || strings.HasPrefix(n, "date val"):
		return "valueDate"
	case strings.HasPrefix(n, "date") || n == "booking date" || n == "jour":
		return "date"
	case strings.HasPrefix(n, "debit"):
		return "debit"
	case strings.HasPrefix(n, "credit"):
		return "credit"
	case strings.HasPrefix(n, "montant") || strings.HasPrefix(n, "amount") || n == "somme":
		return "amount"
	case strings.Contains(n, "libelle") || strings.Contains(n, "label") || strings.Contains(n, "intitule"):
		return "label"
	case strings.Contains(n, "description") || strings.Contains(n, "detail") || strings.Contains(n, "motif") ||
		strings.Contains(n, "communication") || strings.Contains(n, "operation"):
		return "label2" // a label only when there is no better one
	case n == "devise" || n == "currency" || n == "monnaie":
		return "currency"
	case strings.HasPrefix(n, "reference") || strings.HasPrefix(n, "ref"):
		return "ref"
	}
	return ""
}

func foldCSV(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("é", "e", "è", "e", "ê", "e", "à", "a", "ç", "c", "ô", "o", "û", "u",
		"\u00a0", " ", ".", " ", "_", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// header recognises a header row: a date, a label, and an amount or debit and credit.
func header(rec []string) (csvColumns, bool) {
	c := csvColumns{date: -1, valueDate: -1, label: -1, label2: -1, amount: -1, debit: -1, credit: -1, ref: -1,
		currency: -1, names: rec}
	for i, cell := range rec {
		set := func(p *int) {
			if *p < 0 {
				*p = i
			}
		}
		switch classify(cell) {
		case "date":
			set(&c.date)
		case "valueDate":
			set(&c.valueDate)
		case "label":
			set(&c.label)
		case "label2":
			set(&c.label2)
		case "currency":
			set(&c.currency)
		case "amount":
			set(&c.amount)
		case "debit":
			set(&c.debit)
		case "credit":
			set(&c.credit)
		case "ref":
			set(&c.ref)
		}
	}
	if c.label < 0 {
		c.label = c.label2
	}
	if c.date < 0 && c.valueDate >= 0 {
		c.date, c.valueDate = c.valueDate, -1
	}
	ok := c.date >= 0 && c.label >= 0 && (c.amount >= 0 || c.debit >= 0 && c.credit >= 0)
	return c, ok
}

// ReadCSV reads a bank statement exported as CSV by online banking: a few lines of preamble
// (account number, period) are skipped up to the header row, which must name a date, a
// label, and an amount or debit and credit columns. The separator (';', ',' or tab) and the
// encoding (UTF-8, or Windows-1252 as French banks write it) are detected. Amounts are read
// the French way ("1 234,56", "-12,50"). The result is one statement whose entries are the
// rows, so Document.IncomingPayments serves both formats.
func ReadCSV(name string, r io.Reader) (*Document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(data) {
		if data, err = charmap.Windows1252.NewDecoder().Bytes(data); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	var lastErr error = &Error{File: name, Err: ErrNoHeader}
	for _, sep := range []rune{';', '\t', ','} {
		doc, err := readCSV(name, data, sep)
		if err == nil {
			return doc, nil
		}
		if !errors.Is(err, ErrNoHeader) {
			lastErr = err
			break // a header was found with this separator: its errors are the real ones
		}
	}
	return nil, lastErr
}

func readCSV(name string, data []byte, sep rune) (*Document, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma, cr.LazyQuotes, cr.FieldsPerRecord, cr.ReuseRecord = sep, true, -1, false
	var cols csvColumns
	found := false
	st := Statement{Line: 1}
	seen := 0
	var errs []error
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, &Error{File: name, Line: line, Err: err}
		}
		if !found {
			if seen++; seen > 30 {
				break
			}
			if cols, found = header(rec); found {
				st.Line = line
			}
			continue
		}
		e, ok, err := csvEntry(name, line, rec, cols)
		if err != nil {
			if errs = append(errs, err); len(errs) >= 20 {
				break
			}
			continue
		}
		if ok {
			st.Entries = append(st.Entries, e)
		}
	}
	if !found {
		return nil, &Error{File: name, Err: ErrNoHeader}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &Document{Name: name, Message: "csv", Statements: []Statement{st}}, nil
}

// csvEntry reads one row; rows without a date (blank lines, totals) are skipped.
func csvEntry(name string, line int, rec []string, c csvColumns) (Entry, bool, error) {
	get := func(i int) string {
		if i >= 0 && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	col := func(i int) string { return strings.TrimSpace(c.names[i]) }
	if get(c.date) == "" {
		return Entry{}, false, nil
	}
	d, err := civil.ParseLoose(get(c.date))
	if err != nil {
		return Entry{}, false, &Error{File: name, Line: line, Path: col(c.date), Value: get(c.date), Err: ErrDate}
	}
	e := Entry{Line: line, BookingDate: d, Status: "BOOK", AdditionalInfo: strings.Join(strings.Fields(get(c.label)), " "),
		BankRef: get(c.ref), Currency: strings.ToUpper(get(c.currency))}
	if e.Currency == "" || e.Currency == "€" {
		e.Currency = "EUR"
	}
	if c.valueDate >= 0 && get(c.valueDate) != "" {
		if e.ValueDate, err = civil.ParseLoose(get(c.valueDate)); err != nil {
			return Entry{}, false, &Error{File: name, Line: line, Path: col(c.valueDate), Value: get(c.valueDate), Err: ErrDate}
		}
	}
	amount := func(i int) (money.Cents, error) {
		if get(i) == "" {
			return 0, nil
		}
		a, err := money.Parse(get(i))
		if err != nil {
			return 0, &Error{File: name, Line: line, Path: col(i), Value: get(i), Err: ErrAmount}
		}
		return a, nil
	}
	var signed money.Cents
	if c.amount >= 0 {
		if signed, err = amount(c.amount); err != nil {
			return Entry{}, false, err
		}
	}
	if c.amount < 0 || signed == 0 && get(c.amount) == "" {
		// Banks write the debit column positive or negative; a debit is money out either way.
		deb, err := amount(c.debit)
		if err != nil {
			return Entry{}, false, err
		}
		cred, err := amount(c.credit)
		if err != nil {
			return Entry{}, false, err
		}
		signed = abs(cred) - abs(deb)
	}
	e.Credit, e.Amount = signed > 0, abs(signed)
	e.Transactions = []Transaction{{Amount: e.Amount, Currency: e.Currency, Credit: e.Credit, HasAmount: true,
		Unstructured: []string{e.AdditionalInfo}}}
	e.Itemized = true
	return e, e.Amount != 0, nil
}

func abs(c money.Cents) money.Cents {
	if c < 0 {
		return -c
	}
	return c
}
