// Package tabular reads the CSV and XLSX files users import (invoices, payments, customers)
// into typed rows. It streams: a million-row export is read row by row, never held in memory.
// It does no database work; it finds every bad value and reports it with the file, the line,
// the field and the value, so that the import can refuse the whole file and the user can fix
// it in one go.
//
// What it copes with is what accounting exports are really like: UTF-8 with or without a BOM,
// Windows-1252 (French Excel) and UTF-16 (Excel's "Unicode text"), separators ';' ',' or tab,
// Excel's "sep=;" line, CRLF, LF, CR and CR CR LF line endings, a title line above the header,
// headers in French or English written any which way, amounts in French or English notation,
// dates as dd/mm/yyyy, yyyy-mm-dd or XLSX serial numbers.
package tabular

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"slices"
	"strings"
	"unicode/utf8"
)

// Options tune a reader; the zero value detects everything.
type Options struct {
	Map       map[string]string     // header (as written in the file) -> field name; overrides detection (--map HEADER=field); field "ignore" or "" drops the column
	Sheet     string                // XLSX sheet name; default the first visible sheet
	MaxErrors int                   // stop collecting after this many (default 50), but keep counting
	Progress  func(bytesRead int64) // called now and then while reading (for a progress bar); may be nil
}

// For an XLSX file, Progress reports the share of the sheet's rows read, as bytes of the file:
// the workbook has to be read whole before its first row (a zip needs random access), so the
// bytes actually read would jump to the end at once.

// Column is one column of the header and the field it was mapped to; Field "" means the
// column is ignored.
type Column struct {
	Index  int
	Header string
	Field  string
}

// source is a file format: it yields the non-blank records with their line numbers.
type source interface {
	// next returns the next non-blank record, valid until the following call, and the line
	// (CSV) or row (XLSX) it starts on; io.EOF at the end.
	next() ([]string, int, error)
	format() string
	location() string                // the sheet name for XLSX, "" for CSV
	cellKind() (xlsx, date1904 bool) // whether values are raw XLSX cell values
	checksUTF8() bool
	close() error
}

// core is what a Table holds whatever its row type.
type core struct {
	file    string
	schema  *schema
	src     source
	header  []string
	byCol   []int // column -> field, -1 when ignored
	cols    []int // field -> column, -1 when absent
	xlsx    bool
	d1904   bool
	estRows int // a guess of the number of rows, 0 when unknown
	errs    ErrorList
	max     int
	err     error
	used    bool
}

// Table is an open file of one kind of row. Read its rows once with Rows, then check Err.
type Table[T any] struct {
	core
	parse func(*row) T
}

// Mapping is the column-to-field mapping detected (or given with Options.Map), in the order of
// the file's columns, for a preview screen and for the CLI summary.
func (t *Table[T]) Mapping() []Column {
	out := make([]Column, len(t.header))
	for i, h := range t.header {
		out[i] = Column{Index: i, Header: h}
		if f := t.byCol[i]; f >= 0 {
			out[i].Field = t.schema.fields[f].name
		}
	}
	return out
}

// Format describes what the file turned out to be: "CSV, Windows-1252, separator ';'" or
// "XLSX, sheet Factures". For a CSV file whose first non-ASCII byte comes late, the encoding
// is only known once Rows has read that far.
func (t *Table[T]) Format() string { return t.src.format() }

// Rows streams the valid rows. A bad row is recorded (see Err) and not yielded, and reading
// goes on so that every bad row is found. Rows can be ranged over once: the file is read as it
// goes, and a second range yields nothing.
func (t *Table[T]) Rows() iter.Seq[T] {
	return func(yield func(T) bool) {
		if t.used {
			return // the file has been read; Err keeps what the first pass found
		}
		t.used = true
		defer t.Close()
		r := row{core: &t.core}
		for {
			rec, line, err := t.src.next()
			if err != nil {
				if err != io.EOF {
					t.err = fmt.Errorf("%s: %w", t.file, err)
				}
				return
			}
			r.rec, r.line, r.bad = rec, line, false
			v := t.parse(&r)
			if r.bad {
				continue
			}
			if !yield(v) {
				return
			}
		}
	}
}

// Err says how reading went, once Rows has been consumed: nil, an I/O error, or an *ErrorList
// of the bad values.
func (t *Table[T]) Err() error {
	if t.err != nil {
		return t.err
	}
	if t.errs.Total > 0 {
		return &t.errs
	}
	return nil
}

// Close releases what an XLSX file holds (temporary files for large sheets). Rows does it
// when it ends; call Close only for a Table whose rows are never read.
func (t *Table[T]) Close() error { return t.src.close() }

// open detects the format, finds the header row and maps it to the schema's fields.
func open(file string, r io.Reader, opts Options, s *schema) (core, error) {
	c := core{file: file, schema: s, max: opts.MaxErrors}
	if c.max <= 0 {
		c.max = 50
	}
	cnt := &counter{r: r}
	raw := bufio.NewReaderSize(cnt, bufSize)
	head, err := raw.Peek(512)
	if len(head) == 0 {
		if err == nil || err == io.EOF {
			return c, &HeaderError{File: file, Problem: "the file is empty"}
		}
		return c, fmt.Errorf("%s: %w", file, err)
	}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		if bytes.Contains(head, []byte("opendocument")) {
			return c, &HeaderError{File: file, Problem: "an OpenDocument spreadsheet (.ods) cannot be read: save it as .xlsx or .csv"}
		}
		x, err := openXLSX(file, raw, opts, func() int64 { return cnt.n })
		if err != nil {
			return c, err
		}
		c.src, c.estRows = x, min(x.lastRow, 1<<22)
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0")):
		return c, &HeaderError{File: file, Problem: "an Excel 97-2003 workbook (.xls) or a password-protected one cannot be read: save it as .xlsx or .csv"}
	case bytes.HasPrefix(head, []byte("%PDF")):
		return c, &HeaderError{File: file, Problem: "a PDF cannot be imported: export the data as .xlsx or .csv"}
	case bytes.IndexByte(head, 0) >= 0 && !bytes.HasPrefix(head, []byte("\xff\xfe")) && !bytes.HasPrefix(head, []byte("\xfe\xff")):
		// NUL bytes: a binary file, or UTF-16 without the BOM that says which byte order.
		return c, &HeaderError{File: file, Problem: "not a CSV or XLSX file (it contains binary data); export the data as .xlsx or .csv in UTF-8 or Windows-1252"}
	default:
		cnt.progress = opts.Progress
		if cnt.progress != nil {
			cnt.progress(cnt.n)
		}
		text := openCSV(raw)
		c.src, c.estRows = text, text.estimateRows(sizeOf(r))
	}
	c.xlsx, c.d1904 = c.src.cellKind()
	if err := c.findHeader(opts.Map); err != nil {
		_ = c.src.close()
		return c, err
	}
	if c.byCol, err = s.resolve(file, c.header, opts.Map); err != nil {
		_ = c.src.close()
		return c, err
	}
	c.cols = make([]int, len(s.fields))
	for i := range c.cols {
		c.cols[i] = -1
	}
	for col, f := range c.byCol {
		if f >= 0 {
			c.cols[f] = col
		}
	}
	return c, nil
}

// sizeOf returns the size of what r reads when r can tell (a file, a bytes or strings
// reader), else 0.
func sizeOf(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Size() int64 }:
		return v.Size()
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	}
	return 0
}

// findHeader takes as header the first row that names at least one known field (or a column
// given in --map): rows above it are a title or a note ("Export des factures au 31/01/2026").
// Only the first ten rows are searched; without a match the first row is taken, and the
// mapping then explains what is missing.
func (c *core) findHeader(explicit map[string]string) error {
	var first []string
	for n := 0; n < 10; n++ {
		rec, _, err := c.src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", c.file, err)
		}
		if first == nil {
			first = trimAll(rec)
		}
		if c.namesAField(rec, explicit) {
			c.header = trimAll(rec)
			return nil
		}
	}
	if first == nil {
		return &HeaderError{File: c.file, Problem: "no header row: the file has no data"}
	}
	c.header = first
	return nil
}

func (c *core) namesAField(rec []string, explicit map[string]string) bool {
	for _, cell := range rec {
		if c.schema.recognises(cell) {
			return true
		}
	}
	for key := range explicit {
		if len(matchingColumns(rec, key)) > 0 {
			return true
		}
	}
	return false
}

func trimAll(rec []string) []string {
	out := slices.Clone(rec)
	for i := range out {
		out[i] = strings.ToValidUTF8(strings.TrimSpace(out[i]), "\uFFFD")
	}
	return out
}

// has reports whether the field has a column.
func (c *core) has(f int) bool { return c.cols[f] >= 0 }

// missing returns the header error for a required field without a column.
func (c *core) missing(what, mapTo string, fs ...int) error {
	var defs []field
	for _, f := range fs {
		defs = append(defs, c.schema.fields[f])
	}
	return missingColumn(c.file, what, c.header, mapTo, defs...)
}

// row is the record being turned into a typed row, and where its bad values go.
type row struct {
	*core
	rec  []string
	line int
	bad  bool
}

// val returns the trimmed value of the field, "" when the field has no column or the row is
// shorter than the header. In a UTF-8 file, a value that is not valid UTF-8 is an error.
func (r *row) val(f int) string {
	col := r.cols[f]
	if col < 0 || col >= len(r.rec) {
		return ""
	}
	v := strings.TrimSpace(r.rec[col])
	if r.src.checksUTF8() && !utf8.ValidString(v) {
		// The repaired value goes on, so that the row gets no second error for being empty;
		// the row itself is bad and will not be yielded.
		v = strings.ToValidUTF8(v, "\uFFFD")
		r.fail(f, v, ErrInvalidUTF8)
	}
	return v
}

// fail records a bad value and marks the row bad.
func (r *row) fail(f int, value string, err error) {
	r.bad = true
	r.errs.Total++
	if len(r.errs.Errors) < r.max {
		r.errs.Errors = append(r.errs.Errors, FieldError{
			File: r.file, Sheet: r.src.location(), Line: r.line,
			Field: r.schema.fields[f].name, Value: value, Err: err,
		})
	}
}
