// Package camt reads bank statements: ISO 20022 camt.053 (versions .001.02 to .001.08, and
// the camt.052 and camt.054 messages that share their structure) and the CSV statements
// French online banking exports. It returns statements, entries and transactions, and the
// incoming payments relance matches against open invoices.
//
// The package is pure: it reads bytes and returns values.
package camt

import (
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// Document is one bank-to-customer message.
type Document struct {
	Name       string     // the file's name, as given to Read
	Message    string     // "camt.053", "camt.052", "camt.054" or "csv"
	Version    string     // from the namespace, e.g. "camt.053.001.02"; empty for CSV
	MessageID  string     // GrpHdr/MsgId
	Created    civil.Date // GrpHdr/CreDtTm
	Statements []Statement
}

// Statement is a statement (or report, or notification) of one account.
type Statement struct {
	Line           int // where it starts in the file
	ID             string
	SequenceNumber string // ElctrncSeqNb
	Created        civil.Date
	From, To       civil.Date // FrToDt, when given
	Account        Account
	Balances       []Balance
	Entries        []Entry
}

// Account identifies the statement's account.
type Account struct {
	IBAN     string
	Other    string // Othr/Id, for accounts without an IBAN
	Currency string
	Owner    string
	BIC      string
}

// ID is the IBAN, or the other identifier when there is none.
func (a Account) ID() string {
	if a.IBAN != "" {
		return a.IBAN
	}
	return a.Other
}

// Balance is a balance of the statement; Amount is negative for a debit balance.
type Balance struct {
	Type     string // OPBD, CLBD, CLAV, PRCD, FWAV…
	Amount   money.Cents
	Currency string
	Date     civil.Date
}

// Entry is a booking on the account (Ntry): one amount, possibly a batch of transactions.
type Entry struct {
	Line           int    // where it starts in the file
	Ref            string // NtryRef
	Amount         money.Cents
	Currency       string
	Credit         bool // CdtDbtInd is CRDT: money in
	Reversal       bool // RvslInd: the entry cancels an earlier one
	Status         string
	BookingDate    civil.Date
	ValueDate      civil.Date
	BankRef        string // AcctSvcrRef
	BankTxCode     string // Domain/Family/SubFamily, e.g. "PMNT/RCDT/ESCT"
	BankTxPrtry    string // the bank's proprietary code or text
	AdditionalInfo string // AddtlNtryInf
	// NbOfTxs is the batch size the bank announces, 0 when not a batch.
	NbOfTxs int
	// Transactions are the entry's details. An entry without TxDtls has one transaction
	// carrying the entry's amount.
	Transactions []Transaction
	// Itemized reports whether the transactions account for the entry exactly (all of them
	// given, in the entry's currency, summing to its amount). When false, the entry's amount
	// is the only reliable figure: a batch may list fewer TxDtls than NbOfTxs, or give
	// amounts in another currency.
	Itemized bool
}

// Transaction is one transaction of an entry (TxDtls).
type Transaction struct {
	Amount         money.Cents
	Currency       string
	Credit         bool
	HasAmount      bool // false when the TxDtls gave no amount
	EndToEndID     string
	InstructionID  string
	BankRef        string
	MandateID      string
	DebtorName     string
	DebtorIBAN     string // or the other account identifier
	UltimateDebtor string
	CreditorName   string
	CreditorIBAN   string
	Unstructured   []string    // RmtInf/Ustrd lines
	References     []Reference // structured creditor references (SCOR, RF, ISR…)
	Documents      []string    // referred document numbers (RfrdDocInf/Nb): invoice numbers
	AdditionalInfo string      // AddtlTxInf, and AddtlRmtInf lines
	ReturnReason   string      // RtrInf reason code, when the transaction is a return
	Returned       bool
}

// Reference is a structured creditor reference.
type Reference struct {
	Type   string // SCOR, or the proprietary type ("ISR Reference")
	Issuer string
	Ref    string
}

// RF reports whether the reference is an ISO 11649 creditor reference ("RF18…").
func (r Reference) RF() bool {
	return len(r.Ref) > 4 && strings.HasPrefix(strings.ToUpper(r.Ref), "RF")
}
