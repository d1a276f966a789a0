package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/report"
)

// The exports of the command line (`relance export`, `relance report aging --format csv|xlsx`)
// as downloads, for the pages (page_exports.go) and the API (api_exports.go), which check
// their requests each in its own way and share what is made here.

// exportKinds are the exports by the name their path gives them, in the order the API lists
// them.
var exportKinds = []string{app.ExportCustomers, app.ExportInvoices, app.ExportPayments, app.ExportHistory}

// exportAttachment makes an export whole, named relance-<company>-<kind>[-<customer>]-<today>.
// opts is checked beforehand: its kind and format are known, its customer is the company's.
func exportAttachment(ctx context.Context, a *app.App, co receivable.Company, opts app.ExportOptions) (*attachment, error) {
	d := &attachment{name: exportFileName(co, opts.Kind, opts.Customer, a.Today(co), opts.Format), contentType: exportContentType(opts.Format), body: &spool{}}
	if _, err := a.Export(ctx, co, d.body, opts); err != nil {
		d.close()
		return nil, fmt.Errorf("export of %s: %w", opts.Kind, err)
	}
	return d, nil
}

// agingAttachment makes the aging balance on day as a formatted workbook (the command line's)
// or as CSV, in lang: amounts in the CSV are decimal text with a point, as in every export,
// so that a spreadsheet or a script reads them whatever its locale.
func agingAttachment(ctx context.Context, a *app.App, co receivable.Company, day civil.Date, format, lang string) (*attachment, error) {
	rep, err := a.AgingReport(ctx, co, day)
	if err != nil {
		return nil, fmt.Errorf("aging report on %s: %w", day, err)
	}
	d := &attachment{name: exportFileName(co, "aging", "", day, format), contentType: exportContentType(format), body: &spool{}}
	if format == app.ExportXLSX {
		err = report.WriteAgingXLSX(d.body, rep, co.DisplayName(), lang)
	} else {
		err = writeAgingCSV(d.body, rep, lang)
	}
	if err != nil {
		d.close()
		return nil, fmt.Errorf("aging report on %s as %s: %w", day, format, err)
	}
	return d, nil
}

func writeAgingCSV(w io.Writer, rep report.Aging, lang string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(rep.Header(lang)); err != nil {
		return err
	}
	if err := cw.WriteAll(rep.Rows(lang, money.Cents.String)); err != nil {
		return err
	}
	return cw.Error()
}

// exportFileName is what a download is saved as: relance-imprimerie-lemoine-invoices-2026-11-23.xlsx.
// The company's slug tells apart the files of several companies in one folder.
func exportFileName(co receivable.Company, kind, customer string, day civil.Date, format string) string {
	parts := []string{"relance", co.Slug, kind}
	if customer != "" {
		parts = append(parts, customer)
	}
	parts = append(parts, day.String())
	return safeFileName(strings.Join(parts, "-") + "." + format)
}

func exportContentType(format string) string {
	if format == app.ExportXLSX {
		return xlsxType
	}
	return csvType
}
