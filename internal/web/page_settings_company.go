package web

import (
	"math/big"
	"net/http"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

func init() {
	addFR(map[string]string{
		"Short name": "Nom court", "Legal name": "Raison sociale", "SIREN": "SIREN", "VAT number": "N° de TVA intracommunautaire",
		"Address": "Adresse", "Address line 2": "Complément d'adresse", "Postal code": "Code postal", "City": "Ville", "Country": "Pays",
		"IBAN": "IBAN", "BIC": "BIC", "Currency": "Devise", "Time zone": "Fuseau horaire", "Language": "Langue",
		"Payment terms (days)": "Délai de paiement (jours)", "Contractual penalty rate (%)": "Taux de pénalité contractuel (%)",
		"Signature": "Signature", "Identity": "Identité", "Contact details": "Coordonnées", "Payment": "Paiement",
		"Collection": "Recouvrement", "Empty: the legal rate (ECB rate + 10 points).": "Vide : le taux légal (taux BCE + 10 points).",
		"Closes the e-mails and letters; one line each.":    "Termine les e-mails et les lettres ; une ligne par ligne.",
		"Some fields need a correction: nothing was saved.": "Certains champs sont à corriger : rien n'a été enregistré.",
		"required":                     "obligatoire",
		"want 9 digits":                "9 chiffres attendus",
		"not a valid SIREN (checksum)": "SIREN invalide (clé de contrôle)",
		"want FR, a 2-digit key and the SIREN, or another EU country's number": "attendu : FR, une clé de 2 chiffres et le SIREN, ou le numéro d'un autre pays de l'UE",
		"the key does not match the SIREN":                                     "la clé ne correspond pas au SIREN",
		"not the company's SIREN":                                              "ce n'est pas le SIREN de la société",
		"not a valid IBAN":                                                     "IBAN invalide",
		"want 8 or 11 letters and digits":                                      "8 ou 11 lettres et chiffres attendus",
		"not an e-mail address":                                                "adresse e-mail invalide",
		"not a phone number":                                                   "numéro de téléphone invalide",
		"want a 3-letter code such as EUR":                                     "code de 3 lettres attendu, par exemple EUR",
		"want a time zone such as Europe/Paris":                                "fuseau horaire attendu, par exemple Europe/Paris",
		"want fr or en":                                                        "fr ou en attendu",
		"want 0 to 365 days":                                                   "de 0 à 365 jours",
		"want a percentage from 0 to 100":                                      "pourcentage de 0 à 100 attendu",
		"want a 2-letter country code such as FR":                              "code pays de 2 lettres attendu, par exemple FR",
		"want 5 digits":                                                        "5 chiffres attendus",
		"Company details saved":                                                "Coordonnées enregistrées",
	})
}

// companySettings is the company form as typed, so that a refused form comes back as the
// user left it, with a message per field.
type companySettings struct {
	Name, LegalName, SIREN, VAT, Line1, Line2, PostalCode, City, Country string
	Email, Phone, IBAN, BIC, Currency, TimeZone, Language, Terms, Rate   string
	Signature                                                            string
	Errs                                                                 map[string]string
	Zones                                                                []string
}

// commonZones are offered in the time zone field; any IANA name is accepted.
var commonZones = []string{"Europe/Paris", "Europe/Brussels", "Europe/Luxembourg", "Europe/Zurich", "Europe/London",
	"America/Martinique", "America/Guadeloupe", "America/Cayenne", "Indian/Reunion", "Indian/Mayotte", "Pacific/Noumea", "Pacific/Tahiti", "UTC"}

func companyForm(co receivable.Company) *companySettings {
	f := &companySettings{Name: co.Name, LegalName: co.LegalName, SIREN: co.SIREN, VAT: co.VATNumber, Line1: co.Address.Line1,
		Line2: co.Address.Line2, PostalCode: co.Address.PostalCode, City: co.Address.City, Country: co.Address.Country,
		Email: co.Email, Phone: co.Phone, IBAN: co.IBAN, BIC: co.BIC, Currency: co.Currency, TimeZone: co.TimeZone,
		Language: co.Language, Terms: strconv.Itoa(co.PaymentTermsDays), Signature: co.Signature, Zones: commonZones}
	if co.PenaltyRate != 0 {
		f.Rate = co.PenaltyRate.String()
	}
	return f
}

func companyFormOf(r *http.Request) *companySettings {
	v := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	return &companySettings{Name: v("name"), LegalName: v("legal_name"), SIREN: v("siren"), VAT: v("vat"), Line1: v("line1"),
		Line2: v("line2"), PostalCode: v("postal_code"), City: v("city"), Country: v("country"), Email: v("email"), Phone: v("phone"),
		IBAN: v("iban"), BIC: v("bic"), Currency: v("currency"), TimeZone: v("timezone"), Language: v("language"), Terms: v("terms"),
		Rate: v("rate"), Signature: strings.ReplaceAll(strings.TrimSpace(r.FormValue("signature")), "\r\n", "\n"), Zones: commonZones}
}

var (
	bicRe      = regexp.MustCompile(`^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$`)
	currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)
	countryRe  = regexp.MustCompile(`^[A-Z]{2}$`)
	phoneRe    = regexp.MustCompile(`^\+?[0-9 .()\-]{6,25}$`)
	euVATRe    = regexp.MustCompile(`^[A-Z]{2}[0-9A-Z]{2,13}$`)
)

// compactNumber drops the spaces, dots and dashes people type in numbers and upper-cases them.
func compactNumber(s string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '\u00a0', '\u202f':
			return -1
		}
		return r
	}, s))
}

// apply checks the form and returns the company it describes; errs says what is wrong,
// field by field, in English (the page translates).
func (f *companySettings) apply(co receivable.Company) (receivable.Company, map[string]string) {
	errs := map[string]string{}
	co.Name, co.LegalName, co.Signature = f.Name, f.LegalName, f.Signature
	if co.Name == "" {
		errs["name"] = "required"
	}
	co.SIREN = compactNumber(f.SIREN)
	if co.SIREN != "" {
		if len(co.SIREN) != 9 || strings.Trim(co.SIREN, "0123456789") != "" {
			errs["siren"] = "want 9 digits"
		} else if !luhn(co.SIREN) && co.SIREN != "356000000" { // La Poste's SIREN is the known exception
			errs["siren"] = "not a valid SIREN (checksum)"
		}
	}
	co.VATNumber = compactNumber(f.VAT)
	if v := co.VATNumber; v != "" {
		switch {
		case strings.HasPrefix(v, "FR"):
			key, siren := v[2:min(4, len(v))], v[min(4, len(v)):]
			k, err := strconv.Atoi(key)
			n, err2 := strconv.ParseInt(siren, 10, 64)
			switch {
			case len(v) != 13 || err != nil || err2 != nil:
				errs["vat"] = "want FR, a 2-digit key and the SIREN, or another EU country's number"
			case k != int((12+3*(n%97))%97):
				errs["vat"] = "the key does not match the SIREN"
			case co.SIREN != "" && siren != co.SIREN && errs["siren"] == "":
				errs["vat"] = "not the company's SIREN"
			}
		case !euVATRe.MatchString(v):
			errs["vat"] = "want FR, a 2-digit key and the SIREN, or another EU country's number"
		}
	}
	co.Address = receivable.Address{Line1: f.Line1, Line2: f.Line2, PostalCode: f.PostalCode, City: f.City, Country: strings.ToUpper(f.Country)}
	if co.Address.Country == "" {
		co.Address.Country = "FR"
	}
	if !countryRe.MatchString(co.Address.Country) {
		errs["country"] = "want a 2-letter country code such as FR"
	} else if pc := co.Address.PostalCode; co.Address.Country == "FR" && pc != "" && (len(pc) != 5 || strings.Trim(pc, "0123456789") != "") {
		errs["postal_code"] = "want 5 digits"
	}
	co.Email = f.Email
	if co.Email != "" {
		if a, err := mail.ParseAddress(co.Email); err != nil || a.Address != co.Email {
			errs["email"] = "not an e-mail address"
		}
	}
	co.Phone = f.Phone
	if co.Phone != "" && !phoneRe.MatchString(co.Phone) {
		errs["phone"] = "not a phone number"
	}
	co.IBAN = compactNumber(f.IBAN)
	if co.IBAN != "" && !validIBAN(co.IBAN) {
		errs["iban"] = "not a valid IBAN"
	}
	co.BIC = compactNumber(f.BIC)
	if co.BIC != "" && !bicRe.MatchString(co.BIC) {
		errs["bic"] = "want 8 or 11 letters and digits"
	}
	co.Currency = strings.ToUpper(f.Currency)
	if !currencyRe.MatchString(co.Currency) {
		errs["currency"] = "want a 3-letter code such as EUR"
	}
	co.TimeZone = f.TimeZone
	if _, err := time.LoadLocation(co.TimeZone); err != nil || co.TimeZone == "" || co.TimeZone == "Local" {
		errs["timezone"] = "want a time zone such as Europe/Paris"
	}
	co.Language = f.Language
	if co.Language != "fr" && co.Language != "en" {
		errs["language"] = "want fr or en"
	}
	if n, err := strconv.Atoi(f.Terms); err != nil || n < 0 || n > 365 {
		errs["terms"] = "want 0 to 365 days"
	} else {
		co.PaymentTermsDays = n
	}
	co.PenaltyRate = 0
	if f.Rate != "" {
		rate, err := money.ParseRate(f.Rate)
		if err != nil || rate < 0 || rate > 100*money.RateScale {
			errs["rate"] = "want a percentage from 0 to 100"
		} else {
			co.PenaltyRate = rate
		}
	}
	return co, errs
}

// luhn is the checksum of SIREN numbers.
func luhn(digits string) bool {
	sum := 0
	for i := range len(digits) {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// validIBAN checks an IBAN's shape and its ISO 7064 mod-97 check digits.
func validIBAN(iban string) bool {
	if len(iban) < 15 || len(iban) > 34 || !countryRe.MatchString(iban[:2]) {
		return false
	}
	var b strings.Builder
	for _, r := range iban[4:] + iban[:4] {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteString(strconv.Itoa(int(r-'A') + 10))
		default:
			return false
		}
	}
	n, ok := new(big.Int).SetString(b.String(), 10)
	return ok && new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

func (s *Server) settingsCompanyPage(w http.ResponseWriter, r *http.Request) error {
	s.renderSettings(w, r, http.StatusOK, settingsData{Tab: "company", Company: companyForm(companyOf(r))})
	return nil
}

// settingsCompanySave stores the company's details when every field is valid, and nothing
// otherwise.
func (s *Server) settingsCompanySave(w http.ResponseWriter, r *http.Request) error {
	f := companyFormOf(r)
	co, errs := f.apply(companyOf(r))
	if len(errs) > 0 {
		f.Errs = errs
		s.renderSettings(w, r, http.StatusUnprocessableEntity, settingsData{Tab: "company", Company: f})
		return nil
	}
	if err := s.app.Store.UpdateCompany(r.Context(), co); err != nil {
		return err
	}
	http.Redirect(w, r, "/c/"+co.Slug+"/settings?flash=Company+details+saved", http.StatusSeeOther)
	return nil
}
