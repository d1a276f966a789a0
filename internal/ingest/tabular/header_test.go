package tabular

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormHeaderIgnoresCaseAccentsSpacesAndPunctuation(t *testing.T) {
	same := [][]string{
		{"N° facture", "n°facture", "N° de facture", "N°_facture", "  N°  FACTURE "},
		{"numero_de_facture", "Numéro de facture", "NUMERO DE FACTURE", "numéro-facture", "Numéro facture"},
		{"Date d'échéance", "date echeance", "DATE_ECHEANCE", "Date de l'échéance", "date d’échéance"},
		{"Nº client", "No client", "no. client"},
		{"e-mail", "E-Mail", "email", "EMAIL"},
		{"Complément d'adresse", "complement adresse", "COMPLÉMENT_D_ADRESSE"},
	}
	for _, group := range same {
		want := normHeader(group[0])
		for _, h := range group[1:] {
			if got := normHeader(h); got != want {
				t.Errorf("normHeader(%q) = %q, want %q like %q", h, got, want, group[0])
			}
		}
	}
}

func TestInvoiceHeadersMapToFields(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   map[string]string // field -> header
	}{
		{
			name:   "english field names",
			header: "invoice_number,customer_ref,customer_name,issue_date,due_date,amount,currency,external_id,document,email,kind",
			want: map[string]string{"invoice_number": "invoice_number", "customer_ref": "customer_ref", "customer_name": "customer_name",
				"issue_date": "issue_date", "due_date": "due_date", "amount": "amount", "currency": "currency",
				"external_id": "external_id", "document": "document", "customer_email": "email", "kind": "kind"},
		},
		{
			name:   "french export",
			header: "N° facture;Code client;Raison sociale;Date facture;Date d'échéance;Montant TTC;Devise",
			want: map[string]string{"invoice_number": "N° facture", "customer_ref": "Code client", "customer_name": "Raison sociale",
				"issue_date": "Date facture", "due_date": "Date d'échéance", "amount": "Montant TTC", "currency": "Devise"},
		},
		{
			name:   "generic date is the issue date",
			header: "Facture;Client;Date;Échéance;Montant",
			want: map[string]string{"invoice_number": "Facture", "customer_ref": "Client", "customer_name": "", "issue_date": "Date",
				"due_date": "Échéance", "amount": "Montant"},
		},
		{
			name:   "client is the name when a reference column exists",
			header: "Numéro;Compte;Client;Date de facture;Echéance;Total TTC",
			want: map[string]string{"invoice_number": "Numéro", "customer_ref": "Compte", "customer_name": "Client",
				"issue_date": "Date de facture", "due_date": "Echéance", "amount": "Total TTC"},
		},
		{
			name:   "client is the reference when a name column exists",
			header: "Numéro de facture;Client;Nom;Date;Montant TTC",
			want: map[string]string{"invoice_number": "Numéro de facture", "customer_ref": "Client", "customer_name": "Nom",
				"issue_date": "Date", "amount": "Montant TTC"},
		},
		{
			name:   "specific amount beats generic one, the HT column is ignored",
			header: "Invoice;Customer;Date;Montant HT;Montant TTC",
			want:   map[string]string{"invoice_number": "Invoice", "customer_ref": "Customer", "issue_date": "Date", "amount": "Montant TTC"},
		},
		{
			name:   "type column and id",
			header: "Type;Number;Customer code;Customer;Invoice date;Due date;TTC;ID;PDF",
			want: map[string]string{"kind": "Type", "invoice_number": "Number", "customer_ref": "Customer code", "customer_name": "Customer",
				"issue_date": "Invoice date", "due_date": "Due date", "amount": "TTC", "external_id": "ID", "document": "PDF"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sep := ";"
			if !strings.Contains(tt.header, ";") {
				sep = ","
			}
			data := tt.header + "\n" + strings.Repeat("x"+sep, strings.Count(tt.header, sep)) + "x\n"
			tb, err := NewInvoiceReader("h.csv", strings.NewReader(data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := mapping(tb.Mapping())
			for f, h := range tt.want {
				if got[f] != h {
					t.Errorf("field %s mapped to %q, want %q (mapping %v)", f, got[f], h, got)
				}
			}
		})
	}
}

func TestPaymentAndCustomerHeadersMapToFields(t *testing.T) {
	pay, err := NewPaymentReader("p.csv", strings.NewReader(
		"Date d'opération;Date de valeur;Libellé;Montant;N° facture;Code client;Mode de règlement;Payeur\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"date": "Date d'opération", "reference": "Libellé", "amount": "Montant", "invoice_number": "N° facture",
		"customer_ref": "Code client", "method": "Mode de règlement", "payer_name": "Payeur"}
	if diff := cmp.Diff(want, mapping(pay.Mapping())); diff != "" {
		t.Errorf("payment mapping (-want +got):\n%s", diff)
	}

	cust, err := NewCustomerReader("c.csv", strings.NewReader(
		"Code client;Raison sociale;Courriel;Téléphone;Nom du contact;Adresse;Complément d'adresse;CP;Ville;Pays;SIRET;Type;Profil;Langue;Encours autorisé;Délai de paiement;Gestionnaire\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"ref": "Code client", "name": "Raison sociale", "email": "Courriel", "phone": "Téléphone",
		"contact_name": "Nom du contact", "address": "Adresse", "address2": "Complément d'adresse", "postal_code": "CP",
		"city": "Ville", "country": "Pays", "siren": "SIRET", "kind": "Type", "profile": "Profil", "language": "Langue",
		"credit_limit": "Encours autorisé", "payment_terms": "Délai de paiement", "collector": "Gestionnaire"}
	if diff := cmp.Diff(want, mapping(cust.Mapping())); diff != "" {
		t.Errorf("customer mapping (-want +got):\n%s", diff)
	}
}

func TestMapOverridesDetectionAndAcceptsAliasesAsFieldNames(t *testing.T) {
	data := "Pièce;Tiers;Date;Col4;Montant\nFA1;C1;01/02/2026;15/03/2026;10\n"
	rows, tb, err := readAll(t, invoices(Options{Map: map[string]string{"Col4": "échéance", "Date": "issue_date", "Montant": "amount"}}), "m.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := mapping(tb.Mapping())["due_date"]; got != "Col4" {
		t.Errorf("due_date mapped to %q, want Col4", got)
	}
	if len(rows) != 1 || rows[0].DueDate.String() != "2026-03-15" {
		t.Errorf("rows = %+v", rows)
	}
}

func TestMapCanIgnoreAColumn(t *testing.T) {
	data := "Numéro;Client;Date;Montant;Total\nFA1;C1;01/02/2026;10;12\n"
	if _, err := NewInvoiceReader("m.csv", strings.NewReader(data), Options{}); err == nil || !strings.Contains(err.Error(), `"Montant" and "Total" could both be the amount`) {
		t.Fatalf("two generic amount columns: got %v, want an ambiguity error", err)
	}
	rows, _, err := readAll(t, invoices(Options{Map: map[string]string{"Montant": "ignore"}}), "m.csv", []byte(data))
	if err != nil || len(rows) != 1 || rows[0].Amount != 1200 {
		t.Fatalf("rows %+v, err %v: want the Total column as amount", rows, err)
	}
}

func TestHeaderErrorsNameTheFileAndTheWayOut(t *testing.T) {
	tests := []struct {
		name string
		data string
		opts Options
		want []string
	}{
		{"missing invoice number", "Date;Client;Montant\n", Options{},
			[]string{"invoices.csv: no column for the invoice number (accepted headers: invoice_number, numéro de facture, n° facture,", "found: Date, Client, Montant). Use --map HEADER=invoice_number"}},
		{"missing customer", "Facture;Date;Montant\n", Options{},
			[]string{"invoices.csv: no column for the customer", "customer_ref", "customer_name", "--map HEADER=customer_ref"}},
		{"missing dates", "Facture;Client;Montant\n", Options{},
			[]string{"no column for the issue date or the due date", "issue_date", "due_date"}},
		{"unknown field in map", "Facture;Client;Date;Montant\n", Options{Map: map[string]string{"Montant": "montant_ht"}},
			[]string{"invoices.csv: --map Montant=montant_ht: unknown field \"montant_ht\" for invoices (fields: invoice_number, kind, customer_ref"}},
		{"map names a missing column", "Facture;Client;Date;Montant\n", Options{Map: map[string]string{"Amount": "amount"}},
			[]string{`--map Amount=amount: no column "Amount" in the header (found: Facture, Client, Date, Montant)`}},
		{"two columns mapped to one field", "Facture;Client;Date;A;B\n", Options{Map: map[string]string{"A": "amount", "B": "amount"}},
			[]string{`columns "A" and "B" are both mapped to amount`}},
		{"empty file", "", Options{}, []string{"invoices.csv: the file is empty"}},
		{"xls file", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest", Options{}, []string{"invoices.csv: an Excel 97-2003 workbook (.xls)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewInvoiceReader("invoices.csv", strings.NewReader(tt.data), tt.opts)
			if err == nil {
				t.Fatal("no error")
			}
			var he *HeaderError
			if !errors.As(err, &he) {
				t.Errorf("error %T, want *HeaderError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestTitleLinesAboveTheHeaderAreSkipped(t *testing.T) {
	data := "Export des factures au 31/01/2026\n\nFacture;Client;Date;Montant\nFA1;C1;01/01/2026;10,00\n"
	rows, tb, err := readAll(t, invoices(Options{}), "t.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Line != 4 || rows[0].Number != "FA1" {
		t.Errorf("rows = %+v, want FA1 on line 4", rows)
	}
	if got := mapping(tb.Mapping())["invoice_number"]; got != "Facture" {
		t.Errorf("invoice_number mapped to %q", got)
	}
}

func TestFieldListsDescribeEveryField(t *testing.T) {
	for _, fs := range [][]Field{InvoiceFields(), PaymentFields(), CustomerFields()} {
		for _, f := range fs {
			if f.Name == "" || f.Description == "" || len(f.Headers) == 0 || f.Headers[0] != f.Name {
				t.Errorf("field %+v", f)
			}
		}
	}
	if _, err := NewCustomerReader("c.csv", bytes.NewReader([]byte("Nom\nDupont\n")), Options{}); err != nil {
		t.Errorf("a single-column customer file: %v", err)
	}
}
