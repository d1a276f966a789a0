package einvoice

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// maxSize bounds what is read: the largest real Factur-X PDFs are a few megabytes.
const maxSize = 64 << 20

// Read reads an e-invoice: a Factur-X / ZUGFeRD PDF (the embedded XML is read), or CII or UBL
// XML. name is used in errors only.
func Read(name string, r io.Reader) (*Invoice, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > maxSize {
		return nil, &Error{File: name, Err: fmt.Errorf("%w: larger than %d MB", ErrFormat, maxSize>>20)}
	}
	if isPDF(data) {
		return ReadPDF(name, data)
	}
	return ParseXML(name, data)
}

// isPDF looks for the PDF header where readers accept it: within the first kilobyte.
func isPDF(data []byte) bool {
	return bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-"))
}

// ParseXML reads a CII or UBL document; the root element decides which.
func ParseXML(name string, data []byte) (*Invoice, error) {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	root, err := rootElement(name, data)
	if err != nil {
		return nil, err
	}
	switch {
	case root.Local == "CrossIndustryInvoice":
		return parseCII(name, data)
	case (root.Local == "Invoice" || root.Local == "CreditNote") && strings.HasPrefix(root.Space, "urn:oasis:names:specification:ubl:schema:xsd:"):
		return parseUBL(name, data)
	case root.Local == "CrossIndustryDocument":
		return nil, &Error{File: name, Path: root.Local, Err: fmt.Errorf("%w: ZUGFeRD 1.0 (CrossIndustryDocument) is not supported", ErrFormat)}
	}
	return nil, &Error{File: name, Path: root.Local, Err: fmt.Errorf("%w: root element %s in namespace %q", ErrFormat, root.Local, root.Space)}
}

func newDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charsetReader
	return d
}

func rootElement(name string, data []byte) (xml.Name, error) {
	d := newDecoder(data)
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				return xml.Name{}, &Error{File: name, Err: fmt.Errorf("%w: empty document", ErrFormat)}
			}
			return xml.Name{}, syntaxError(name, d, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name, nil
		}
	}
}

// decodeAll decodes the whole document into v, locating syntax errors.
func decodeAll(name string, data []byte, v any) error {
	d := newDecoder(data)
	if err := d.Decode(v); err != nil {
		return syntaxError(name, d, err)
	}
	return nil
}

func syntaxError(name string, d *xml.Decoder, err error) error {
	line, _ := d.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	return &Error{File: name, Line: line, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
}

// converter turns strings into values, keeping the first error with its element path.
type converter struct {
	file string
	err  error
}

func (cv *converter) fail(path, value string, err error) {
	if cv.err == nil {
		cv.err = &Error{File: cv.file, Path: path, Value: value, Err: err}
	}
}

// amount reads an XML decimal: optional minus sign, digits, optional decimal point.
func (cv *converter) amount(path, s string) (money.Cents, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	body := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	ok := body != "" && body != "." && strings.Count(body, ".") <= 1
	for i := 0; i < len(body) && ok; i++ {
		ok = body[i] == '.' || body[i] >= '0' && body[i] <= '9'
	}
	if !ok {
		cv.fail(path, s, ErrAmount)
		return 0, false
	}
	c, err := money.Parse(s)
	if err != nil {
		cv.fail(path, s, ErrAmount)
		return 0, false
	}
	return c, true
}

// date reads yyyy-mm-dd (UBL) or the CII format 102, yyyymmdd.
func (cv *converter) date(path, s string) civil.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return civil.Date{}
	}
	var d civil.Date
	var err error
	if len(s) == 8 {
		d, err = civil.ParseLoose(s)
	} else {
		d, err = civil.Parse(s[:min(len(s), 10)])
	}
	if err != nil {
		cv.fail(path, s, ErrDate)
	}
	return d
}

func (cv *converter) require(path, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		cv.fail(path, "", ErrMissing)
	}
	return s
}

// creditNoteCodes are the UNTDID 1001 document types that credit the buyer.
var creditNoteCodes = map[string]bool{"381": true, "396": true, "261": true, "262": true,
	"308": true, "532": true, "81": true, "83": true}

// finish derives the kind and the positive amounts, and checks what relance cannot do
// without.
func (inv *Invoice) finish(cv *converter, creditNoteRoot bool, haveGrand, haveDue bool, totalsPath string) {
	inv.Kind = receivable.KindInvoice
	if creditNoteRoot || creditNoteCodes[inv.TypeCode] {
		inv.Kind = receivable.KindCreditNote
	}
	t := &inv.Totals
	switch {
	case !haveGrand && !haveDue:
		cv.fail(totalsPath, "", fmt.Errorf("%w: no grand total nor amount due", ErrMissing))
	case !haveGrand:
		t.GrandTotal = t.Due + t.Prepaid
	case !haveDue:
		t.Due = t.GrandTotal - t.Prepaid
	}
	sign := money.Cents(1)
	if t.GrandTotal < 0 || t.GrandTotal == 0 && t.Due < 0 {
		inv.Negative, sign = true, -1
		if inv.Kind == receivable.KindInvoice {
			inv.Kind = receivable.KindCreditNote
		} else {
			inv.Kind = receivable.KindInvoice
		}
	}
	inv.Amount, inv.AmountDue = sign*t.GrandTotal, sign*t.Due
}

// charsetReader lets encoding/xml read the 8-bit encodings some tools still declare.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
		return charmap.ISO8859_1.NewDecoder().Reader(in), nil
	case "iso-8859-15", "iso8859-15", "latin9":
		return charmap.ISO8859_15.NewDecoder().Reader(in), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(in), nil
	case "us-ascii", "ascii":
		return in, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func compactID(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = clean(s); s != "" {
			return s
		}
	}
	return ""
}
