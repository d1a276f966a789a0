package letter

import (
	"bytes"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// TestStrictlyValidPDF has a second, independent reader (pdfcpu, in strict mode) check the
// files: a printer's driver or the court's software may be less forgiving than poppler.
func TestStrictlyValidPDF(t *testing.T) {
	api.DisableConfigDir()
	var docs []Document
	for _, g := range goldenDocs {
		docs = append(docs, g.doc())
	}
	for name, set := range map[string][]Document{"single": docs[:1], "combined": docs} {
		pdf, err := PDF(set...)
		if err != nil {
			t.Fatal(err)
		}
		conf := model.NewDefaultConfiguration()
		conf.ValidationMode = model.ValidationStrict
		if err := api.Validate(bytes.NewReader(pdf), conf); err != nil {
			t.Errorf("%s: pdfcpu finds the PDF invalid: %v", name, err)
		}
	}
}
