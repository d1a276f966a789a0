package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"unicode/utf8"
)

// csvSource streams the records of a CSV file, whatever its encoding, separator and line
// endings, with the physical line each one starts on.
type csvSource struct {
	r        *csv.Reader
	dec      *decoder
	sep      rune
	lineBase int // lines read before the csv.Reader saw the text (Excel's "sep=;" line)
	lineLen  int // the average line length in the first buffer, to estimate the row count
}

const bufSize = 64 << 10

func openCSV(raw *bufio.Reader) *csvSource {
	s := &csvSource{dec: newDecoder(raw)}
	text := bufio.NewReaderSize(s.dec, bufSize)
	head, _ := text.Peek(bufSize)
	switch {
	case bytes.IndexByte(head, '\n') < 0 && bytes.IndexByte(head, '\r') >= 0:
		text = bufio.NewReaderSize(crLines{text}, bufSize)
		head, _ = text.Peek(bufSize)
	case bytes.Contains(head, []byte("\r\r\n")):
		text = bufio.NewReaderSize(&crcrLines{r: text}, bufSize)
		head, _ = text.Peek(bufSize)
	}
	if n := bytes.Count(head, []byte{'\n'}); n > 0 {
		s.lineLen = len(head) / n
	}
	if sep, n, ok := sepLine(head); ok {
		_, _ = text.Discard(n)
		head = head[n:]
		s.sep, s.lineBase = sep, 1
	} else {
		s.sep = detectSeparator(head)
	}
	s.r = csv.NewReader(text)
	s.r.Comma = s.sep
	s.r.LazyQuotes = true    // real exports put bare quotes in names: 6" pipe, "Le "Bon" Coin"
	s.r.FieldsPerRecord = -1 // rows shorter or longer than the header are read, not refused
	s.r.ReuseRecord = true
	return s
}

// sepLine recognises the "sep=;" line Excel writes and reads to force a separator, and returns
// the separator and the length of the line with its end.
func sepLine(head []byte) (rune, int, bool) {
	end := bytes.IndexByte(head, '\n')
	if end < 0 {
		end = len(head)
	}
	line := strings.TrimSpace(string(head[:end]))
	line = strings.Trim(line, `"`)
	if len(line) < 5 || !strings.EqualFold(line[:4], "sep=") {
		return 0, 0, false
	}
	sep, size := utf8.DecodeRuneInString(line[4:])
	if 4+size != len(line) || !validSep(sep) {
		return 0, 0, false
	}
	n := end
	if n < len(head) {
		n++
	}
	return sep, n, true
}

func validSep(r rune) bool {
	return r != utf8.RuneError && r != '"' && r != '\r' && r != '\n' && r != 0xFEFF && utf8.ValidRune(r)
}

// detectSeparator picks, on the first line that has any of them outside quotes, the one of
// ';', tab and ',' that splits it into the most columns: the header line names every column,
// so it shows the separator best. Ties go to ';' then tab, the French Excel defaults, since a
// comma may also be a decimal separator in a data line. With no separator anywhere (a
// single-column file) ',' is as good as any.
func detectSeparator(head []byte) rune {
	for len(head) > 0 {
		end := bytes.IndexByte(head, '\n')
		if end < 0 {
			end = len(head)
		}
		line := head[:end]
		head = head[min(end+1, len(head)):]
		counts := map[byte]int{}
		quoted := false
		for _, c := range line {
			switch c {
			case '"':
				quoted = !quoted
			case ';', '\t', ',':
				if !quoted {
					counts[c]++
				}
			}
		}
		best, n := byte(0), 0
		for _, c := range []byte{';', '\t', ','} {
			if counts[c] > n {
				best, n = c, counts[c]
			}
		}
		if n > 0 {
			return rune(best)
		}
	}
	return ','
}

func (s *csvSource) next() ([]string, int, error) {
	for {
		rec, err := s.r.Read()
		if err != nil {
			return nil, 0, err
		}
		if blank(rec) {
			continue
		}
		line, _ := s.r.FieldPos(0)
		return rec, line + s.lineBase, nil
	}
}

// estimateRows guesses the number of rows of a file of the given size, so that the set of
// invoice numbers can be sized once instead of growing twenty times over a million rows.
func (s *csvSource) estimateRows(size int64) int {
	if s.lineLen == 0 || size <= 0 {
		return 0
	}
	return int(min(size/int64(s.lineLen), 1<<22))
}

func (s *csvSource) format() string {
	sep := fmt.Sprintf("'%c'", s.sep)
	if s.sep == '\t' {
		sep = "tab"
	}
	return fmt.Sprintf("CSV, %s, separator %s", s.dec.cs, sep)
}

func (s *csvSource) location() string { return "" }
func (s *csvSource) cellKind() (bool, bool) {
	return false, false
}
func (s *csvSource) checksUTF8() bool { return s.dec.checksUTF8() }
func (s *csvSource) close() error     { return nil }

// blank reports whether a record has nothing but empty cells (";;;;" lines Excel pads a sheet
// with, or a line of spaces).
func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
