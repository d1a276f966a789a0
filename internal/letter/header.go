package letter

import (
	"math"
	"strings"
)

// firstPage lays out what only the first page carries: fold marks, the sender at the top
// left, the registered-mail mention and the recipient in the envelope window, place and
// date, references, the registered-mail mention again and the subject.
func (l *layouter) firstPage() {
	l.newPage()
	l.stroke(foldX1, foldTop, foldX2, foldTop, 0.2, ruleGray)
	l.stroke(foldX1, foldBottom, foldX2, foldBottom, 0.2, ruleGray)

	senderBottom := l.sender()
	l.window()

	l.y = max(infoTop, senderBottom+4)
	l.info()

	if r := clean(strings.TrimSpace(l.d.Registered), false); r != "" {
		for _, ln := range l.fc.wrap(r, bold, bodyPt, textW) {
			l.placeLine(ln, bold, bodyPt, bodyLH, marginL, textW, "L")
		}
		l.y += 1.5
	}
	if s := clean(strings.TrimSpace(l.d.Subject), false); s != "" {
		label := l.lb.subject
		indent := l.fc.width(label+" ", bold, bodyPt)
		l.text(marginL, l.y, bodyLH, bold, bodyPt, black, label)
		for _, ln := range l.fc.wrap(s, bold, bodyPt, textW-indent) {
			l.placeLine(ln, bold, bodyPt, bodyLH, marginL+indent, textW-indent, "L")
		}
	}
	l.y += 5
	l.top = l.y
}

// sender writes the sender block and returns its bottom.
func (l *layouter) sender() float64 {
	s := l.d.Sender
	y := senderY
	put := func(text string, st style, pt, lh float64, gray uint8) {
		for _, ln := range l.fc.wrap(clean(text, false), st, pt, senderW) {
			l.text(senderX, y, lh, st, pt, gray, ln.text)
			y += lh
		}
	}
	put(s.Name, bold, senderPt+1, senderLH+0.4, black)
	if s.Attention != "" {
		put(s.Attention, regular, senderPt, senderLH, black)
	}
	for _, t := range s.Lines {
		put(t, regular, senderPt, senderLH, black)
	}
	if len(s.Extra) > 0 {
		y += 1.2
		for _, t := range s.Extra {
			put(t, regular, extraPt, extraLH, textGray)
		}
	}
	return y
}

// window writes the registered-mail mention and the recipient's address inside the window.
// The address is shrunk (down to 8 pt) rather than wrapped when a line is too long, and its
// line height is tightened when it has many lines, so that it never leaves the window.
func (l *layouter) window() {
	top := addressTop
	if r := clean(strings.TrimSpace(l.d.Registered), false); r != "" {
		y := mentionTop
		const lh = 3.8
		for _, ln := range l.fc.wrap(r, bold, mentionPt, addressMaxW) {
			l.text(addressX, y, lh, bold, mentionPt, black, ln.text)
			y += lh
		}
		top = max(top, y+1.5)
	}

	rc := l.d.Recipient
	raw := []string{clean(rc.Name, false)}
	if a := clean(strings.TrimSpace(rc.Attention), false); a != "" {
		raw = append(raw, a)
	}
	for _, t := range rc.Lines {
		if t = clean(strings.TrimSpace(t), false); t != "" {
			raw = append(raw, t)
		}
	}
	pt := addressPt
	widest := 0.0
	for _, t := range raw {
		widest = max(widest, l.fc.width(t, regular, addressPt))
	}
	if widest > addressMaxW {
		pt = max(addressMin, math.Floor(addressPt*addressMaxW/widest*10)/10)
	}
	var lines []string
	for _, t := range raw {
		for _, ln := range l.fc.wrap(t, regular, pt, addressMaxW) {
			lines = append(lines, ln.text)
		}
	}
	lh := pt * 0.44
	if avail := addressBottom - top; float64(len(lines))*lh > avail {
		lh = avail / float64(len(lines))
		pt = min(pt, lh/0.4)
	}
	for i, t := range lines {
		l.text(addressX, top+float64(i)*lh, lh, regular, pt, black, t)
	}
}

// info writes the references on the left and place and date on the right, below the window.
func (l *layouter) info() {
	top := l.y
	right := pageW - marginR - addressX
	y := top
	for _, ln := range l.fc.wrap(l.lb.placeDate(l.d), regular, infoPt, right) {
		l.text(addressX, y, infoLH, regular, infoPt, black, ln.text)
		y += infoLH
	}
	rightBottom := y

	y = top
	labelW := 0.0
	for _, r := range l.d.References {
		labelW = max(labelW, l.fc.width(l.lb.reference(r.Label), regular, infoPt))
	}
	labelW = min(labelW, 40)
	valueX := marginL + labelW + 2
	valueW := addressX - 6 - valueX
	for _, r := range l.d.References {
		label := l.lb.reference(r.Label)
		labelLines := l.fc.wrap(label, regular, infoPt, labelW)
		valueLines := l.fc.wrap(clean(strings.TrimSpace(r.Value), false), regular, infoPt, valueW)
		for i, ln := range labelLines {
			l.text(marginL, y+float64(i)*infoLH, infoLH, regular, infoPt, textGray, ln.text)
		}
		for i, ln := range valueLines {
			l.text(valueX, y+float64(i)*infoLH, infoLH, regular, infoPt, black, ln.text)
		}
		y += float64(max(len(labelLines), len(valueLines), 1)) * infoLH
	}
	l.y = max(rightBottom, y) + 6
}
