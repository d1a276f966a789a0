// Package money holds exact amounts in minor units (cents) and rates, with the parsing and
// formatting French and English users expect. It never uses floating point: a reminder that
// claims 0.01 EUR too much is a reminder a debtor can contest.
package money

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Cents is an exact amount in the minor unit of its currency (cents for EUR, pence for GBP).
// relance treats every currency as having two decimals; the currency code travels beside the
// amount wherever it matters.
type Cents int64

// ErrSyntax is wrapped by every parse error, so that callers can tell bad input from a bug.
var ErrSyntax = errors.New("invalid amount")

// Parse reads an amount as accounting exports write it: "1 234,56", "1234,56", "1.234,56",
// "1234.56", "1,234.56", "-12", "+000000069,40", "1 234,56 €", "(12,00)". When both '.' and ','
// appear, the last one is the decimal separator; a lone ',' is decimal (French usage); a lone
// '.' is decimal unless it appears several times. More than two decimals are refused unless the
// extra digits are zeros, so that "1.234" (ambiguous) is an error rather than a guess.
func Parse(s string) (Cents, error) {
	orig := s
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "€")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "EUR"), "eur")
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = !neg, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	case strings.HasSuffix(s, "-"): // some ERPs write the sign last
		neg, s = !neg, s[:len(s)-1]
	}
	// Spaces of every kind, and apostrophes (Swiss), group thousands.
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\u2009', '\'', '’':
			return -1
		}
		return r
	}, s)
	if s == "" {
		return 0, fmt.Errorf("%w: %q is empty", ErrSyntax, orig)
	}
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	dec := -1 // index of the decimal separator in s
	switch {
	case lastDot >= 0 && lastComma >= 0:
		dec = max(lastDot, lastComma)
		thousands := byte(',')
		if dec == lastComma {
			thousands = '.'
		}
		s = s[:dec] + "\x00" + s[dec+1:]
		s = strings.ReplaceAll(s, string(thousands), "")
		dec = strings.IndexByte(s, 0)
	case lastComma >= 0:
		if strings.Count(s, ",") > 1 {
			s = strings.ReplaceAll(s, ",", "")
		} else {
			dec = lastComma
		}
	case lastDot >= 0:
		if strings.Count(s, ".") > 1 {
			s = strings.ReplaceAll(s, ".", "")
		} else {
			dec = lastDot
		}
	}
	intPart, frac := s, ""
	if dec >= 0 {
		intPart, frac = s[:dec], s[dec+1:]
	}
	if intPart == "" {
		intPart = "0"
	}
	if !allDigits(intPart) || !allDigits(frac) {
		return 0, fmt.Errorf("%w: %q", ErrSyntax, orig)
	}
	if len(frac) > 2 {
		if strings.Trim(frac[2:], "0") != "" {
			return 0, fmt.Errorf("%w: %q has more than two decimals", ErrSyntax, orig)
		}
		frac = frac[:2]
	}
	for len(frac) < 2 {
		frac += "0"
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	if len(intPart) > 16 {
		return 0, fmt.Errorf("%w: %q is too large", ErrSyntax, orig)
	}
	n, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q", ErrSyntax, orig)
	}
	if neg {
		n = -n
	}
	return Cents(n), nil
}

// MustParse is Parse for constants in tests and defaults; it panics on bad input.
func MustParse(s string) Cents {
	c, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return c
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String gives the canonical machine form: "1234.56", "-0.05". It is what JSON, CSV exports
// and policy files carry.
func (c Cents) String() string {
	n := int64(c)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	return fmt.Sprintf("%s%d.%02d", sign, n/100, n%100)
}

// Format writes the amount for people: "1 234,56" in French (no-break space between
// thousands), "1,234.56" in English.
func (c Cents) Format(lang string) string {
	n := int64(c)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	group, point := ",", "."
	if lang != "en" {
		group, point = "\u00a0", ","
	}
	digits := strconv.FormatInt(n/100, 10)
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	fmt.Fprintf(&b, "%s%02d", point, n%100)
	return b.String()
}

// FormatCurrency writes "1 234,56 €" (fr) or "€1,234.56" (en); other currencies show their
// ISO code: "1 234,56 CHF", "CHF 1,234.56". golang.org/x/text prints "EUR 1 234,56" in
// French, which no French reader writes, hence this function.
func (c Cents) FormatCurrency(currency, lang string) string {
	sym := map[string]string{"EUR": "€", "GBP": "£", "USD": "$"}[currency]
	if lang == "en" {
		if sym != "" {
			if c < 0 {
				return "-" + sym + (-c).Format(lang)
			}
			return sym + c.Format(lang)
		}
		return currency + " " + c.Format(lang)
	}
	if sym == "" {
		sym = currency
	}
	return c.Format(lang) + "\u00a0" + sym
}

// MulDiv returns c × num / den rounded half away from zero, computed exactly whatever the size
// of the operands (interest on large amounts overflows int64 in the intermediate product).
func (c Cents) MulDiv(num, den int64) Cents {
	return Cents(RoundDiv(new(big.Int).Mul(big.NewInt(int64(c)), big.NewInt(num)), big.NewInt(den)))
}

// RoundDiv divides exactly and rounds half away from zero ("arrondi commercial"), the rounding
// French accountants and courts use.
func RoundDiv(num, den *big.Int) int64 {
	if den.Sign() == 0 {
		panic("money: division by zero")
	}
	n, d := new(big.Int).Set(num), new(big.Int).Set(den)
	if d.Sign() < 0 {
		n.Neg(n)
		d.Neg(d)
	}
	neg := n.Sign() < 0
	n.Abs(n)
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	if r.Mul(r, big.NewInt(2)).Cmp(d) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}

// Sum adds amounts.
func Sum(cs ...Cents) Cents {
	var t Cents
	for _, c := range cs {
		t += c
	}
	return t
}
