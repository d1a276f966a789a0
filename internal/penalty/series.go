package penalty

import (
	"fmt"
	"sort"
	"strings"
)

// Series names a published rate that changes each half-year: the ECB main refinancing rate,
// the French legal interest rate in its two categories, and the national reference or base
// rates of the countries whose late-payment laws relance applies.
type Series string

// The series relance knows. Each holds the rate that applies to a half-year under the rule
// of its law; the comments say which published value that is.
const (
	// ECBMRO is the ECB main refinancing operations rate in force on 1 January (H1) or
	// 1 July (H2): the reference of L441-10 and of the EU Directive 2011/7 in the euro area.
	ECBMRO Series = "ecb_mro"
	// FRLegalConsumerCreditor is the French taux de l'intérêt légal when the creditor is a
	// consumer (category A).
	FRLegalConsumerCreditor Series = "fr_legal_consumer_creditor"
	// FRLegalOther is the French taux de l'intérêt légal in all other cases (category B),
	// the one a business creditor uses, also against a consumer, and the base of the 3 ×
	// floor on a stipulated B2B rate.
	FRLegalOther Series = "fr_legal_other"
	// BEReference is the Belgian reference rate (loi du 2 août 2002, art. 2 4°): the ECB
	// rate of the last MRO before the first day of the half-year, published by SPF Finances.
	BEReference Series = "be_reference"
	// DEBase is the German Basiszinssatz (§ 247 BGB) set on 1 January and 1 July.
	DEBase Series = "de_base"
	// ESReference is the Spanish reference rate of Ley 3/2004 art. 7 published in the BOE.
	ESReference Series = "es_reference"
	// ITReference is the Italian reference rate of D.Lgs. 231/2002 art. 5 published by the
	// MEF in the Gazzetta Ufficiale.
	ITReference Series = "it_reference"
	// NLReference is the ECB rate on which the Dutch wettelijke handelsrente (BW 6:119a,
	// 6:120(2)) is set per half-year.
	NLReference Series = "nl_reference"
	// GBBase is the Bank of England base rate on 31 December (for interest that starts to run
	// in H1) or 30 June (for interest that starts in H2): the reference of the Late Payment of
	// Commercial Debts (Interest) Act 1998 (SI 2002/1675). The value is filed under the
	// half-year in which interest starts, not the half-year of the reference day.
	GBBase Series = "gb_base"
)

var seriesLabels = map[Series][2]string{ // English, French
	ECBMRO:                  {"ECB main refinancing rate", "taux de refinancement de la BCE"},
	FRLegalConsumerCreditor: {"French legal interest rate (creditor is a consumer)", "taux de l'intérêt légal (créancier particulier)"},
	FRLegalOther:            {"French legal interest rate (other cases)", "taux de l'intérêt légal (autres cas)"},
	BEReference:             {"Belgian reference rate", "taux de référence belge"},
	DEBase:                  {"German base rate (Basiszinssatz)", "taux de base allemand (Basiszinssatz)"},
	ESReference:             {"Spanish reference rate", "taux de référence espagnol"},
	ITReference:             {"Italian reference rate", "taux de référence italien"},
	NLReference:             {"Dutch reference rate", "taux de référence néerlandais"},
	GBBase:                  {"Bank of England base rate", "taux de base de la Banque d'Angleterre"},
}

// AllSeries lists the known series in a stable order.
func AllSeries() []Series {
	out := make([]Series, 0, len(seriesLabels))
	for s := range seriesLabels {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// ParseSeries reads a series name; the shared CSV's column names (legal_other,
// legal_consumer_creditor) are accepted for the French legal rates.
func ParseSeries(s string) (Series, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "legal_other":
		return FRLegalOther, nil
	case "legal_consumer_creditor":
		return FRLegalConsumerCreditor, nil
	}
	if _, ok := seriesLabels[Series(s)]; ok {
		return Series(s), nil
	}
	names := make([]string, 0, len(seriesLabels))
	for _, k := range AllSeries() {
		names = append(names, string(k))
	}
	return "", fmt.Errorf("unknown rate series %q: want one of %s", s, strings.Join(names, ", "))
}

// Label names the series for people.
func (s Series) Label(lang string) string {
	l, ok := seriesLabels[s]
	if !ok {
		return string(s)
	}
	if lang == "en" {
		return l[0]
	}
	return l[1]
}
