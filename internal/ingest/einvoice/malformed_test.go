package einvoice

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// withAttachments rewrites a PDF with pdfcpu: remove drops attachments by name, add embeds
// files (name -> content).
func withAttachments(t *testing.T, pdf []byte, remove []string, add map[string][]byte) []byte {
	t.Helper()
	disableConfig.Do(api.DisableConfigDir)
	conf := model.NewDefaultConfiguration()
	if len(remove) > 0 {
		var out bytes.Buffer
		if err := api.RemoveAttachments(bytes.NewReader(pdf), &out, remove, conf); err != nil {
			t.Fatal(err)
		}
		pdf = out.Bytes()
	}
	if len(add) > 0 {
		dir := t.TempDir()
		var paths []string
		for name, content := range add {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, content, 0o600); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
		var out bytes.Buffer
		if err := api.AddAttachments(bytes.NewReader(pdf), &out, paths, false, conf); err != nil {
			t.Fatal(err)
		}
		pdf = out.Bytes()
	}
	return pdf
}

func TestMalformed(t *testing.T) {
	pdf := openSample(t, "invoice_EN16931.pdf")
	cii := openSample(t, "CII_example1.xml")
	onlyDelivery := withAttachments(t, pdf, []string{"factur-x.xml"}, nil)
	none := withAttachments(t, onlyDelivery, []string{"Bon_de_livraison.pdf"}, nil)
	brokenXML := withAttachments(t, onlyDelivery, nil, map[string][]byte{"factur-x.xml": cii[:2000]})
	renamed := withAttachments(t, onlyDelivery, nil, map[string][]byte{"invoice-data.xml": cii})

	tests := []struct {
		name string
		in   []byte
		is   error
		want string
	}{
		{"truncated XML", cii[:2000], ErrSyntax, "bad.xml line 35: malformed XML: XML syntax error on line 35: unexpected EOF"},
		{"not an invoice", []byte(`<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>`), ErrFormat,
			`bad.xml, Document: not a Factur-X, ZUGFeRD or UBL invoice: root element Document in namespace "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"`},
		{"empty", nil, ErrFormat, "bad.xml: not a Factur-X, ZUGFeRD or UBL invoice: empty document"},
		{"missing number", bytes.Replace(cii, []byte("<ram:ID>12115118</ram:ID>"), nil, 1), ErrMissing,
			"bad.xml, ExchangedDocument/ID: missing required element"},
		{"bad amount", bytes.Replace(cii, []byte("<ram:GrandTotalAmount>250.33"), []byte("<ram:GrandTotalAmount>250,33"), 1), ErrAmount,
			`bad.xml, SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/SpecifiedTradeSettlementHeaderMonetarySummation/GrandTotalAmount: "250,33": invalid amount`},
		{"PDF with only a delivery note", onlyDelivery, ErrNoAttachment,
			"bad.xml: no Factur-X/ZUGFeRD XML attachment (attachments: Bon_de_livraison.pdf)"},
		{"PDF without attachment", none, ErrNoAttachment, "bad.xml: no Factur-X/ZUGFeRD XML attachment (the PDF has no attachment)"},
		{"PDF with a truncated factur-x.xml", brokenXML, ErrSyntax, "bad.xml (factur-x.xml) line 35: malformed XML"},
		{"not a PDF after all", []byte("%PDF-1.7\nthis is not a PDF"), ErrPDF, "bad.xml: unreadable PDF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("bad.xml", bytes.NewReader(tt.in))
			var e *Error
			if !errors.Is(err, tt.is) || !errors.As(err, &e) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant %s… (%v)", err, tt.want, tt.is)
			}
		})
	}
	t.Run("XML under another name is found", func(t *testing.T) {
		inv, err := Read("x.pdf", bytes.NewReader(renamed))
		if err != nil || inv.Number != "12115118" || inv.Attachment != "invoice-data.xml" {
			t.Errorf("invoice %+v, error %v", inv, err)
		}
	})
}

// Negative credit notes become invoices, and a UBL credit note takes its due date from the
// payment means.
func TestDirections(t *testing.T) {
	cn := `<?xml version="1.0" encoding="ISO-8859-1"?>
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>AV-9</cbc:ID><cbc:IssueDate>2026-02-01</cbc:IssueDate><cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
 <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cac:AccountingCustomerParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Soci` + "\xe9" + `t` + "\xe9" + ` G` + "\xe9" + `n` + "\xe9" + `rale</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
 <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentDueDate>2026-03-01</cbc:PaymentDueDate></cac:PaymentMeans>
 <cac:LegalMonetaryTotal><cbc:TaxInclusiveAmount currencyID="EUR">-50.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">-50.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
</CreditNote>`
	inv, err := ParseXML("cn.xml", []byte(cn))
	if err != nil {
		t.Fatal(err)
	}
	if inv.Kind != receivable.KindInvoice || !inv.Negative || inv.Amount != money.MustParse("50") ||
		inv.DueDate.String() != "2026-03-01" || inv.Buyer.Name != "Société Générale" {
		t.Errorf("negative credit note = %+v", inv)
	}
}
