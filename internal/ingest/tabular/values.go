package tabular

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// Errors a FieldError wraps, so that callers and tests can tell the problems apart.
var (
	ErrMissing         = errors.New("missing value")
	ErrDate            = errors.New("invalid date, want dd/mm/yyyy or yyyy-mm-dd")
	ErrDuplicate       = errors.New("duplicate invoice number")
	ErrDueBeforeIssue  = errors.New("due date before the issue date")
	ErrNotPositive     = errors.New("must be more than zero")
	ErrInvalidUTF8     = errors.New("not valid UTF-8 although the rest of the file is; save the file again in one encoding")
	errInvalidCurrency = errors.New("invalid currency, want an ISO code such as EUR")
)

// parseDate reads a date. The two shapes nearly every export uses, dd/mm/yyyy and
// yyyy-mm-dd, are read here without allocating (a million-row file has two dates a row);
// everything else goes to civil.ParseLoose, which accepts the same dates and more. In an XLSX
// file a plain number is a date cell's serial number.
func parseDate(s string, xlsx, date1904 bool) (civil.Date, error) {
	if d, ok := fastDate(s); ok {
		return d, nil
	}
	if xlsx {
		if d, ok := excelSerial(s, date1904); ok {
			return d, nil
		}
	}
	d, err := civil.ParseLoose(s)
	if err != nil {
		return civil.Date{}, ErrDate
	}
	return d, nil
}

func fastDate(s string) (civil.Date, bool) {
	if len(s) != 10 {
		return civil.Date{}, false
	}
	var ys, ms, ds string
	switch {
	case s[2] == '/' && s[5] == '/':
		ds, ms, ys = s[0:2], s[3:5], s[6:10]
	case s[4] == '-' && s[7] == '-':
		ys, ms, ds = s[0:4], s[5:7], s[8:10]
	default:
		return civil.Date{}, false
	}
	y, ok1 := digits(ys)
	m, ok2 := digits(ms)
	d, ok3 := digits(ds)
	if !ok1 || !ok2 || !ok3 {
		return civil.Date{}, false
	}
	return checkDate(y, m, d)
}

// checkDate accepts what civil.ParseLoose accepts: years 1900 to 2999 and real days.
func checkDate(y, m, d int) (civil.Date, bool) {
	if y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return civil.Date{}, false
	}
	return civil.Date{Year: y, Month: time.Month(m), Day: d}, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// excelSerial converts the serial number of an XLSX date cell. In the 1900 date system day 1
// is 1 January 1900 and Excel keeps Lotus 1-2-3's error of a 29 February 1900 (day 60), so
// days from 61 on are one more than the calendar count; in the 1904 system (old Mac
// workbooks) day 0 is 1 January 1904. A time of day (the fraction) is dropped. Only serials up
// to five digits (year 2173) are taken as dates, so that a number typed in a date column is
// not turned into a date centuries away.
func excelSerial(s string, date1904 bool) (civil.Date, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	n, ok := digits(whole)
	if !ok || len(whole) > 5 {
		return civil.Date{}, false
	}
	if _, ok := digits(frac); frac != "" && !ok {
		return civil.Date{}, false
	}
	var d civil.Date
	switch {
	case date1904:
		d = civil.D(1904, time.January, 1+n)
	case n == 0 || n == 60: // 0 January 1900 and 29 February 1900 do not exist
		return civil.Date{}, false
	case n < 60:
		d = civil.D(1899, time.December, 31+n)
	default:
		d = civil.D(1899, time.December, 30+n)
	}
	return d, true
}

// parseAmount reads an amount with money.Parse, after a fast path for the plain shapes
// ("1234.56", "-12,5", "300") that make up nearly every row of a large export. In an XLSX file
// a number cell holds the binary double Excel computed, so 1234.56 may be stored as
// "1234.5600000000002": such a value is rounded to the cent it differs from by float noise
// only, while a real third decimal ("12.345") stays an error, as in a CSV file.
func parseAmount(s string, xlsx bool) (money.Cents, error) {
	if c, ok := fastAmount(s); ok {
		return c, nil
	}
	c, err := money.Parse(s)
	if err == nil {
		return c, nil
	}
	if xlsx {
		if c, ok := excelNumber(s); ok {
			return c, nil
		}
	}
	msg := err.Error()
	switch {
	case strings.HasSuffix(msg, "has more than two decimals"):
		return 0, fmt.Errorf("%w: more than two decimals", money.ErrSyntax)
	case strings.HasSuffix(msg, "is too large"):
		return 0, fmt.Errorf("%w: too large", money.ErrSyntax)
	}
	return 0, fmt.Errorf("%w, want 1234,56 or 1 234,56 or 1234.56", money.ErrSyntax)
}

func fastAmount(s string) (money.Cents, bool) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		i, neg = 1, true
	}
	start := i
	var n int64
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int64(s[i]-'0')
		i++
	}
	if i == start || i-start > 15 {
		return 0, false
	}
	n *= 100
	if i < len(s) {
		if s[i] != '.' && s[i] != ',' {
			return 0, false
		}
		frac := s[i+1:]
		f, ok := digits(frac)
		switch {
		case !ok || len(frac) > 2:
			return 0, false
		case len(frac) == 1:
			f *= 10
		}
		n += int64(f)
	}
	if neg {
		n = -n
	}
	return money.Cents(n), true
}

// excelNumber reads the shortest-round-trip form Excel writes for a double ("1234.5600000000002",
// "1.5E-2") and rounds it to cents when it is within a hundredth of a cent of one.
func excelNumber(s string) (money.Cents, bool) {
	mant, exp, hasExp := strings.Cut(strings.ToUpper(s), "E")
	mant = strings.TrimPrefix(mant, "-")
	whole, frac, _ := strings.Cut(mant, ".")
	if _, ok := digits(whole); !ok || len(mant) > 40 {
		return 0, false
	}
	if _, ok := digits(frac); frac != "" && !ok {
		return 0, false
	}
	if hasExp {
		e, ok := digits(strings.TrimLeft(exp, "+-"))
		if !ok || e > 20 {
			return 0, false
		}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, false
	}
	r.Mul(r, big.NewRat(100, 1))
	cents := money.RoundDiv(r.Num(), r.Denom())
	diff := new(big.Rat).Sub(r, new(big.Rat).SetInt64(cents))
	if diff.Abs(diff).Cmp(big.NewRat(1, 100)) > 0 || cents > 1e17 || cents < -1e17 {
		return 0, false
	}
	return money.Cents(cents), true
}

// parseCurrency accepts an ISO 4217 code in any case, and the euro sign.
func parseCurrency(s string) (string, error) {
	if len(s) == 3 && isUpper(s[0]) && isUpper(s[1]) && isUpper(s[2]) {
		return s, nil
	}
	if s == "€" {
		return "EUR", nil
	}
	u := strings.ToUpper(s)
	if len(u) == 3 && isUpper(u[0]) && isUpper(u[1]) && isUpper(u[2]) {
		return u, nil
	}
	return "", errInvalidCurrency
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// checkEmail accepts one address or several separated by ";" or ",", as invoicing tools
// write them, and returns them separated by ", ". It checks the shape only: whether mail
// arrives is for the mailer to find out.
func checkEmail(s string) (string, error) {
	if !strings.ContainsAny(s, ";,") {
		if !emailShape(s) {
			return "", errors.New("invalid e-mail address")
		}
		return s, nil
	}
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !emailShape(part) {
			return "", fmt.Errorf("invalid e-mail address %q", part)
		}
		out = append(out, part)
	}
	if len(out) == 0 {
		return "", errors.New("invalid e-mail address")
	}
	return strings.Join(out, ", "), nil
}

func emailShape(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return false
	}
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == '<' || r == '>' || r == '"' || r == 0x7f {
			return false
		}
	}
	return true
}
