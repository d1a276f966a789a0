package render

import (
	"strings"
	"unicode/utf8"
)

// text writes the blocks as the plain-text part of an e-mail (and the text of a letter, a
// call script or a checklist): paragraphs separated by a blank line, headings underlined,
// tables aligned in columns, then the signature.
func text(bs []block, signature []string) string {
	var parts []string
	for _, b := range bs {
		switch b.kind {
		case paraBlock:
			parts = append(parts, strings.Join(b.lines, "\n"))
		case headingBlock:
			h := b.lines[0]
			parts = append(parts, h+"\n"+strings.Repeat("-", utf8.RuneCountInString(h)))
		case listBlock:
			items := make([]string, len(b.lines))
			for i, it := range b.lines {
				items[i] = "- " + it
			}
			parts = append(parts, strings.Join(items, "\n"))
		case tableBlock:
			parts = append(parts, textTable(b.table))
		}
	}
	if len(signature) > 0 {
		parts = append(parts, strings.Join(signature, "\n"))
	}
	return strings.Join(parts, "\n\n") + "\n"
}

// textTable aligns the columns with spaces, amounts to the right, with a rule under the
// header and above the total.
func textTable(t *table) string {
	width := make([]int, len(t.cols))
	measure := func(cells []string) {
		for i, c := range cells {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	titles := make([]string, len(t.cols))
	for i, c := range t.cols {
		titles[i] = c.title
	}
	measure(titles)
	for _, r := range t.rows {
		measure(r)
	}
	measure(t.total)
	total := 0
	for _, w := range width {
		total += w
	}
	rule := strings.Repeat("-", total+2*(len(width)-1))
	line := func(cells []string) string {
		var b strings.Builder
		for i, c := range cells {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if t.cols[i].right {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		return strings.TrimRight(b.String(), " ")
	}
	out := []string{line(titles), rule}
	for _, r := range t.rows {
		out = append(out, line(r))
	}
	if t.total != nil {
		out = append(out, rule, line(t.total))
	}
	return strings.Join(out, "\n")
}
