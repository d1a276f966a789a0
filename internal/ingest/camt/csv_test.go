package camt

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

type row struct {
	Date   civil.Date
	Credit bool
	Amount money.Cents
	Label  string
}

func rows(doc *Document) []row {
	var out []row
	for _, e := range doc.Statements[0].Entries {
		out = append(out, row{e.BookingDate, e.Credit, e.Amount, e.AdditionalInfo})
	}
	return out
}

func TestCSV(t *testing.T) {
	m, d := money.MustParse, civil.MustParse
	tests := []struct {
		file string
		want []row
	}{
		{"csv/credit-agricole.csv", []row{
			{d("2026-01-30"), true, m("1680"), "VIR SEPA RECU /DE SARL BOULANGERIE MARTIN /MOTIF FA2025-0001 FA2025-0005 /REF 20260130"},
			{d("2026-01-29"), false, m("1234.56"), "PRLV SEPA URSSAF"},
			{d("2026-01-28"), true, m("440"), "REMISE CHEQUE N° 1234567"},
			{d("2026-01-27"), false, m("45.10"), "CB CARREFOUR 26/01"},
		}},
		{"csv/boursorama.csv", []row{
			{d("2026-01-30"), true, m("600"), "VIR SEPA HOTEL BEAUSEJOUR FACTURE FA2025-0002"},
			{d("2026-01-29"), false, m("89.90"), "PRLV SEPA EDF"},
		}},
		{"csv/english.csv", []row{
			{d("2026-01-31"), true, m("960"), "Transfer from EPICERIE FINE LEA, ref FA2025-0003"},
			{d("2026-01-31"), false, m("12"), "Bank fees"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := ReadCSV(tt.file, bytes.NewReader(openSample(t, tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, rows(doc)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			pays := doc.IncomingPayments()
			if len(pays) == 0 || pays[0].Remittance != tt.want[0].Label || pays[0].Amount != tt.want[0].Amount || pays[0].Currency != "EUR" {
				t.Errorf("payments = %+v", pays)
			}
		})
	}
	t.Run("value date", func(t *testing.T) {
		doc, err := ReadCSV("b.csv", bytes.NewReader(openSample(t, "csv/boursorama.csv")))
		if err != nil || doc.Statements[0].Entries[0].ValueDate != d("2026-01-30") {
			t.Errorf("doc %+v, err %v", doc, err)
		}
	})
}

func TestCSVErrors(t *testing.T) {
	tests := []struct {
		name, in string
		is       error
		want     string
	}{
		{"no header", "30/01/2026;VIR;12,00\n", ErrNoHeader, "x.csv: no header line with date, label and amount columns"},
		{"bad amount", "Date;Libellé;Montant\n30/01/2026;VIR;12,3,4x\n", ErrAmount, `x.csv line 2, Montant: "12,3,4x": invalid amount`},
		{"bad date", "Date;Libellé;Montant\n31/02/2026;VIR;12,00\n", ErrDate, `x.csv line 2, Date: "31/02/2026": invalid date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV("x.csv", strings.NewReader(tt.in))
			if !errors.Is(err, tt.is) || err.Error() != tt.want {
				t.Errorf("error = %v\nwant    %s", err, tt.want)
			}
		})
	}
}
