package letter

import (
	"math"
	"strings"
)

// tableRow is a row of wrapped cells.
type tableRow struct {
	cells [][]line
	h     float64
	st    style
}

// tableLayout is a table measured for the text width.
type tableLayout struct {
	x, w   []float64 // left edge and width of each column
	align  []string
	pt, lh float64
	header tableRow
	rows   []tableRow
	total  *tableRow
}

// columnWidths turns the columns' shares into millimetres: zero shares split what the others
// leave (evenly), and shares that add up to more than 1 are scaled down.
func columnWidths(cols []Column, width float64) []float64 {
	sum, zeros := 0.0, 0
	for _, c := range cols {
		if c.Width > 0 {
			sum += c.Width
		} else {
			zeros++
		}
	}
	rest := 0.0
	if zeros > 0 {
		rest = max(1-sum, 0) / float64(zeros)
		if rest == 0 { // the others take everything: give the zeros an even share anyway
			rest = 1 / float64(len(cols))
		}
	}
	total := sum + rest*float64(zeros)
	w := make([]float64, len(cols))
	for i, c := range cols {
		share := c.Width
		if share <= 0 {
			share = rest
		}
		w[i] = share / total * width
	}
	return w
}

// measureTable fits t to the text width. When a word (an amount, an invoice number, a URL)
// is wider than its column, the column first borrows from the others' slack (what they have
// beyond their own widest word); if that is not enough, the whole table's type shrinks, down
// to 6.5 pt, and what still does not fit is cut by the wrapper. Cells wrap at spaces.
func (fc *faces) measureTable(t Table) *tableLayout {
	n := len(t.Columns)
	tl := &tableLayout{w: columnWidths(t.Columns, textW)}
	titles := make([]string, n)
	for i, c := range t.Columns {
		titles[i] = c.Title
		tl.align = append(tl.align, strings.ToUpper(c.Align))
	}

	need := make([]float64, n) // widest word of each column, with the padding
	widest := func(cells []string, st style) {
		for i, c := range cells {
			for _, w := range words(clean(c, true)) {
				need[i] = max(need[i], fc.width(w, st, tablePt)+2*cellPadX)
			}
		}
	}
	widest(titles, bold)
	for _, r := range t.Rows {
		widest(r, regular)
	}
	if len(t.Total) > 0 {
		widest(t.Total, bold)
	}
	deficit, slack := 0.0, 0.0
	for i := range n {
		if d := need[i] - tl.w[i]; d > 0 {
			deficit += d
		} else {
			slack -= d
		}
	}
	if deficit > 0 && slack > 0 {
		take := min(deficit, slack)
		for i := range n {
			if d := need[i] - tl.w[i]; d > 0 {
				tl.w[i] += d * take / deficit
			} else {
				tl.w[i] += d * take / slack
			}
		}
	}
	scale := 1.0
	for i := range n {
		if need[i] > tl.w[i] {
			scale = min(scale, (tl.w[i]-2*cellPadX)/(need[i]-2*cellPadX))
		}
	}
	tl.pt = max(tableMinPt, math.Floor(tablePt*scale*10)/10)
	tl.lh = tl.pt * tableLHPer
	x := marginL
	for i := range n {
		tl.x = append(tl.x, x)
		x += tl.w[i]
	}

	row := func(cells []string, st style) tableRow {
		r := tableRow{st: st, cells: make([][]line, len(cells))}
		n := 1
		for i, c := range cells {
			r.cells[i] = fc.wrap(clean(c, true), st, tl.pt, tl.w[i]-2*cellPadX)
			n = max(n, len(r.cells[i]))
		}
		r.h = float64(n)*tl.lh + 2*cellPadY
		return r
	}
	tl.header = row(titles, bold)
	for _, r := range t.Rows {
		tl.rows = append(tl.rows, row(r, regular))
	}
	if len(t.Total) > 0 {
		tr := row(t.Total, bold)
		tl.total = &tr
	}
	return tl
}

// table places a table: a shaded header row, repeated at the top of each page the table
// runs onto, hairlines between rows, and the total in bold on a light shade under a rule,
// never alone on its page.
func (l *layouter) table(t Table) {
	tl := l.fc.measureTable(t)
	first := tl.header.h
	switch {
	case len(tl.rows) > 0:
		first += tl.rows[0].h
	case tl.total != nil:
		first += tl.total.h
	}
	l.ensure(first)
	l.tableHeader(tl)
	for i, r := range tl.rows {
		h := r.h
		if i == len(tl.rows)-1 && tl.total != nil {
			h += tl.total.h // the last row goes over with the total
		}
		fresh := l.bottom - contTop - tl.header.h // what a continuation page offers
		if l.y+h > l.bottom+0.01 && h <= fresh {
			l.newPage()
			l.tableHeader(tl)
		}
		// A row taller than a page is split, its cells going on under the repeated header.
		for fresh := false; l.y+r.h > l.bottom+0.01; fresh = true {
			k := int((l.bottom - l.y - 2*cellPadY + 0.01) / tl.lh)
			if k < 1 && fresh {
				break // the header fills the page: let the row run over rather than loop
			}
			if k >= 1 {
				var head tableRow
				head, r = r.split(k, tl.lh)
				l.tableRow(tl, head)
			}
			l.newPage()
			l.tableHeader(tl)
		}
		l.tableRow(tl, r)
		l.stroke(marginL, l.y, marginL+textW, l.y, 0.1, hairGray)
	}
	if tl.total != nil {
		if l.y+tl.total.h > l.bottom+0.01 {
			l.newPage()
			l.tableHeader(tl)
		}
		l.fill(marginL, l.y, textW, tl.total.h, totalFill)
		l.stroke(marginL, l.y, marginL+textW, l.y, 0.3, black)
		l.tableRow(tl, *tl.total)
	}
	l.y += paraGap
}

// split cuts r after its first k lines.
func (r tableRow) split(k int, lh float64) (head, rest tableRow) {
	head = tableRow{st: r.st, cells: make([][]line, len(r.cells)), h: float64(k)*lh + 2*cellPadY}
	rest = tableRow{st: r.st, cells: make([][]line, len(r.cells))}
	n := 0
	for i, c := range r.cells {
		j := min(k, len(c))
		head.cells[i], rest.cells[i] = c[:j], c[j:]
		n = max(n, len(c)-j)
	}
	rest.h = float64(max(n, 1))*lh + 2*cellPadY
	return head, rest
}

func (l *layouter) tableHeader(tl *tableLayout) {
	l.fill(marginL, l.y, textW, tl.header.h, headerFill)
	l.tableRow(tl, tl.header)
}

// tableRow draws the cells of r from the current y and moves below the row.
func (l *layouter) tableRow(tl *tableLayout, r tableRow) {
	for i, cell := range r.cells {
		x, w := tl.x[i]+cellPadX, tl.w[i]-2*cellPadX
		for j, ln := range cell {
			top := l.y + cellPadY + float64(j)*tl.lh
			natural := float64(ln.units) * tl.pt / 1000 * mmPerPt
			switch tl.align[i] {
			case "R":
				l.text(x+w-natural, top, tl.lh, r.st, tl.pt, black, ln.text)
			case "C":
				l.text(x+(w-natural)/2, top, tl.lh, r.st, tl.pt, black, ln.text)
			default:
				l.text(x, top, tl.lh, r.st, tl.pt, black, ln.text)
			}
		}
	}
	l.y += r.h
}
