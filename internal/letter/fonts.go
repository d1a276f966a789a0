package letter

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/go-pdf/fpdf"
)

// DejaVu Sans is embedded because the Go fonts lack U+202F (the narrow no-break space French
// typography puts in amounts) and the PDF core fonts have no € in a Unicode encoding. The
// licence is in fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVuRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	dejaVuBold []byte
	//go:embed fonts/DejaVuSans-Oblique.ttf
	dejaVuOblique []byte
)

// style is a face of the one family the letters use.
type style uint8

const (
	regular style = iota
	bold
	italic
	numStyles
)

// family is the name fpdf knows the embedded faces by.
const family = "dejavu"

// fpdfStyle is the style string fpdf's SetFont expects.
func (s style) fpdfStyle() string {
	switch s {
	case bold:
		return "B"
	case italic:
		return "I"
	}
	return ""
}

// faces holds what the layout and the painter need from the fonts, computed once per process:
// the advance widths of every character of the Basic Multilingual Plane (so that laying out
// text needs no PDF object and no lock), and each face cut down to the characters letters
// use (parsing and subsetting a 700 KB font for every letter dominates the rendering time;
// the cut faces are seven times smaller).
type faces struct {
	widths  [numStyles][]uint16 // 1/1000 em, indexed by rune, as fpdf measures it
	missing [numStyles]int      // width fpdf uses for a character the font lacks
	full    [numStyles][]byte
	cut     [numStyles][]byte
	inCut   []bool // indexed by rune: the cut faces hold it
}

var (
	facesOnce sync.Once
	theFaces  *faces
	facesErr  error
)

// loadFaces returns the process-wide faces, building them on first use.
func loadFaces() (*faces, error) {
	facesOnce.Do(func() { theFaces, facesErr = buildFaces() })
	return theFaces, facesErr
}

// cutRanges is the repertoire of the cut faces: Latin (every European language written in
// Latin script, French first), the spacing and combining accents, the punctuation French
// typography uses (« », ’, –, —, …, U+00A0, U+202F), currency signs, № and ™, a few
// arrows, mathematical signs and bullets, and U+FFFD. A document with any other character
// (Greek or Cyrillic names, say) is rendered with the full faces instead.
var cutRanges = [][2]rune{
	{0x0020, 0x007E}, {0x00A0, 0x024F}, {0x02B0, 0x036F},
	{0x2000, 0x206F}, {0x20A0, 0x20CF}, {0x2100, 0x214F}, {0x2190, 0x2199},
	{0x2212, 0x2215}, {0x2248, 0x2248}, {0x2260, 0x2265}, {0x25A0, 0x25CF},
	{0xFFFD, 0xFFFD},
}

func buildFaces() (*faces, error) {
	fc := &faces{
		full:  [numStyles][]byte{dejaVuRegular, dejaVuBold, dejaVuOblique},
		inCut: make([]bool, 0x10000),
	}
	var set strings.Builder
	for _, rg := range cutRanges {
		for r := rg[0]; r <= rg[1]; r++ {
			fc.inCut[r] = true
			set.WriteRune(r)
		}
	}
	// Widths are read through fpdf itself so that the layout measures exactly what fpdf
	// will use when it justifies a line.
	f := fpdf.New("P", "mm", "A4", "")
	for s := range numStyles {
		f.AddUTF8FontFromBytes(family, s.fpdfStyle(), fc.full[s])
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("letter: loading the embedded fonts: %w", err)
	}
	// U+FFFF is not a character; fpdf uses its slot for the missing width.
	const notChar = "\uFFFF"
	for s := range numStyles {
		f.SetFont(family, s.fpdfStyle(), 10)
		fc.missing[s] = f.GetStringSymbolWidth(notChar)
		w := make([]uint16, 0x10000)
		var buf [4]byte
		for r := rune(1); r < 0xFFFF; r++ {
			if r >= 0xD800 && r <= 0xDFFF {
				continue
			}
			n := encodeRune(buf[:], r)
			w[r] = uint16(f.GetStringSymbolWidth(string(buf[:n])))
		}
		fc.widths[s] = w
		fc.cut[s] = fpdf.UTF8CutFont(fc.full[s], set.String())
		if len(fc.cut[s]) == 0 {
			return nil, fmt.Errorf("letter: cutting the embedded font %d failed", s)
		}
	}
	return fc, nil
}

// encodeRune is utf8.EncodeRune without the import, for the hot loop above.
func encodeRune(p []byte, r rune) int {
	switch {
	case r < 0x80:
		p[0] = byte(r)
		return 1
	case r < 0x800:
		p[0] = 0xC0 | byte(r>>6)
		p[1] = 0x80 | byte(r)&0x3F
		return 2
	default:
		p[0] = 0xE0 | byte(r>>12)
		p[1] = 0x80 | byte(r>>6)&0x3F
		p[2] = 0x80 | byte(r)&0x3F
		return 3
	}
}

// units is the advance width of s in 1/1000 em, as fpdf counts it.
func (fc *faces) units(s string, st style) int {
	w := fc.widths[st]
	n := 0
	for _, r := range s {
		if r < 0x10000 {
			n += int(w[r])
		} else {
			n += fc.missing[st]
		}
	}
	return n
}

// width is the width of s in millimetres at size pt.
func (fc *faces) width(s string, st style, pt float64) float64 {
	return float64(fc.units(s, st)) * pt / 1000 * mmPerPt
}

// allInCut reports whether every character of s is in the cut faces.
func (fc *faces) allInCut(s string) bool {
	for _, r := range s {
		if r >= 0x10000 || !fc.inCut[r] {
			return false
		}
	}
	return true
}

// mmPerPt converts PostScript points to millimetres.
const mmPerPt = 25.4 / 72
