package render

import (
	"regexp"
	"strconv"
	"strings"
)

// blockKind is what a piece of the body is once split: the forms (text, HTML, letter) each
// write every kind their own way.
type blockKind int

const (
	paraBlock    blockKind = iota // lines of a paragraph; a single line break is kept
	headingBlock                  // a line written "# Title"
	listBlock                     // lines written "- item"; "- [ ] item" is a checklist item
	tableBlock                    // a table left by invoiceTable, penaltyTable or planTable
)

type block struct {
	kind  blockKind
	lines []string
	table *table
}

// blocks splits the executed body into blocks: paragraphs are separated by blank lines,
// spaces are tidied (a field left empty leaves no double space) and, in French, the spaces
// typography wants unbreakable are made so.
func (r *run) blocks(out string) []block {
	var bs []block
	var para []string
	flush := func() {
		bs = append(bs, r.split(para)...)
		para = nil
	}
	for _, line := range strings.Split(out, "\n") {
		line = tidy(line)
		if r.d.Lang != "en" {
			line = frenchSpaces(line)
		}
		if line == "" {
			flush()
			continue
		}
		para = append(para, line)
	}
	flush()
	return bs
}

// split turns the lines of one paragraph into blocks: a table token, headings, runs of list
// items and runs of ordinary lines.
func (r *run) split(lines []string) []block {
	var bs []block
	add := func(kind blockKind, line string) {
		if n := len(bs); n > 0 && bs[n-1].kind == kind && kind != headingBlock {
			bs[n-1].lines = append(bs[n-1].lines, line)
			return
		}
		bs = append(bs, block{kind: kind, lines: []string{line}})
	}
	for _, line := range lines {
		if t := r.tableAt(line); t != nil {
			bs = append(bs, block{kind: tableBlock, table: t})
			continue
		}
		line = strings.ReplaceAll(line, tableMark, "")
		switch {
		case strings.HasPrefix(line, "# "):
			add(headingBlock, strings.TrimSpace(line[2:]))
		case strings.HasPrefix(line, "- "):
			add(listBlock, strings.TrimSpace(line[2:]))
		case line != "":
			add(paraBlock, line)
		}
	}
	return bs
}

// tableAt returns the table a line stands for, or nil.
func (r *run) tableAt(line string) *table {
	if len(line) < 2*len(tableMark)+1 || !strings.HasPrefix(line, tableMark) || !strings.HasSuffix(line, tableMark) {
		return nil
	}
	i, err := strconv.Atoi(line[len(tableMark) : len(line)-len(tableMark)])
	if err != nil || i < 0 || i >= len(r.tables) {
		return nil
	}
	return &r.tables[i]
}

var spaces = regexp.MustCompile(` {2,}`)

// tidy trims a line and collapses runs of spaces, which optional fields and template actions
// leave behind.
func tidy(line string) string {
	return spaces.ReplaceAllString(strings.TrimSpace(strings.TrimRight(line, "\r")), " ")
}

// frenchReplacer makes unbreakable the spaces French typography wants so: before « ; : ! ? »,
// after «, after n°. A no-break space (U+00A0) rather than the narrow one (U+202F), which
// many fonts lack, like money.Format.
var frenchReplacer = strings.NewReplacer(
	" :", "\u00a0:", " ;", "\u00a0;", " !", "\u00a0!", " ?", "\u00a0?",
	"« ", "«\u00a0", " »", "\u00a0»", "n° ", "n°\u00a0", "N° ", "N°\u00a0")

func frenchSpaces(line string) string {
	return keepUnits(frenchReplacer.Replace(line))
}

// keepUnits joins a number to the unit after it ("40 €", "5 %", "40 EUR"), which must stay
// on its line.
func keepUnits(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && i > 0 && s[i-1] >= '0' && s[i-1] <= '9' && unitAt(s[i+1:]) {
			b.WriteString("\u00a0")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func unitAt(s string) bool {
	switch {
	case strings.HasPrefix(s, "€"), strings.HasPrefix(s, "%"):
		return true
	case strings.HasPrefix(s, "EUR"):
		return len(s) == 3 || !isLetter(s[3])
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// checkbox splits a checklist item ("[ ] Invoices", "[x] Done") into its state and text;
// ok is false for an ordinary list item.
func checkbox(item string) (checked, ok bool, text string) {
	if len(item) >= 4 && item[0] == '[' && item[2] == ']' && item[3] == ' ' {
		switch item[1] {
		case ' ':
			return false, true, item[4:]
		case 'x', 'X':
			return true, true, item[4:]
		}
	}
	return false, false, item
}
