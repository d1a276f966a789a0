package einvoice

import (
	"strings"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// The CII shapes, by local name: every Factur-X profile and ZUGFeRD 2.x use the same paths,
// the richer profiles only add elements.

type xCIIDate struct {
	Format string `xml:"format,attr"`
	Value  string `xml:",chardata"`
}

type xCIIAmount struct {
	Currency string `xml:"currencyID,attr"`
	Value    string `xml:",chardata"`
}

type xCII struct {
	Guideline string    `xml:"ExchangedDocumentContext>GuidelineSpecifiedDocumentContextParameter>ID"`
	ID        string    `xml:"ExchangedDocument>ID"`
	TypeCode  string    `xml:"ExchangedDocument>TypeCode"`
	IssueDate xCIIDate  `xml:"ExchangedDocument>IssueDateTime>DateTimeString"`
	Trade     xCIITrade `xml:"SupplyChainTradeTransaction"`
}

type xCIITrade struct {
	BuyerReference string         `xml:"ApplicableHeaderTradeAgreement>BuyerReference"`
	Seller         xCIIParty      `xml:"ApplicableHeaderTradeAgreement>SellerTradeParty"`
	Buyer          xCIIParty      `xml:"ApplicableHeaderTradeAgreement>BuyerTradeParty"`
	Order          string         `xml:"ApplicableHeaderTradeAgreement>BuyerOrderReferencedDocument>IssuerAssignedID"`
	Settlement     xCIISettlement `xml:"ApplicableHeaderTradeSettlement"`
}

type xCIIParty struct {
	IDs         []xID    `xml:"ID"`
	GlobalIDs   []xID    `xml:"GlobalID"`
	Name        string   `xml:"Name"`
	LegalIDs    []xID    `xml:"SpecifiedLegalOrganization>ID"`
	TradingName string   `xml:"SpecifiedLegalOrganization>TradingBusinessName"`
	ContactMail []string `xml:"DefinedTradeContact>EmailURIUniversalCommunication>URIID"`
	Postcode    string   `xml:"PostalTradeAddress>PostcodeCode"`
	Line1       string   `xml:"PostalTradeAddress>LineOne"`
	Line2       string   `xml:"PostalTradeAddress>LineTwo"`
	Line3       string   `xml:"PostalTradeAddress>LineThree"`
	City        string   `xml:"PostalTradeAddress>CityName"`
	Country     string   `xml:"PostalTradeAddress>CountryID"`
	URIs        []xID    `xml:"URIUniversalCommunication>URIID"`
	TaxIDs      []xID    `xml:"SpecifiedTaxRegistration>ID"`
}

type xCIISettlement struct {
	PaymentReference string `xml:"PaymentReference"`
	Currency         string `xml:"InvoiceCurrencyCode"`
	Means            []struct {
		TypeCode string `xml:"TypeCode"`
		IBAN     string `xml:"PayeePartyCreditorFinancialAccount>IBANID"`
		Other    string `xml:"PayeePartyCreditorFinancialAccount>ProprietaryID"`
	} `xml:"SpecifiedTradeSettlementPaymentMeans"`
	Terms []struct {
		Description string   `xml:"Description"`
		Due         xCIIDate `xml:"DueDateDateTime>DateTimeString"`
	} `xml:"SpecifiedTradePaymentTerms"`
	GrandTotal []xCIIAmount `xml:"SpecifiedTradeSettlementHeaderMonetarySummation>GrandTotalAmount"`
	Prepaid    []xCIIAmount `xml:"SpecifiedTradeSettlementHeaderMonetarySummation>TotalPrepaidAmount"`
	Due        []xCIIAmount `xml:"SpecifiedTradeSettlementHeaderMonetarySummation>DuePayableAmount"`
	TaxBasis   []xCIIAmount `xml:"SpecifiedTradeSettlementHeaderMonetarySummation>TaxBasisTotalAmount"`
	Preceding  []string     `xml:"InvoiceReferencedDocument>IssuerAssignedID"`
}

const ciiSum = "SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/SpecifiedTradeSettlementHeaderMonetarySummation"

func parseCII(name string, data []byte) (*Invoice, error) {
	var x xCII
	if err := decodeAll(name, data, &x); err != nil {
		return nil, err
	}
	cv := &converter{file: name}
	s := x.Trade.Settlement
	inv := &Invoice{
		Syntax:           CII,
		Profile:          clean(x.Guideline),
		TypeCode:         clean(x.TypeCode),
		Number:           cv.require("ExchangedDocument/ID", x.ID),
		IssueDate:        cv.date("ExchangedDocument/IssueDateTime/DateTimeString", cv.require("ExchangedDocument/IssueDateTime/DateTimeString", x.IssueDate.Value)),
		Currency:         clean(s.Currency),
		Seller:           x.Trade.Seller.party(),
		Buyer:            x.Trade.Buyer.party(),
		BuyerReference:   clean(x.Trade.BuyerReference),
		OrderReference:   clean(x.Trade.Order),
		PaymentReference: clean(s.PaymentReference),
	}
	for _, m := range s.Means {
		if inv.PaymentMeans == "" {
			inv.PaymentMeans = clean(m.TypeCode)
		}
		// A real IBAN beats a placeholder ("A" in one of the EN 16931 examples).
		acct := compactID(firstNonEmpty(m.IBAN, m.Other))
		if acct != "" && (inv.IBAN == "" || len(inv.IBAN) < 15 && len(acct) >= 15) {
			inv.IBAN = acct
		}
	}
	for _, t := range s.Terms {
		if inv.PaymentTerms == "" {
			inv.PaymentTerms = clean(t.Description)
		}
		if d := cv.date("SpecifiedTradePaymentTerms/DueDateDateTime/DateTimeString", t.Due.Value); !d.IsZero() &&
			(inv.DueDate.IsZero() || d.Before(inv.DueDate)) {
			inv.DueDate = d
		}
	}
	for _, p := range s.Preceding {
		if p = clean(p); p != "" {
			inv.PrecedingInvoices = append(inv.PrecedingInvoices, p)
		}
	}
	var haveGrand, haveDue bool
	inv.Totals.GrandTotal, haveGrand = cv.ciiAmount(ciiSum+"/GrandTotalAmount", s.GrandTotal, inv.Currency)
	inv.Totals.Prepaid, _ = cv.ciiAmount(ciiSum+"/TotalPrepaidAmount", s.Prepaid, inv.Currency)
	inv.Totals.Due, haveDue = cv.ciiAmount(ciiSum+"/DuePayableAmount", s.Due, inv.Currency)
	inv.Totals.TaxBasis, _ = cv.ciiAmount(ciiSum+"/TaxBasisTotalAmount", s.TaxBasis, inv.Currency)
	inv.finish(cv, false, haveGrand, haveDue, ciiSum)
	if cv.err != nil {
		return nil, cv.err
	}
	return inv, nil
}

// ciiAmount picks the amount in the invoice's currency when EXTENDED gives it in several.
func (cv *converter) ciiAmount(path string, as []xCIIAmount, currency string) (c money.Cents, ok bool) {
	for _, a := range as {
		if a.Currency == "" || a.Currency == currency {
			return cv.amount(path, a.Value)
		}
	}
	if len(as) > 0 {
		return cv.amount(path, as[0].Value)
	}
	return 0, false
}

func (x xCIIParty) party() Party {
	p := Party{
		Name:        clean(x.Name),
		TradingName: clean(x.TradingName),
		Address: receivable.Address{
			Line1:      clean(x.Line1),
			Line2:      clean(strings.TrimSpace(x.Line2 + " " + x.Line3)),
			PostalCode: clean(x.Postcode),
			City:       clean(x.City),
			Country:    strings.ToUpper(clean(x.Country)),
		},
	}
	for _, t := range x.TaxIDs {
		if strings.TrimSpace(t.Scheme) == "VA" && p.VAT == "" {
			p.VAT = compactID(t.Value)
		}
	}
	if len(x.LegalIDs) > 0 {
		p.LegalID = clean(x.LegalIDs[0].Value)
	}
	for _, u := range x.URIs {
		if strings.TrimSpace(u.Scheme) == "EM" && p.Email == "" {
			p.Email = clean(u.Value)
		}
	}
	if p.Email == "" {
		p.Email = firstNonEmpty(x.ContactMail...)
	}
	ids := append(append(append([]xID{}, x.LegalIDs...), x.GlobalIDs...), x.IDs...)
	p.identify(ids)
	return p
}
