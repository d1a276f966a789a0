package fec

import (
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// File is a FEC file as read: every accounting line, with its fields cleaned but not
// interpreted beyond types.
type File struct {
	Name      string
	Encoding  string   // "UTF-8", "UTF-8 with BOM", "UTF-16", "ISO-8859-15" or "Windows-1252"
	Separator byte     // '\t', '|' or ';'
	Columns   []string // the header's names as written, trimmed
	Lines     []Line
}

// Line is one accounting line (ligne d'écriture). Amounts are as the file gives them: a
// negative Debit stays negative here; Net gives the signed balance effect.
type Line struct {
	Num           int // line number in the file, the header being line 1
	JournalCode   string
	JournalLib    string
	EcritureNum   string
	EcritureDate  civil.Date
	CompteNum     string
	CompteLib     string
	CompAuxNum    string
	CompAuxLib    string
	PieceRef      string
	PieceDate     civil.Date
	EcritureLib   string
	Debit         money.Cents
	Credit        money.Cents
	EcritureLet   string
	DateLet       civil.Date
	ValidDate     civil.Date
	MontantDevise money.Cents
	Idevise       string
	// DueDate comes from a non-standard due-date column (DateRglt, DateEcheance…) when the
	// file has one.
	DueDate civil.Date
	// Extra holds the other non-standard columns, keyed by their header name as written.
	Extra map[string]string
}

// Net is debit minus credit: positive for a debit balance. Packages that write a negative
// debit mean a credit, and the other way round, so netting is the honest reading.
func (l Line) Net() money.Cents { return l.Debit - l.Credit }

// entryKey identifies the écriture (accounting entry) the line belongs to. EcritureNum alone
// is not enough: some packages number per journal, and some write 0 everywhere, in which case
// journal, piece and date are the best available key.
func (l Line) entryKey() string {
	num := l.EcritureNum
	if isZeros(num) {
		return l.JournalCode + "\x00p\x00" + l.PieceRef + "\x00" + l.EcritureDate.String()
	}
	return l.JournalCode + "\x00n\x00" + num + "\x00" + l.EcritureDate.String()
}

func isZeros(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '0' {
			return false
		}
	}
	return true
}
