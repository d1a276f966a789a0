package letter

// Page geometry, in millimetres from the top left corner of an A4 portrait sheet.
//
// The letter is folded in three (two folds, at 99 and 198 mm) into a DL envelope
// (110 × 220 mm) whose 45 × 100 mm window is on the right, the usual French envelope
// ("enveloppe DL 110 × 220 à fenêtre 45 × 100"). Sources checked:
//
//   - KOMA-Script's French letter option NF.lco (scrklco.dtx, "NF" lines): address field
//     100 mm wide and 45 mm high, its right edge 10 mm from the right edge of the paper and its
//     top 35 mm from the top, text indented 10 mm inside the field; fold marks at 99 and 198 mm;
//     the letterhead from 15 mm.
//   - edics.fr, "Rédiger vos adresses : les bonnes pratiques": for window envelopes the address
//     goes in a frame 85 mm wide and 33 mm high, 110 mm from the left edge and 55 mm from the
//     top, a position that leaves room for the registered-mail bar code above it.
//   - La Poste / AFNOR NF Z10-011: at most 6 lines (7 abroad) of at most 38 characters,
//     aligned left, 9 to 12 pt, no italic or underlining.
//
// A folded A4 panel is 99 mm high in a 110 mm envelope and 210 mm wide in a 220 mm one, so the
// sheet moves up to 11 mm and 10 mm inside it. The window used here is the 100 × 45 mm
// rectangle from (100, 40) to (200, 85), between KOMA-Script's field (35 to 80 mm) and the
// edics frame (55 to 88 mm); the text starts 10 mm inside it, at 110 mm, and ends by 190 mm, and
// the address itself sits from 52 mm to at most 84 mm, the part of the window that shows
// wherever the sheet slides. The registered-mail mention takes the top of the window, above
// the address.
const (
	pageW = 210.0
	pageH = 297.0

	marginL = 20.0
	marginR = 20.0
	textW   = pageW - marginL - marginR

	windowX = 100.0
	windowY = 40.0
	windowW = 100.0
	windowH = 45.0

	addressX      = 110.0
	addressMaxW   = 80.0 // to 190 mm: the window less 10 mm of play on the right
	mentionTop    = 41.5
	addressTop    = 52.0
	addressBottom = 84.0

	senderX = marginL
	senderY = 15.0
	senderW = 75.0 // stops 5 mm short of the window

	infoTop = 92.0 // place and date, references: below the window, above the first fold

	foldTop    = 99.0
	foldBottom = 198.0
	foldX1     = 4.0 // printers do not print closer to the edge than about 4 mm
	foldX2     = 9.0

	contHeader = 12.0 // baseline of the running head on continuation pages
	contTop    = 20.0 // top of the text on continuation pages

	footerBottom = 290.0 // last footer baseline area ends here
	footerTextW  = 145.0 // legal mentions; the page number takes the rest of the line
)

// Type sizes (points) and line heights (millimetres).
const (
	bodyPt     = 9.5
	bodyLH     = 4.6
	paraGap    = 3.4 // between paragraphs: a visibly blank line, less than a full one
	headingPt  = 10.0
	headingLH  = 5.0
	tablePt    = 8.5
	tableMinPt = 6.5
	tableLHPer = 0.45 // table line height per point of type size
	cellPadX   = 1.5
	cellPadY   = 1.0
	addressPt  = 10.0
	addressMin = 8.0
	mentionPt  = 8.5
	senderPt   = 9.0
	senderLH   = 4.0
	extraPt    = 8.0
	extraLH    = 3.6
	infoPt     = 9.0
	infoLH     = 4.3
	footerPt   = 7.0
	footerLH   = 3.0
	contPt     = 7.5
)

// Gray levels (0 black, 255 white).
const (
	black      = 0
	textGray   = 90  // sender details, labels, running head, footer
	ruleGray   = 150 // fold marks, footer rule
	hairGray   = 205 // lines between table rows
	headerFill = 228 // table header shading
	totalFill  = 242 // total row shading
)
