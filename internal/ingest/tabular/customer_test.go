package tabular

import (
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/relance-app/relance/internal/receivable"
)

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

func TestCustomersAreReadWithEveryField(t *testing.T) {
	data := "Code client;Raison sociale;E-mail;Tél;Contact;Adresse;Complément d'adresse;Code postal;Ville;Pays;SIRET;Type;Profil;Langue;Plafond;Délai de paiement;Gestionnaire\n" +
		"C001;Boulangerie Lefèvre;compta@lefevre.fr; 04 74 00 00 00 ;Mme Lefèvre;3 rue du Four;BP 12;1000;Bourg-en-Bresse;France;552 100 554 00013;Entreprise;mauvais payeur;français;5 000,00;30 jours;Julie\n" +
		"C002;Brasserie Bruxelloise;a@b.be;;;;;1000;Bruxelles;Belgique;;b2b;;EN;;45;\n" +
		"C003;Mairie de Lyon;mairie@lyon.fr;;;;;69001;Lyon;FR;217 500 016;collectivité;administratif;fr-FR;;60j;\n"
	rows, tb, err := readAll(t, customers(Options{}), "clients.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	present := map[string]bool{"ref": true, "name": true, "email": true, "phone": true, "contact_name": true, "address": true,
		"address2": true, "postal_code": true, "city": true, "country": true, "siren": true, "kind": true, "profile": true,
		"language": true, "credit_limit": true, "payment_terms": true, "collector": true}
	want := []CustomerRow{
		{Line: 2, Ref: "C001", Name: "Boulangerie Lefèvre", Email: "compta@lefevre.fr", Phone: "04 74 00 00 00", ContactName: "Mme Lefèvre",
			Address: receivable.Address{Line1: "3 rue du Four", Line2: "BP 12", PostalCode: "01000", City: "Bourg-en-Bresse", Country: "FR"},
			SIREN:   "552100554", Kind: receivable.B2B, Profile: receivable.BadPayer, Language: "fr", CreditLimit: 500000,
			PaymentTermsDays: 30, Collector: "Julie", Present: present},
		{Line: 3, Ref: "C002", Name: "Brasserie Bruxelloise", Email: "a@b.be",
			Address: receivable.Address{PostalCode: "1000", City: "Bruxelles", Country: "BE"},
			Kind:    receivable.B2B, Language: "en", PaymentTermsDays: 45, Present: present},
		{Line: 4, Ref: "C003", Name: "Mairie de Lyon", Email: "mairie@lyon.fr",
			Address: receivable.Address{PostalCode: "69001", City: "Lyon", Country: "FR"},
			SIREN:   "217500016", Kind: receivable.Public, Profile: receivable.Administrative, Language: "fr", PaymentTermsDays: 60, Present: present},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if len(tb.Mapping()) != 17 {
		t.Errorf("mapping %v", tb.Mapping())
	}
}

func TestCustomerPresentListsOnlyTheColumnsTheFileHas(t *testing.T) {
	rows, _, err := readAll(t, customers(Options{}), "emails.csv", []byte("Code client;Email\nC001;a@b.fr\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"ref": true, "email": true}
	if diff := cmp.Diff(want, rows[0].Present); diff != "" {
		t.Errorf("Present (-want +got):\n%s", diff)
	}
	if rows[0].Name != "C001" {
		t.Errorf("Name = %q, want the reference as fallback", rows[0].Name)
	}
}

func TestCustomerValuesAreValidated(t *testing.T) {
	data := "Ref;Nom;Email;Pays;SIREN;Type;Profil;Langue;Encours autorisé;Délai de paiement\n" +
		"C1;A;pas-un-email;;;;;;;\n" +
		"C2;B;;Atlantide;;;;;;\n" +
		"C3;C;;;12345;;;;;\n" +
		"C4;D;;;;martien;;;;\n" +
		"C5;E;;;;;radin;;;\n" +
		"C6;F;;;;;;klingon;;\n" +
		"C7;G;;;;;;;-10;\n" +
		"C8;H;;;;;;;;45 jours fin de mois\n" +
		"C9;;;;;;;;;\n" +
		"C10;J;\"a@b.fr; x@y.fr\";;;;;;;\n"
	rows, _, err := readAll(t, customers(Options{}), "c.csv", []byte(data))
	l := errorList(t, err)
	var got []string
	for _, e := range l.Errors {
		got = append(got, e.Field)
	}
	want := []string{"email", "country", "siren", "kind", "profile", "language", "credit_limit", "payment_terms", "name"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error fields (-want +got):\n%s\n%v", diff, err)
	}
	if len(rows) != 1 || rows[0].Email != "a@b.fr, x@y.fr" {
		t.Errorf("rows %+v", rows)
	}
}

func TestCountriesLanguagesAndSIREN(t *testing.T) {
	for in, want := range map[string]string{"France": "FR", "fr": "FR", "FRA": "FR", "Belgique": "BE", "belgium": "BE",
		"DE": "DE", "Allemagne": "DE", "Royaume-Uni": "GB", "UK": "GB", "Suisse": "CH", "Côte d'Ivoire": "CI", "La Réunion": "FR", "ES": "ES"} {
		if got, err := parseCountry(in); err != nil || got != want {
			t.Errorf("parseCountry(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]string{"fr": "fr", "FR": "fr", "fr-FR": "fr", "en_GB": "en", "Anglais": "en", "Deutsch": "de", "de": "de"} {
		if got, err := parseLanguage(in); err != nil || got != want {
			t.Errorf("parseLanguage(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]string{"552100554": "552100554", "552 100 554": "552100554", "55210055400013": "552100554",
		"552 100 554 00013": "552100554", "552.100.554": "552100554", "5521005": "", "55210055A": "", "552100554000": ""} {
		got, err := parseSIREN(in)
		if (err != nil) != (want == "") || got != want {
			t.Errorf("parseSIREN(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
