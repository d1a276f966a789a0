package letter

import (
	"fmt"
	"strings"
)

// labels are the few words the engine writes itself; the templates write the rest.
type labels struct {
	lang       string
	subject    string // before the subject, with its separator
	enclosures string
}

func labelsFor(lang string) labels {
	if lang == "en" {
		return labels{lang: "en", subject: "Subject:", enclosures: "Enclosures:"}
	}
	// French puts a no-break space before the colon.
	return labels{lang: "fr", subject: "Objet\u00a0:", enclosures: "Pièces jointes\u00a0:"}
}

// placeDate is "Lyon, le 23 novembre 2026" or "Lyon, 23 November 2026".
func (lb labels) placeDate(d *Document) string {
	date := d.Date.FormatLong(lb.lang)
	place := clean(strings.TrimSpace(d.Place), false)
	switch {
	case lb.lang == "en" && place != "":
		return place + ", " + date
	case lb.lang == "en":
		return date
	case place != "":
		return place + ", le " + date
	}
	return "Le " + date
}

// reference is a reference's label with its colon: "Nos réf. :" is kept as written, "Client n°"
// becomes "Client n° :" (no-break space in French).
func (lb labels) reference(label string) string {
	label = clean(strings.TrimSpace(label), false)
	if label == "" || strings.HasSuffix(label, ":") {
		return label
	}
	if lb.lang == "en" {
		return label + ":"
	}
	return label + "\u00a0:"
}

// pageOf is "Page 2/3".
func (lb labels) pageOf(n, total int) string {
	return fmt.Sprintf("Page %d/%d", n, total)
}
