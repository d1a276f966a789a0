package tabular

import (
	"io"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// PaymentRow is one payment received.
type PaymentRow struct {
	Line          int
	InvoiceNumber string // at least one of InvoiceNumber and CustomerRef is set
	CustomerRef   string
	Date          civil.Date
	Amount        money.Cents // > 0
	Currency      string      // "" when absent: the caller uses the company's
	Reference     string
	Method        string
	PayerName     string
}

var (
	fpInvoice   = paymentSchema.index("invoice_number")
	fpCustomer  = paymentSchema.index("customer_ref")
	fpDate      = paymentSchema.index("date")
	fpAmount    = paymentSchema.index("amount")
	fpCurrency  = paymentSchema.index("currency")
	fpReference = paymentSchema.index("reference")
	fpMethod    = paymentSchema.index("method")
	fpPayer     = paymentSchema.index("payer_name")
)

// NewPaymentReader opens a payment file. It needs columns for the date, the amount, and the
// invoice number or the customer reference (a payment on account names only the customer);
// each row needs a date, a positive amount and one of the two.
func NewPaymentReader(name string, r io.Reader, opts Options) (*Table[PaymentRow], error) {
	c, err := open(name, r, opts, paymentSchema)
	if err != nil {
		return nil, err
	}
	var missing error
	switch {
	case !c.has(fpInvoice) && !c.has(fpCustomer):
		missing = c.missing("the invoice number or the customer reference", "invoice_number", fpInvoice, fpCustomer)
	case !c.has(fpDate):
		missing = c.missing("the payment date", "date", fpDate)
	case !c.has(fpAmount):
		missing = c.missing("the amount paid", "amount", fpAmount)
	}
	if missing != nil {
		_ = c.src.close()
		return nil, missing
	}
	return &Table[PaymentRow]{core: c, parse: parsePayment}, nil
}

func parsePayment(r *row) PaymentRow {
	out := PaymentRow{
		Line:          r.line,
		InvoiceNumber: r.val(fpInvoice),
		CustomerRef:   r.val(fpCustomer),
		Reference:     r.val(fpReference),
		Method:        r.val(fpMethod),
		PayerName:     r.val(fpPayer),
	}
	if out.InvoiceNumber == "" && out.CustomerRef == "" {
		f := fpInvoice
		if !r.has(fpInvoice) {
			f = fpCustomer
		}
		r.fail(f, "", ErrMissing)
	}
	if v := r.val(fpDate); v == "" {
		r.fail(fpDate, "", ErrMissing)
	} else if d, err := parseDate(v, r.xlsx, r.d1904); err != nil {
		r.fail(fpDate, v, err)
	} else {
		out.Date = d
	}
	if v := r.val(fpAmount); v == "" {
		r.fail(fpAmount, "", ErrMissing)
	} else if a, err := parseAmount(v, r.xlsx); err != nil {
		r.fail(fpAmount, v, err)
	} else if a <= 0 {
		r.fail(fpAmount, v, ErrNotPositive)
	} else {
		out.Amount = a
	}
	if v := r.val(fpCurrency); v != "" {
		cur, err := parseCurrency(v)
		if err != nil {
			r.fail(fpCurrency, v, err)
		}
		out.Currency = cur
	}
	return out
}
