package camt

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by Error.
var (
	ErrAmount   = errors.New("invalid amount")
	ErrDate     = errors.New("invalid date")
	ErrNotCAMT  = errors.New("not an ISO 20022 bank statement (camt.052, camt.053 or camt.054)")
	ErrSyntax   = errors.New("malformed XML")
	ErrNoHeader = errors.New("no header line with date, label and amount columns")
)

// Error locates a problem: the file, the line, and where in the document (an element path
// such as "Stmt[1]/Ntry[3]/Amt" for XML, a column name for CSV).
type Error struct {
	File   string
	Line   int    // 0 when unknown
	Column int    // XML syntax errors only
	Path   string // element path or CSV column
	Value  string
	Err    error
}

func (e *Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc += fmt.Sprintf(" line %d", e.Line)
		if e.Column > 0 {
			loc += fmt.Sprintf(", column %d", e.Column)
		}
	}
	if e.Path != "" {
		loc += ", " + e.Path
	}
	if e.Value != "" || errors.Is(e.Err, ErrAmount) || errors.Is(e.Err, ErrDate) {
		return fmt.Sprintf("%s: %q: %v", loc, e.Value, e.Err)
	}
	return fmt.Sprintf("%s: %v", loc, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }
