package fec

import (
	"strings"
)

// The 18 columns of article A47 A-1, in their legal order and spelling.
const (
	colJournalCode = iota
	colJournalLib
	colEcritureNum
	colEcritureDate
	colCompteNum
	colCompteLib
	colCompAuxNum
	colCompAuxLib
	colPieceRef
	colPieceDate
	colEcritureLib
	colDebit
	colCredit
	colEcritureLet
	colDateLet
	colValidDate
	colMontantdevise
	colIdevise
	// The regulation allows Montant and Sens in place of Debit and Credit.
	colMontant
	colSens
	// Not in the regulation, but some packages add a payment due date (ISTEA and others
	// write DateRglt); when present it gives each invoice its due date.
	colDueDate
	numCols
)

var colNames = [numCols]string{
	"JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
	"CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
	"EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise", "Montant", "Sens",
	"DateRglt",
}

// dueDateNames are the extra column names read as a due date, normalised (lower case,
// letters only). The first one found wins.
var dueDateNames = []string{"daterglt", "datereglement", "dateecheance", "echeancedate",
	"dateech", "echeance", "duedate"}

// normName lowers a header name and keeps only its letters and digits, so that
// "CompteLIB", " JournalLib          " and "Date_Echeance" compare as spelled.
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// header maps the file's columns to the known ones.
type header struct {
	names []string       // as written, trimmed
	idx   [numCols]int   // index in a line, -1 when absent
	extra map[int]string // other named columns: index -> name as written
}

func parseHeader(fields []string) header {
	h := header{names: fields}
	for i := range h.idx {
		h.idx[i] = -1
	}
	known := map[string]int{}
	for c := 0; c < colDueDate; c++ {
		known[normName(colNames[c])] = c
	}
	for i, f := range fields {
		n := normName(f)
		if n == "" {
			continue // the trailing separator of some packages makes an unnamed last column
		}
		if c, ok := known[n]; ok {
			if h.idx[c] < 0 {
				h.idx[c] = i
			}
			continue
		}
		if h.extra == nil {
			h.extra = map[int]string{}
		}
		h.extra[i] = f
	}
	for _, want := range dueDateNames {
		for i, f := range h.extra {
			if normName(f) == want && h.idx[colDueDate] < 0 {
				h.idx[colDueDate] = i
			}
		}
	}
	return h
}

// recognised counts the known columns, to choose the separator that makes sense of the header.
func (h header) recognised() int {
	n := 0
	for _, i := range h.idx {
		if i >= 0 {
			n++
		}
	}
	return n
}

// missing lists the mandatory columns absent from the header, in the legal order.
func (h header) missing() []string {
	amountsBySens := h.idx[colDebit] < 0 && h.idx[colCredit] < 0 && h.idx[colMontant] >= 0 && h.idx[colSens] >= 0
	var out []string
	for c := 0; c <= colIdevise; c++ {
		if h.idx[c] >= 0 || amountsBySens && (c == colDebit || c == colCredit) {
			continue
		}
		out = append(out, colNames[c])
	}
	return out
}

// name is the column's name as the file writes it, for error messages.
func (h header) name(c int) string {
	if i := h.idx[c]; i >= 0 && i < len(h.names) {
		return h.names[i]
	}
	return colNames[c]
}

// lastNamed is the index of the last column with a name: fields after it are ignored.
func (h header) lastNamed() int {
	last := -1
	for i, n := range h.names {
		if normName(n) != "" {
			last = i
		}
	}
	return last
}
