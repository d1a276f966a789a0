package einvoice

import (
	"encoding/xml"
	"strings"

	"github.com/relance-app/relance/internal/receivable"
)

// The UBL 2.1 shapes shared by Invoice and CreditNote, by local name.

type xUBLAmount struct {
	Currency string `xml:"currencyID,attr"`
	Value    string `xml:",chardata"`
}

type xUBL struct {
	XMLName        xml.Name
	Customization  string    `xml:"CustomizationID"`
	ID             string    `xml:"ID"`
	IssueDate      string    `xml:"IssueDate"`
	DueDate        string    `xml:"DueDate"`
	InvoiceType    string    `xml:"InvoiceTypeCode"`
	CreditNoteType string    `xml:"CreditNoteTypeCode"`
	Currency       string    `xml:"DocumentCurrencyCode"`
	BuyerReference string    `xml:"BuyerReference"`
	Order          string    `xml:"OrderReference>ID"`
	Billing        []string  `xml:"BillingReference>InvoiceDocumentReference>ID"`
	Supplier       xUBLParty `xml:"AccountingSupplierParty>Party"`
	Customer       xUBLParty `xml:"AccountingCustomerParty>Party"`
	Means          []struct {
		Code      string   `xml:"PaymentMeansCode"`
		PaymentID []string `xml:"PaymentID"`
		Due       string   `xml:"PaymentDueDate"`
		Account   string   `xml:"PayeeFinancialAccount>ID"`
	} `xml:"PaymentMeans"`
	Terms        []string   `xml:"PaymentTerms>Note"`
	TaxExclusive xUBLAmount `xml:"LegalMonetaryTotal>TaxExclusiveAmount"`
	TaxInclusive xUBLAmount `xml:"LegalMonetaryTotal>TaxInclusiveAmount"`
	Prepaid      xUBLAmount `xml:"LegalMonetaryTotal>PrepaidAmount"`
	Payable      xUBLAmount `xml:"LegalMonetaryTotal>PayableAmount"`
}

type xUBLParty struct {
	Endpoint xID      `xml:"EndpointID"`
	IDs      []xID    `xml:"PartyIdentification>ID"`
	Names    []string `xml:"PartyName>Name"`
	Street   string   `xml:"PostalAddress>StreetName"`
	Street2  string   `xml:"PostalAddress>AdditionalStreetName"`
	Line     []string `xml:"PostalAddress>AddressLine>Line"`
	City     string   `xml:"PostalAddress>CityName"`
	Postcode string   `xml:"PostalAddress>PostalZone"`
	Country  string   `xml:"PostalAddress>Country>IdentificationCode"`
	Tax      []struct {
		CompanyID string `xml:"CompanyID"`
		Scheme    string `xml:"TaxScheme>ID"`
	} `xml:"PartyTaxScheme"`
	RegistrationName string `xml:"PartyLegalEntity>RegistrationName"`
	LegalID          xID    `xml:"PartyLegalEntity>CompanyID"`
	Email            string `xml:"Contact>ElectronicMail"`
}

const ublTotal = "LegalMonetaryTotal"

func parseUBL(name string, data []byte) (*Invoice, error) {
	var x xUBL
	if err := decodeAll(name, data, &x); err != nil {
		return nil, err
	}
	cv := &converter{file: name}
	creditNote := x.XMLName.Local == "CreditNote"
	inv := &Invoice{
		Syntax:         UBL,
		Profile:        clean(x.Customization),
		TypeCode:       firstNonEmpty(x.InvoiceType, x.CreditNoteType),
		Number:         cv.require("ID", x.ID),
		IssueDate:      cv.date("IssueDate", cv.require("IssueDate", x.IssueDate)),
		DueDate:        cv.date("DueDate", x.DueDate),
		Currency:       clean(x.Currency),
		Seller:         x.Supplier.party(),
		Buyer:          x.Customer.party(),
		BuyerReference: clean(x.BuyerReference),
		OrderReference: clean(x.Order),
	}
	for _, m := range x.Means {
		if inv.PaymentMeans == "" {
			inv.PaymentMeans = clean(m.Code)
		}
		if inv.PaymentReference == "" {
			inv.PaymentReference = firstNonEmpty(m.PaymentID...)
		}
		if inv.IBAN == "" {
			inv.IBAN = compactID(m.Account)
		}
		// A UBL 2.1 credit note has no DueDate of its own; the payment means may carry one.
		if d := cv.date("PaymentMeans/PaymentDueDate", m.Due); inv.DueDate.IsZero() && !d.IsZero() {
			inv.DueDate = d
		}
	}
	inv.PaymentTerms = firstNonEmpty(x.Terms...)
	for _, b := range x.Billing {
		if b = clean(b); b != "" {
			inv.PrecedingInvoices = append(inv.PrecedingInvoices, b)
		}
	}
	var haveGrand, haveDue bool
	inv.Totals.GrandTotal, haveGrand = cv.amount(ublTotal+"/TaxInclusiveAmount", x.TaxInclusive.Value)
	inv.Totals.Prepaid, _ = cv.amount(ublTotal+"/PrepaidAmount", x.Prepaid.Value)
	inv.Totals.Due, haveDue = cv.amount(ublTotal+"/PayableAmount", x.Payable.Value)
	inv.Totals.TaxBasis, _ = cv.amount(ublTotal+"/TaxExclusiveAmount", x.TaxExclusive.Value)
	inv.finish(cv, creditNote, haveGrand, haveDue, ublTotal)
	if cv.err != nil {
		return nil, cv.err
	}
	return inv, nil
}

func (x xUBLParty) party() Party {
	p := Party{
		Name:        firstNonEmpty(x.RegistrationName, firstNonEmpty(x.Names...)),
		TradingName: firstNonEmpty(x.Names...),
		LegalID:     clean(x.LegalID.Value),
		Email:       clean(x.Email),
		Address: receivable.Address{
			Line1:      clean(x.Street),
			Line2:      clean(strings.Join(append([]string{x.Street2}, x.Line...), " ")),
			PostalCode: clean(x.Postcode),
			City:       clean(x.City),
			Country:    strings.ToUpper(clean(x.Country)),
		},
	}
	for _, t := range x.Tax {
		if strings.EqualFold(strings.TrimSpace(t.Scheme), "VAT") && p.VAT == "" {
			p.VAT = compactID(t.CompanyID)
		}
	}
	if p.Email == "" && strings.TrimSpace(x.Endpoint.Scheme) == "EM" {
		p.Email = clean(x.Endpoint.Value)
	}
	ids := append([]xID{x.LegalID, x.Endpoint}, x.IDs...)
	p.identify(ids)
	return p
}
