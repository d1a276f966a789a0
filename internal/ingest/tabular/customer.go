package tabular

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// CustomerRow is one customer of a customer file.
type CustomerRow struct {
	Line             int
	Ref, Name        string // both set: each falls back to the other when its column is absent
	Email            string
	Phone            string
	ContactName      string
	Address          receivable.Address // Country is an ISO 3166-1 alpha-2 code, "" when not given
	SIREN            string             // 9 digits
	Kind             receivable.Kind    // b2b when not given
	Profile          receivable.Profile
	Language         string // ISO 639-1 code: "fr", "en"…
	CreditLimit      money.Cents
	PaymentTermsDays int
	Collector        string
	// Present says which fields had a column, by field name ("email", "postal_code"…), so that
	// an update never blanks a field the file does not carry. A fallback does not count: with
	// no name column, Name repeats Ref but Present["name"] is false. The map is shared by all
	// the rows of a table; do not modify it.
	Present map[string]bool
}

var (
	fcRef      = customerSchema.index("ref")
	fcName     = customerSchema.index("name")
	fcEmail    = customerSchema.index("email")
	fcPhone    = customerSchema.index("phone")
	fcContact  = customerSchema.index("contact_name")
	fcAddress  = customerSchema.index("address")
	fcAddress2 = customerSchema.index("address2")
	fcPostal   = customerSchema.index("postal_code")
	fcCity     = customerSchema.index("city")
	fcCountry  = customerSchema.index("country")
	fcSIREN    = customerSchema.index("siren")
	fcKind     = customerSchema.index("kind")
	fcProfile  = customerSchema.index("profile")
	fcLanguage = customerSchema.index("language")
	fcCredit   = customerSchema.index("credit_limit")
	fcTerms    = customerSchema.index("payment_terms")
	fcCollect  = customerSchema.index("collector")
)

// NewCustomerReader opens a customer file. It needs a column for the reference or the name;
// every other column is optional, and Present tells which ones the file has.
func NewCustomerReader(name string, r io.Reader, opts Options) (*Table[CustomerRow], error) {
	c, err := open(name, r, opts, customerSchema)
	if err != nil {
		return nil, err
	}
	if !c.has(fcRef) && !c.has(fcName) {
		_ = c.src.close()
		return nil, c.missing("the customer reference or name", "ref", fcRef, fcName)
	}
	present := map[string]bool{}
	for f, col := range c.cols {
		if col >= 0 {
			present[customerSchema.fields[f].name] = true
		}
	}
	return &Table[CustomerRow]{core: c, parse: func(r *row) CustomerRow { return parseCustomer(r, present) }}, nil
}

func parseCustomer(r *row, present map[string]bool) CustomerRow {
	out := CustomerRow{
		Line:        r.line,
		Ref:         r.val(fcRef),
		Name:        r.val(fcName),
		Phone:       r.val(fcPhone),
		ContactName: r.val(fcContact),
		Collector:   r.val(fcCollect),
		Kind:        receivable.B2B,
		Present:     present,
		Address: receivable.Address{
			Line1: r.val(fcAddress),
			Line2: r.val(fcAddress2),
			City:  r.val(fcCity),
		},
	}
	switch {
	case !r.has(fcRef):
		out.Ref = out.Name
	case !r.has(fcName):
		out.Name = out.Ref
	}
	if out.Ref == "" {
		f := fcRef
		if !r.has(fcRef) {
			f = fcName
		}
		r.fail(f, "", ErrMissing)
	} else if out.Name == "" {
		r.fail(fcName, "", ErrMissing)
	}

	if v := r.val(fcEmail); v != "" {
		email, err := checkEmail(v)
		if err != nil {
			r.fail(fcEmail, v, err)
		}
		out.Email = email
	}
	if v := r.val(fcCountry); v != "" {
		cc, err := parseCountry(v)
		if err != nil {
			r.fail(fcCountry, v, err)
		}
		out.Address.Country = cc
	}
	out.Address.PostalCode = postalCode(r.val(fcPostal), out.Address.Country)
	if v := r.val(fcSIREN); v != "" {
		siren, err := parseSIREN(v)
		if err != nil {
			r.fail(fcSIREN, v, err)
		}
		out.SIREN = siren
	}
	if v := r.val(fcKind); v != "" {
		k, err := receivable.ParseKind(v)
		if err != nil {
			r.fail(fcKind, v, errors.New("unknown customer kind, want b2b, b2c or public"))
		}
		out.Kind = k
	}
	if v := r.val(fcProfile); v != "" {
		p, err := receivable.ParseProfile(v)
		if err != nil {
			r.fail(fcProfile, v, errors.New("unknown payer profile, want careless, bad_payer, insolvent, administrative, dispute_prone, automatic or good_payer (or their French names)"))
		}
		out.Profile = p
	}
	if v := r.val(fcLanguage); v != "" {
		l, err := parseLanguage(v)
		if err != nil {
			r.fail(fcLanguage, v, err)
		}
		out.Language = l
	}
	if v := r.val(fcCredit); v != "" {
		c, err := parseAmount(v, r.xlsx)
		switch {
		case err != nil:
			r.fail(fcCredit, v, err)
		case c < 0:
			r.fail(fcCredit, v, errors.New("must not be negative"))
		}
		out.CreditLimit = c
	}
	if v := r.val(fcTerms); v != "" {
		days, err := parseTerms(v)
		if err != nil {
			r.fail(fcTerms, v, err)
		}
		out.PaymentTermsDays = days
	}
	return out
}

// parseSIREN accepts a SIREN (9 digits) or a SIRET (14 digits, the SIREN then the
// establishment), written with or without spaces, dots or dashes, and returns the SIREN.
func parseSIREN(s string) (string, error) {
	d := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '\u00a0', '\u202f':
			return -1
		}
		return r
	}, s)
	if _, ok := digits(d); ok {
		switch len(d) {
		case 9:
			return d, nil
		case 14:
			return d[:9], nil
		}
	}
	return "", errors.New("want a SIREN of 9 digits or a SIRET of 14")
}

// postalCode restores the leading zero Excel removes from French postal codes typed as numbers
// ("1000" for Bourg-en-Bresse's 01000), when the country is France or not given. Elsewhere four
// digits are a real postal code (Belgium, Switzerland), so nothing is changed.
func postalCode(s, country string) string {
	if len(s) == 4 && (country == "" || country == "FR") {
		if _, ok := digits(s); ok {
			return "0" + s
		}
	}
	return s
}

// parseTerms reads payment terms in days: "30", "30 jours", "45j", "60 days".
func parseTerms(s string) (int, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, unit := range []string{"jours", "jour", "days", "day", "j", "d"} {
		if rest, ok := strings.CutSuffix(t, unit); ok {
			t = strings.TrimSpace(rest)
			break
		}
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 0 || n > 365 {
		return 0, errors.New("want a number of days between 0 and 365")
	}
	return n, nil
}

// parseLanguage reads a language as a code ("fr", "FR", "fr-FR", "en_GB") or by name in French
// or English, and returns the ISO 639-1 code.
func parseLanguage(s string) (string, error) {
	k := normValue(s)
	if code, ok := languages[k]; ok {
		return code, nil
	}
	t := strings.ToLower(strings.TrimSpace(s))
	if len(t) >= 2 && (len(t) == 2 || t[2] == '-' || t[2] == '_') && isLower(t[0]) && isLower(t[1]) {
		return t[:2], nil
	}
	return "", fmt.Errorf("unknown language, want a code such as fr or en")
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

var languages = map[string]string{
	"francais": "fr", "french": "fr", "anglais": "en", "english": "en", "allemand": "de", "german": "de",
	"deutsch": "de", "espagnol": "es", "spanish": "es", "italien": "it", "italian": "it",
	"neerlandais": "nl", "dutch": "nl", "portugais": "pt", "portuguese": "pt",
}

// parseCountry reads a country as an ISO code ("FR", "fr", "FRA") or by name, in French or
// English, for the countries French SMEs invoice most.
func parseCountry(s string) (string, error) {
	k := normValue(s)
	if code, ok := countries[k]; ok {
		return code, nil
	}
	if len(k) == 2 && isLower(k[0]) && isLower(k[1]) {
		return strings.ToUpper(k), nil
	}
	return "", errors.New("unknown country, write its ISO code (FR, BE, CH…)")
}

var countries = func() map[string]string {
	m := map[string]string{}
	for code, names := range map[string][]string{
		"FR": {"France", "FRA", "France métropolitaine", "République française"},
		"BE": {"Belgique", "Belgium", "BEL", "België"},
		"CH": {"Suisse", "Switzerland", "CHE", "Schweiz"},
		"LU": {"Luxembourg", "LUX"},
		"MC": {"Monaco", "MCO"},
		"DE": {"Allemagne", "Germany", "DEU", "Deutschland"},
		"ES": {"Espagne", "Spain", "ESP", "España"},
		"IT": {"Italie", "Italy", "ITA", "Italia"},
		"PT": {"Portugal", "PRT"},
		"NL": {"Pays-Bas", "Netherlands", "NLD", "Hollande", "The Netherlands", "Nederland"},
		"GB": {"Royaume-Uni", "United Kingdom", "GBR", "UK", "Grande-Bretagne", "Great Britain", "Angleterre", "England"},
		"IE": {"Irlande", "Ireland", "IRL"},
		"AT": {"Autriche", "Austria", "AUT"},
		"DK": {"Danemark", "Denmark", "DNK"},
		"SE": {"Suède", "Sweden", "SWE"},
		"NO": {"Norvège", "Norway", "NOR"},
		"FI": {"Finlande", "Finland", "FIN"},
		"PL": {"Pologne", "Poland", "POL"},
		"CZ": {"Tchéquie", "République tchèque", "Czechia", "Czech Republic", "CZE"},
		"GR": {"Grèce", "Greece", "GRC"},
		"RO": {"Roumanie", "Romania", "ROU"},
		"HU": {"Hongrie", "Hungary", "HUN"},
		"US": {"États-Unis", "Etats-Unis", "United States", "USA", "United States of America"},
		"CA": {"Canada", "CAN"},
		"MA": {"Maroc", "Morocco", "MAR"},
		"TN": {"Tunisie", "Tunisia", "TUN"},
		"DZ": {"Algérie", "Algeria", "DZA"},
		"SN": {"Sénégal", "Senegal", "SEN"},
		"CI": {"Côte d'Ivoire", "Ivory Coast", "CIV"},
		"CN": {"Chine", "China", "CHN"},
		"JP": {"Japon", "Japan", "JPN"},
	} {
		for _, n := range names {
			m[normValue(n)] = code
		}
	}
	// French overseas departments use their own ISO codes, but mail to them is French mail.
	for _, n := range []string{"Guadeloupe", "Martinique", "Guyane", "La Réunion", "Réunion", "Mayotte"} {
		m[normValue(n)] = "FR"
	}
	return m
}()
