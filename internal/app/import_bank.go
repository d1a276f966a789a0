package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/relance-app/relance/internal/ingest/camt"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// BankOptions tune a bank statement import.
type BankOptions struct {
	// DryRun reads the statement and matches it, then stores nothing: the summary says what
	// the import would do.
	DryRun bool
	Match  MatchOptions
}

// BankResult is what a bank statement import did, or would do.
type BankResult struct {
	File       string       `json:"file"`
	Format     string       `json:"format"` // camt.053.001.02 … or csv
	Statements int          `json:"statements"`
	Credits    int          `json:"credits"`   // incoming payments in the file
	Created    int          `json:"created"`   // payments recorded
	Unchanged  int          `json:"unchanged"` // recorded by an earlier (overlapping) statement
	Amount     money.Cents  `json:"amount_cents"`
	Matching   MatchSummary `json:"matching"`
	DryRun     bool         `json:"dry_run"`
}

// errDryRun rolls a dry run's transaction back once it has computed its summary.
var errDryRun = errors.New("dry run")

// inTx runs fn in a transaction that is rolled back when dry is set: a dry run goes through
// every step of the import, so that its summary is exact, and stores nothing.
func (a *App) inTx(ctx context.Context, dry bool, fn func(q store.Queries) error) error {
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		if err := fn(q); err != nil {
			return err
		}
		if dry {
			return errDryRun
		}
		return nil
	})
	if dry && errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// ImportBank reads a bank statement — camt.053 (.001.02 to .001.08) or a CSV export of
// online banking — and records its incoming credits as payments, then matches them against
// the company's open invoices: certain proposals are allocated at once, the others wait in
// the review queue. A payment is identified by the statement's own key (account, booking
// date, bank reference, amount), so that overlapping statements record it once. Everything
// lands in one transaction; a malformed file stores nothing and its error names the file, the
// line and the element or column.
func (a *App) ImportBank(ctx context.Context, co receivable.Company, name string, r io.Reader, opts BankOptions) (BankResult, error) {
	res := BankResult{File: name, DryRun: opts.DryRun}
	data, err := io.ReadAll(r)
	if err != nil {
		return res, fmt.Errorf("%s: %w", name, err)
	}
	var doc *camt.Document
	if looksLikeXML(data) {
		doc, err = camt.Read(name, bytes.NewReader(data))
	} else {
		doc, err = camt.ReadCSV(name, bytes.NewReader(data))
	}
	if err != nil {
		return res, err
	}
	res.Format, res.Statements = doc.Message, len(doc.Statements)
	if doc.Version != "" {
		res.Format = doc.Version
	}
	source := "camt"
	if doc.Message == "csv" {
		source = "bank-csv"
	}
	incoming := doc.IncomingPayments()
	res.Credits = len(incoming)
	err = a.inTx(ctx, opts.DryRun, func(q store.Queries) error {
		m, err := newMatcher(ctx, q, co, opts.Match)
		if err != nil {
			return err
		}
		for _, in := range incoming {
			p := receivable.Payment{CompanyID: co.ID, Date: in.Date, Amount: in.Amount, Currency: orDefault(in.Currency, co.Currency),
				Method: methodOf(in.Remittance), Reference: remittanceOf(in), PayerName: in.PayerName, Source: source, ExternalID: in.Key}
			// Matched before it is stored, so that a payment allocated at once is stored with
			// its customer: one statement less for most payments of a statement.
			var sum MatchSummary
			pr, ok := m.propose(co, p, &sum)
			customer := int64(0)
			if ok {
				customer = m.autoCustomer(p, pr, opts.Match)
			}
			p.CustomerID = customer
			err := q.CreatePayment(ctx, &p)
			if errors.Is(err, store.ErrConflict) {
				res.Unchanged++
				continue
			}
			if err != nil {
				return fmt.Errorf("%s, line %d: %w", name, in.Line, err)
			}
			res.Created++
			res.Amount += p.Amount
			res.Matching.add(sum)
			if !ok {
				continue
			}
			if err := a.record(ctx, q, co, m, p, pr, opts.Match, customer != 0, &res.Matching); err != nil {
				return fmt.Errorf("%s, line %d: %w", name, in.Line, err)
			}
		}
		return nil
	})
	return res, err
}

// looksLikeXML reports whether the file starts, after a BOM and blanks, with a tag.
func looksLikeXML(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}

// remittanceOf is what the payer wrote, followed by the structured references and the
// end-to-end id it does not already contain: all of it is evidence for matching, and all of it
// is what a collector reads in the review queue.
func remittanceOf(p camt.Payment) string {
	parts := []string{strings.TrimSpace(p.Remittance)}
	text := strings.ToUpper(p.Remittance)
	for _, r := range append(append([]string(nil), p.References...), p.EndToEndID) {
		r = strings.TrimSpace(r)
		if r == "" || strings.EqualFold(r, "NOTPROVIDED") || strings.Contains(text, strings.ToUpper(r)) {
			continue
		}
		parts = append(parts, r)
		text += " " + strings.ToUpper(r)
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}

// methodOf reads the payment method from the label French banks write ("VIR SEPA …",
// "REM CHQ …", "PRLV …"); a credit is a transfer unless the label says otherwise.
func methodOf(label string) string {
	l := strings.ToUpper(strings.TrimSpace(label))
	switch {
	case strings.HasPrefix(l, "REM CHQ"), strings.HasPrefix(l, "REMISE CHQ"), strings.HasPrefix(l, "REMISE CHEQUE"), strings.HasPrefix(l, "CHQ"):
		return "chèque"
	case strings.HasPrefix(l, "PRLV"), strings.HasPrefix(l, "PRELEVEMENT"):
		return "prélèvement"
	case strings.HasPrefix(l, "CB "), strings.HasPrefix(l, "REM CB"), strings.HasPrefix(l, "REMISE CB"):
		return "carte"
	}
	return "virement"
}
