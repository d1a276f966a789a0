package letter

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current output")

// goldenDocs are the representative letters whose text is kept in testdata.
var goldenDocs = []struct {
	name string
	doc  func() Document
}{
	{"reminder_fr", reminderFR},
	{"formal_notice_fr", formalNoticeFR},
	{"statement_fr", statementFR},
	{"reminder_en", reminderEN},
}

// TestGolden renders each representative letter, reads it back with pdftotext -layout and
// compares the text with testdata/<name>.txt. Run with -update after a deliberate change and
// review the diff: the files show the letters as a reader sees them, one form feed per page.
func TestGolden(t *testing.T) {
	for _, g := range goldenDocs {
		t.Run(g.name, func(t *testing.T) {
			pdf, err := PDF(g.doc())
			if err != nil {
				t.Fatal(err)
			}
			got := pdftotext(t, pdf, "-layout")
			path := filepath.Join("testdata", g.name+".txt")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/letter -run TestGolden -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s differs (-want +got), rerun with -update if the change is deliberate:\n%s", path, diff)
			}
		})
	}
}
