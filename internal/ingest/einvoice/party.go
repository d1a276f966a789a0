package einvoice

import (
	"strings"
)

// xID is an identifier with its scheme (ISO 6523 ICD: 0002 SIREN, 0009 SIRET, 0088 GLN…).
type xID struct {
	Scheme string `xml:"schemeID,attr"`
	Value  string `xml:",chardata"`
}

// identify fills the French identifiers from whatever identifiers the party carries: SIRET
// from a 0009 id, SIREN from a 0002 id, from the SIRET, or from a French VAT number (FR, two
// check characters, the SIREN).
func (p *Party) identify(ids []xID) {
	for _, id := range ids {
		v := compactID(id.Value)
		switch strings.TrimSpace(id.Scheme) {
		case "0009":
			if digits(v) && len(v) == 14 && p.SIRET == "" {
				p.SIRET = v
			}
		case "0002":
			if digits(v) && len(v) == 9 && p.SIREN == "" {
				p.SIREN = v
			}
		}
	}
	// A legal identifier without a scheme is read as French when the party is French.
	if v := compactID(p.LegalID); digits(v) && (p.Address.Country == "FR" || strings.HasPrefix(compactID(p.VAT), "FR")) {
		if len(v) == 14 && p.SIRET == "" {
			p.SIRET = v
		}
		if len(v) == 9 && p.SIREN == "" {
			p.SIREN = v
		}
	}
	if p.SIREN == "" && len(p.SIRET) == 14 {
		p.SIREN = p.SIRET[:9]
	}
	if v := compactID(p.VAT); p.SIREN == "" && len(v) == 13 && strings.HasPrefix(v, "FR") && digits(v[4:]) {
		p.SIREN = v[4:]
	}
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
