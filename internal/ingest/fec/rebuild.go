package fec

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// Options tune the rebuild of receivables. The zero value is the usual French chart of
// accounts in euros.
type Options struct {
	// CustomerAccounts are the account-number prefixes of customer accounts; default "411".
	// Add "416" to follow doubtful debts, or "413" for bills of exchange.
	CustomerAccounts []string
	// Currency of the amounts (the company's accounting currency); default "EUR".
	Currency string
	// ImputeUnlettered applies each customer's unlettered credits to its unlettered debits,
	// oldest first (the legal imputation of Code civil art. 1342-10), for ledgers kept without
	// lettering. Off by default: unlettered debits stay open and unlettered credits stay
	// unallocated, for the matcher or a collector to allocate.
	ImputeUnlettered bool
}

// ReadLedger reads a FEC file and rebuilds its receivables.
func ReadLedger(name string, r io.Reader, opt Options) (*Ledger, error) {
	f, err := Read(name, r)
	if err != nil {
		return nil, err
	}
	return f.Receivables(opt), nil
}

// entryInfo is what the other lines of an écriture say about a customer line in it.
type entryInfo struct {
	revenueDebit  bool // a class-7 account is debited: a sale reversed, i.e. a credit note
	revenueCredit bool // a class-7 account is credited: a sale
	cashDebit     bool // a class-5 (bank, cash) account is debited: money came in
}

// Receivables rebuilds the customers' open items from the customer-account lines and their
// lettering.
//
// Items. A line on a customer account (CompteNum starting with one of
// Options.CustomerAccounts) is netted (debit minus credit, so a negative debit is a credit).
// A debit is an invoice (Kind invoice): number PieceRef, date PieceDate (else EcritureDate),
// due date from a DateRglt-style column when the file has one. A credit is a credit note
// when its écriture brings no money in (no class-5 account debited) and it either debits a
// revenue account (class 7), or is in a sales journal, or says "avoir"; any other credit is a
// payment (bank, cash, compensation, write-off). Opening entries (AN, ANO, "A nouveaux"…)
// keep the piece reference and date they carry, which packages set to the original
// invoice's.
//
// Lettering. Lines of one account and sub-account sharing an EcritureLet code form a group;
// codes are compared exactly, so "*A" and "A", or "A" on two accounts, are different groups.
// In each group the credits are allocated to the debits, both oldest first. When the group
// balances, everything in it is settled. When it does not, the missing items are outside the
// file (lettering against the previous or the next fiscal year), and the lettering still
// means settled: the debit left over is SettledOutside, the credit left over was consumed
// outside. The exception is a lower-case code, the partial lettering of Sage, Cegid and EBP:
// there the debit left over stays open and the credit left over stays unallocated.
// Unlettered debits are open and unlettered credits unallocated, unless
// Options.ImputeUnlettered is set.
func (f *File) Receivables(opt Options) *Ledger {
	prefixes := opt.CustomerAccounts
	if len(prefixes) == 0 {
		prefixes = []string{"411"}
	}
	currency := opt.Currency
	if currency == "" {
		currency = "EUR"
	}
	isCustomer := func(acct string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(acct, p) {
				return true
			}
		}
		return false
	}

	entries := map[string]*entryInfo{}
	for i := range f.Lines {
		l := &f.Lines[i]
		k := l.entryKey()
		e := entries[k]
		if e == nil {
			e = &entryInfo{}
			entries[k] = e
		}
		net := l.Net()
		switch {
		case strings.HasPrefix(l.CompteNum, "7") && net > 0:
			e.revenueDebit = true
		case strings.HasPrefix(l.CompteNum, "7") && net < 0:
			e.revenueCredit = true
		case strings.HasPrefix(l.CompteNum, "5") && net > 0:
			e.cashDebit = true
		}
	}

	led := &Ledger{}
	led.Stats.Lines = len(f.Lines)
	type custAcc struct {
		c     Customer
		names map[string]int
		order []string
	}
	custs := map[string]*custAcc{}
	keys := map[string]int{}
	numbers := map[string]int{}
	var refs []string

	// One slot per item, in file order; the lettering works on slots.
	var slots []*slot
	for i := range f.Lines {
		l := &f.Lines[i]
		if !isCustomer(l.CompteNum) {
			continue
		}
		net := l.Net()
		if net == 0 {
			led.Stats.ZeroLines++
			continue
		}
		led.Stats.CustomerLines++
		ref, name := l.CompAuxNum, l.CompAuxLib
		if ref == "" {
			ref, name = l.CompteNum, l.CompteLib
		}
		ca := custs[ref]
		if ca == nil {
			ca = &custAcc{c: Customer{Ref: ref, Account: l.CompteNum}, names: map[string]int{}}
			custs[ref] = ca
			refs = append(refs, ref)
		}
		ca.c.Lines++
		ca.c.Balance += net
		if name != "" {
			if ca.names[name] == 0 {
				ca.order = append(ca.order, name)
			}
			ca.names[name]++
		}

		side, amount := "D", net
		if net < 0 {
			side, amount = "C", -net
		}
		key := strings.Join([]string{l.JournalCode, l.EcritureNum, compact(l.EcritureDate),
			l.CompteNum, l.CompAuxNum, l.PieceRef, side + amount.String()}, "|")
		keys[key]++
		if n := keys[key]; n > 1 {
			key += fmt.Sprintf("#%d", n)
		}
		if l.EcritureLet != "" {
			led.Stats.LetteredLines++
		}
		e := entries[l.entryKey()]
		sales := salesJournal(l.JournalCode, l.JournalLib)
		opening := openingJournal(l.JournalCode, l.JournalLib)
		s := &slot{key: key, line: l.Num, group: l.CompteNum + "\x00" + l.CompAuxNum, opening: opening,
			letter: l.EcritureLet, letDate: l.DateLet, remaining: amount, inv: -1, pay: -1}

		creditNote := side == "C" && !e.cashDebit &&
			(e.revenueDebit || sales || mentionsAvoir(l.EcritureLib, l.PieceRef))
		if side == "C" && !creditNote {
			origin := OriginOther
			if opening {
				origin = OriginOpening
			}
			led.Payments = append(led.Payments, Payment{
				Key: key, Line: l.Num, Origin: origin, CustomerRef: ref, Account: l.CompteNum,
				Journal: l.JournalCode, PieceRef: l.PieceRef, Date: l.EcritureDate,
				Amount: amount, Currency: currency, Reference: l.EcritureLib, Letter: l.EcritureLet,
			})
			s.date, s.pay = l.EcritureDate, len(led.Payments)-1
			slots = append(slots, s)
			continue
		}
		inv := Invoice{
			Key: key, Line: l.Num, Kind: receivable.KindInvoice, CustomerRef: ref,
			Account: l.CompteNum, Journal: l.JournalCode, PieceRef: l.PieceRef,
			IssueDate: l.PieceDate, Amount: amount, Currency: currency,
			Label: l.EcritureLib, Letter: l.EcritureLet,
		}
		if inv.IssueDate.IsZero() {
			inv.IssueDate = l.EcritureDate
		}
		switch {
		case opening:
			inv.Origin = OriginOpening
		case sales || e.revenueCredit || e.revenueDebit:
			inv.Origin = OriginSale
		default:
			inv.Origin = OriginOther
		}
		if side == "C" {
			inv.Kind = receivable.KindCreditNote
		} else {
			inv.DueDate = l.DueDate
			s.debit = true
		}
		if l.Idevise != "" && !strings.EqualFold(l.Idevise, currency) && l.MontantDevise != 0 {
			inv.ForeignAmount, inv.ForeignCurrency = abs(l.MontantDevise), strings.ToUpper(l.Idevise)
		}
		inv.Number = l.PieceRef
		if inv.Number == "" {
			inv.Number = l.JournalCode + "-" + l.EcritureNum
			if isZeros(l.EcritureNum) {
				inv.Number = l.JournalCode + "-" + compact(l.EcritureDate)
			}
		}
		nk := string(inv.Kind) + "\x00" + inv.Number
		numbers[nk]++
		if n := numbers[nk]; n > 1 {
			inv.Number += fmt.Sprintf("/%d", n)
		}
		led.Invoices = append(led.Invoices, inv)
		s.date, s.inv = inv.IssueDate, len(led.Invoices)-1
		slots = append(slots, s)
	}

	sort.Strings(refs)
	for _, ref := range refs {
		ca := custs[ref]
		best := ""
		for _, n := range ca.order {
			if best == "" || ca.names[n] > ca.names[best] {
				best = n
			}
		}
		ca.c.Name = best
		if ca.c.Name == "" {
			ca.c.Name = ref
		}
		led.Customers = append(led.Customers, ca.c)
	}

	settle(led, slots, opt.ImputeUnlettered)
	led.Stats.Customers = len(led.Customers)
	for i := range led.Invoices {
		inv := &led.Invoices[i]
		inv.Open = inv.Amount - inv.Allocated - inv.SettledOutside
		if inv.Kind == receivable.KindCreditNote {
			led.Stats.CreditNotes++
			led.Stats.UnusedCredit += inv.Open
			led.Stats.ConsumedOutside += inv.SettledOutside
			continue
		}
		led.Stats.Invoices++
		led.Stats.SettledOutside += inv.SettledOutside
		if inv.Open > 0 {
			led.Stats.OpenInvoices++
			led.Stats.OpenAmount += inv.Open
		}
	}
	for i := range led.Payments {
		p := &led.Payments[i]
		p.Unallocated = p.Amount - p.Allocated - p.SettledOutside
		led.Stats.Payments++
		led.Stats.UnusedCredit += p.Unallocated
		led.Stats.ConsumedOutside += p.SettledOutside
	}
	return led
}

func compact(d civil.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

func abs(c money.Cents) money.Cents {
	if c < 0 {
		return -c
	}
	return c
}

// fold upper-cases and strips the accents French labels carry, for keyword tests.
func fold(s string) string {
	return strings.NewReplacer("É", "E", "È", "E", "Ê", "E", "À", "A", "Â", "A", "Ç", "C",
		"Ô", "O", "Î", "I", "Û", "U", "Ù", "U").Replace(strings.ToUpper(s))
}

// salesJournal recognises a sales journal by the codes and labels packages use for it.
func salesJournal(code, lib string) bool {
	switch strings.ToUpper(code) {
	case "V", "VE", "VT", "VEN", "VTE", "VENTE", "VENTES":
		return true
	}
	return strings.Contains(fold(lib), "VENTE")
}

// openingJournal recognises the journal of opening entries (à-nouveaux).
func openingJournal(code, lib string) bool {
	switch strings.ToUpper(code) {
	case "AN", "ANO", "RAN", "AD", "ANX":
		return true
	}
	l := fold(lib)
	for _, w := range []string{"NOUVEAU", "OUVERTURE", "BILAN DEBUT", "REPORT"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// mentionsAvoir tells whether a label or piece reference names a credit note: the word
// "avoir", or a piece reference like "AV 220002".
func mentionsAvoir(label, piece string) bool {
	for _, w := range strings.FieldsFunc(fold(label), func(r rune) bool { return r < 'A' || r > 'Z' }) {
		if w == "AVOIR" || w == "AVOIRS" {
			return true
		}
	}
	p := strings.TrimLeft(strings.ToUpper(piece), " ")
	if strings.HasPrefix(p, "AV") {
		rest := strings.TrimLeft(p[2:], " -_/")
		return rest != "" && rest[0] >= '0' && rest[0] <= '9'
	}
	return false
}
