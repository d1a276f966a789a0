package penalty

import (
	"fmt"
	"sort"

	"github.com/relance-app/relance/internal/money"
)

// Entry is one published rate: the value of a series for a half-year, where it comes from,
// and whether that value was confirmed in an official or reputable source. An unconfirmed
// value is still used, with a warning in every result that relies on it.
type Entry struct {
	Series    Series     `json:"series"`
	Semester  Semester   `json:"semester"`
	Rate      money.Rate `json:"-"`
	Source    string     `json:"source"`
	Confirmed bool       `json:"confirmed"`
}

type entryKey struct {
	series Series
	sem    Semester
}

// Table holds rates by series and half-year. It is a value: With returns a new table and never
// changes the one it is called on, so the embedded defaults can be shared and a store can
// build a company's table as defaults + the rates its users set.
type Table struct {
	m map[entryKey]Entry
}

// NewTable builds a table from entries; a later entry for the same series and half-year
// replaces an earlier one.
func NewTable(entries ...Entry) Table {
	t := Table{m: make(map[entryKey]Entry, len(entries))}
	for _, e := range entries {
		t.m[entryKey{e.Series, e.Semester}] = e
	}
	return t
}

// With returns a copy of t in which series has rate for sem, set by a user with the source
// given (what they read it in). A user's rate counts as confirmed: they took it from the
// publication.
func (t Table) With(series Series, sem Semester, rate money.Rate, source string) Table {
	if source == "" {
		source = "set by a user"
	}
	return t.WithEntries(Entry{Series: series, Semester: sem, Rate: rate, Source: source, Confirmed: true})
}

// WithEntries returns a copy of t with the entries added or replaced.
func (t Table) WithEntries(entries ...Entry) Table {
	out := Table{m: make(map[entryKey]Entry, len(t.m)+len(entries))}
	for k, e := range t.m {
		out.m[k] = e
	}
	for _, e := range entries {
		out.m[entryKey{e.Series, e.Semester}] = e
	}
	return out
}

// Lookup returns the entry of series for sem, or a *MissingRateError.
func (t Table) Lookup(series Series, sem Semester) (Entry, error) {
	e, ok := t.m[entryKey{series, sem}]
	if !ok {
		return Entry{}, &MissingRateError{Series: series, Semester: sem}
	}
	return e, nil
}

// Entries lists the table by series, then half-year: what `relance rates list` shows.
func (t Table) Entries() []Entry {
	out := make([]Entry, 0, len(t.m))
	for _, e := range t.m {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Series != out[j].Series {
			return out[i].Series < out[j].Series
		}
		return out[i].Semester.Compare(out[j].Semester) < 0
	})
	return out
}

// Len is the number of entries.
func (t Table) Len() int { return len(t.m) }

// MissingRateError says a computation needs a rate the table does not hold, and how to add it.
type MissingRateError struct {
	Series   Series
	Semester Semester
}

func (e *MissingRateError) Error() string {
	return fmt.Sprintf("no %s for %s: add it with \"relance rates set %s %s <rate>\"",
		e.Series.Label("en"), e.Semester, e.Series, e.Semester)
}

// Advice is the same message for a statement or a warning, in lang.
func (e *MissingRateError) Advice(lang string) string {
	if lang == "en" {
		return e.Error()
	}
	return fmt.Sprintf("pas de %s pour le %s : ajoutez-le avec « relance rates set %s %s <taux> »",
		e.Series.Label("fr"), e.Semester.Label("fr"), e.Series, e.Semester)
}
