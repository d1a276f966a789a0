package tabular

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/relance-app/relance/internal/civil"
)

func TestPaymentsAreReadWithInvoiceOrCustomer(t *testing.T) {
	data := "Date de règlement;N° facture;Code client;Montant;Libellé;Mode de règlement;Payeur;Devise\n" +
		"03/02/2026;FA-1;;1 234,56;VIR SEPA ACME FA-1;virement;ACME SAS;EUR\n" +
		"2026-02-04;;C002;500;Acompte;chèque;;\n" +
		"05/02/2026;;;10;sans référence;;;\n" +
		"06/02/2026;FA-3;;0;;;;\n" +
		"07/02/2026;FA-4;;-15;;;;\n" +
		"31/02/2026;FA-5;;15;;;;\n"
	rows, _, err := readAll(t, payments(Options{}), "payments.csv", []byte(data))
	want := []PaymentRow{
		{Line: 2, InvoiceNumber: "FA-1", Date: civil.D(2026, 2, 3), Amount: 123456, Currency: "EUR", Reference: "VIR SEPA ACME FA-1", Method: "virement", PayerName: "ACME SAS"},
		{Line: 3, CustomerRef: "C002", Date: civil.D(2026, 2, 4), Amount: 50000, Reference: "Acompte", Method: "chèque"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	l := errorList(t, err)
	type key struct {
		line  int
		field string
	}
	var got []key
	for _, e := range l.Errors {
		got = append(got, key{e.Line, e.Field})
	}
	if diff := cmp.Diff([]key{{4, "invoice_number"}, {5, "amount"}, {6, "amount"}, {7, "date"}}, got, cmp.AllowUnexported(key{})); diff != "" {
		t.Errorf("errors (-want +got):\n%s\n%v", diff, err)
	}
	if !errors.Is(l.Errors[1].Err, ErrNotPositive) {
		t.Errorf("zero payment: %v", l.Errors[1])
	}
}

func TestPaymentFileNeedsAnInvoiceOrCustomerColumn(t *testing.T) {
	_, err := NewPaymentReader("p.csv", stringsReader("Date;Montant;Libellé\n"), Options{})
	if err == nil || err.Error() != "p.csv: no column for the invoice number or the customer reference (accepted headers: invoice_number, facture réglée, facture payée, paid invoice, numéro, facture, invoice, customer_ref, code client, référence client, customer reference, compte, code, customer, client, …; found: Date, Montant, Libellé). Use --map HEADER=invoice_number" {
		t.Errorf("got %v", err)
	}
}
