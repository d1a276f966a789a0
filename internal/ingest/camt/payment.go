package camt

import (
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// Payment is money received, as relance records it before matching it to invoices.
type Payment struct {
	// Key identifies the payment across imports of the same statement: account, booking
	// date, bank reference, amount, and the transaction's rank in an itemized batch.
	Key       string
	Line      int // the entry's line in the file
	Account   string
	Date      civil.Date // booking date, else value date
	ValueDate civil.Date
	Amount    money.Cents
	Currency  string
	PayerName string
	PayerIBAN string
	// Remittance is the free text the payer wrote (Ustrd, AddtlRmtInf), else the bank's
	// additional information, where French banks put the transfer's label.
	Remittance string
	// References are the structured creditor references (SCOR, RF, ISR) and referred
	// document numbers: the strongest evidence for matching.
	References []string
	EndToEndID string
	BankRef    string
}

// reversalSubFamilies are the ISO bank-transaction sub-families of money coming back rather
// than being paid: "reversal due to payment return", "… cancellation request", "… return or
// unpaid direct debit", "… payment reversal".
var reversalSubFamilies = map[string]bool{"RRTN": true, "RPCR": true, "UPDD": true, "PRDD": true}

// Incoming reports whether the entry is money paid to the account: a booked credit that is
// neither a reversal nor a return.
func (e Entry) Incoming() bool {
	if !e.Credit || e.Reversal || e.Status != "" && !strings.EqualFold(e.Status, "BOOK") {
		return false
	}
	if i := strings.LastIndexByte(e.BankTxCode, '/'); i >= 0 && reversalSubFamilies[e.BankTxCode[i+1:]] {
		return false
	}
	return true
}

// IncomingPayments lists the payments received in every statement of the document: one per
// transaction of an itemized credit entry, else one per entry with the entry's amount and
// everything its transactions say about the payer and the references.
func (d *Document) IncomingPayments() []Payment {
	var out []Payment
	seen := map[string]int{}
	for _, st := range d.Statements {
		for _, e := range st.Entries {
			if !e.Incoming() {
				continue
			}
			date := e.BookingDate
			if date.IsZero() {
				date = e.ValueDate
			}
			if date.IsZero() {
				// Some banks book without dates (the samples hold one): the statement's day.
				date = civil.MaxDate(st.To, st.Created, d.Created)
			}
			base := strings.Join([]string{st.Account.ID(), compact(date), e.BankRef, e.Ref, e.Amount.String()}, "|")
			seen[base]++
			if n := seen[base]; n > 1 {
				base += fmt.Sprintf("#%d", n)
			}
			p := Payment{Line: e.Line, Account: st.Account.ID(), Date: date, ValueDate: e.ValueDate,
				Currency: firstNonEmpty(e.Currency, st.Account.Currency), BankRef: e.BankRef}
			if e.Itemized && len(e.Transactions) > 1 {
				for i, t := range e.Transactions {
					if !t.Credit || t.Returned || t.Amount == 0 {
						continue
					}
					q := p
					q.Key = fmt.Sprintf("%s/%d", base, i+1)
					q.Amount = t.Amount
					describe(&q, []Transaction{t}, e)
					out = append(out, q)
				}
				continue
			}
			if len(e.Transactions) == 1 && e.Transactions[0].Returned {
				continue
			}
			p.Key, p.Amount = base, e.Amount
			describe(&p, e.Transactions, e)
			out = append(out, p)
		}
	}
	return out
}

// describe fills what the transactions say about the payer; when a batch has several payers
// the name and IBAN stay empty rather than name one of them.
func describe(p *Payment, txs []Transaction, e Entry) {
	var names, ibans, e2e, text []string
	refs := map[string]bool{}
	for _, t := range txs {
		names = appendUnique(names, firstNonEmpty(t.DebtorName, t.UltimateDebtor))
		ibans = appendUnique(ibans, t.DebtorIBAN)
		e2e = appendUnique(e2e, t.EndToEndID)
		text = append(text, t.Unstructured...)
		if t.AdditionalInfo != "" && len(t.Unstructured) == 0 {
			text = append(text, t.AdditionalInfo)
		}
		for _, r := range t.References {
			if !refs[r.Ref] {
				refs[r.Ref] = true
				p.References = append(p.References, r.Ref)
			}
		}
		for _, d := range t.Documents {
			if !refs[d] {
				refs[d] = true
				p.References = append(p.References, d)
			}
		}
	}
	if len(names) == 1 {
		p.PayerName = names[0]
	}
	if len(ibans) == 1 {
		p.PayerIBAN = ibans[0]
	}
	if len(e2e) == 1 {
		p.EndToEndID = e2e[0]
	}
	p.Remittance = strings.Join(uniqueStrings(text), " ")
	if p.Remittance == "" {
		p.Remittance = e.AdditionalInfo
	}
}

func appendUnique(ss []string, s string) []string {
	if s == "" {
		return ss
	}
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

func uniqueStrings(ss []string) []string {
	var out []string
	for _, s := range ss {
		out = appendUnique(out, s)
	}
	return out
}

func compact(d civil.Date) string { return strings.ReplaceAll(d.String(), "-", "") }
