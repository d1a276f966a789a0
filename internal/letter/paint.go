package letter

import (
	"time"

	"github.com/go-pdf/fpdf"
)

// meta is what the PDF's information dictionary says.
type meta struct {
	title, author, lang string
	date                time.Time
}

// paint draws laid-out pages with fpdf. Only the faces the pages use are embedded, each as a
// subset of the characters printed; the cut faces serve unless a character is outside them.
func (fc *faces) paint(pages []*page, m meta) *fpdf.Fpdf {
	var used [numStyles]bool
	full := false
	for _, p := range pages {
		for i := range p.items {
			it := &p.items[i]
			if it.kind == textItem || it.kind == justifiedItem {
				used[it.st] = true
				if !full && !fc.allInCut(it.text) {
					full = true
				}
			}
		}
	}

	f := fpdf.New("P", "mm", "A4", "")
	// Byte-identical output for identical input: the proof of sending records the PDF's
	// SHA-256, so nothing may depend on the clock or on map order.
	f.SetCreationDate(m.date)
	f.SetModificationDate(m.date)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetProducer("relance", false)
	f.SetCreator("relance", false)
	if m.title != "" {
		f.SetTitle(m.title, true)
	}
	if m.author != "" {
		f.SetAuthor(m.author, true)
	}
	if m.lang != "" {
		f.SetLang(m.lang)
	}
	f.SetMargins(0, 0, 0)
	f.SetAutoPageBreak(false, 0)
	f.SetCellMargin(0)
	for s := range numStyles {
		if !used[s] {
			continue
		}
		if full {
			f.AddUTF8FontFromBytes(family, s.fpdfStyle(), fc.full[s])
		} else {
			f.AddUTF8FontFromBytes(family, s.fpdfStyle(), fc.cut[s])
		}
	}

	for _, p := range pages {
		f.AddPage()
		for i := range p.items {
			it := &p.items[i]
			g := int(it.gray)
			switch it.kind {
			case textItem:
				f.SetFont(family, it.st.fpdfStyle(), it.pt)
				f.SetTextColor(g, g, g)
				f.Text(it.x, it.y, it.text)
			case justifiedItem:
				f.SetFont(family, it.st.fpdfStyle(), it.pt)
				f.SetTextColor(g, g, g)
				// fpdf stretches the spaces of a UTF-8 line with TJ adjustments (Tw does not
				// apply to two-byte codes); with a zero-height cell its baseline is 0.3 em
				// below the cell's top.
				f.SetXY(it.x, it.y-0.3*it.pt/f.GetConversionRatio())
				f.CellFormat(it.x2, 0, it.text, "", 0, "J", false, 0, "")
			case lineItem:
				f.SetDrawColor(g, g, g)
				f.SetLineWidth(it.lw)
				f.Line(it.x, it.y, it.x2, it.y2)
			case rectItem:
				f.SetFillColor(g, g, g)
				f.Rect(it.x, it.y, it.x2, it.y2, "F")
			}
		}
	}
	return f
}
