package render

import (
	"testing"

	"github.com/relance-app/relance/internal/dunning"
)

// BenchmarkRenderFormalNotice renders the heaviest template, the formal notice letter with
// its two tables, into its text, HTML and letter forms.
func BenchmarkRenderFormalNotice(b *testing.B) {
	tp, err := Find(Defaults(), dunning.TemplateFormalNotice, "fr", dunning.RegisteredLetter)
	if err != nil {
		b.Fatal(err)
	}
	d := SampleData("fr")
	d.Registered = &Registered{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(tp, d); err != nil {
			b.Fatal(err)
		}
	}
}
