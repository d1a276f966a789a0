package tabular

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// invoiceCSV builds an invoice export as French Excel would write it: ';' separators, CRLF,
// dd/mm/yyyy dates, decimal commas, accented names.
func invoiceCSV(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 90)
	b.WriteString("N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC;Devise\r\n")
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		issue := start.AddDate(0, 0, i%540)
		due := issue.AddDate(0, 0, 30+i%31)
		cents := 1000 + (i*7919)%10_000_000
		fmt.Fprintf(&b, "FA-%08d;C%05d;Société %d SARL;%s;%s;%d,%02d;EUR\r\n",
			i+1, i%20000, i%20000, issue.Format("02/01/2006"), due.Format("02/01/2006"), cents/100, cents%100)
	}
	return b.Bytes()
}

var millionRows = sync.OnceValue(func() []byte { return invoiceCSV(1_000_000) })

// BenchmarkReadInvoices reads a 1,000,000-row invoice CSV and reports rows per second.
func BenchmarkReadInvoices(b *testing.B) {
	data := millionRows()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	var rows int
	start, cpu := time.Now(), cpuTime()
	for b.Loop() {
		tb, err := NewInvoiceReader("invoices.csv", bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		for range tb.Rows() {
			rows++
		}
		if err := tb.Err(); err != nil {
			b.Fatal(err)
		}
	}
	reportRows(b, rows, start, cpu)
}

// invoiceXLSX builds an n-row invoice workbook with real date and number cells, written with
// excelize's stream writer as exporting tools do.
func invoiceXLSX(b *testing.B, n int) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	_ = sw.SetRow("A1", []any{"N° facture", "Code client", "Raison sociale", "Date facture", "Échéance", "Montant TTC"})
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		issue := start.AddDate(0, 0, i%540)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		err := sw.SetRow(cell, []any{fmt.Sprintf("FA-%08d", i+1), fmt.Sprintf("C%05d", i%20000), "Société SARL",
			issue, issue.AddDate(0, 0, 30), float64(1000+(i*7919)%10_000_000) / 100})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkReadInvoicesXLSX reads a 100,000-row invoice workbook and reports rows per second.
func BenchmarkReadInvoicesXLSX(b *testing.B) {
	data := invoiceXLSX(b, 100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	var rows int
	start, cpu := time.Now(), cpuTime()
	for b.Loop() {
		tb, err := NewInvoiceReader("invoices.xlsx", bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		for range tb.Rows() {
			rows++
		}
		if err := tb.Err(); err != nil {
			b.Fatal(err)
		}
	}
	reportRows(b, rows, start, cpu)
}

func reportRows(b *testing.B, rows int, start time.Time, cpu time.Duration) {
	b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
	if used := cpuTime() - cpu; used > 0 {
		b.ReportMetric(float64(rows)/used.Seconds(), "rows/cpu-s")
	}
}
