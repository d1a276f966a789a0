package letter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"
)

// Render writes one PDF holding every document, each starting on a new page: one document
// for a letter, the day's letters for a combined file to print. Each page's footer counts
// the pages of its own document ("Page 2/3"), not of the file.
//
// The output is a pure function of the documents: the same documents give the same bytes,
// so the SHA-256 of a letter (see Hash) proves what was sent. The PDF's dates are the first
// document's date, never the clock. The bytes depend on this package, its fonts and the Go
// version's zlib; keep the PDF that was sent, not only its hash, rather than expect a later
// build to reproduce it.
//
// Nothing is written when a document is invalid: the error names the document (from 1) and
// the field. Render is safe for concurrent use; the fonts are prepared once per process, on
// the first call (a few tens of milliseconds).
func Render(w io.Writer, docs ...Document) error {
	if len(docs) == 0 {
		return errors.New("letter: nothing to render")
	}
	for i := range docs {
		if err := docs[i].validate(); err != nil {
			return fmt.Errorf("letter: document %d (%s): %w", i+1, docs[i].Recipient.Name, err)
		}
	}
	fc, err := loadFaces()
	if err != nil {
		return err
	}
	var pages []*page
	for i := range docs {
		pages = append(pages, fc.layout(&docs[i])...)
	}
	first := docs[0]
	m := meta{
		author: first.Sender.Name,
		lang:   first.Lang,
		date:   time.Date(first.Date.Year, first.Date.Month, first.Date.Day, 0, 0, 0, 0, time.UTC),
	}
	if len(docs) == 1 {
		m.title = first.Subject
	}
	f := fc.paint(pages, m)
	if err := f.Output(w); err != nil {
		return fmt.Errorf("letter: writing the PDF: %w", err)
	}
	return nil
}

// PDF is Render into memory.
func PDF(docs ...Document) ([]byte, error) {
	var b bytes.Buffer
	if err := Render(&b, docs...); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Hash is the hex SHA-256 of a rendered PDF, as the proof of sending records it.
func Hash(pdf []byte) string {
	sum := sha256.Sum256(pdf)
	return hex.EncodeToString(sum[:])
}
