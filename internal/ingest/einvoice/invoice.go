// Package einvoice reads structured electronic invoices: Factur-X / ZUGFeRD (UN/CEFACT Cross
// Industry Invoice XML, profiles MINIMUM to EXTENDED, alone or embedded in a PDF/A-3) and UBL
// 2.1 invoices and credit notes (Peppol BIS, the French CTC profiles). It returns what relance
// needs to chase the invoice: who owes whom how much, by when, and how to pay.
//
// The package is pure: it reads bytes and returns values.
package einvoice

import (
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// Syntax names the XML vocabulary of an invoice.
type Syntax string

// The syntaxes read.
const (
	CII Syntax = "CII" // UN/CEFACT Cross Industry Invoice (Factur-X, ZUGFeRD 2, XRechnung CII)
	UBL Syntax = "UBL" // OASIS UBL 2.1 Invoice or CreditNote
)

// Invoice is an electronic invoice or credit note.
//
// Negative totals: EN 16931 lets a seller correct an invoice either with a credit note (type
// 381, or a UBL CreditNote) or with a negative invoice (type 380 or 384 with negative totals).
// relance keeps amounts positive and carries the direction in Kind, so a document whose grand
// total is negative gets the opposite kind (a negative invoice is a credit note, a negative
// credit note an invoice) and positive Amount and AmountDue; Totals keeps the amounts as
// written, and Negative says the document was flipped.
type Invoice struct {
	Syntax     Syntax
	Profile    string // guideline or customization id, e.g. "urn:factur-x.eu:1p0:minimum"
	Attachment string // for a PDF, the name of the embedded XML read
	TypeCode   string // UNTDID 1001: 380 invoice, 381 credit note, 384 corrected invoice…
	Kind       receivable.DocKind
	Negative   bool // the totals were negative and Kind was flipped
	Number     string
	IssueDate  civil.Date
	DueDate    civil.Date // zero when the document gives none: apply the customer's terms
	Currency   string
	Seller     Party
	Buyer      Party
	// BuyerReference is the buyer's reference for routing (BT-10), often a service code.
	BuyerReference string
	OrderReference string
	Totals         Totals
	Amount         money.Cents // grand total including VAT, positive, in the direction of Kind
	AmountDue      money.Cents // what remains to pay after prepayments, positive
	// PaymentReference is what the buyer should quote when paying (BT-83): the first thing to
	// look for in a bank statement's remittance information.
	PaymentReference string
	PaymentMeans     string // UNTDID 4461: 30 credit transfer, 58 SEPA transfer, 59 SEPA direct debit…
	// IBAN is the payee account as written (spaces removed). Documents sometimes carry a
	// non-IBAN account identifier here; it is not validated.
	IBAN              string
	PaymentTerms      string
	PrecedingInvoices []string // invoices this document corrects or credits (BT-25)
}

// Totals are the document's monetary totals as written (negative on a negative invoice).
type Totals struct {
	GrandTotal money.Cents // BT-112, tax inclusive
	Prepaid    money.Cents // BT-113
	Due        money.Cents // BT-115, payable
	TaxBasis   money.Cents // BT-109, tax exclusive
}

// Party is the seller or the buyer.
type Party struct {
	Name        string // legal (registration) name, else the trading name
	TradingName string
	SIREN       string // French company number, from a 0002 or 0009 identifier or a French VAT id
	SIRET       string // French establishment number, from a 0009 identifier
	LegalID     string // the legal registration identifier as written, whatever its scheme
	VAT         string
	Address     receivable.Address
	Email       string
}
