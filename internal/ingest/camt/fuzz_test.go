package camt

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func addSeeds(f *testing.F, patterns ...string) {
	for _, pat := range patterns {
		paths, _ := filepath.Glob(pat)
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
}

// FuzzRead checks that no input makes the camt reader panic, and that what it accepts is
// consistent: payments are positive and never exceed their entry.
func FuzzRead(f *testing.F) {
	addSeeds(f, "testdata/*.xml", filepath.Join(sharedSamples, "*.xml"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("fuzz.xml", bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, p := range doc.IncomingPayments() {
			if p.Amount <= 0 {
				t.Fatalf("payment %+v: amount not positive", p)
			}
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	addSeeds(f, "testdata/csv/*.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ReadCSV("fuzz.csv", bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, e := range doc.Statements[0].Entries {
			if e.Amount <= 0 || e.BookingDate.IsZero() {
				t.Fatalf("entry %+v", e)
			}
		}
		doc.IncomingPayments()
	})
}
