package tabular

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// InvoiceRow is one invoice or credit note of an invoice file.
type InvoiceRow struct {
	Line          int // 1-based line number in the file (header = line 1), or XLSX row number
	Number        string
	Kind          receivable.DocKind // credit_note when the amount is negative (stored positive) or a type/kind column says avoir/credit note
	CustomerRef   string             // falls back to the name when there is no reference column
	CustomerName  string             // falls back to the reference when there is no name column or the cell is empty
	CustomerEmail string
	IssueDate     civil.Date // zero only when the file has no issue date column
	DueDate       civil.Date // zero means "compute from the payment terms" (the caller does it)
	Amount        money.Cents
	Currency      string // "" when absent: the caller uses the company's
	ExternalID    string
	Document      string
}

var (
	fiNumber   = invoiceSchema.index("invoice_number")
	fiKind     = invoiceSchema.index("kind")
	fiRef      = invoiceSchema.index("customer_ref")
	fiName     = invoiceSchema.index("customer_name")
	fiEmail    = invoiceSchema.index("customer_email")
	fiIssue    = invoiceSchema.index("issue_date")
	fiDue      = invoiceSchema.index("due_date")
	fiAmount   = invoiceSchema.index("amount")
	fiCurrency = invoiceSchema.index("currency")
	fiExtID    = invoiceSchema.index("external_id")
	fiDocument = invoiceSchema.index("document")
)

// NewInvoiceReader opens an invoice file (CSV or XLSX, told apart by content) and maps its
// header. It needs columns for the number, the customer (reference or name), the amount and a
// date (issue or due).
//
// Values: a row needs a number, a customer and an amount; the issue date is required when its
// column exists, else the due date is; an empty due date is left zero for the caller to
// compute from the payment terms. The same number twice in the file is an error on the second
// line, naming the first.
func NewInvoiceReader(name string, r io.Reader, opts Options) (*Table[InvoiceRow], error) {
	c, err := open(name, r, opts, invoiceSchema)
	if err != nil {
		return nil, err
	}
	var missing error
	switch {
	case !c.has(fiNumber):
		missing = c.missing("the invoice number", "invoice_number", fiNumber)
	case !c.has(fiRef) && !c.has(fiName):
		missing = c.missing("the customer", "customer_ref", fiRef, fiName)
	case !c.has(fiAmount):
		missing = c.missing("the amount including VAT", "amount", fiAmount)
	case !c.has(fiIssue) && !c.has(fiDue):
		missing = c.missing("the issue date or the due date", "issue_date", fiIssue, fiDue)
	}
	if missing != nil {
		_ = c.src.close()
		return nil, missing
	}
	p := &invoiceParser{seen: make(map[string]int32, max(c.estRows, 1024))}
	return &Table[InvoiceRow]{core: c, parse: p.parse}, nil
}

type invoiceParser struct {
	// seen maps each invoice number to its line, to report duplicates with both lines. Keys are
	// copies: a substring would keep the whole record it was cut from alive.
	seen map[string]int32
}

func (p *invoiceParser) parse(r *row) InvoiceRow {
	out := InvoiceRow{
		Line:         r.line,
		Number:       r.val(fiNumber),
		CustomerRef:  r.val(fiRef),
		CustomerName: r.val(fiName),
		ExternalID:   r.val(fiExtID),
		Document:     r.val(fiDocument),
		Kind:         receivable.KindInvoice,
	}
	if out.Number == "" {
		r.fail(fiNumber, "", ErrMissing)
	} else if first, dup := p.seen[out.Number]; dup {
		r.fail(fiNumber, out.Number, fmt.Errorf("%w, first on line %d", ErrDuplicate, first))
	} else {
		p.seen[strings.Clone(out.Number)] = int32(min(r.line, 1<<31-1))
	}

	// Without a reference column the name is the reference. An empty name is the reference,
	// which is all the caller needs to create a customer it does not know; an empty reference
	// is an error, since matching by name instead could create a second customer.
	if !r.has(fiRef) {
		out.CustomerRef = out.CustomerName
	}
	if out.CustomerName == "" {
		out.CustomerName = out.CustomerRef
	}
	if out.CustomerRef == "" {
		f := fiRef
		if !r.has(fiRef) {
			f = fiName
		}
		r.fail(f, "", ErrMissing)
	}

	if v := r.val(fiEmail); v != "" {
		email, err := checkEmail(v)
		if err != nil {
			r.fail(fiEmail, v, err)
		}
		out.CustomerEmail = email
	}

	if v := r.val(fiKind); v != "" {
		k, err := parseDocKind(v)
		if err != nil {
			r.fail(fiKind, v, err)
		}
		out.Kind = k
	}

	switch v := r.val(fiAmount); {
	case v == "":
		r.fail(fiAmount, "", ErrMissing)
	default:
		a, err := parseAmount(v, r.xlsx)
		if err != nil {
			r.fail(fiAmount, v, err)
		}
		if a < 0 {
			a, out.Kind = -a, receivable.KindCreditNote
		}
		out.Amount = a
	}

	issue, due := r.val(fiIssue), r.val(fiDue)
	if issue != "" {
		d, err := parseDate(issue, r.xlsx, r.d1904)
		if err != nil {
			r.fail(fiIssue, issue, err)
		}
		out.IssueDate = d
	} else if r.has(fiIssue) {
		r.fail(fiIssue, "", ErrMissing)
	}
	if due != "" {
		d, err := parseDate(due, r.xlsx, r.d1904)
		if err != nil {
			r.fail(fiDue, due, err)
		}
		out.DueDate = d
	} else if !r.has(fiIssue) {
		r.fail(fiDue, "", ErrMissing)
	}
	if !out.IssueDate.IsZero() && !out.DueDate.IsZero() && out.DueDate.Before(out.IssueDate) {
		r.fail(fiDue, due, fmt.Errorf("%w %s", ErrDueBeforeIssue, out.IssueDate.Format("fr")))
	}

	if v := r.val(fiCurrency); v != "" {
		cur, err := parseCurrency(v)
		if err != nil {
			r.fail(fiCurrency, v, err)
		}
		out.Currency = cur
	}
	return out
}

// parseDocKind reads the type column of invoice exports: "Facture"/"Avoir", "invoice"/"credit
// note", and the one- or two-letter codes accounting packages use (FA, AV, F, A).
func parseDocKind(s string) (receivable.DocKind, error) {
	switch normValue(s) {
	case "facture", "invoice", "fa", "f", "fac", "inv", "i", "factureclient", "debit":
		return receivable.KindInvoice, nil
	case "avoir", "creditnote", "credit", "av", "a", "avr", "cn", "notedecredit", "notecredit", "refund", "avoirclient":
		return receivable.KindCreditNote, nil
	}
	return "", errors.New("unknown document type, want facture (invoice) or avoir (credit note)")
}
