package letter

import (
	"errors"
	"fmt"
	"strings"
)

// maxAddressLines is the most the window holds: NF Z10-011 allows six lines in France and
// seven abroad; one more is tolerated for an "attention" line.
const maxAddressLines = 8

// validate catches the template mistakes the layout could only hide: a letter with no
// recipient or no date, a table whose rows do not match its columns.
func (d *Document) validate() error {
	if d.Lang != "fr" && d.Lang != "en" {
		return fmt.Errorf("lang %q: want fr or en", d.Lang)
	}
	if strings.TrimSpace(d.Sender.Name) == "" {
		return errors.New("sender: name is empty")
	}
	if strings.TrimSpace(d.Recipient.Name) == "" {
		return errors.New("recipient: name is empty")
	}
	lines := 0
	for _, l := range d.Recipient.Lines {
		if strings.TrimSpace(l) != "" {
			lines++
		}
	}
	if lines == 0 {
		return errors.New("recipient: address has no lines")
	}
	lines++ // the name
	if strings.TrimSpace(d.Recipient.Attention) != "" {
		lines++
	}
	if lines > maxAddressLines {
		return fmt.Errorf("recipient: address has %d lines, the envelope window holds %d", lines, maxAddressLines)
	}
	if d.Date.IsZero() {
		return errors.New("date is missing")
	}
	for i, b := range d.Body {
		if err := validateBlock(b); err != nil {
			return fmt.Errorf("body block %d: %w", i+1, err)
		}
	}
	return nil
}

func validateBlock(b Block) error {
	switch b := b.(type) {
	case nil:
		return errors.New("nil block")
	case Paragraph:
		return validateAlign(b.Align, "J")
	case *Paragraph:
		if b == nil {
			return errors.New("nil paragraph")
		}
		return validateAlign(b.Align, "J")
	case *Heading:
		if b == nil {
			return errors.New("nil heading")
		}
	case Table:
		return validateTable(&b)
	case *Table:
		if b == nil {
			return errors.New("nil table")
		}
		return validateTable(b)
	case Spacer:
		return validateSpacer(b.MM)
	case *Spacer:
		if b == nil {
			return errors.New("nil spacer")
		}
		return validateSpacer(b.MM)
	}
	return nil
}

func validateAlign(a, extra string) error {
	switch strings.ToUpper(a) {
	case "", "L", "R", "C", extra:
		return nil
	}
	return fmt.Errorf("align %q: want L, R, C or %s", a, extra)
}

func validateSpacer(mm float64) error {
	if !(mm >= 0 && mm <= 200) { // also rejects NaN
		return fmt.Errorf("spacer of %g mm: want 0 to 200", mm)
	}
	return nil
}

func validateTable(t *Table) error {
	n := len(t.Columns)
	if n == 0 {
		return errors.New("table has no columns")
	}
	sum := 0.0
	for i, c := range t.Columns {
		if err := validateAlign(c.Align, "L"); err != nil {
			return fmt.Errorf("table column %d: %w", i+1, err)
		}
		if !(c.Width >= 0 && c.Width <= 1) {
			return fmt.Errorf("table column %d: width %g: want a share from 0 to 1", i+1, c.Width)
		}
		sum += c.Width
	}
	if sum > 1.001 {
		return fmt.Errorf("table column widths add up to %g: want at most 1", sum)
	}
	for i, r := range t.Rows {
		if len(r) != n {
			return fmt.Errorf("table row %d has %d cells, want %d", i+1, len(r), n)
		}
	}
	if len(t.Total) != 0 && len(t.Total) != n {
		return fmt.Errorf("table total has %d cells, want %d", len(t.Total), n)
	}
	return nil
}
