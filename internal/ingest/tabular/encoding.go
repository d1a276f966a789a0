package tabular

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// charset is what a CSV file turned out to be written in.
type charset int

const (
	asciiSoFar charset = iota // only ASCII seen yet: UTF-8 and Windows-1252 read it the same
	utf8Plain
	utf8BOM
	windows1252
	utf16LE
	utf16BE
)

func (c charset) String() string {
	switch c {
	case utf8BOM:
		return "UTF-8 with BOM"
	case windows1252:
		return "Windows-1252"
	case utf16LE:
		return "UTF-16LE"
	case utf16BE:
		return "UTF-16BE"
	}
	return "UTF-8"
}

// decoder turns the bytes of a CSV file into UTF-8 as they stream by, without reading the
// whole file first. A file that starts with a BOM says what it is. Otherwise the decision is
// taken at the first non-ASCII byte: if what follows it is valid UTF-8 the file is UTF-8, else
// it is Windows-1252 (what Excel writes for "CSV (séparateur: point-virgule)" on a French
// Windows). Everything before that byte was ASCII, which both encodings read alike, so deciding
// late changes nothing already read and a million-row file with its first "é" on the last line
// is still read right.
type decoder struct {
	src *bufio.Reader
	cs  charset
	tr  io.Reader // the transforming reader once cs needs one
}

func newDecoder(src *bufio.Reader) *decoder {
	d := &decoder{src: src}
	head, _ := src.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		_, _ = src.Discard(3)
		d.cs = utf8BOM
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		d.cs = utf16LE
		d.tr = transform.NewReader(src, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		d.cs = utf16BE
		d.tr = transform.NewReader(src, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder())
	default:
		// Decide now if the first buffer already shows a non-ASCII byte, so that Format is
		// right for a preview screen before any row is read.
		buf, _ := src.Peek(src.Size())
		if i := firstNonASCII(buf); i >= 0 {
			d.decide(buf[i:], len(buf) == src.Size())
		}
	}
	return d
}

// checksUTF8 reports whether rows must be checked for invalid UTF-8: a file that started as
// UTF-8 may still carry a line pasted from a Windows-1252 one.
func (d *decoder) checksUTF8() bool { return d.cs == utf8Plain || d.cs == utf8BOM }

func (d *decoder) Read(p []byte) (int, error) {
	switch d.cs {
	case utf8Plain, utf8BOM:
		return d.src.Read(p)
	case asciiSoFar:
	default:
		return d.tr.Read(p)
	}
	if d.src.Buffered() == 0 {
		if _, err := d.src.Peek(1); err != nil {
			return 0, err
		}
	}
	buf, _ := d.src.Peek(d.src.Buffered())
	i := firstNonASCII(buf)
	if i == 0 {
		window, err := d.src.Peek(4096)
		d.decide(window, err == nil)
		return d.Read(p)
	}
	if i > 0 {
		buf = buf[:i]
	}
	n := copy(p, buf)
	_, _ = d.src.Discard(n)
	return n, nil
}

// decide looks at the bytes from the first non-ASCII one on; cut says the window may end in
// the middle of a character. Windows-1252 text almost never forms a valid UTF-8 sequence
// ("Ã©" would be needed), so a window with both valid sequences and invalid bytes is a UTF-8
// file with a few pasted lines: it is read as UTF-8 and those lines are reported.
func (d *decoder) decide(window []byte, cut bool) {
	valid, invalid := 0, 0
	for len(window) > 0 {
		r, size := utf8.DecodeRune(window)
		switch {
		case r == utf8.RuneError && size <= 1:
			if cut && !utf8.FullRune(window) {
				window = nil
				continue
			}
			invalid++
		case size > 1:
			valid++
		}
		window = window[size:]
	}
	if invalid > 0 && valid == 0 {
		d.cs = windows1252
		d.tr = transform.NewReader(d.src, charmap.Windows1252.NewDecoder())
		return
	}
	d.cs = utf8Plain
}

func firstNonASCII(b []byte) int {
	for i, c := range b {
		if c >= 0x80 {
			return i
		}
	}
	return -1
}

// crLines turns lone carriage returns into line feeds, for files saved with the old Mac line
// ending (Excel for Mac's "CSV (Macintosh)"), which encoding/csv would read as one long line.
type crLines struct{ r io.Reader }

func (c crLines) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := range p[:n] {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// crcrLines turns the CR CR LF line ending (a CRLF file passed once more through a text-mode
// conversion) into LF. encoding/csv only knows CRLF, and would keep the extra CR after a
// closing quote as part of the cell.
type crcrLines struct {
	r    *bufio.Reader
	rest []byte
	err  error
}

func (c *crcrLines) Read(p []byte) (int, error) {
	for len(c.rest) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		line, err := c.r.ReadSlice('\n')
		if err != nil && err != bufio.ErrBufferFull {
			c.err = err
		}
		if n := len(line); n > 0 && line[n-1] == '\n' {
			j := n - 1
			for j > 0 && line[j-1] == '\r' {
				j--
			}
			line[j] = '\n'
			line = line[:j+1]
		}
		c.rest = line
	}
	n := copy(p, c.rest)
	c.rest = c.rest[n:]
	return n, nil
}

// counter reports how many bytes of the original file have been read, for a progress bar.
type counter struct {
	r        io.Reader
	n        int64
	progress func(int64)
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil && n > 0 {
		c.progress(c.n)
	}
	return n, err
}
