package penalty

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// The embedded files parse and hold the values of the legal note, each with a source.
func TestDefaultRatesHoldTheLegalNotesValues(t *testing.T) {
	if _, err := defaultRates(); err != nil {
		t.Fatal(err)
	}
	rates := DefaultRates()
	for _, tc := range []struct {
		series Series
		sem    string
		rate   string
	}{
		{ECBMRO, "2009-H1", "2.50"}, {ECBMRO, "2024-H1", "4.50"}, {ECBMRO, "2024-H2", "4.25"}, {ECBMRO, "2026-H1", "2.15"},
		{FRLegalOther, "2024-H1", "5.07"}, {FRLegalOther, "2026-H1", "2.62"}, {FRLegalConsumerCreditor, "2026-H1", "6.67"},
		{ITReference, "2026-H1", "2.15"}, {NLReference, "2024-H2", "4.25"},
	} {
		e, err := rates.Lookup(tc.series, MustParseSemester(tc.sem))
		if err != nil || e.Rate != pct100(tc.rate) || !e.Confirmed {
			t.Errorf("%s %s = %+v, %v; want confirmed %s", tc.series, tc.sem, e, err, tc.rate)
		}
	}
	for _, e := range rates.Entries() {
		if e.Source == "" {
			t.Errorf("%s %s has no source", e.Series, e.Semester)
		}
	}
	// The note says these are not confirmed: present, flagged.
	for _, s := range []Series{DEBase, BEReference} {
		if e, err := rates.Lookup(s, Semester{2026, 1}); err != nil || e.Confirmed {
			t.Errorf("%s 2026-H1 = %+v, %v; want an unconfirmed value", s, e, err)
		}
	}
	// The note has no value: absent, never guessed.
	for _, s := range []Series{ECBMRO, FRLegalOther, FRLegalConsumerCreditor} {
		if _, err := rates.Lookup(s, Semester{2026, 2}); err == nil {
			t.Errorf("%s has a 2026-H2 value", s)
		}
	}
	if _, err := rates.Lookup(FRLegalOther, Semester{2014, 2}); err == nil {
		t.Error("a legal rate before 2015 (empty in the shared table) is present")
	}
	if _, err := rates.Lookup(GBBase, Semester{2024, 1}); err == nil {
		t.Error("a Bank of England rate is present though the note gives none")
	}
}

// With returns a new table; the defaults others share are untouched.
func TestWithOverlaysWithoutChangingTheOriginal(t *testing.T) {
	base := DefaultRates()
	n := base.Len()
	over := base.With(ECBMRO, Semester{2026, 2}, pct100("2.15"), "").With(ECBMRO, Semester{2024, 1}, pct100("9"), "typo kept by a user")
	if base.Len() != n {
		t.Fatal("With changed the table it was called on")
	}
	if _, err := DefaultRates().Lookup(ECBMRO, Semester{2026, 2}); err == nil {
		t.Fatal("With changed the shared defaults")
	}
	e, err := over.Lookup(ECBMRO, Semester{2026, 2})
	if err != nil || e.Rate != pct100("2.15") || !e.Confirmed || e.Source != "set by a user" {
		t.Errorf("overlay = %+v, %v", e, err)
	}
	if e, _ := over.Lookup(ECBMRO, Semester{2024, 1}); e.Rate != pct100("9") {
		t.Errorf("a user's rate does not replace the default: %+v", e)
	}
}

func TestMissingRateErrorNamesTheRateAndTheCommand(t *testing.T) {
	_, err := NewTable().Lookup(FRLegalOther, Semester{2026, 2})
	var m *MissingRateError
	if !errors.As(err, &m) {
		t.Fatalf("err = %v", err)
	}
	if want := `no French legal interest rate (other cases) for 2026-H2: add it with "relance rates set fr_legal_other 2026-H2 <rate>"`; err.Error() != want {
		t.Errorf("err = %q", err)
	}
	if got := m.Advice("fr"); !strings.Contains(got, "2e semestre 2026") || !strings.Contains(got, "relance rates set fr_legal_other 2026-H2") {
		t.Errorf("advice = %q", got)
	}
}

func TestReadRatesCSVReadsBothLayouts(t *testing.T) {
	wide := "# comment\nsemester,ecb_mro,legal_consumer_creditor,legal_other\n2026-H2,2.15,,2,62\n"
	// "2,62" is split by the CSV reader: it must be quoted to carry a decimal comma.
	if _, err := ReadRatesCSV(strings.NewReader(wide)); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("a row longer than the header: err = %v", err)
	}
	wide = "semester,ecb_mro,legal_consumer_creditor,legal_other\n2026-H2,2.15,,\"2,62\"\n"
	es, err := ReadRatesCSV(strings.NewReader(wide))
	if err != nil || len(es) != 2 || es[0].Series != ECBMRO || es[1].Series != FRLegalOther || es[1].Rate != pct100("2.62") || es[1].Semester != (Semester{2026, 2}) {
		t.Fatalf("wide = %+v, %v", es, err)
	}
	long := "series,semester,rate,confirmed,source\nde_base,2026-H2,1.27,false,Bundesbank\ngb_base,2026-H1,4.00,,\n"
	es, err = ReadRatesCSV(strings.NewReader(long))
	if err != nil || len(es) != 2 || es[0].Confirmed || es[0].Source != "Bundesbank" || !es[1].Confirmed || es[1].Series != GBBase {
		t.Fatalf("long = %+v, %v", es, err)
	}
}

func TestReadRatesCSVNamesTheLineAndColumnOfBadInput(t *testing.T) {
	for in, want := range map[string]string{
		"semester,ecb_mro\n2026-H1,2.15\n2026-H3,2.15\n":            "line 3, column semester",
		"semester,ecb_mro\n2026-H1,abc\n":                           "line 2, column ecb_mro",
		"semester,ecb_rate\n":                                       "unknown rate series",
		"series,semester,rate\nde_base,2026-H1,1,27%\n":             "line 2",
		"series,semester,rate,confirmed\nde_base,2026-H1,1,maybe\n": "line 2, column confirmed",
		"series,semester,rate\nxx_base,2026-H1,1\n":                 "line 2, column series",
		"when,what\n": "header",
		"":            "no header",
	} {
		_, err := ReadRatesCSV(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want it to mention %q", in, err, want)
		}
	}
}

// What `relance rates list --format json` will print: the rate as exact decimal text.
func TestEntryJSONCarriesTheRateAsDecimalText(t *testing.T) {
	e := Entry{Series: ECBMRO, Semester: Semester{2026, 1}, Rate: pct100("2.15"), Source: "s", Confirmed: true}
	b, err := json.Marshal(e)
	if err != nil || !bytes.Contains(b, []byte(`"rate":"2.15"`)) || !bytes.Contains(b, []byte(`"semester":"2026-H1"`)) {
		t.Fatalf("json = %s, %v", b, err)
	}
	var back Entry
	if err := json.Unmarshal(b, &back); err != nil || back != e {
		t.Errorf("round trip = %+v, %v", back, err)
	}
}
