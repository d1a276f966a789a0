package letter

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// clean makes text safe to measure and print: NFC (a name typed on a Mac arrives with
// combining accents, which fpdf would draw apart from their letter and pdftotext would
// extract as two characters), tabs as spaces, no other control characters, and U+FFFD for
// characters beyond the Basic Multilingual Plane, which fpdf's Identity-H encoding cannot
// carry. Line breaks survive only when multiline is set. The soft hyphen is dropped: the
// engine does not hyphenate.
func clean(s string, multiline bool) string {
	if isPlain(s) {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			b.WriteByte(' ')
		case r == '\u00AD', r == '\r', r < 0x20, r >= 0x7F && r < 0xA0:
		case r >= 0x10000, r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain reports whether s is printable ASCII, the common case that needs no work.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7F {
			return false
		}
	}
	return true
}

// line is one line of wrapped text.
type line struct {
	text    string
	units   int  // natural width in 1/1000 em
	justify bool // a line inside a paragraph, which justified text stretches to the full width
}

// breakAfter are the characters after which a word too long for its line (a URL, an IBAN
// without spaces, a reference) is preferably cut.
const breakAfter = "/-._?&=#,;:@)"

// wrap breaks text into lines no wider than maxW millimetres at size pt. Lines break at
// ASCII spaces only: the no-break spaces U+00A0 and U+202F (inside amounts, before « : »)
// and every other character glue. "\n" forces a break and an empty line stays empty. A word
// wider than a whole line is cut, after a URL separator when one is near the end, so that
// nothing ever runs past the margin.
func (fc *faces) wrap(text string, st style, pt, maxW float64) []line {
	maxU := int(maxW/(pt/1000*mmPerPt) + 1e-6) // a column made exactly as wide as its word holds it
	space := fc.units(" ", st)
	var out []line
	for seg := range strings.SplitSeq(text, "\n") {
		var cur []string
		curU := 0
		// flush ends the current line; a ragged line (the last of a paragraph, or one ending
		// in a cut word that stopped short at a separator) is not stretched.
		flush := func(ragged bool) {
			if len(cur) == 0 {
				return
			}
			out = append(out, line{text: strings.Join(cur, " "), units: curU, justify: !ragged && len(cur) > 1})
			cur, curU = cur[:0], 0
		}
		words := words(seg)
		if len(words) == 0 {
			out = append(out, line{})
			continue
		}
		for _, w := range words {
			wu := fc.units(w, st)
			switch {
			case wu > maxU:
				// The first piece fills what is left of the current line when that is a
				// fair share of it, so that a URL does not leave a stretched line behind.
				first := maxU
				if len(cur) > 0 {
					if room := maxU - curU - space; room >= maxU/4 {
						first = room
					} else {
						flush(false)
					}
				}
				pieces := fc.cutWord(w, st, first, maxU)
				if pieces[0] == "" { // not even one character fits in the room left
					flush(false)
					pieces = pieces[1:]
				}
				for i, p := range pieces[:len(pieces)-1] {
					pu := fc.units(p, st)
					if i == 0 && len(cur) > 0 {
						cur, curU = append(cur, p), curU+space+pu
						flush(true)
						continue
					}
					out = append(out, line{text: p, units: pu})
				}
				last := pieces[len(pieces)-1]
				cur, curU = append(cur, last), fc.units(last, st)
			case len(cur) == 0:
				cur, curU = append(cur, w), wu
			case curU+space+wu <= maxU:
				cur, curU = append(cur, w), curU+space+wu
			default:
				flush(false)
				cur, curU = append(cur, w), wu
			}
		}
		flush(true)
	}
	return out
}

// words splits s at ASCII spaces and line breaks, the only places lines may break.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' })
}

// cutWord cuts a word into pieces no wider than maxU (the first no wider than firstU, and
// empty when nothing fits there), each as long as possible but ending after a URL separator
// when one falls in the last two thirds of the piece.
func (fc *faces) cutWord(w string, st style, firstU, maxU int) []string {
	var pieces []string
	for w != "" {
		limit := maxU
		if len(pieces) == 0 {
			limit = firstU
		}
		used, fit, soft := 0, 0, 0
		for i, r := range w {
			ru := fc.units(string(r), st)
			// A character wider than a whole line still goes on one; the room left on a
			// line may take none.
			if used+ru > limit && (fit > 0 || limit < maxU) {
				break
			}
			used += ru
			fit = i + utf8.RuneLen(r)
			if strings.ContainsRune(breakAfter, r) {
				soft = fit
			}
		}
		if fit == len(w) {
			pieces = append(pieces, w)
			break
		}
		if soft*3 >= fit {
			fit = soft
		}
		pieces = append(pieces, w[:fit])
		w = w[fit:]
	}
	return pieces
}
