package tabular

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"
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
	start := time.Now()
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
	b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
}
