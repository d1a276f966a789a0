package einvoice

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// invoiceAttachments are the names the Factur-X, ZUGFeRD and XRechnung specifications give
// the embedded XML, in order of preference.
var invoiceAttachments = []string{"factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "zugferd.xml"}

// pdfcpu otherwise writes a configuration directory under the user's home on first use;
// relance needs none of it (no fonts, no stamping), so it is disabled before the first read.
var disableConfig sync.Once

// Attachment is a file embedded in a PDF.
type Attachment struct {
	Name string
	Data []byte
}

// Attachments lists the files embedded in a PDF. pdfcpu can panic on malformed input; a
// panic is turned into an error, since an uploaded file must never bring relance down.
func Attachments(name string, pdf []byte) (out []Attachment, err error) {
	disableConfig.Do(api.DisableConfigDir)
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, &Error{File: name, Err: fmt.Errorf("%w: %v", ErrPDF, r)}
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Cmd = model.EXTRACTATTACHMENTS
	// Validation (relaxed) is what loads the name trees; without it pdfcpu sees no files.
	ctx, err := api.ReadAndValidate(bytes.NewReader(pdf), conf)
	if err != nil {
		return nil, &Error{File: name, Err: fmt.Errorf("%w: %v", ErrPDF, err)}
	}
	if ctx.XRefTable == nil {
		return nil, &Error{File: name, Err: ErrPDF}
	}
	if err := ctx.LocateNameTree("EmbeddedFiles", false); err != nil || ctx.Names["EmbeddedFiles"] == nil {
		return nil, nil // no embedded files at all
	}
	aa, err := ctx.ExtractAttachments(nil)
	if err != nil {
		return nil, &Error{File: name, Err: fmt.Errorf("%w: attachments: %v", ErrPDF, err)}
	}
	for _, a := range aa {
		if a.Reader == nil {
			continue
		}
		data, err := io.ReadAll(a.Reader)
		if err != nil {
			return nil, &Error{File: name, Err: fmt.Errorf("%w: attachment %s: %v", ErrPDF, a.FileName, err)}
		}
		out = append(out, Attachment{Name: firstNonEmpty(a.FileName, a.ID), Data: data})
	}
	return out, nil
}

// ReadPDF reads the invoice embedded in a Factur-X / ZUGFeRD PDF. The XML is chosen by the
// name the specifications give it; failing that, the first XML attachment that reads as an
// invoice. Other attachments (a delivery note, a timesheet) are ignored.
func ReadPDF(name string, pdf []byte) (*Invoice, error) {
	aa, err := Attachments(name, pdf)
	if err != nil {
		return nil, err
	}
	rank := func(a Attachment) int {
		base := strings.ToLower(path.Base(a.Name))
		for i, n := range invoiceAttachments {
			if base == n {
				return i
			}
		}
		if strings.HasSuffix(base, ".xml") {
			return len(invoiceAttachments)
		}
		return -1
	}
	var cands []Attachment
	for _, a := range aa {
		if rank(a) >= 0 {
			cands = append(cands, a)
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return rank(cands[i]) < rank(cands[j]) })
	var firstErr error
	for _, a := range cands {
		inv, err := ParseXML(fmt.Sprintf("%s (%s)", name, a.Name), a.Data)
		if err == nil {
			inv.Attachment = a.Name
			return inv, nil
		}
		if firstErr == nil && rank(a) < len(invoiceAttachments) {
			firstErr = err // a factur-x.xml that does not read is the error to report
		}
		if firstErr == nil && !errors.Is(err, ErrFormat) {
			firstErr = err
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	var names []string
	for _, a := range aa {
		names = append(names, a.Name)
	}
	detail := "the PDF has no attachment"
	if len(names) > 0 {
		detail = "attachments: " + strings.Join(names, ", ")
	}
	return nil, &Error{File: name, Err: fmt.Errorf("%w (%s)", ErrNoAttachment, detail)}
}
