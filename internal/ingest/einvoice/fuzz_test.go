package einvoice

import (
	"os"
	"path/filepath"
	"testing"
)

func addSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		for _, dir := range []string{"testdata", sharedSamples} {
			if b, err := os.ReadFile(filepath.Join(dir, n)); err == nil {
				f.Add(b)
				break
			}
		}
	}
}

// FuzzCII and FuzzUBL check that no XML input makes the readers panic, and that accepted
// documents have a positive amount in the direction of their kind.
func FuzzCII(f *testing.F) {
	addSeeds(f, "factur-x-minimum.xml", "CII_example1.xml", "CII_example5.xml",
		"EN16931_Rechnungskorrektur.cii.xml", "EN16931_SEPA_Prenotification.cii.xml")
	f.Fuzz(func(t *testing.T, data []byte) {
		if inv, err := ParseXML("fuzz.xml", data); err == nil && inv.Amount < 0 {
			t.Fatalf("negative amount: %+v", inv)
		}
	})
}

func FuzzUBL(f *testing.F) {
	addSeeds(f, "ubl-21-extended-ctc-fr.xml", "base-example.xml", "base-creditnote-correction.xml",
		"base-negative-inv-correction.xml")
	f.Fuzz(func(t *testing.T, data []byte) {
		if inv, err := ParseXML("fuzz.xml", data); err == nil && inv.Amount < 0 {
			t.Fatalf("negative amount: %+v", inv)
		}
	})
}

// FuzzPDF feeds the PDF path: pdfcpu may fail on anything, but never bring the caller down.
func FuzzPDF(f *testing.F) {
	addSeeds(f, "Facture_FR_BASICWL.pdf", "Avoir_FR_type381_BASIC.pdf")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = ReadPDF("fuzz.pdf", data)
	})
}
