package penalty

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"
)

// The embedded defaults: see the comments at the top of each file for their provenance.
var (
	//go:embed data/rates-fr.csv
	ratesFR []byte
	//go:embed data/rates-countries.csv
	ratesCountries []byte
)

var frSources = map[Series]string{
	ECBMRO:                  "ECB key rates (Banque de France, Banka Slovenije; 2025: Option Finance), legal note §2.1",
	FRLegalConsumerCreditor: "arrêtés fixing the taux de l'intérêt légal (service-public F783, La Clef), legal note §2.2",
	FRLegalOther:            "arrêtés fixing the taux de l'intérêt légal (service-public F783, La Clef), legal note §2.2",
}

var defaultRates = sync.OnceValues(func() (Table, error) {
	fr, err := readRatesCSV(bytes.NewReader(ratesFR), func(s Series) string { return frSources[s] }, true)
	if err != nil {
		return Table{}, fmt.Errorf("data/rates-fr.csv: %w", err)
	}
	other, err := ReadRatesCSV(bytes.NewReader(ratesCountries))
	if err != nil {
		return Table{}, fmt.Errorf("data/rates-countries.csv: %w", err)
	}
	return NewTable(append(fr, other...)...), nil
})

// DefaultRates is the table relance ships: the French rates of the shared table and the
// national reference rates of the legal note. The store builds a company's table from it and
// the rates users set (Table.With); it is never changed in place.
func DefaultRates() Table {
	t, err := defaultRates()
	if err != nil {
		panic(err) // the embedded files are checked by TestDefaultRatesLoad
	}
	return t
}
