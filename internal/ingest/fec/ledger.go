package fec

import (
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// Ledger is the customers' side of a FEC: what relance needs to chase unpaid invoices.
// Invoices and payments are referenced by Key, stable across imports of the same file (and
// of a later export of the same period), so the caller can insert them idempotently.
type Ledger struct {
	Customers   []Customer
	Invoices    []Invoice // invoices and credit notes, in file order
	Payments    []Payment // in file order
	Allocations []Allocation
	Stats       Stats
}

// Customer is a customer account: a sub-account (CompAuxNum) of a collective 411 account, or
// a 411 account of its own when the package keeps no subledger.
type Customer struct {
	Ref     string      // CompAuxNum, else CompteNum
	Name    string      // CompAuxLib, else CompteLib; the most frequent spelling
	Account string      // the 411 account the customer's lines are on (the first seen)
	Lines   int         // non-zero lines on the customer's account
	Balance money.Cents // debits minus credits over the file: what the file says is owed
}

// Origin says where a debit on a customer account comes from: collectors treat a bounced
// cheque or a carried-forward balance differently from a fresh invoice.
type Origin string

// The origins of a debit item.
const (
	OriginSale    Origin = "sale"    // a sales journal, or an entry crediting a revenue account
	OriginOpening Origin = "opening" // an opening entry (à-nouveaux) carrying an old item forward
	OriginOther   Origin = "other"   // a bounced cheque, a refund, a transfer between accounts…
)

// Invoice is a debit item (Kind invoice) or a credit note (Kind credit_note) of a customer.
// Amount = Allocated + SettledOutside + Open.
type Invoice struct {
	Key         string // stable identity of the line, see Ledger
	Line        int    // source line number
	Kind        receivable.DocKind
	Origin      Origin
	CustomerRef string
	Account     string // CompteNum
	Journal     string // JournalCode
	// Number is PieceRef, made unique within the ledger and kind: a second item with the
	// same number gets "/2", a third "/3" (file order). PieceRef keeps the raw value.
	Number          string
	PieceRef        string
	IssueDate       civil.Date // PieceDate, else EcritureDate
	DueDate         civil.Date // zero when the file has none: apply the customer's terms
	Amount          money.Cents
	Currency        string
	ForeignAmount   money.Cents // Montantdevise, when Idevise names another currency
	ForeignCurrency string
	Label           string // EcritureLib
	Letter          string // EcritureLet, empty when unlettered
	// Allocated is what the lettering in the file applies to the item (see Allocations).
	Allocated money.Cents
	// SettledOutside is what the lettering says was settled by items outside the file (the
	// previous or next fiscal year): there is no allocation for it.
	SettledOutside money.Cents
	Open           money.Cents // for a credit note: what remains to be used
}

// Payment is a credit item on a customer account that is not a credit note: a bank transfer,
// a cheque, cash, a compensation or write-off entry.
// Amount = Allocated + SettledOutside + Unallocated.
type Payment struct {
	Key            string
	Line           int
	Origin         Origin // opening for a carried-forward unallocated payment
	CustomerRef    string
	Account        string
	Journal        string
	PieceRef       string
	Date           civil.Date // EcritureDate: the day it was booked
	Amount         money.Cents
	Currency       string
	Reference      string // EcritureLib, where banks and packages put the payer's reference
	Letter         string
	Allocated      money.Cents
	SettledOutside money.Cents
	Unallocated    money.Cents
}

// Allocation applies a payment or a credit note to an invoice.
type Allocation struct {
	InvoiceKey    string
	PaymentKey    string // set for a payment
	CreditNoteKey string // set for a credit note
	Amount        money.Cents
	Date          civil.Date // DateLet when given, else the later of the two items' dates
	Letter        string     // the lettering code of the lettered side; empty for an imputation
	Rule          Rule
}

// Rule says why an allocation was made, so that a collector can tell what the accountant
// lettered from what relance inferred.
type Rule string

// The allocation rules, see File.Receivables.
const (
	RuleLettering  Rule = "lettering"  // both items carry the same lettering code
	RuleOpening    Rule = "opening"    // lettered against last year's items, which the file holds as an opening balance
	RuleImputation Rule = "imputation" // Options.ImputeUnlettered: oldest debt first
)

// Stats sums up a rebuild, for the import report.
type Stats struct {
	Lines            int // accounting lines in the file
	CustomerLines    int // non-zero lines on customer accounts
	ZeroLines        int // zero-amount lines on customer accounts, skipped
	Customers        int
	Invoices         int
	CreditNotes      int
	Payments         int
	LetteredLines    int // on customer accounts
	LetteringGroups  int
	UnbalancedGroups int // groups whose items do not balance within the file
	PartialGroups    int // unbalanced groups lettered as partial (lower-case code)
	OpenInvoices     int
	OpenAmount       money.Cents // sum of the invoices' open amounts
	UnusedCredit     money.Cents // unallocated payments and unused credit notes
	SettledOutside   money.Cents // debit items settled by items outside the file
	ConsumedOutside  money.Cents // credit items used against items outside the file
}
