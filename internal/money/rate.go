package money

import (
	"fmt"
	"strconv"
	"strings"
)

// Rate is an annual percentage rate kept exactly, in millionths of a percentage point:
// 12.15 % is Rate(12_150_000). Six decimals hold every published rate (ECB, legal rate,
// Bundesbank base rate) and any contractual rate without rounding.
type Rate int64

// RateScale is the number of Rate units in one percentage point.
const RateScale = 1_000_000

// Percent builds a rate from a whole number of hundredths of a percent: Percent(1215) is 12.15 %.
func Percent(hundredths int64) Rate { return Rate(hundredths * RateScale / 100) }

// ParseRate reads a percentage such as "12.15", "12,15", "12.15 %" or "3".
func ParseRate(s string) (Rate, error) {
	orig := s
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	s = strings.ReplaceAll(s, ",", ".")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" || !allDigits(intPart) || !allDigits(frac) || len(frac) > 6 || len(intPart) > 6 {
		return 0, fmt.Errorf("invalid rate %q: want a percentage such as 12.15", orig)
	}
	for len(frac) < 6 {
		frac += "0"
	}
	n, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid rate %q: %w", orig, err)
	}
	if neg {
		n = -n
	}
	return Rate(n), nil
}

// MustParseRate is ParseRate for constants; it panics on bad input.
func MustParseRate(s string) Rate {
	r, err := ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

// String prints the percentage with at least two decimals and no trailing zeros beyond:
// "12.15", "10.00", "3.625".
func (r Rate) String() string {
	n := int64(r)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	frac := fmt.Sprintf("%06d", n%RateScale)
	frac = strings.TrimRight(frac, "0")
	for len(frac) < 2 {
		frac += "0"
	}
	return fmt.Sprintf("%s%d.%s", sign, n/RateScale, frac)
}

// Format prints the percentage for people: "12,15 %" in French, "12.15%" in English.
func (r Rate) Format(lang string) string {
	s := r.String()
	if lang == "en" {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + "\u00a0%"
}
