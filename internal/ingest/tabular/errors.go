package tabular

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// FieldError is one bad value: where it is, what it was and what is wrong with it. Its message
// is meant for the person who will open the file and fix it.
type FieldError struct {
	File  string
	Sheet string // the XLSX sheet, "" for a CSV file
	Line  int    // the physical line of a CSV file, or the row number of an XLSX sheet
	Field string // the field name, as --map spells it
	Value string // the value as read, "" when the cell was empty
	Err   error
}

// Error reads like `invoices.csv line 57, field due_date: "31/02/2026": invalid date, want
// dd/mm/yyyy or yyyy-mm-dd`; an XLSX file says "sheet Factures row 57" instead of "line 57".
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, " sheet %s row %d", e.Sheet, e.Line)
	} else {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ", field %s", e.Field)
	}
	b.WriteString(": ")
	if e.Value != "" {
		fmt.Fprintf(&b, "%q: ", shorten(e.Value))
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *FieldError) Unwrap() error { return e.Err }

// ErrorList is every bad value of a file, up to Options.MaxErrors of them; Total counts them
// all, including those not kept.
type ErrorList struct {
	Errors []FieldError
	Total  int
}

// Error lists the errors one per line, and says how many more there were when the list was
// cut.
func (l *ErrorList) Error() string {
	var b strings.Builder
	for i := range l.Errors {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.Errors[i].Error())
	}
	if more := l.Total - len(l.Errors); more > 0 {
		if len(l.Errors) > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "… and %d more", more)
	}
	return b.String()
}

// Unwrap lets errors.Is and errors.As look into the kept errors.
func (l *ErrorList) Unwrap() []error {
	out := make([]error, len(l.Errors))
	for i := range l.Errors {
		out[i] = &l.Errors[i]
	}
	return out
}

// shorten cuts a value for a message: a whole paragraph pasted in a cell would drown the list.
func shorten(v string) string {
	const limit = 60
	if utf8.RuneCountInString(v) <= limit {
		return v
	}
	return string([]rune(v)[:limit]) + "…"
}
