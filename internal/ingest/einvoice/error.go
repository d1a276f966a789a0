package einvoice

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by Error.
var (
	ErrFormat       = errors.New("not a Factur-X, ZUGFeRD or UBL invoice")
	ErrSyntax       = errors.New("malformed XML")
	ErrNoAttachment = errors.New("no Factur-X/ZUGFeRD XML attachment")
	ErrPDF          = errors.New("unreadable PDF")
	ErrAmount       = errors.New("invalid amount")
	ErrDate         = errors.New("invalid date")
	ErrMissing      = errors.New("missing required element")
)

// Error locates a problem in a file: its name (and the attachment's, for a PDF), the line
// when known, and the element path.
type Error struct {
	File  string
	Line  int
	Path  string
	Value string
	Err   error
}

func (e *Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc += fmt.Sprintf(" line %d", e.Line)
	}
	if e.Path != "" {
		loc += ", " + e.Path
	}
	if e.Value != "" {
		return fmt.Sprintf("%s: %q: %v", loc, e.Value, e.Err)
	}
	return fmt.Sprintf("%s: %v", loc, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }
