package fec

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by Error, so that callers can tell the kind of problem apart.
var (
	ErrAmount         = errors.New("invalid amount")
	ErrDate           = errors.New("invalid date, want yyyymmdd or dd/mm/yyyy")
	ErrMissingColumns = errors.New("not a FEC file: missing columns")
	ErrFields         = errors.New("wrong number of fields")
	ErrEmpty          = errors.New("empty file: no header line")
)

// Error is a problem in the file, located as precisely as the problem allows: the file, then
// the line (1-based, counting the header), then the column as the file's header spells it.
type Error struct {
	File   string
	Line   int    // 0 when the problem concerns the whole file
	Column string // empty when the problem concerns the whole line
	Value  string // the offending field, trimmed
	Err    error
}

func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	case e.Column == "":
		return fmt.Sprintf("%s line %d: %v", e.File, e.Line, e.Err)
	default:
		return fmt.Sprintf("%s line %d, column %s: %q: %v", e.File, e.Line, e.Column, e.Value, e.Err)
	}
}

func (e *Error) Unwrap() error { return e.Err }
