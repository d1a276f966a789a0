package match

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold upper-cases s, strips accents and turns every non-alphanumeric rune into a space, so
// that "Société Générale S.A." and "SOCIETE GENERALE SA" compare equal.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining accent: dropped
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToUpper(r))
		case r == 'ß':
			b.WriteString("SS")
		case r == 'Œ' || r == 'œ':
			b.WriteString("OE")
		case r == 'Æ' || r == 'æ':
			b.WriteString("AE")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToUpper(r))
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// tokens splits folded text into words.
func tokens(s string) []string { return strings.Fields(fold(s)) }

// runs splits a token at letter/digit boundaries: "FA2024" -> "FA", "2024".
func runs(tok string) []string {
	var out []string
	start := 0
	for i := 1; i <= len(tok); i++ {
		if i == len(tok) || isDigit(tok[i]) != isDigit(tok[i-1]) {
			out = append(out, tok[start:i])
			start = i
		}
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// keyForms gives the forms under which a reference made of the given tokens is indexed and
// looked up: compact (alphanumerics only: "FA20240012"), runs (letter and digit runs with
// leading zeros dropped, separated: "FA|2024|12"), and loose (the same runs joined:
// "FA202412"), which also catches a number written without its zeros and separators.
func keyForms(toks []string) (compact, runsKey, loose string) {
	var rs []string
	for _, t := range toks {
		for _, r := range runs(t) {
			if isDigit(r[0]) {
				r = strings.TrimLeft(r, "0")
				if r == "" {
					r = "0"
				}
			}
			rs = append(rs, r)
		}
	}
	return strings.Join(toks, ""), strings.Join(rs, "|"), strings.Join(rs, "")
}

// legalForms and filler words are ignored when comparing names: a payer writes "MARTIN
// BOULANGERIE" for "SARL Boulangerie Martin".
var ignoredNameWords = map[string]bool{
	"SARL": true, "SAS": true, "SASU": true, "SA": true, "EURL": true, "SNC": true, "SCI": true, "SCP": true,
	"SCOP": true, "SCA": true, "SELARL": true, "SELAS": true, "GIE": true, "EI": true, "EIRL": true, "EARL": true,
	"GAEC": true, "SCEA": true, "SEM": true, "SPL": true, "ASSOCIATION": true, "ASSO": true, "STE": true,
	"SOCIETE": true, "STES": true, "ETS": true, "ETABLISSEMENTS": true, "ETABLISSEMENT": true, "CIE": true,
	"ET": true, "DE": true, "DU": true, "DES": true, "LA": true, "LE": true, "LES": true, "L": true, "D": true,
	"AU": true, "AUX": true, "EN": true, "ENTREPRISE": true, "GROUPE": true, "HOLDING": true,
	"LTD": true, "LIMITED": true, "GMBH": true, "AG": true, "BV": true, "NV": true, "INC": true, "LLC": true,
	"PLC": true, "SL": true, "SRL": true, "SPA": true, "CO": true, "AND": true, "THE": true, "OF": true,
	"M": true, "MR": true, "MME": true, "MLLE": true, "MONSIEUR": true, "MADAME": true,
	// Words banks put before the payer's name in a label.
	"VIR": true, "VIREMENT": true, "SEPA": true, "RECU": true, "INST": true, "FAVEUR": true, "PRLV": true,
}

// nameTokens are the significant words of a name.
func nameTokens(s string) []string {
	var out []string
	for _, t := range tokens(s) {
		if !ignoredNameWords[t] && (len(t) > 1 || isDigit(t[0])) {
			out = append(out, t)
		}
	}
	return out
}

// NameSimilarity compares a payer's name with a customer's, from 0 (nothing in common) to 1:
// the share of the shorter name's significant words found in the other, a word matching when
// equal, when one abbreviates the other (four letters at least, "TRANSP" for "TRANSPORTS",
// as banks truncate), or within one typo for words of five letters or more. Legal forms and
// filler words are ignored.
func NameSimilarity(a, b string) float64 {
	return tokenSimilarity(nameTokens(a), nameTokens(b))
}

func tokenSimilarity(ta, tb []string) float64 {
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	if len(ta) > len(tb) {
		ta, tb = tb, ta
	}
	used := make([]bool, len(tb))
	matched := 0
	for _, x := range ta {
		for j, y := range tb {
			if !used[j] && wordsMatch(x, y) {
				used[j] = true
				matched++
				break
			}
		}
	}
	return float64(matched) / float64(len(ta))
}

func wordsMatch(x, y string) bool {
	if x == y {
		return true
	}
	if len(x) >= 4 && len(y) >= 4 && (strings.HasPrefix(x, y) || strings.HasPrefix(y, x)) {
		return true
	}
	return len(x) >= 5 && len(y) >= 5 && editDistance1(x, y)
}

// editDistance1 reports whether a and b differ by at most one insertion, deletion,
// substitution or transposition of adjacent characters (optimal string alignment).
func editDistance1(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // transposition
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}
