package tabular

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/xuri/excelize/v2"
)

// FuzzInvoiceReader feeds arbitrary bytes to the invoice reader: it must never panic, and
// every row it yields must be one the import can store as is.
func FuzzInvoiceReader(f *testing.F) {
	f.Add([]byte("Facture;Client;Date;Échéance;Montant\nFA1;C1;01/01/2026;31/01/2026;1 234,56\nAV1;C1;01/01/2026;;-5\n"))
	f.Add([]byte("invoice_number,customer_ref,issue_date,amount\r\n\"FA,1\",C1,2026-01-01,\"1,234.56\"\r\n"))
	f.Add([]byte("sep=\t\nFacture\tClient\tDate\tMontant\nFA1\tC1\t01/01/2026\t1\n"))
	f.Add([]byte("\xef\xbb\xbfFacture;Client;Date;Montant\r\r\nFA1;\"A\r\r\nB\";01/01/2026;1\r\r\n"))
	f.Add([]byte("Facture;Client;Date;Montant\rFA1;C1;01/01/2026;1\r"))
	f.Add([]byte("\xff\xfeF\x00;\x00"))
	f.Add(hundredInvoices(57, "31/02/2026"))
	if raw, err := os.ReadFile("testdata/factures-windows1252.csv"); err == nil {
		f.Add(raw)
	}
	f.Add(fuzzWorkbook(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := NewInvoiceReader("fuzz.csv", bytes.NewReader(data), Options{MaxErrors: 3})
		if err != nil {
			return
		}
		_ = tb.Format()
		_ = tb.Mapping()
		seen := map[string]bool{}
		last := 0
		for r := range tb.Rows() {
			checkInvoiceRow(t, r, seen, last)
			last = r.Line
		}
		err = tb.Err()
		var l *ErrorList
		if errors.As(err, &l) {
			if len(l.Errors) > 3 || l.Total < len(l.Errors) || l.Total == 0 {
				t.Errorf("error list kept %d of %d", len(l.Errors), l.Total)
			}
			_ = l.Error()
		}
	})
}

func checkInvoiceRow(t *testing.T, r InvoiceRow, seen map[string]bool, last int) {
	t.Helper()
	if r.Line <= last {
		t.Errorf("line %d after line %d", r.Line, last)
	}
	if r.Number == "" || r.CustomerRef == "" || r.CustomerName == "" {
		t.Errorf("row without number or customer: %+v", r)
	}
	if seen[r.Number] {
		t.Errorf("number %q yielded twice", r.Number)
	}
	seen[r.Number] = true
	if r.Amount < 0 || (r.Kind != receivable.KindInvoice && r.Kind != receivable.KindCreditNote) {
		t.Errorf("amount %d, kind %q", r.Amount, r.Kind)
	}
	if r.IssueDate.IsZero() && r.DueDate.IsZero() {
		t.Errorf("row without a date: %+v", r)
	}
	if !r.IssueDate.IsZero() && !r.DueDate.IsZero() && r.DueDate.Before(r.IssueDate) {
		t.Errorf("due %s before issue %s", r.DueDate, r.IssueDate)
	}
	for _, d := range []struct{ y int }{{r.IssueDate.Year}, {r.DueDate.Year}} {
		if d.y != 0 && (d.y < 1900 || d.y > 2999) {
			t.Errorf("year %d", d.y)
		}
	}
	if r.Currency != "" && (len(r.Currency) != 3 || strings.ToUpper(r.Currency) != r.Currency) {
		t.Errorf("currency %q", r.Currency)
	}
	for _, s := range []string{r.Number, r.CustomerRef, r.CustomerName, r.CustomerEmail, r.Currency, r.ExternalID, r.Document} {
		if !utf8.ValidString(s) || strings.TrimSpace(s) != s {
			t.Errorf("value %q is not clean UTF-8", s)
		}
	}
}

func fuzzWorkbook(f *testing.F) []byte {
	x := excelize.NewFile()
	defer x.Close()
	rows := [][]any{
		{"Facture", "Client", "Date", "Montant"},
		{"FA1", "C1", time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), 12.5},
		{"FA2", "C1", 46023, -3.0},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &row); err != nil {
			f.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}
