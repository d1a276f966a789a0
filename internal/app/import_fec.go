package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/ingest/fec"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// FECOptions tune a FEC import.
type FECOptions struct {
	// DryRun goes through the whole import and stores nothing.
	DryRun bool
	// Accounts are the customer-account prefixes; default 411.
	Accounts []string
}

// Counts say how many records an import created and how many it found already stored.
type Counts struct {
	Created   int `json:"created"`
	Unchanged int `json:"unchanged"`
}

// FECWarning is an item of the file stored otherwise than the file says, for a person to look at.
type FECWarning struct {
	Line    int    `json:"line"`
	Number  string `json:"number,omitempty"`
	Message string `json:"message"`
}

// FECResult is what a FEC import did, or would do.
type FECResult struct {
	File      string `json:"file"`
	Encoding  string `json:"encoding"`
	Separator string `json:"separator"`
	Lines     int    `json:"lines"`

	Customers   Counts `json:"customers"`
	Invoices    Counts `json:"invoices"`
	CreditNotes Counts `json:"credit_notes"`
	Payments    Counts `json:"payments"`
	Allocations Counts `json:"allocations"`
	// Settlements are the items the accountant lettered against entries outside the file (the
	// previous or next fiscal year): recorded as a settlement so that relance does not chase
	// what the books say is paid.
	Settlements Counts `json:"settlements"`

	Open         money.Cents `json:"open_cents"`          // open total of the file's invoices
	OpenInvoices int         `json:"open_invoices"`       // how many of them are open
	UnusedCredit money.Cents `json:"unused_credit_cents"` // unallocated payments and unused credit notes

	Warnings []FECWarning `json:"warnings,omitempty"`
	DryRun   bool         `json:"dry_run"`
}

// ImportFEC reads a Fichier des Écritures Comptables and stores the receivables it holds:
// the customer accounts (411…) as customers, their debits as invoices and credit notes, their
// credits as payments, and the accountant's lettering as allocations — in one transaction.
// Items are identified by their key in the file (journal, écriture, account, piece, amount)
// and invoices by their number, so that importing the same FEC again changes nothing and a
// later export of the same books, with more lettering, adds only the new allocations. A
// missing due date comes from the customer's payment terms, else the company's. A bad line
// fails the whole file with errors naming the file, the line and the column, and nothing is
// stored.
func (a *App) ImportFEC(ctx context.Context, co receivable.Company, name string, r io.Reader, opts FECOptions) (FECResult, error) {
	res := FECResult{File: name, DryRun: opts.DryRun}
	f, err := fec.Read(name, r)
	if err != nil {
		return res, err
	}
	res.Encoding, res.Separator, res.Lines = f.Encoding, separatorName(f.Separator), len(f.Lines)
	led := f.Receivables(fec.Options{CustomerAccounts: opts.Accounts, Currency: co.Currency})
	res.Open, res.OpenInvoices, res.UnusedCredit = led.Stats.OpenAmount, led.Stats.OpenInvoices, led.Stats.UnusedCredit

	// The day lettering settled an item outside the file: its DateLet, else the last day the
	// file covers.
	letDay := map[int]civil.Date{}
	var lastDay civil.Date
	for _, l := range f.Lines {
		if !l.DateLet.IsZero() {
			letDay[l.Num] = l.DateLet
		}
		lastDay = civil.MaxDate(lastDay, l.EcritureDate)
	}
	err = a.inTx(ctx, opts.DryRun, func(q store.Queries) error {
		imp := fecImport{a: a, q: q, co: co, res: &res, customers: map[string]receivable.Customer{},
			invoices: map[string]receivable.Invoice{}, lines: map[string]int{}, payments: map[string]int64{}, pairs: map[fecPair]money.Cents{}, loaded: map[fecPair]bool{}}
		if err := imp.storeCustomers(ctx, led.Customers); err != nil {
			return err
		}
		for _, inv := range led.Invoices {
			settled := letDay[inv.Line]
			if settled.IsZero() {
				settled = lastDay
			}
			if err := imp.invoice(ctx, inv, settled); err != nil {
				return fmt.Errorf("%s line %d: %w", name, inv.Line, err)
			}
		}
		for _, p := range led.Payments {
			if err := imp.payment(ctx, p); err != nil {
				return fmt.Errorf("%s line %d: %w", name, p.Line, err)
			}
		}
		for _, al := range led.Allocations {
			if err := imp.allocation(ctx, al); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

func separatorName(b byte) string {
	switch b {
	case '\t':
		return "tab"
	case '|':
		return "pipe"
	}
	return string(b)
}

// fecImport holds one import's state: the records of the file by key, as stored.
type fecImport struct {
	a         *App
	q         store.Queries
	co        receivable.Company
	res       *FECResult
	customers map[string]receivable.Customer // by reference
	invoices  map[string]receivable.Invoice  // invoices and credit notes, by ledger key
	lines     map[string]int                 // ledger key → line, for warnings
	payments  map[string]int64               // by ledger key
	// pairs is what is allocated from a payment or credit note to an invoice, loaded for the
	// sources stored before this import.
	pairs  map[fecPair]money.Cents
	loaded map[fecPair]bool // sources loaded (Invoice 0)
}

// fecPair is an allocation's source (a payment, or a credit note: their ids come from two
// tables) and invoice.
type fecPair struct {
	CreditNote bool
	Source     int64
	Invoice    int64
}

func (m *fecImport) warn(line int, number, format string, args ...any) {
	m.res.Warnings = append(m.res.Warnings, FECWarning{Line: line, Number: number, Message: fmt.Sprintf(format, args...)})
}

func (m *fecImport) storeCustomers(ctx context.Context, cs []fec.Customer) error {
	for _, c := range cs {
		cu, err := m.q.CustomerByRef(ctx, m.co.ID, c.Ref)
		switch {
		case errors.Is(err, store.ErrNotFound):
			cu = receivable.Customer{CompanyID: m.co.ID, Ref: c.Ref, Name: orDefault(c.Name, c.Ref), Kind: receivable.B2B,
				Language: orDefault(m.co.Language, "fr")}
			if err := m.q.CreateCustomer(ctx, &cu); err != nil {
				return err
			}
			m.res.Customers.Created++
		case err != nil:
			return err
		default:
			// The name stays as the user has it: FECs often truncate CompAuxLib.
			m.res.Customers.Unchanged++
		}
		m.customers[c.Ref] = cu
	}
	return nil
}

// invoice stores a debit item or credit note unless an invoice of that number exists, and
// records what the lettering settled outside the file.
func (m *fecImport) invoice(ctx context.Context, in fec.Invoice, settled civil.Date) error {
	cu := m.customers[in.CustomerRef]
	counts := &m.res.Invoices
	if in.Kind == receivable.KindCreditNote {
		counts = &m.res.CreditNotes
	}
	inv, err := m.q.InvoiceByNumber(ctx, m.co.ID, in.Kind, in.Number)
	switch {
	case err == nil:
		counts.Unchanged++
		if inv.CustomerID != cu.ID {
			m.warn(in.Line, in.Number, "%s %s is customer %s's in relance, the file says %s: kept as it is", kindName(in.Kind), in.Number, inv.CustomerRef, cu.Ref)
		}
	case errors.Is(err, store.ErrNotFound):
		due := in.DueDate
		if due.IsZero() {
			due = in.IssueDate
			if in.Kind == receivable.KindInvoice {
				due = in.IssueDate.AddDays(termsDays(m.co, cu))
			}
		}
		inv = receivable.Invoice{CompanyID: m.co.ID, CustomerID: cu.ID, Kind: in.Kind, Number: in.Number, IssueDate: in.IssueDate,
			DueDate: due, Amount: in.Amount, Currency: orDefault(in.Currency, m.co.Currency), ExternalID: "fec:" + in.Key}
		if err := m.q.CreateInvoice(ctx, &inv); err != nil {
			return err
		}
		inv.CustomerRef = cu.Ref
		counts.Created++
	default:
		return err
	}
	m.invoices[in.Key], m.lines[in.Key] = inv, in.Line
	if in.SettledOutside <= 0 || in.Kind != receivable.KindInvoice {
		return nil
	}
	// The books say this part is paid by an entry of another fiscal year: a settlement
	// payment, allocated to the invoice, keeps relance from chasing it.
	p := receivable.Payment{CompanyID: m.co.ID, CustomerID: cu.ID, Date: settled, Amount: in.SettledOutside, Currency: inv.Currency,
		Method: "lettrage", Reference: strings.TrimSpace("Lettrage " + in.Letter + " hors fichier"), Source: "fec",
		ExternalID: "fec:" + in.Key + ":settled-outside"}
	err = m.q.CreatePayment(ctx, &p)
	if errors.Is(err, store.ErrConflict) {
		m.res.Settlements.Unchanged++
		return nil
	}
	if err != nil {
		return err
	}
	m.res.Settlements.Created++
	amount := min(p.Amount, inv.Open())
	if amount < p.Amount {
		m.warn(in.Line, in.Number, "settled outside the file for %s, but only %s was still open in relance", p.Amount, inv.Open())
	}
	if amount <= 0 {
		return nil
	}
	al := receivable.Allocation{CompanyID: m.co.ID, InvoiceID: inv.ID, PaymentID: p.ID, Amount: amount, Date: p.Date}
	return m.q.Allocate(ctx, &al)
}

// payment stores a credit item that is not a credit note. The part the lettering used
// against entries outside the file is left out: it paid an invoice relance does not know, and
// recorded it would look like money on account.
func (m *fecImport) payment(ctx context.Context, in fec.Payment) error {
	amount := in.Amount - in.SettledOutside
	if amount <= 0 {
		return nil
	}
	cu := m.customers[in.CustomerRef]
	p := receivable.Payment{CompanyID: m.co.ID, CustomerID: cu.ID, Date: in.Date, Amount: amount, Currency: orDefault(in.Currency, m.co.Currency),
		Method: methodOf(in.Reference), Reference: strings.TrimSpace(in.PieceRef + " " + in.Reference), Source: "fec", ExternalID: "fec:" + in.Key}
	err := m.q.CreatePayment(ctx, &p)
	if errors.Is(err, store.ErrConflict) {
		old, err := m.q.PaymentByExternalID(ctx, m.co.ID, p.ExternalID)
		if err != nil {
			return err
		}
		m.payments[in.Key] = old.ID
		m.res.Payments.Unchanged++
		return m.loadPairs(ctx, old.ID, false)
	}
	if err != nil {
		return err
	}
	m.payments[in.Key] = p.ID
	m.res.Payments.Created++
	return nil
}

// loadPairs reads what a source stored before this import was allocated to, once.
func (m *fecImport) loadPairs(ctx context.Context, id int64, creditNote bool) error {
	if m.loaded[fecPair{CreditNote: creditNote, Source: id}] {
		return nil
	}
	m.loaded[fecPair{CreditNote: creditNote, Source: id}] = true
	als, err := m.q.PaymentAllocations(ctx, m.co.ID, id, creditNote)
	if err != nil {
		return err
	}
	for _, al := range als {
		m.pairs[fecPair{creditNote, id, al.InvoiceID}] += al.Amount
	}
	return nil
}

// allocation applies what the lettering allocates and is not allocated yet: a later FEC of the
// same books adds its new lettering, and never doubles the old. The store's guard has the last
// word: an invoice settled meanwhile by a bank payment is not paid twice.
func (m *fecImport) allocation(ctx context.Context, al fec.Allocation) error {
	inv, ok := m.invoices[al.InvoiceKey]
	if !ok || inv.Kind != receivable.KindInvoice {
		return nil
	}
	var src int64
	creditNote := al.CreditNoteKey != ""
	if creditNote {
		cn, ok := m.invoices[al.CreditNoteKey]
		if !ok || cn.Kind != receivable.KindCreditNote {
			return nil
		}
		src = cn.ID
		if err := m.loadPairs(ctx, src, true); err != nil {
			return err
		}
	} else if src, ok = m.payments[al.PaymentKey]; !ok {
		return nil
	}
	pair := fecPair{creditNote, src, inv.ID}
	missing := al.Amount - m.pairs[pair]
	if missing <= 0 {
		m.res.Allocations.Unchanged++
		return nil
	}
	now, err := m.q.Invoice(ctx, m.co.ID, inv.ID)
	if err != nil {
		return err
	}
	left, err := m.sourceLeft(ctx, src, creditNote)
	if err != nil {
		return err
	}
	amount := min(missing, now.Open(), left)
	if amount < missing {
		m.warn(m.lines[al.InvoiceKey], inv.Number, "lettering %s allocates %s to %s, relance could apply %s: the invoice or the payment was settled otherwise",
			al.Letter, missing, inv.Number, max(amount, 0))
	}
	if amount <= 0 {
		return nil
	}
	a := receivable.Allocation{CompanyID: m.co.ID, InvoiceID: inv.ID, Amount: amount, Date: al.Date}
	if creditNote {
		a.CreditNoteID = src
	} else {
		a.PaymentID = src
	}
	if a.Date.IsZero() {
		a.Date = inv.IssueDate
	}
	if err := m.q.Allocate(ctx, &a); err != nil {
		return fmt.Errorf("lettering %s of %s: %w", al.Letter, inv.Number, err)
	}
	m.pairs[pair] += amount
	m.res.Allocations.Created++
	return nil
}

// sourceLeft is what a payment or credit note has left to allocate.
func (m *fecImport) sourceLeft(ctx context.Context, id int64, creditNote bool) (money.Cents, error) {
	if creditNote {
		cn, err := m.q.Invoice(ctx, m.co.ID, id)
		return cn.Open(), err
	}
	p, err := m.q.Payment(ctx, m.co.ID, id)
	return p.Unallocated(), err
}

// termsDays is the customer's payment terms, else the company's.
func termsDays(co receivable.Company, cu receivable.Customer) int {
	if cu.PaymentTermsDays > 0 {
		return cu.PaymentTermsDays
	}
	return co.PaymentTermsDays
}

func kindName(k receivable.DocKind) string {
	if k == receivable.KindCreditNote {
		return "credit note"
	}
	return "invoice"
}
