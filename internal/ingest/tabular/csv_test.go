package tabular

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

const accented = "Numéro de facture;Raison sociale;Date;Échéance;Montant TTC\r\n" +
	"FA-001;Société Générale d'Études;05/01/2026;04/02/2026;1 234,56\r\n" +
	"FA-002;Crème & Pâtisserie Œuvre;06/01/2026;05/02/2026;99,90\r\n"

func TestCSVEncodingsAreDetected(t *testing.T) {
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(strings.ReplaceAll(accented, ";", "\t")))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		data   []byte
		format string
	}{
		{"utf-8", []byte(accented), "CSV, UTF-8, separator ';'"},
		{"utf-8 with BOM", append([]byte("\xef\xbb\xbf"), accented...), "CSV, UTF-8 with BOM, separator ';'"},
		{"windows-1252", cp1252(t, accented), "CSV, Windows-1252, separator ';'"},
		{"utf-16 from Excel's unicode text", utf16, "CSV, UTF-16LE, separator tab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, tb, err := readAll(t, invoices(Options{}), "enc.csv", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if got := tb.Format(); got != tt.format {
				t.Errorf("Format() = %q, want %q", got, tt.format)
			}
			if len(rows) != 2 {
				t.Fatalf("%d rows, want 2", len(rows))
			}
			if rows[0].CustomerName != "Société Générale d'Études" || rows[1].CustomerName != "Crème & Pâtisserie Œuvre" {
				t.Errorf("names %q, %q", rows[0].CustomerName, rows[1].CustomerName)
			}
			if rows[0].Amount != 123456 || rows[0].Line != 2 || rows[1].Line != 3 {
				t.Errorf("row 0 %+v", rows[0])
			}
		})
	}
}

func TestWindows1252IsDetectedEvenWhenTheFirstAccentComesLate(t *testing.T) {
	var b strings.Builder
	b.WriteString("Facture;Client;Date;Montant\n")
	for i := range 5000 { // well past the first 64 KiB buffer
		b.WriteString(fmt.Sprintf("FA%08d", i) + ";ACME;01/01/2026;10,00\n")
	}
	b.WriteString("LAST;Bureau Végétal;01/01/2026;10,00\n")
	rows, tb, err := readAll(t, invoices(Options{}), "late.csv", cp1252(t, b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if last := rows[len(rows)-1]; last.CustomerRef != "Bureau Végétal" {
		t.Errorf("last customer %q", last.CustomerRef)
	}
	if !strings.Contains(tb.Format(), "Windows-1252") {
		t.Errorf("Format() = %q after reading", tb.Format())
	}
}

func TestInvalidUTF8InAUTF8FileIsAFieldError(t *testing.T) {
	data := "Facture;Client;Date;Montant\nFA1;Société;01/01/2026;10\nFA2;Soci\xe9t\xe9;01/01/2026;10\n"
	rows, _, err := readAll(t, invoices(Options{}), "mixed.csv", []byte(data))
	l := errorList(t, err)
	if len(rows) != 1 || l.Total != 1 || l.Errors[0].Line != 3 || l.Errors[0].Field != "customer_ref" {
		t.Fatalf("rows %v, errors %v", rows, err)
	}
}

func TestCSVSeparatorsAndLineEndings(t *testing.T) {
	base := [][]string{
		{"invoice_number", "customer_ref", "issue_date", "amount"},
		{"FA1", "ACME, Inc.", "2026-01-05", "1,234.56"},
		{"FA2", "Dupont; fils", "2026-01-06", "12.5"},
	}
	build := func(sep, eol string) string {
		var b strings.Builder
		for _, rec := range base {
			for i, f := range rec {
				if i > 0 {
					b.WriteString(sep)
				}
				if strings.ContainsAny(f, ",;\t") {
					f = `"` + f + `"`
				}
				b.WriteString(f)
			}
			b.WriteString(eol)
		}
		return b.String()
	}
	tests := []struct {
		name, data, format string
		firstLine          int
	}{
		{"semicolon CRLF", build(";", "\r\n"), "separator ';'", 2},
		{"comma LF", build(",", "\n"), "separator ','", 2},
		{"tab CR CR LF", build("\t", "\r\r\n"), "separator tab", 2},
		{"semicolon CR only", build(";", "\r"), "separator ';'", 2},
		{"excel sep line", "sep=,\r\n" + build(",", "\r\n"), "separator ','", 3},
		{"blank and padding lines", "\n" + strings.Replace(build(";", "\n"), "\nFA2", "\n\n;;;\n   \nFA2", 1), "separator ';'", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, tb, err := readAll(t, invoices(Options{}), "sep.csv", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(tb.Format(), tt.format) {
				t.Errorf("Format() = %q, want %s", tb.Format(), tt.format)
			}
			if len(rows) != 2 {
				t.Fatalf("rows = %+v", rows)
			}
			if rows[0].CustomerRef != "ACME, Inc." || rows[1].CustomerRef != "Dupont; fils" {
				t.Errorf("customers %q %q", rows[0].CustomerRef, rows[1].CustomerRef)
			}
			if rows[0].Amount != 123456 || rows[1].Amount != 1250 {
				t.Errorf("amounts %d %d", rows[0].Amount, rows[1].Amount)
			}
			if rows[0].Line != tt.firstLine {
				t.Errorf("first row on line %d, want %d", rows[0].Line, tt.firstLine)
			}
		})
	}
}

func TestSeparatorIsTheOneGivingMostColumnsOutsideQuotes(t *testing.T) {
	tests := []struct {
		line string
		want rune
	}{
		{"a;b;c\n", ';'},
		{"a,b,c\n", ','},
		{"a\tb\tc\n", '\t'},
		{`"Montant, TTC";b;c` + "\n", ';'},
		{`"a;b;c;d",e,f` + "\n", ','},
		{"a;b,c;d\n", ';'},
		{"Titre sans séparateur\na,b\n", ','},
		{"one column\n", ','},
	}
	for _, tt := range tests {
		if got := detectSeparator([]byte(tt.line)); got != tt.want {
			t.Errorf("detectSeparator(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestShortRowsReadMissingCellsAsEmpty(t *testing.T) {
	data := "Facture;Client;Date;Échéance;Montant;Devise;PDF\nFA1;C1;01/01/2026;31/01/2026;10\n"
	rows, _, err := readAll(t, invoices(Options{}), "short.csv", []byte(data))
	if err != nil || len(rows) != 1 || rows[0].Currency != "" || rows[0].Document != "" {
		t.Fatalf("rows %+v, err %v", rows, err)
	}
}

func TestLineNumbersArePhysicalLinesWithMultilineCells(t *testing.T) {
	data := "Facture;Client;Date;Montant\n" +
		"FA1;\"ACME\nService comptable\";01/01/2026;10\n" +
		"\n" +
		"FA2;C2;32/01/2026;10\n"
	_, _, err := readAll(t, invoices(Options{}), "ml.csv", []byte(data))
	l := errorList(t, err)
	if l.Errors[0].Line != 5 {
		t.Errorf("error on line %d, want 5: %v", l.Errors[0].Line, err)
	}
}

func TestBareQuotesAreReadLazily(t *testing.T) {
	data := "Facture;Client;Date;Montant\nFA1;Le \"Bon\" Coin;01/01/2026;10\nFA2;Tube 6\";01/01/2026;10\n"
	rows, _, err := readAll(t, invoices(Options{}), "q.csv", []byte(data))
	if err != nil || len(rows) != 2 || rows[0].CustomerRef != `Le "Bon" Coin` || rows[1].CustomerRef != `Tube 6"` {
		t.Fatalf("rows %+v, err %v", rows, err)
	}
}

func TestProgressReportsBytesRead(t *testing.T) {
	data := invoiceCSV(20000)
	var last int64
	calls := 0
	tb, err := NewInvoiceReader("p.csv", bytes.NewReader(data), Options{Progress: func(n int64) {
		if n < last {
			t.Errorf("progress went back from %d to %d", last, n)
		}
		last = n
		calls++
	}})
	if err != nil {
		t.Fatal(err)
	}
	for range tb.Rows() {
	}
	if last != int64(len(data)) || calls < 2 {
		t.Errorf("last progress %d of %d bytes, %d calls", last, len(data), calls)
	}
}

func TestCommittedWindows1252Sample(t *testing.T) {
	f, err := os.Open("testdata/factures-windows1252.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	raw, _ := io.ReadAll(f)
	if bytes.Contains(raw, []byte("é")) {
		t.Fatal("the sample must be Windows-1252, not UTF-8")
	}
	rows, tb, err := readAll(t, invoices(Options{}), "factures-windows1252.csv", raw)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Format() != "CSV, Windows-1252, separator ';'" {
		t.Errorf("Format() = %q", tb.Format())
	}
	var names []string
	for _, r := range rows {
		names = append(names, r.CustomerName)
	}
	if got := strings.Join(names, "|"); !strings.Contains(got, "Boulangerie Lefèvre") || !strings.Contains(got, "Société Générale d'Équipements") {
		t.Errorf("names %s", got)
	}
}

func TestASCIIFileIsReportedAsUTF8(t *testing.T) {
	tb, err := NewInvoiceReader("a.csv", strings.NewReader("Facture,Client,Date,Montant\nFA1,C1,01/01/2026,1\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := tb.Format(); got != "CSV, UTF-8, separator ','" {
		t.Errorf("Format() = %q", got)
	}
}

func TestBinaryFileIsRefused(t *testing.T) {
	_, err := NewInvoiceReader("photo.csv", bytes.NewReader([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")), Options{})
	if err == nil || !strings.Contains(err.Error(), "photo.csv: not a CSV or XLSX file") {
		t.Errorf("got %v", err)
	}
}
