package penalty

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/relance-app/relance/internal/money"
)

// ReadRatesCSV reads rates in either of the two layouts relance ships, told apart by the
// header; lines starting with '#' are comments and empty cells are rates not known:
//
//   - by half-year, as the shared French table (data/rates-fr.csv):
//     semester,ecb_mro,legal_consumer_creditor,legal_other — one row per half-year, one
//     column per series (any known series name may be a column);
//   - one rate per row, as the country table (data/rates-countries.csv):
//     series,semester,rate[,confirmed][,source].
//
// Rates are percentages ("2.15", "2,15"). Entries read from the first layout have no source
// of their own: they get "imported from a CSV file", which the importer may replace with the
// file's name. Errors name the line and the column.
func ReadRatesCSV(r io.Reader) ([]Entry, error) {
	return readRatesCSV(r, func(Series) string { return "imported from a CSV file" }, true)
}

func readRatesCSV(r io.Reader, sourceOf func(Series) string, confirmed bool) ([]Entry, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("rates CSV: no header line")
	}
	if err != nil {
		return nil, fmt.Errorf("rates CSV: %w", err)
	}
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff")))
	}
	switch {
	case len(header) > 0 && header[0] == "semester":
		return readWide(cr, header, sourceOf, confirmed)
	case len(header) >= 3 && header[0] == "series" && header[1] == "semester" && header[2] == "rate":
		return readLong(cr, header)
	}
	return nil, fmt.Errorf("rates CSV: header %q: want semester,<series>… or series,semester,rate[,confirmed][,source]", strings.Join(header, ","))
}

func readWide(cr *csv.Reader, header []string, sourceOf func(Series) string, confirmed bool) ([]Entry, error) {
	cols := make([]Series, len(header))
	for i, h := range header[1:] {
		s, err := ParseSeries(h)
		if err != nil {
			return nil, fmt.Errorf("rates CSV: line 1, column %d: %w", i+2, err)
		}
		cols[i+1] = s
	}
	var out []Entry
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("rates CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) > len(header) {
			return nil, fmt.Errorf("rates CSV: line %d: %d fields, the header has %d (quote a rate written with a decimal comma)", line, len(rec), len(header))
		}
		sem, err := ParseSemester(rec[0])
		if err != nil {
			return nil, fmt.Errorf("rates CSV: line %d, column semester: %w", line, err)
		}
		for i := 1; i < len(rec); i++ {
			cell := strings.TrimSpace(rec[i])
			if cell == "" {
				continue
			}
			rate, err := money.ParseRate(cell)
			if err != nil {
				return nil, fmt.Errorf("rates CSV: line %d, column %s: %w", line, header[i], err)
			}
			out = append(out, Entry{Series: cols[i], Semester: sem, Rate: rate, Source: sourceOf(cols[i]), Confirmed: confirmed})
		}
	}
}

func readLong(cr *csv.Reader, header []string) ([]Entry, error) {
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var out []Entry
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("rates CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) > len(header) {
			// "1,27" unquoted would otherwise read as 1 %, the rest dropped.
			return nil, fmt.Errorf("rates CSV: line %d: %d fields, the header has %d (quote a rate written with a decimal comma)", line, len(rec), len(header))
		}
		field := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		s, err := ParseSeries(field("series"))
		if err != nil {
			return nil, fmt.Errorf("rates CSV: line %d, column series: %w", line, err)
		}
		sem, err := ParseSemester(field("semester"))
		if err != nil {
			return nil, fmt.Errorf("rates CSV: line %d, column semester: %w", line, err)
		}
		rate, err := money.ParseRate(field("rate"))
		if err != nil {
			return nil, fmt.Errorf("rates CSV: line %d, column rate: %w", line, err)
		}
		confirmed := true
		switch strings.ToLower(field("confirmed")) {
		case "", "true", "yes", "1", "oui":
		case "false", "no", "0", "non":
			confirmed = false
		default:
			return nil, fmt.Errorf("rates CSV: line %d, column confirmed: %q: want true or false", line, field("confirmed"))
		}
		src := field("source")
		if src == "" {
			src = "imported from a CSV file"
		}
		out = append(out, Entry{Series: s, Semester: sem, Rate: rate, Source: src, Confirmed: confirmed})
	}
}
