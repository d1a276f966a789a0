package letter

import (
	"math"
	"strings"
)

// layouter lays one document out on pages.
type layouter struct {
	fc    *faces
	d     *Document
	lb    labels
	pages []*page
	pg    *page

	y      float64 // top of the next thing to place
	top    float64 // where text starts on the current page
	bottom float64 // nothing but the footer below this

	footer   []line
	footerPt float64
	ruleY    float64
}

// layout lays d out; d has been validated.
func (fc *faces) layout(d *Document) []*page {
	l := &layouter{fc: fc, d: d, lb: labelsFor(d.Lang)}
	l.planFooter()
	l.firstPage()
	for i, b := range d.Body {
		var next Block
		if i+1 < len(d.Body) {
			next = d.Body[i+1]
		}
		switch b := b.(type) {
		case Paragraph:
			l.keepWithSignature(b, i == len(d.Body)-1)
			l.paragraph(b)
		case *Paragraph:
			l.keepWithSignature(*b, i == len(d.Body)-1)
			l.paragraph(*b)
		case Heading:
			l.heading(b, next)
		case *Heading:
			l.heading(*b, next)
		case Table:
			l.table(b)
		case *Table:
			l.table(*b)
		case Spacer:
			l.spacer(b.MM)
		case *Spacer:
			l.spacer(b.MM)
		}
	}
	l.signature()
	l.enclosures()
	l.footers()
	return l.pages
}

// planFooter wraps the legal mentions, smaller when they would take more than four lines,
// and fixes the bottom of the text area above them.
func (l *layouter) planFooter() {
	text := clean(strings.TrimSpace(l.d.Footer), true)
	l.footerPt = footerPt
	for {
		l.footer = nil
		if text != "" {
			l.footer = l.fc.wrap(text, regular, l.footerPt, footerTextW)
		}
		if len(l.footer) <= 4 || l.footerPt <= 5.5 {
			break
		}
		l.footerPt -= 0.5
	}
	n := max(len(l.footer), 1)
	l.ruleY = footerBottom - float64(n)*footerLH - 1.5
	l.bottom = l.ruleY - 4
}

// footers writes the rule, the legal mentions and "Page n/total" on every page, now that the
// number of pages is known.
func (l *layouter) footers() {
	total := len(l.pages)
	for n, p := range l.pages {
		l.pg = p
		l.stroke(marginL, l.ruleY, pageW-marginR, l.ruleY, 0.2, ruleGray)
		top := l.ruleY + 1.5
		for i, ln := range l.footer {
			l.text(marginL, top+float64(i)*footerLH, footerLH, regular, l.footerPt, textGray, ln.text)
		}
		l.textRight(pageW-marginR, top, footerLH, regular, footerPt, textGray, l.lb.pageOf(n+1, total))
	}
}

// newPage starts a page; continuation pages carry a running head (the recipient and the
// date) so that a loose sheet finds its letter.
func (l *layouter) newPage() {
	l.pg = &page{}
	l.pages = append(l.pages, l.pg)
	if len(l.pages) == 1 {
		return
	}
	base := contHeader - 0.928*contPt*mmPerPt
	lh := 1.164 * contPt * mmPerPt
	name := clean(l.d.Recipient.Name, false)
	date := l.lb.placeDate(l.d)
	maxName := textW - l.fc.width(date, regular, contPt) - 10
	if ls := l.fc.wrap(name, regular, contPt, maxName); len(ls) > 0 {
		name = ls[0].text
	}
	l.text(marginL, base, lh, regular, contPt, textGray, name)
	l.textRight(pageW-marginR, base, lh, regular, contPt, textGray, date)
	l.y, l.top = contTop, contTop
}

// atTop reports whether nothing has been placed yet on the current page's text area.
func (l *layouter) atTop() bool { return l.y <= l.top+0.01 }

// ensure starts a new page unless h millimetres fit above the footer; it never leaves a page
// empty.
func (l *layouter) ensure(h float64) {
	if l.y+h > l.bottom+0.01 && !l.atTop() {
		l.newPage()
	}
}

func (l *layouter) text(x, top, lh float64, st style, pt float64, gray uint8, s string) {
	if s == "" {
		return
	}
	l.pg.items = append(l.pg.items, item{kind: textItem, st: st, pt: pt, gray: gray,
		x: x, y: baseline(top, lh, pt), text: s})
}

func (l *layouter) textRight(right, top, lh float64, st style, pt float64, gray uint8, s string) {
	l.text(right-l.fc.width(s, st, pt), top, lh, st, pt, gray, s)
}

func (l *layouter) stroke(x1, y1, x2, y2, lw float64, gray uint8) {
	l.pg.items = append(l.pg.items, item{kind: lineItem, gray: gray, x: x1, y: y1, x2: x2, y2: y2, lw: lw})
}

func (l *layouter) fill(x, y, w, h float64, gray uint8) {
	l.pg.items = append(l.pg.items, item{kind: rectItem, gray: gray, x: x, y: y, x2: w, y2: h})
}

// placeLine draws one wrapped line in the box from x, w wide, and moves down by lh.
func (l *layouter) placeLine(ln line, st style, pt, lh, x, w float64, align string) {
	natural := float64(ln.units) * pt / 1000 * mmPerPt
	switch align {
	case "R":
		l.text(x+w-natural, l.y, lh, st, pt, black, ln.text)
	case "C":
		l.text(x+(w-natural)/2, l.y, lh, st, pt, black, ln.text)
	case "", "J":
		// A line less than 60 % full would show gaping holes if stretched.
		if ln.justify && natural >= 0.6*w && natural < w {
			l.pg.items = append(l.pg.items, item{kind: justifiedItem, st: st, pt: pt, gray: black,
				x: x, y: baseline(l.y, lh, pt), x2: w, text: ln.text})
			break
		}
		l.text(x, l.y, lh, st, pt, black, ln.text)
	default:
		l.text(x, l.y, lh, st, pt, black, ln.text)
	}
	l.y += lh
}

// flowLines places lines, breaking pages as needed without leaving the first line of a
// paragraph alone at the foot of a page (an orphan) or its last line alone at the top of the
// next (a widow).
func (l *layouter) flowLines(lines []line, st style, pt, lh, x, w float64, align string) {
	for len(lines) > 0 {
		n := len(lines)
		fit := int(math.Floor((l.bottom - l.y + 0.01) / lh))
		k := min(fit, n)
		if k < n {
			if n-k < 2 && n >= 3 {
				k = n - 2
			}
			if k < 2 && n >= 2 {
				k = 0
			}
		}
		if k <= 0 {
			if !l.atTop() {
				l.newPage()
				continue
			}
			k = max(min(fit, n), 1) // a page cannot hold it whole: fill this one
		}
		for _, ln := range lines[:k] {
			l.placeLine(ln, st, pt, lh, x, w, align)
		}
		lines = lines[k:]
		if len(lines) > 0 {
			l.newPage()
		}
	}
}

// face is the paragraph's face: bold wins over italic, there being no bold oblique.
func (p Paragraph) face() style {
	switch {
	case p.Bold:
		return bold
	case p.Italic:
		return italic
	}
	return regular
}

func (l *layouter) paragraph(p Paragraph) {
	st := p.face()
	lines := l.fc.wrap(clean(p.Text, true), st, bodyPt, textW)
	l.flowLines(lines, st, bodyPt, bodyLH, marginL, textW, strings.ToUpper(p.Align))
	l.y += paraGap
}

func (l *layouter) heading(h Heading, next Block) {
	lines := l.fc.wrap(clean(h.Text, false), bold, headingPt, textW)
	// Keep the heading with the start of what it heads.
	l.ensure(float64(len(lines))*headingLH + 1 + minHeight(next))
	if !l.atTop() {
		l.y++
	}
	for _, ln := range lines {
		l.placeLine(ln, bold, headingPt, headingLH, marginL, textW, "L")
	}
	l.y += 1.2
}

// minHeight is the height a block needs on a page for a heading to stay with it: two lines
// of a paragraph, a table's header and first row.
func minHeight(b Block) float64 {
	switch b.(type) {
	case Paragraph, *Paragraph:
		return 2 * bodyLH
	case Table, *Table:
		return 2 * (tablePt*tableLHPer + 2*cellPadY)
	}
	return 0
}

func (l *layouter) spacer(mm float64) {
	if l.atTop() {
		return // space at the top of a page is lost, as in any word processor
	}
	l.y += mm
	if l.y > l.bottom {
		l.newPage()
	}
}

// sigRoom is the blank above the signature lines, where the letter is signed by hand.
const sigRoom = 12.0

// signatureLines wraps the signature lines, the first (the name) in bold, and returns them
// with the height of the whole block.
func (l *layouter) signatureLines() ([]line, []style, float64) {
	w := pageW - marginR - addressX
	var lines []line
	var styles []style
	for i, s := range l.d.Signature {
		st := regular
		if i == 0 {
			st = bold
		}
		for _, ln := range l.fc.wrap(clean(s, false), st, bodyPt, w) {
			lines = append(lines, ln)
			styles = append(styles, st)
		}
	}
	if len(lines) == 0 {
		return nil, nil, 0
	}
	return lines, styles, sigRoom + float64(len(lines))*bodyLH
}

// keepWithSignature moves a short closing paragraph to the next page with the signature
// when both do not fit: a page holding nothing but a signature could be put under any text.
func (l *layouter) keepWithSignature(p Paragraph, last bool) {
	if !last || len(l.d.Signature) == 0 {
		return
	}
	n := len(l.fc.wrap(clean(p.Text, true), p.face(), bodyPt, textW))
	if n > 4 {
		return
	}
	_, _, h := l.signatureLines()
	l.ensure(float64(n)*bodyLH + paraGap + h)
}

// signature places the signature lines at the right, with room to sign above them, all kept
// on one page.
func (l *layouter) signature() {
	lines, styles, h := l.signatureLines()
	if len(lines) == 0 {
		return
	}
	l.ensure(h)
	l.y += sigRoom
	w := pageW - marginR - addressX
	for i, ln := range lines {
		l.placeLine(ln, styles[i], bodyPt, bodyLH, addressX, w, "L")
	}
}

// enclosures lists the enclosures under a bold label, kept together when they fit a page.
func (l *layouter) enclosures() {
	if len(l.d.Enclosures) == 0 {
		return
	}
	const indent = 4.0
	var items [][]line
	h := bodyLH
	for _, e := range l.d.Enclosures {
		ls := l.fc.wrap(clean(e, false), regular, bodyPt, textW-indent)
		items = append(items, ls)
		h += float64(len(ls)) * bodyLH
	}
	if h > l.bottom-contTop {
		h = bodyLH + float64(len(items[0]))*bodyLH
	}
	l.y += 6
	l.ensure(h)
	l.placeLine(line{text: l.lb.enclosures, units: l.fc.units(l.lb.enclosures, bold)}, bold, bodyPt, bodyLH, marginL, textW, "L")
	for _, ls := range items {
		l.ensure(float64(len(ls)) * bodyLH)
		l.text(marginL, l.y, bodyLH, regular, bodyPt, black, "–")
		for _, ln := range ls {
			l.placeLine(ln, regular, bodyPt, bodyLH, marginL+indent, textW-indent, "L")
		}
	}
}
