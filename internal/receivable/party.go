// Package receivable is the pure model of what customers owe: companies (creditors), customers
// (debtors) and their contacts, invoices, credit notes, payments and how payments are
// allocated. It does no I/O; amounts that can be derived (open balance, days late) are
// computed here, never stored twice.
package receivable

import (
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/money"
)

// Address is a postal address as a French window envelope shows it.
type Address struct {
	Line1      string `json:"line1"`
	Line2      string `json:"line2,omitempty"`
	PostalCode string `json:"postal_code"`
	City       string `json:"city"`
	Country    string `json:"country"` // ISO 3166-1 alpha-2, "FR" when empty
}

// Lines returns the non-empty lines of the address, postal code and city on one line.
func (a Address) Lines() []string {
	var out []string
	for _, l := range []string{a.Line1, a.Line2, strings.TrimSpace(a.PostalCode + " " + a.City)} {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	if a.Country != "" && a.Country != "FR" {
		out = append(out, a.Country)
	}
	return out
}

// Company is the creditor: the business that issued the invoices and runs relance. One
// database holds several companies (an accounting firm collects for many clients).
type Company struct {
	ID               int64      `json:"id"`
	Slug             string     `json:"slug"`
	Name             string     `json:"name"`
	LegalName        string     `json:"legal_name"`
	SIREN            string     `json:"siren"`
	VATNumber        string     `json:"vat_number"`
	Address          Address    `json:"address"`
	Email            string     `json:"email"`
	Phone            string     `json:"phone"`
	IBAN             string     `json:"iban"`
	BIC              string     `json:"bic"`
	Currency         string     `json:"currency"`
	TimeZone         string     `json:"timezone"`
	Language         string     `json:"language"`
	PaymentTermsDays int        `json:"payment_terms_days"`
	PenaltyRate      money.Rate `json:"penalty_rate"` // contractual late-penalty rate; 0 means the legal default
	Signature        string     `json:"signature"`
}

// DisplayName is the legal name when known, else the short name.
func (c Company) DisplayName() string {
	if c.LegalName != "" {
		return c.LegalName
	}
	return c.Name
}

// Kind says who the debtor is; the law differs for each (penalties, limitation, fees).
type Kind string

// The kinds of debtor.
const (
	B2B    Kind = "b2b"    // a business
	B2C    Kind = "b2c"    // a consumer
	Public Kind = "public" // a public body (State, local authority, hospital)
)

// ParseKind reads b2b/b2c/public and their French names.
func ParseKind(s string) (Kind, error) {
	switch norm(s) {
	case "", "b2b", "entreprise", "professionnel", "pro", "business", "company":
		return B2B, nil
	case "b2c", "particulier", "consommateur", "consumer", "individual":
		return B2C, nil
	case "public", "b2g", "administration", "collectivite", "organisme public", "public body":
		return Public, nil
	}
	return "", fmt.Errorf("unknown customer kind %q: want b2b, b2c or public", s)
}

// Profile is the payer profile of the seeds: how this debtor behaves, and so how to chase it.
type Profile string

// The seven payer profiles.
const (
	Careless       Profile = "careless"       // négligent: waits to be reminded
	BadPayer       Profile = "bad_payer"      // mauvais payeur: delays on purpose
	Insolvent      Profile = "insolvent"      // insolvable: cannot pay for now
	Administrative Profile = "administrative" // administratif: lost in a large organisation
	DisputeProne   Profile = "dispute_prone"  // litige: always finds a dispute
	Automatic      Profile = "automatic"      // automatique: direct debit, no reminder
	GoodPayer      Profile = "good_payer"     // bon payeur: pays on time
)

// Profiles lists the payer profiles in the seeds' order.
var Profiles = []Profile{Careless, BadPayer, Insolvent, Administrative, DisputeProne, Automatic, GoodPayer}

// ParseProfile reads a profile in English or French ("mauvais payeur", "litige"…); empty
// means no profile set.
func ParseProfile(s string) (Profile, error) {
	switch norm(s) {
	case "":
		return "", nil
	case "careless", "negligent":
		return Careless, nil
	case "bad_payer", "bad payer", "mauvais payeur", "mauvais_payeur":
		return BadPayer, nil
	case "insolvent", "insolvable":
		return Insolvent, nil
	case "administrative", "administratif":
		return Administrative, nil
	case "dispute_prone", "dispute-prone", "dispute prone", "litige", "litigieux", "dispute":
		return DisputeProne, nil
	case "automatic", "automatique", "direct debit", "prelevement":
		return Automatic, nil
	case "good_payer", "good payer", "bon payeur", "bon_payeur":
		return GoodPayer, nil
	}
	return "", fmt.Errorf("unknown payer profile %q: want one of careless, bad_payer, insolvent, administrative, dispute_prone, automatic, good_payer", s)
}

// Label is the profile's name for people.
func (p Profile) Label(lang string) string {
	fr := map[Profile]string{Careless: "négligent", BadPayer: "mauvais payeur", Insolvent: "insolvable",
		Administrative: "administratif", DisputeProne: "litige", Automatic: "automatique", GoodPayer: "bon payeur"}
	en := map[Profile]string{Careless: "careless", BadPayer: "bad payer", Insolvent: "insolvent",
		Administrative: "administrative", DisputeProne: "dispute-prone", Automatic: "automatic", GoodPayer: "good payer"}
	if lang == "en" {
		return en[p]
	}
	return fr[p]
}

// Customer is a debtor of the company.
type Customer struct {
	ID               int64       `json:"id"`
	CompanyID        int64       `json:"-"`
	Ref              string      `json:"ref"`
	Name             string      `json:"name"`
	SIREN            string      `json:"siren,omitempty"`
	Kind             Kind        `json:"kind"`
	Address          Address     `json:"address"`
	Language         string      `json:"language"`
	Profile          Profile     `json:"profile,omitempty"`
	CreditLimit      money.Cents `json:"credit_limit_cents"`
	PaymentTermsDays int         `json:"payment_terms_days,omitempty"` // 0: the company's
	Collector        string      `json:"collector,omitempty"`
	Policy           string      `json:"policy,omitempty"` // the policy's name; empty: the profile's, else the company default
	PenaltyRate      money.Rate  `json:"penalty_rate,omitempty"`
	Pause
}

// Contact is a person at a customer. The one marked Dunning is the one who can unblock
// payment: reminders go to them, not to the mailbox that receives invoices.
type Contact struct {
	ID            int64  `json:"id"`
	CompanyID     int64  `json:"-"`
	CustomerID    int64  `json:"customer_id"`
	Name          string `json:"name"`
	Role          string `json:"role,omitempty"` // accounting, treasury, purchasing…
	Email         string `json:"email,omitempty"`
	Phone         string `json:"phone,omitempty"`
	Dunning       bool   `json:"dunning"`
	Undeliverable string `json:"undeliverable,omitempty"` // why mail to this address fails, if it does
}

// DunningContact picks who reminders go to: the contact marked as able to unblock payment with
// a deliverable e-mail, else any contact with a deliverable e-mail, else the first contact.
// ok is false when the customer has no contact at all.
func DunningContact(contacts []Contact) (c Contact, ok bool) {
	for _, pass := range []func(Contact) bool{
		func(c Contact) bool { return c.Dunning && c.Email != "" && c.Undeliverable == "" },
		func(c Contact) bool { return c.Email != "" && c.Undeliverable == "" },
		func(c Contact) bool { return c.Dunning },
		func(Contact) bool { return true },
	} {
		for _, c := range contacts {
			if pass(c) {
				return c, true
			}
		}
	}
	return Contact{}, false
}

func norm(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer("é", "e", "è", "e", "ê", "e", "à", "a", "ç", "c", "ô", "o", "î", "i").Replace(s)
}
