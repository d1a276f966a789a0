package einvoice

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// sharedSamples holds the OpenPEPPOL examples, which have no licence and are read in place.
const sharedSamples = "../../../../shared/samples/einvoice"

func openSample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err == nil {
		return b
	}
	b, err = os.ReadFile(filepath.Join(sharedSamples, name))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s has no licence and is read from %s, which is absent here (CI has it)", name, sharedSamples)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// summary is what a collector needs from an invoice, for comparison.
type summary struct {
	Syntax                   Syntax
	Kind                     receivable.DocKind
	Negative                 bool
	TypeCode, Number         string
	Issue, Due               civil.Date
	Currency                 string
	Amount, AmountDue, Prepd money.Cents
	PaymentRef, IBAN         string
	Preceding                []string
	Seller, SellerSIREN      string
	Buyer, BuyerSIREN        string
	BuyerVAT, BuyerEmail     string
}

func summarize(inv *Invoice) summary {
	return summary{inv.Syntax, inv.Kind, inv.Negative, inv.TypeCode, inv.Number, inv.IssueDate, inv.DueDate,
		inv.Currency, inv.Amount, inv.AmountDue, inv.Totals.Prepaid, inv.PaymentReference, inv.IBAN,
		inv.PrecedingInvoices, inv.Seller.Name, inv.Seller.SIREN, inv.Buyer.Name, inv.Buyer.SIREN,
		inv.Buyer.VAT, inv.Buyer.Email}
}

func TestSamples(t *testing.T) {
	m, d := money.MustParse, civil.MustParse
	inv, cn := receivable.KindInvoice, receivable.KindCreditNote
	tests := []struct {
		file string
		want summary
	}{
		{"factur-x-minimum.xml", summary{CII, inv, false, "380", "F20260023", d("2026-01-31"), civil.Date{}, "EUR",
			m("104.90"), m("104.90"), 0, "", "", nil, "LE FOURNISSEUR", "123456782", "LE CLIENT", "987654321", "", ""}},
		{"CII_example1.xml", summary{CII, inv, false, "380", "12115118", d("2015-01-09"), d("2015-01-09"), "EUR",
			m("250.33"), m("250.33"), 0, "Deb. 10202 / Fact. 12115118", "NL57RABO0107307510", nil, "De Koksmaat", "", "ODIN 59", "", "", ""}},
		{"CII_example5.xml", summary{CII, inv, false, "380", "TOSL110", d("2013-04-10"), d("2013-05-10"), "DKK",
			m("4675"), m("2337.50"), m("2337.50"), "Payref1", "DK1212341234123412", []string{"TOSL109"}, "SellerCompany", "",
			"Buyercompany ltd", "", "DK16356607", "info@buyercompany.dk"}},
		{"EN16931_Rechnungskorrektur.cii.xml", summary{CII, cn, true, "384", "RK21012345", d("2018-09-16"), civil.Date{}, "EUR",
			m("8.79"), m("8.79"), 0, "", "", nil, "MUSTERLIEFERANT GMBH", "", "MUSTER-KUNDE GMBH", "", "", ""}},
		{"EN16931_SEPA_Prenotification.cii.xml", summary{CII, inv, false, "380", "471102", d("2018-03-05"), civil.Date{}, "EUR",
			m("529.87"), m("529.87"), 0, "", "", nil, "Lieferant GmbH", "", "Kunden AG Mitte", "", "", ""}},
		{"base-example.xml", summary{UBL, inv, false, "380", "Snippet1", d("2017-11-13"), d("2017-12-01"), "EUR",
			m("1656.25"), m("1656.25"), 0, "Snippet1", "IBAN32423940", nil, "SupplierOfficialName Ltd", "",
			"Buyer Official Name", "", "SE4598375937", "lj@buyer.se"}},
		{"base-creditnote-correction.xml", summary{UBL, cn, false, "381", "Snippet1", d("2017-11-13"), civil.Date{}, "EUR",
			m("1656.25"), m("1656.25"), 0, "Snippet1", "IBAN32423940", []string{"Snippet1"}, "SupplierOfficialName Ltd", "",
			"Buyer Official Name", "", "SE4598375937", "lj@buyer.se"}},
		{"base-negative-inv-correction.xml", summary{UBL, cn, true, "380", "Correction1", d("2017-11-13"), d("2017-12-01"), "EUR",
			m("1656.25"), m("1656.25"), 0, "Snippet1", "IBAN32423940", []string{"Snippet1"}, "SupplierOfficialName Ltd", "",
			"Buyer Official Name", "", "SE4598375937", "lj@buyer.se"}},
		{"ubl-21-extended-ctc-fr.xml", summary{UBL, inv, false, "380", "F124212", d("2026-06-17"), d("2026-07-16"), "EUR",
			m("308.03"), m("208.03"), m("100"), "2026-06-17 00:00:00", "FR2012421242124212421242124", []string{"F124211", "F124210"},
			"Au bon moulin", "999999998", "Ma jolie boutique SARL", "787878784", "FR19787878784", "laetita.durand@jolieboutique.com"}},
		{"invoice_EN16931.pdf", summary{CII, inv, false, "380", "F20260023", d("2026-01-31"), d("2026-03-02"), "EUR",
			m("104.90"), m("104.90"), 0, "F20260023BUYER", "FR2012542547256985425874698", []string{"F20260003"}, "LE FOURNISSEUR", "123456782",
			"LE CLIENT", "987654321", "FR05987654321", "me@buyer.com"}},
		{"Facture_FR_BASICWL.pdf", summary{CII, inv, false, "380", "FA-2017-0010", d("2017-11-13"), d("2017-12-13"), "EUR",
			m("671.15"), m("470.15"), m("201"), "FA-2017-0010", "FR2012421242124212421242124", nil, "Au bon moulin", "999999998",
			"Ma jolie boutique", "787878784", "FR19787878784", ""}},
		{"Avoir_FR_type381_BASIC.pdf", summary{CII, cn, false, "381", "AV-2017-0005", d("2017-11-16"), d("2017-11-16"), "EUR",
			m("233.47"), m("233.47"), 0, "AV-2017-0005", "", []string{"FA-2017-0010"}, "Au bon moulin", "999999998",
			"Ma jolie boutique", "787878784", "FR19787878784", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := Read(tt.file, bytes.NewReader(openSample(t, tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, summarize(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if filepath.Ext(tt.file) == ".pdf" && got.Attachment != "factur-x.xml" {
				t.Errorf("attachment %q", got.Attachment)
			}
		})
	}
}

func TestSampleDetails(t *testing.T) {
	inv, err := Read("ubl-21-extended-ctc-fr.xml", bytes.NewReader(openSample(t, "ubl-21-extended-ctc-fr.xml")))
	if err != nil {
		t.Fatal(err)
	}
	want := receivable.Address{Line1: "35 rue de la République", Line2: "La presqu'île", PostalCode: "69001", City: "Lyon", Country: "FR"}
	if inv.Buyer.Address != want || inv.Buyer.SIRET != "78787878400018" || inv.Seller.SIRET != "99999999800019" ||
		inv.Profile != "urn:cen.eu:en16931:2017#conformant#urn.cpro.gouv.fr:1p0:extended-ctc-fr" {
		t.Errorf("buyer %+v, seller %+v, profile %q", inv.Buyer, inv.Seller, inv.Profile)
	}
	sepa, err := Read("sepa.xml", bytes.NewReader(openSample(t, "EN16931_SEPA_Prenotification.cii.xml")))
	if err != nil {
		t.Fatal(err)
	}
	if sepa.PaymentMeans != "59" || sepa.PaymentTerms == "" {
		t.Errorf("direct debit: means %q, terms %q", sepa.PaymentMeans, sepa.PaymentTerms)
	}
}
