// Package letter renders letters as PDF in the French window-envelope layout: the sender block
// at the top left, the recipient's address where the window of a DL envelope shows it, then
// place and date, references, subject, body, signature and enclosures. The same engine prints
// simple letters, registered letters with acknowledgement of receipt, formal notices
// ("mises en demeure"), statements of account and statements of claim ("décomptes").
package letter

import "github.com/relance-app/relance/internal/civil"

// Document is one letter. Text is UTF-8; French typography (non-breaking spaces in amounts,
// « guillemets ») must survive to the PDF.
type Document struct {
	Lang      string // "fr" or "en": labels such as "Objet :" / "Subject:", page numbers
	Sender    Party  // the company: printed at the top left
	Recipient Party  // the debtor: printed in the envelope window
	Place     string // the town the letter is written from ("Lyon")
	Date      civil.Date
	// Registered, when set, is printed above the recipient block and on the first line of the
	// body area: "Lettre recommandée avec accusé de réception" (and the number when known).
	Registered string
	References []Reference // "Nos réf. :", "Client n° :" …
	Subject    string      // without the "Objet :" label, which the renderer adds
	Body       []Block
	Signature  []string // lines under the closing: name, role, company
	Enclosures []string // "Pièces jointes" lines
	Footer     string   // legal mentions at the foot of every page (name, form, SIREN, address)
}

// Party is a name and a postal address, as the envelope window shows it.
type Party struct {
	Name      string
	Attention string   // "À l'attention de Mme Dupont, service comptabilité"
	Lines     []string // address lines, postal code and town on the last
	Extra     []string // sender only: SIREN, VAT number, phone, e-mail
}

// Reference is a labelled reference line.
type Reference struct{ Label, Value string }

// Block is a piece of the body: Paragraph, Heading, Table or Spacer.
type Block interface{ block() }

// Paragraph is text wrapped to the page width; a blank line separates paragraphs. Lines break
// at ordinary spaces only (never at U+00A0 or U+202F); "\n" forces a line break.
type Paragraph struct {
	Text string
	Bold bool
	// Italic sets the paragraph in the oblique face (a note such as "if you have paid in the
	// meantime, please disregard this letter"); Bold wins when both are set.
	Italic bool
	// Align is "J" (justified, the default when empty), "L", "R" or "C". The last line of a
	// justified paragraph, and a line too short to stretch well, stay flush left.
	Align string
}

// Heading is a short bold line before a group of paragraphs or a table.
type Heading struct{ Text string }

// Table is a table with a header row, body rows and an optional total row in bold; it breaks
// across pages and repeats its header.
type Table struct {
	Columns []Column
	Rows    [][]string
	Total   []string
}

// Column of a table: its title, alignment ("L", "R" or "C") and width as a share of the text
// width (the shares of a table sum to 1; zero shares are spread evenly).
type Column struct {
	Title string
	Align string
	Width float64
}

// Spacer is vertical space (in millimetres).
type Spacer struct{ MM float64 }

func (Paragraph) block() {}
func (Heading) block()   {}
func (Table) block()     {}
func (Spacer) block()    {}
