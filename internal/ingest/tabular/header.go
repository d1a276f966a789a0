package tabular

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normHeader reduces a header to the letters and digits that carry its meaning, so that
// "N° facture", "numero_de_facture" and "Numéro de facture" compare equal: it lowercases,
// removes accents (NFKD, which also turns "º" into "o"), splits on anything that is not a
// letter or a digit and drops the little words French and English headers are padded with
// ("de", "d'", "du", "la", "of"…).
func normHeader(s string) string { return normalize(s, true) }

// normValue is normHeader keeping every word, for values: "DE" is Germany, not a filler.
func normValue(s string) string { return normalize(s, false) }

func normalize(s string, dropFillers bool) string {
	s = norm.NFKD.String(s)
	var b, word strings.Builder
	flush := func() {
		w := word.String()
		word.Reset()
		if !dropFillers || !fillerWords[w] {
			b.WriteString(w)
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r): // accents left over by NFKD
		case r == 'œ' || r == 'Œ':
			word.WriteString("oe")
		case r == 'æ' || r == 'Æ':
			word.WriteString("ae")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return b.String()
}

var fillerWords = map[string]bool{
	"de": true, "d": true, "du": true, "des": true, "la": true, "le": true, "l": true,
	"of": true, "the": true,
}

// A field is one thing a row can carry, with the headers that name it. Headers are grouped
// by rank, from the most specific (rank 0 is the field's own name) to the most generic; see
// resolve for how the ranks settle a header that could mean two fields.
type field struct {
	name  string // what --map and errors use: "invoice_number"
	label string // for sentences: "the invoice number"
	ranks [][]string
}

// Field describes a column an import understands, for help texts and preview screens.
type Field struct {
	Name        string   // the name to use with --map HEADER=name
	Description string   // what the column holds, in English
	Headers     []string // the headers recognised without --map, most specific first
}

func (f field) public() Field {
	out := Field{Name: f.name, Description: f.label}
	for _, rank := range f.ranks {
		out.Headers = append(out.Headers, rank...)
	}
	return out
}

// headerList shows, in an error message, the field names and the first few headers of each
// rank (skipping those that differ only in spelling from one already shown).
func headerList(fs ...field) string {
	var out []string
	for _, f := range fs {
		shown := map[string]bool{}
		for _, rank := range f.ranks {
			n := 0
			for _, h := range rank {
				if k := normHeader(h); !shown[k] && n < 3 {
					shown[k] = true
					out = append(out, h)
					n++
				}
			}
		}
	}
	return strings.Join(out, ", ") + ", …"
}

// schema is the set of fields of one kind of import.
type schema struct {
	kind   string // "invoices", "payments", "customers"
	fields []field
	byNorm map[string][]match // normalised header -> candidate fields
}

type match struct {
	field int // index in schema.fields
	rank  int
}

func newSchema(kind string, fields []field) *schema {
	s := &schema{kind: kind, fields: fields, byNorm: map[string][]match{}}
	for i, f := range fields {
		f.ranks = append([][]string{{f.name}}, f.ranks...)
		fields[i] = f
		for rank, hs := range f.ranks {
			for _, h := range hs {
				k := normHeader(h)
				if dup := s.lookup(k, i); dup {
					continue // the same header listed twice for one field keeps its best rank
				}
				s.byNorm[k] = append(s.byNorm[k], match{field: i, rank: rank})
			}
		}
	}
	return s
}

func (s *schema) lookup(k string, field int) bool {
	for _, m := range s.byNorm[k] {
		if m.field == field {
			return true
		}
	}
	return false
}

func (s *schema) index(name string) int {
	for i, f := range s.fields {
		if f.name == name {
			return i
		}
	}
	panic("tabular: no field " + name)
}

// fieldNamed finds the field a --map value names: its own name, or any header it accepts
// ("échéance" works as well as "due_date"). "", "-" and "ignore" mean "ignore this column".
func (s *schema) fieldNamed(name string) (idx int, ignore bool, ok bool) {
	switch strings.TrimSpace(strings.ToLower(name)) {
	case "", "-", "ignore", "ignorer":
		return -1, true, true
	}
	ms := s.byNorm[normHeader(name)]
	if len(ms) == 0 {
		return -1, false, false
	}
	best := ms[0]
	for _, m := range ms[1:] {
		if m.rank < best.rank {
			best = m
		}
	}
	return best.field, false, true
}

func (s *schema) names() string {
	var out []string
	for _, f := range s.fields {
		out = append(out, f.name)
	}
	return strings.Join(out, ", ")
}

// recognises reports whether a header cell names a field of the schema; it is how the header
// row is told from a title line above it.
func (s *schema) recognises(cell string) bool {
	return len(s.byNorm[normHeader(cell)]) > 0
}

// resolve maps the header cells to fields. Explicit --map entries come first. Then headers are
// matched rank by rank, most specific first, and within a rank field by field in the schema's
// order; a header already taken is not considered again. This is how one header that could
// mean two things is settled: "date" is the issue date of an invoice only when no more specific
// header ("date de facture") claimed that field first, and "client" is the customer reference
// unless a more specific reference column ("code client", "compte") exists, in which case it
// is left for the customer name at a later rank. Two different headers matching one field at
// the same rank are ambiguous and reported, rather than one being picked silently.
func (s *schema) resolve(file string, header []string, explicit map[string]string) ([]int, error) {
	byCol := make([]int, len(header))
	for i := range byCol {
		byCol[i] = -1
	}
	taken := make([]int, len(s.fields)) // field -> column+1
	decided := make([]bool, len(header))

	keys := make([]string, 0, len(explicit))
	for k := range explicit {
		keys = append(keys, k)
	}
	sort.Strings(keys) // errors come out the same way every time
	for _, key := range keys {
		name := explicit[key]
		cols := matchingColumns(header, key)
		if len(cols) == 0 {
			return nil, &HeaderError{File: file, Problem: fmt.Sprintf("--map %s=%s: no column %q in the header (found: %s)",
				key, name, key, strings.Join(nonEmpty(header), ", "))}
		}
		f, ignore, ok := s.fieldNamed(name)
		if !ok {
			return nil, &HeaderError{File: file, Problem: fmt.Sprintf("--map %s=%s: unknown field %q for %s (fields: %s)",
				key, name, name, s.kind, s.names())}
		}
		for _, c := range cols {
			decided[c] = true
			if ignore {
				continue
			}
			if prev := taken[f]; prev != 0 && prev-1 != c {
				return nil, &HeaderError{File: file, Problem: fmt.Sprintf("columns %q and %q are both mapped to %s; map only one of them",
					header[prev-1], header[c], s.fields[f].name)}
			}
			taken[f] = c + 1
			byCol[c] = f
		}
	}

	norms := make([]string, len(header))
	maxRank := 0
	for i, h := range header {
		norms[i] = normHeader(h)
		for _, m := range s.byNorm[norms[i]] {
			maxRank = max(maxRank, m.rank)
		}
	}
	for rank := 0; rank <= maxRank; rank++ {
		for f := range s.fields {
			if taken[f] != 0 {
				continue
			}
			var cols []int
			for c := range header {
				if decided[c] || norms[c] == "" {
					continue
				}
				for _, m := range s.byNorm[norms[c]] {
					if m.field == f && m.rank == rank {
						cols = append(cols, c)
					}
				}
			}
			switch len(cols) {
			case 0:
				continue
			case 1:
			default:
				return nil, &HeaderError{File: file, Problem: fmt.Sprintf("columns %q and %q could both be %s; use --map %q=%s for the right one and --map %q=ignore for the other",
					header[cols[0]], header[cols[1]], s.fields[f].label, header[cols[0]], s.fields[f].name, header[cols[1]])}
			}
			c := cols[0]
			taken[f], byCol[c], decided[c] = c+1, f, true
		}
	}
	return byCol, nil
}

// matchingColumns finds the columns a --map key names: the header exactly as written, or, when
// none is written exactly so, the header that normalises the same ("Montant  TTC").
func matchingColumns(header []string, key string) []int {
	var cols []int
	for i, h := range header {
		if strings.TrimSpace(h) == strings.TrimSpace(key) {
			cols = append(cols, i)
		}
	}
	if len(cols) > 0 {
		return cols
	}
	k := normHeader(key)
	for i, h := range header {
		if k != "" && normHeader(h) == k {
			cols = append(cols, i)
		}
	}
	return cols
}

func nonEmpty(cells []string) []string {
	var out []string
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// missingColumn builds the error for a required field without a column.
func missingColumn(file, what string, header []string, mapTo string, fs ...field) error {
	return &HeaderError{File: file, Problem: fmt.Sprintf("no column for %s (accepted headers: %s; found: %s). Use --map HEADER=%s",
		what, headerList(fs...), strings.Join(nonEmpty(header), ", "), mapTo)}
}

// HeaderError is a problem with a file's header or with the --map options: nothing of the file
// can be read until it is fixed.
type HeaderError struct {
	File    string
	Problem string
}

func (e *HeaderError) Error() string { return e.File + ": " + e.Problem }
