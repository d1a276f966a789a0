package money

import (
	"errors"
	"math/big"
	"testing"
)

func TestParseAcceptsTheFormatsAccountingExportsWrite(t *testing.T) {
	tests := []struct {
		in   string
		want Cents
	}{
		{"1 234,56", 123456},
		{"1234,56", 123456},
		{"1.234,56", 123456},
		{"1234.56", 123456},
		{"1,234.56", 123456},
		{"1\u00a0234,56 €", 123456},
		{"1\u202f234,56", 123456},
		{"12", 1200},
		{"12,5", 1250},
		{"-12,50", -1250},
		{"+000000069,40", 6940},
		{"-000001215,42", -121542},
		{"0000000069,60", 6960},
		{"(12,00)", -1200},
		{"12,00-", -1200},
		{"1.234.567", 123456700},
		{"1,234,567", 123456700},
		{"1.500", 150},
		{",5", 50},
		{"1'234.50", 123450},
		{"2592", 259200},
		{"01.00", 100},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestParseRefusesWhatItCannotReadExactly(t *testing.T) {
	for _, in := range []string{"", "abc", "12,3,4.5.6x", "1.234", "1,2345", "12 €x", "--3", "99999999999999999999"} {
		if _, err := Parse(in); !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q) err = %v, want ErrSyntax", in, err)
		}
	}
}

func TestFormatGroupsThousandsPerLanguage(t *testing.T) {
	c := Cents(123456789)
	if got := c.Format("fr"); got != "1\u00a0234\u00a0567,89" {
		t.Errorf("fr = %q", got)
	}
	if got := c.Format("en"); got != "1,234,567.89" {
		t.Errorf("en = %q", got)
	}
	if got := Cents(-5).String(); got != "-0.05" {
		t.Errorf("String = %q", got)
	}
	if got := Cents(4000).FormatCurrency("EUR", "fr"); got != "40,00\u00a0€" {
		t.Errorf("FormatCurrency fr = %q", got)
	}
	if got := Cents(-4000).FormatCurrency("GBP", "en"); got != "-£40.00" {
		t.Errorf("FormatCurrency en = %q", got)
	}
}

func TestRoundingIsHalfAwayFromZero(t *testing.T) {
	tests := []struct {
		c        Cents
		num, den int64
		want     Cents
	}{
		{5, 1, 2, 3},                         // 2.5 -> 3
		{-5, 1, 2, -3},                       // -2.5 -> -3
		{4, 1, 3, 1},                         // 1.33 -> 1
		{5, 1, 3, 2},                         // 1.67 -> 2
		{1500000, 15 * 30, 100 * 365, 18493}, // 15,000 EUR at 15 % for 30 days: 184.93
	}
	for _, tt := range tests {
		if got := tt.c.MulDiv(tt.num, tt.den); got != tt.want {
			t.Errorf("%d*%d/%d = %d, want %d", tt.c, tt.num, tt.den, got, tt.want)
		}
	}
	if got := RoundDiv(big.NewInt(7), big.NewInt(-2)); got != -4 {
		t.Errorf("RoundDiv(7,-2) = %d", got)
	}
}

func TestRateParsesAndPrintsExactly(t *testing.T) {
	r := MustParseRate("12,15 %")
	if r != Percent(1215) {
		t.Fatalf("ParseRate = %d", r)
	}
	if r.String() != "12.15" || r.Format("fr") != "12,15\u00a0%" {
		t.Errorf("String %q Format %q", r.String(), r.Format("fr"))
	}
	if MustParseRate("3.625").String() != "3.625" || MustParseRate("10").String() != "10.00" {
		t.Error("rate printing")
	}
	if _, err := ParseRate("1.2345678"); err == nil {
		t.Error("seven decimals accepted")
	}
}
