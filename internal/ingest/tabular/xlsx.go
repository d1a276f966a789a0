package tabular

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxSource streams the rows of one sheet of an XLSX workbook. Cells are read raw: a date
// cell gives its serial number and a number cell its stored value, because excelize's
// formatted values follow the cell's number format, which for the built-in date format is US
// style (1/31/26) and for amounts may have lost the decimals.
type xlsxSource struct {
	f        *excelize.File
	rows     *excelize.Rows
	sheet    string
	row      int // the sheet's row number of the last row returned
	date1904 bool

	size     int64 // of the file, for progress
	lastRow  int   // from the sheet's dimension ("A1:H5000"), 0 when unknown; Excel writes it, some tools write "A1"
	progress func(int64)
}

// openXLSX reads the workbook (a zip file needs random access, so the file is read into
// memory; excelize spills large sheets to a temporary file) and positions on the sheet.
// size reports how many bytes the file had, once read.
func openXLSX(file string, r io.Reader, opts Options, size func() int64) (s *xlsxSource, err error) {
	defer func() {
		// excelize is a large parser of untrusted input: a damaged file must give an error,
		// not take the process down.
		if p := recover(); p != nil {
			s, err = nil, &HeaderError{File: file, Problem: fmt.Sprintf("damaged XLSX file (%v)", p)}
		}
	}()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if err := checkZip(data); err != nil {
		return nil, &HeaderError{File: file, Problem: fmt.Sprintf("damaged XLSX file (%v)", err)}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		return nil, &HeaderError{File: file, Problem: fmt.Sprintf("cannot read it as XLSX: %v", err)}
	}
	s = &xlsxSource{f: f, size: size(), progress: opts.Progress}
	sheets := f.GetSheetList()
	switch {
	case opts.Sheet != "":
		for _, name := range sheets {
			if strings.EqualFold(name, opts.Sheet) {
				s.sheet = name
			}
		}
		if s.sheet == "" {
			_ = f.Close()
			return nil, &HeaderError{File: file, Problem: fmt.Sprintf("no sheet %q (sheets: %s)", opts.Sheet, strings.Join(sheets, ", "))}
		}
	default:
		// The first sheet the user can see: a hidden first sheet is usually a lookup table.
		for _, name := range sheets {
			if visible, err := f.GetSheetVisible(name); err == nil && visible {
				s.sheet = name
				break
			}
		}
		if s.sheet == "" && len(sheets) > 0 {
			s.sheet = sheets[0]
		}
		if s.sheet == "" {
			_ = f.Close()
			return nil, &HeaderError{File: file, Problem: "the workbook has no sheet"}
		}
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		s.date1904 = *props.Date1904
	}
	if dim, err := f.GetSheetDimension(s.sheet); err == nil {
		if _, last, ok := strings.Cut(dim, ":"); ok {
			if _, row, err := excelize.CellNameToCoordinates(last); err == nil {
				s.lastRow = row
			}
		}
	}
	if s.rows, err = f.Rows(s.sheet); err != nil {
		_ = f.Close()
		return nil, &HeaderError{File: file, Problem: fmt.Sprintf("cannot read sheet %q: %v", s.sheet, err)}
	}
	return s, nil
}

// Limits on what a workbook may unpack to. excelize sizes its buffers from the sizes the zip
// directory declares, so a small damaged or hostile file could make it allocate gigabytes.
// A million-row sheet unpacks to a few hundred megabytes; parts other than sheets and shared
// strings (which excelize spills to temporary files when large) are small.
const (
	maxUnzipped    = 4 << 30
	maxUnzippedXML = 256 << 20
	maxRatio       = 1100 // deflate cannot do better than about 1032 to 1
)

func checkZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	var total uint64
	for _, f := range zr.File {
		size := f.UncompressedSize64
		if size > f.CompressedSize64*maxRatio+1024 {
			return fmt.Errorf("%s claims %d bytes from %d", f.Name, size, f.CompressedSize64)
		}
		name := strings.ToLower(f.Name)
		if size > maxUnzippedXML && !strings.HasPrefix(name, "xl/worksheets/") && name != "xl/sharedstrings.xml" {
			return fmt.Errorf("%s is too large (%d bytes)", f.Name, size)
		}
		if total += size; total > maxUnzipped {
			return fmt.Errorf("it unpacks to more than %d bytes", uint64(maxUnzipped))
		}
	}
	return nil
}

func (s *xlsxSource) next() (rec []string, line int, err error) {
	defer func() {
		if p := recover(); p != nil {
			rec, line, err = nil, 0, fmt.Errorf("damaged XLSX file near row %d (%v)", s.row+1, p)
		}
	}()
	// Rows.Next is called once per row number, empty rows included, so counting the calls
	// gives the row number Excel shows.
	for s.rows.Next() {
		s.row++
		if s.progress != nil && s.lastRow > 0 && s.row%1024 == 0 {
			if s.row > s.lastRow { // a stale dimension: say nothing rather than 100% too early
				s.lastRow = 0
			} else {
				s.progress(s.size * int64(s.row) / int64(s.lastRow))
			}
		}
		cols, err := s.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, 0, err
		}
		if blank(cols) {
			continue
		}
		return cols, s.row, nil
	}
	if err := s.rows.Error(); err != nil {
		return nil, 0, err
	}
	if s.progress != nil {
		s.progress(s.size)
	}
	return nil, 0, io.EOF
}

func (s *xlsxSource) format() string         { return "XLSX, sheet " + s.sheet }
func (s *xlsxSource) location() string       { return s.sheet }
func (s *xlsxSource) cellKind() (bool, bool) { return true, s.date1904 }
func (s *xlsxSource) checksUTF8() bool       { return false }

func (s *xlsxSource) close() error {
	if s.f == nil {
		return nil
	}
	err := s.rows.Close()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	s.f = nil
	return err
}
