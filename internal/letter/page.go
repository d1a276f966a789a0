package letter

// The layout does not draw: it produces pages of items, and the painter turns them into PDF.
// Laying a document out completely first is what lets every page say "page 2/3" of its own
// letter in a combined PDF, and keeps the layout free of fpdf state.

type itemKind uint8

const (
	textItem      itemKind = iota // text from x along the baseline y
	justifiedItem                 // text stretched from x to x+x2 along the baseline y
	lineItem                      // a stroke from (x, y) to (x2, y2)
	rectItem                      // a filled rectangle at (x, y), x2 wide and y2 high
)

type item struct {
	kind   itemKind
	st     style
	gray   uint8 // text, stroke or fill
	pt     float64
	x, y   float64
	x2, y2 float64
	lw     float64 // stroke width
	text   string
}

// page is one sheet of one document.
type page struct {
	items []item
}

// baseline is where text of size pt sits in a line box of height lh whose top is at top: the
// box is centred on DejaVu's ascent and descent (0.928 and 0.236 em).
func baseline(top, lh, pt float64) float64 {
	s := pt * mmPerPt
	return top + (lh-1.164*s)/2 + 0.928*s
}
