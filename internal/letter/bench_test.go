package letter

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// benchLetters are 1,000 letters of one or two pages, as a day's run might produce: simple
// reminders in French and English, registered formal notices with three invoices and their
// penalties, and short statements of account of 6 to 20 lines.
func benchLetters() []Document {
	docs := make([]Document, 1000)
	for i := range docs {
		var d Document
		switch i % 4 {
		case 0:
			d = reminderFR()
		case 1:
			d = formalNoticeFR()
		case 2:
			d = reminderEN()
		case 3:
			d = statementFR()
			for _, b := range d.Body {
				if t, ok := b.(Table); ok {
					n := 6 + i%15
					t.Rows = t.Rows[:n]
					d.Body[3] = t
				}
			}
		}
		d.Recipient.Name = fmt.Sprintf("Client %04d SARL", i)
		d.References = append(d.References, Reference{Label: "Relance n°", Value: fmt.Sprint(10000 + i)})
		docs[i] = d
	}
	return docs
}

// letterStats lays the letters out once to report their pages.
func letterStats(b *testing.B, docs []Document) (pages int) {
	fc := mustFaces(b)
	for i := range docs {
		pages += len(fc.layout(&docs[i]))
	}
	return pages
}

// BenchmarkRenderLetters renders 1,000 letters, one PDF each, one after the other.
func BenchmarkRenderLetters(b *testing.B) {
	docs := benchLetters()
	pages := letterStats(b, docs)
	var size, loops int
	for b.Loop() {
		size = 0
		for _, d := range docs {
			pdf, err := PDF(d)
			if err != nil {
				b.Fatal(err)
			}
			size += len(pdf)
		}
		loops++
	}
	b.ReportMetric(float64(len(docs)*loops)/b.Elapsed().Seconds(), "letters/s")
	b.ReportMetric(float64(size)/float64(len(docs)), "B/letter")
	b.ReportMetric(float64(pages)/float64(len(docs)), "pages/letter")
}

// BenchmarkRenderLettersParallel renders the same letters, one PDF each, on every CPU, as
// concurrent workers would.
func BenchmarkRenderLettersParallel(b *testing.B) {
	docs := benchLetters()
	mustFaces(b)
	workers := runtime.GOMAXPROCS(0)
	var loops int
	for b.Loop() {
		var wg sync.WaitGroup
		next := make(chan Document)
		for range workers {
			wg.Go(func() {
				for d := range next {
					if _, err := PDF(d); err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, d := range docs {
			next <- d
		}
		close(next)
		wg.Wait()
		loops++
	}
	b.ReportMetric(float64(len(docs)*loops)/b.Elapsed().Seconds(), "letters/s")
}

// BenchmarkRenderCombined renders the 1,000 letters as one PDF for printing.
func BenchmarkRenderCombined(b *testing.B) {
	docs := benchLetters()
	pages := letterStats(b, docs)
	var size, loops int
	for b.Loop() {
		pdf, err := PDF(docs...)
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
		loops++
	}
	b.ReportMetric(float64(len(docs)*loops)/b.Elapsed().Seconds(), "letters/s")
	b.ReportMetric(float64(size)/float64(len(docs)), "B/letter")
	b.ReportMetric(float64(pages), "pages")
}
