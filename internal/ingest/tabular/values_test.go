package tabular

import (
	"errors"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

var dateSamples = []string{
	"31/01/2026", "2026-01-31", "29/02/2024", "29/02/2026", "31/04/2026", "00/01/2026", "01/00/2026", "01/13/2026",
	"2026-02-29", "2024-02-29", "1899-12-31", "1900-01-01", "2999-12-31", "3000-01-01", "31/12/1900", "1/2/2026",
	"31/01/26", "31-01-2026", "31.01.2026", "20260131", "2026-01-31T00:00:00", "31/01/2026 10:00", "3a/01/2026",
	"2026/01/31", "", "  31/01/2026", "2100-02-29", "2000-02-29", "+1/01/2026", "-1/01/2026",
}

// The fast path must agree with civil.ParseLoose on everything it accepts.
func TestFastDateAgreesWithParseLoose(t *testing.T) {
	for _, s := range dateSamples {
		checkFastDate(t, s)
	}
}

func checkFastDate(t *testing.T, s string) {
	got, ok := fastDate(s)
	if !ok {
		return
	}
	want, err := civil.ParseLoose(s)
	if err != nil || got != want {
		t.Errorf("fastDate(%q) = %v, ParseLoose = %v, %v", s, got, want, err)
	}
}

var amountSamples = []string{
	"1234.56", "1234,56", "1234,5", "-1234,5", "0", "-0", "007", "12.", "12,", ".5", "1.234", "1,234", "999999999999999",
	"9999999999999999", "1 234,56", "1.234,56", "+12", "12-", "(12,00)", "12 €", "", "-", "1,2,3", "12.3.4", "1e5",
}

func TestFastAmountAgreesWithMoneyParse(t *testing.T) {
	for _, s := range amountSamples {
		checkFastAmount(t, s)
	}
}

func checkFastAmount(t *testing.T, s string) {
	got, ok := fastAmount(s)
	if !ok {
		return
	}
	want, err := money.Parse(s)
	if err != nil || got != want {
		t.Errorf("fastAmount(%q) = %v, money.Parse = %v, %v", s, got, want, err)
	}
}

func FuzzFastPathsAgreeWithTheLibraries(f *testing.F) {
	for _, s := range append(dateSamples, amountSamples...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkFastDate(t, s)
		checkFastAmount(t, s)
	})
}

func TestAmountsFromXLSXNumbersDropFloatNoiseOnly(t *testing.T) {
	tests := []struct {
		in   string
		xlsx bool
		want money.Cents
		ok   bool
	}{
		{"1234.5600000000002", true, 123456, true},
		{"1234.5599999999999", true, 123456, true},
		{"0.30000000000000004", true, 30, true},
		{"-120.00000000000001", true, -12000, true},
		{"1.5E-2", true, 2, false}, // 0.015: a real third decimal
		{"1.25E+3", true, 125000, true},
		{"12.345", true, 0, false},
		{"1234.5600000000002", false, 0, false}, // a CSV file has no float noise to forgive
		{"1e999999999", true, 0, false},
	}
	for _, tt := range tests {
		got, err := parseAmount(tt.in, tt.xlsx)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("parseAmount(%q, xlsx=%v) = %d, %v; want %d ok=%v", tt.in, tt.xlsx, got, err, tt.want, tt.ok)
		}
		if err != nil && !errors.Is(err, money.ErrSyntax) {
			t.Errorf("parseAmount(%q) error %v does not wrap money.ErrSyntax", tt.in, err)
		}
	}
}

func TestEmailShapes(t *testing.T) {
	for in, want := range map[string]string{
		"a@b.fr":                     "a@b.fr",
		"compta@acme.fr; dg@acme.fr": "compta@acme.fr, dg@acme.fr",
		"a@b.fr,":                    "a@b.fr",
		"a@b":                        "",
		"@b.fr":                      "",
		"a b@c.fr":                   "",
		"<a@b.fr>":                   "",
		";":                          "",
	} {
		got, err := checkEmail(in)
		if (err != nil) != (want == "") || got != want {
			t.Errorf("checkEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
