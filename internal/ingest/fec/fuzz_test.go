package fec

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// seedHead keeps the header and first lines of a sample: whole megabyte files make the
// fuzzer crawl, and the oddities (BOM, padding, separators, line ends) are all in the head.
func seedHead(b []byte, lines int) []byte {
	i, n := 0, 0
	for n < lines {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			return b
		}
		i += j + 1
		n++
	}
	return b[:i]
}

func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*FEC*")
	shared, _ := filepath.Glob(filepath.Join(sharedSamples, "*"))
	for _, p := range append(paths, shared...) {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(seedHead(b, 8))
		}
	}
	f.Add([]byte("JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Montant|Sens|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise\nVT|V|1|31/01/2026|411|C|||F|31/01/2026|F|1|D||||||\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("fuzz.txt", data)
		if err != nil {
			return
		}
		for _, opt := range []Options{{}, {ImputeUnlettered: true}} {
			led := file.Receivables(opt)
			for _, inv := range led.Invoices {
				if inv.Open < 0 || inv.Allocated+inv.SettledOutside+inv.Open != inv.Amount {
					t.Fatalf("invoice %+v does not add up", inv)
				}
			}
			for _, p := range led.Payments {
				if p.Unallocated < 0 || p.Allocated+p.SettledOutside+p.Unallocated != p.Amount {
					t.Fatalf("payment %+v does not add up", p)
				}
			}
		}
	})
}
