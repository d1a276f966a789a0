package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// ImportWarning is a row an import stored but that a person should look at: so far, an
// invoice whose payment term exceeds the legal caps (C. com. L441-10 I). It is a warning, not
// an error: the invoice was issued so, and collecting it is still right.
type ImportWarning struct {
	Line    int    `json:"line"`
	Invoice string `json:"invoice"`
	Message string `json:"message"`
}

// maxImportWarnings bounds the warnings an import result lists; TermsExceeded counts them
// all, and `relance report terms` lists every one.
const maxImportWarnings = 100

// termsWarner collects the payment-term warnings of an import.
type termsWarner struct {
	lang     string
	warnings *[]ImportWarning
	count    *int
}

// check adds a warning when inv's term exceeds 60 days from its issue date. Credit notes
// and invoices without an issue date are not checked.
func (w termsWarner) check(line int, inv receivable.Invoice) {
	if inv.Kind == receivable.KindCreditNote || inv.IssueDate.IsZero() || inv.DueDate.IsZero() ||
		!penalty.ExceedsLegalTerms(inv.IssueDate, inv.DueDate) {
		return
	}
	c, err := penalty.CheckTerms(inv.IssueDate, inv.DueDate)
	if err != nil || !c.Flagged {
		return
	}
	*w.count++
	if len(*w.warnings) < maxImportWarnings {
		*w.warnings = append(*w.warnings, ImportWarning{Line: line, Invoice: inv.Number, Message: termsMessage(c, w.lang)})
	}
}

// termsMessage is the findings of a check in one sentence per limit exceeded.
func termsMessage(c penalty.TermsCheck, lang string) string {
	parts := make([]string, len(c.Findings))
	for i, f := range c.Findings {
		parts[i] = f.In(lang)
	}
	return strings.Join(parts, " ")
}

// TermsLine is an invoice whose payment term exceeds the legal caps, with the check.
type TermsLine struct {
	Number      string `json:"number"`
	CustomerRef string `json:"customer_ref"`
	penalty.TermsCheck
}

// TermsReportOptions filter the payment-terms report by issue date (zero: no bound).
type TermsReportOptions struct {
	IssuedFrom, IssuedTo civil.Date
}

// TermsReport lists the company's invoices whose term exceeds 60 days from the issue date,
// with the limits of 45 days end of month by both counting methods, by issue date: the
// report that answers a DGCCRF check (fines up to 2 million euros for a company).
func (a *App) TermsReport(ctx context.Context, co receivable.Company, opts TermsReportOptions) ([]TermsLine, error) {
	const page = 5000
	out := []TermsLine{}
	for offset := 0; ; offset += page {
		invs, err := a.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, Kind: receivable.KindInvoice, Limit: page, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, inv := range invs {
			if inv.IssueDate.IsZero() || (!opts.IssuedFrom.IsZero() && inv.IssueDate.Before(opts.IssuedFrom)) ||
				(!opts.IssuedTo.IsZero() && inv.IssueDate.After(opts.IssuedTo)) {
				continue
			}
			c, err := penalty.CheckTerms(inv.IssueDate, inv.DueDate)
			if err != nil {
				return nil, fmt.Errorf("invoice %s: %w", inv.Number, err)
			}
			if c.Flagged {
				out = append(out, TermsLine{Number: inv.Number, CustomerRef: inv.CustomerRef, TermsCheck: c})
			}
		}
		if len(invs) < page {
			break
		}
	}
	// By issue date, then number: the order of the sales ledger.
	slices.SortStableFunc(out, func(a, b TermsLine) int {
		if c := a.IssueDate.Compare(b.IssueDate); c != 0 {
			return c
		}
		return strings.Compare(a.Number, b.Number)
	})
	return out, nil
}
