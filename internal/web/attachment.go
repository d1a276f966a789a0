package web

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
)

// The media types of the files the web application and the API hand out.
const (
	csvType  = "text/csv; charset=utf-8"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// attachment is a file made whole before its first byte is sent: an error half-way through
// (the database, a cancelled request) then still answers a clean error page or JSON error,
// where streaming would have sent a 200 and half a file that looks complete.
type attachment struct {
	name        string // the file name offered to the browser
	contentType string
	body        *spool
}

// send answers the file as an attachment. The answer has begun once the headers are out: an
// error after that (the client gone) can no longer become an error page, and the
// Content-Length tells the client its copy is short.
func (d *attachment) send(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", d.contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.name}))
	h.Set("Content-Length", strconv.FormatInt(d.body.size, 10))
	// Receivables are confidential: no shared cache keeps them.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	d.body.writeTo(w) //nolint:errcheck // see above: nothing left to tell the client
}

// close frees the file's memory or temporary file.
func (d *attachment) close() { d.body.close() }

// spoolMemory is how much of a download is held in memory; beyond it the file goes to a
// temporary file, so that an export of a million invoices (hundreds of megabytes) does not
// sit in the server's memory, nor several of them at once.
var spoolMemory = 8 << 20

// spool holds a file being written: in memory while small, then in a temporary file.
type spool struct {
	mem  bytes.Buffer
	file *os.File
	buf  *bufio.Writer // over file: the exports write in small pieces
	size int64
}

func (s *spool) Write(p []byte) (int, error) {
	if s.file == nil && s.mem.Len()+len(p) > spoolMemory {
		f, err := os.CreateTemp("", "relance-download-*")
		if err != nil {
			return 0, fmt.Errorf("spooling a download to disk: %w", err)
		}
		s.file, s.buf = f, bufio.NewWriterSize(f, 256<<10)
		if _, err := s.mem.WriteTo(s.buf); err != nil {
			return 0, fmt.Errorf("spooling a download to disk: %w", err)
		}
		s.mem = bytes.Buffer{}
	}
	var n int
	var err error
	if s.file != nil {
		n, err = s.buf.Write(p)
	} else {
		n, err = s.mem.Write(p)
	}
	s.size += int64(n)
	if err != nil {
		return n, fmt.Errorf("spooling a download to disk: %w", err)
	}
	return n, nil
}

// writeTo copies what was written to w.
func (s *spool) writeTo(w io.Writer) error {
	if s.file == nil {
		_, err := s.mem.WriteTo(w)
		return err
	}
	if err := s.buf.Flush(); err != nil {
		return fmt.Errorf("spooling a download to disk: %w", err)
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("reading a spooled download: %w", err)
	}
	_, err := io.Copy(w, s.file)
	return err
}

// close removes the temporary file, if any.
func (s *spool) close() {
	if s.file != nil {
		s.file.Close()
		os.Remove(s.file.Name())
		s.file = nil
	}
}
