package fec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// maxErrors bounds the errors collected before giving up: enough to fix a file in one go,
// few enough to read.
const maxErrors = 20

// Read reads a whole FEC file. name is the file's name, used in error messages only. On bad
// input it returns the errors of up to 20 lines, joined; each is an *Error.
func Read(name string, r io.Reader) (*File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return Parse(name, data)
}

// Parse is Read for bytes already in memory.
func Parse(name string, data []byte) (*File, error) {
	text, enc := decode(data)
	f := &File{Name: name, Encoding: enc}
	lines := splitLines(text)

	hi := 0
	for hi < len(lines) && blank(lines[hi]) {
		hi++
	}
	if hi == len(lines) {
		return nil, &Error{File: name, Err: ErrEmpty}
	}
	var h header
	best := -1
	for _, sep := range []byte{'\t', '|', ';'} {
		cand := parseHeader(split(lines[hi], sep))
		if n := cand.recognised(); n > best {
			best, h, f.Separator = n, cand, sep
		}
	}
	if miss := h.missing(); len(miss) > 0 {
		return nil, &Error{File: name, Line: hi + 1,
			Err: fmt.Errorf("%w %s", ErrMissingColumns, strings.Join(miss, ", "))}
	}
	f.Columns = h.names

	var errs []error
	last := h.lastNamed()
	for i := hi + 1; i < len(lines); i++ {
		if blank(lines[i]) {
			continue // CR CR LF files and trailing newlines leave empty lines
		}
		l, lerrs := parseLine(name, i+1, split(lines[i], f.Separator), h, last)
		if len(lerrs) > 0 {
			errs = append(errs, lerrs...)
			if len(errs) >= maxErrors {
				errs = append(errs[:maxErrors], fmt.Errorf("%s: too many errors, stopped at line %d", name, i+1))
				break
			}
			continue
		}
		f.Lines = append(f.Lines, l)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return f, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decode turns the file into text. A FEC is UTF-8 or ISO-8859-15 by law; in practice also
// Windows-1252 (Windows packages) and ISO-8859-1 (which -15 reads but for eight rare
// symbols). Anything that is not valid UTF-8 is taken as 8-bit: as Windows-1252 when it uses
// the 0x80-0x9F range (control codes in ISO-8859-x, printable in Windows-1252), as
// ISO-8859-15 otherwise.
func decode(b []byte) (string, string) {
	switch {
	case bytes.HasPrefix(b, utf8BOM):
		return strings.ToValidUTF8(string(b[3:]), "\uFFFD"), "UTF-8 with BOM"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		s, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err == nil {
			return string(s), "UTF-16"
		}
	case utf8.Valid(b):
		return string(b), "UTF-8"
	}
	cm, enc := charmap.ISO8859_15, "ISO-8859-15"
	for _, c := range b {
		if c >= 0x80 && c <= 0x9F {
			cm, enc = charmap.Windows1252, "Windows-1252"
			break
		}
	}
	s, err := cm.NewDecoder().Bytes(b)
	if err != nil { // cannot happen with a single-byte charmap; keep the bytes readable anyway
		return strings.ToValidUTF8(string(b), "\uFFFD"), enc
	}
	return string(s), enc
}

// splitLines splits on LF and drops every CR before it, which reads LF, CR LF and the
// CR CR LF of some exports alike, with line numbers as a text editor shows them. A file with
// CR alone (old Mac) is split on CR.
func splitLines(s string) []string {
	sep := "\n"
	if !strings.Contains(s, "\n") {
		sep = "\r"
	}
	lines := strings.Split(s, sep)
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	return lines
}

func blank(l string) bool {
	return strings.Trim(l, " \t|;\r\uFEFF") == ""
}

// split cuts a line into trimmed fields. Fields are space-padded by fixed-width exporters;
// a few tools quote them.
func split(line string, sep byte) []string {
	fs := strings.Split(line, string(sep))
	for i, f := range fs {
		f = strings.TrimSpace(strings.TrimPrefix(f, "\uFEFF"))
		if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
			f = strings.TrimSpace(strings.ReplaceAll(f[1:len(f)-1], `""`, `"`))
		}
		fs[i] = f
	}
	return fs
}

func parseLine(name string, num int, fs []string, h header, last int) (Line, []error) {
	var errs []error
	// More fields than the header names means a separator inside a label: refuse rather than
	// shift every column. Fewer fields are read as empty: some tools drop trailing empty ones.
	for i := last + 1; i < len(fs); i++ {
		if fs[i] != "" {
			return Line{}, []error{&Error{File: name, Line: num,
				Err: fmt.Errorf("%w: %d fields, the header has %d (a separator inside a field?)", ErrFields, len(fs), last+1)}}
		}
	}
	get := func(c int) string {
		if i := h.idx[c]; i >= 0 && i < len(fs) {
			return fs[i]
		}
		return ""
	}
	bad := func(c int, err error) {
		errs = append(errs, &Error{File: name, Line: num, Column: h.name(c), Value: get(c), Err: err})
	}
	date := func(c int, required bool) civil.Date {
		s := get(c)
		if s == "" {
			if required {
				bad(c, ErrDate)
			}
			return civil.Date{}
		}
		d, err := civil.ParseLoose(s)
		if err != nil {
			bad(c, ErrDate)
		}
		return d
	}
	amount := func(c int) money.Cents {
		s := get(c)
		if s == "" {
			return 0
		}
		a, err := parseAmount(s)
		if err != nil {
			bad(c, ErrAmount)
		}
		return a
	}
	l := Line{
		Num:          num,
		JournalCode:  get(colJournalCode),
		JournalLib:   get(colJournalLib),
		EcritureNum:  get(colEcritureNum),
		EcritureDate: date(colEcritureDate, true),
		CompteNum:    get(colCompteNum),
		CompteLib:    get(colCompteLib),
		CompAuxNum:   get(colCompAuxNum),
		CompAuxLib:   get(colCompAuxLib),
		PieceRef:     get(colPieceRef),
		PieceDate:    date(colPieceDate, false),
		EcritureLib:  get(colEcritureLib),
		EcritureLet:  get(colEcritureLet),
		DateLet:      date(colDateLet, false),
		ValidDate:    date(colValidDate, false),
		Idevise:      get(colIdevise),
	}
	if h.idx[colDebit] >= 0 || h.idx[colCredit] >= 0 {
		l.Debit, l.Credit = amount(colDebit), amount(colCredit)
	} else {
		m := amount(colMontant)
		switch strings.ToUpper(get(colSens)) {
		case "D", "+1", "1", "+":
			l.Debit = m
		case "C", "-1", "-":
			l.Credit = m
		default:
			bad(colSens, errors.New("invalid direction, want D or C"))
		}
	}
	l.MontantDevise = amount(colMontantdevise)
	if h.idx[colDueDate] >= 0 {
		// A malformed optional due date is not worth refusing the file for: the invoice
		// falls back to the customer's payment terms.
		if d, err := civil.ParseLoose(get(colDueDate)); err == nil {
			l.DueDate = d
		}
	}
	if l.CompteNum == "" {
		bad(colCompteNum, errors.New("empty account number"))
	}
	for i, n := range h.extra {
		if i < len(fs) && fs[i] != "" {
			if l.Extra == nil {
				l.Extra = map[string]string{}
			}
			l.Extra[n] = fs[i]
		}
	}
	return l, errs
}

// parseAmount reads a FEC amount: an optional sign, digits, an optional decimal comma or
// point. The regulation forbids thousands separators, and money.Parse would read "12,3,4" as
// 1234, so the shape is checked first.
func parseAmount(s string) (money.Cents, error) {
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 || body == "" {
		return 0, ErrAmount
	}
	seps := 0
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= '0' && c <= '9':
		case c == ',' || c == '.':
			seps++
		default:
			return 0, ErrAmount
		}
	}
	if seps > 1 || body == "," || body == "." {
		return 0, ErrAmount
	}
	return money.Parse(s)
}
