package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/report"
)

func init() { register(newReportCmd) }

func newReportCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Reports: aging balance, payment terms beyond the legal limits",
	}
	cmd.AddCommand(newReportAgingCmd(e))
	for _, f := range reportCommands {
		cmd.AddCommand(f(e))
	}
	return cmd
}

func newReportAgingCmd(e *env) *cobra.Command {
	var format, date, out string
	cmd := &cobra.Command{
		Use:   "aging",
		Short: "Aging balance (balance âgée): open invoices by lateness, per customer and in total",
		Long: `Ages the open invoices on a date into buckets: not due, 1-30, 31-60, 61-90 and more
than 90 days late, per customer and in total. Partial payments are taken into account; payments
dated after the date are not.

The JSON output is stable for scripts: date, currency, total_open_cents, total_overdue_cents,
buckets (label among not_due, 1-30, 31-60, 61-90, 91+, and amount_cents), customers.`,
		Example: `  relance report aging
  relance report aging --date 2026-06-30 --format xlsx --out aging.xlsx`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON, formatCSV, formatXLSX); err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			day, err := e.parseDay(date, app.Location(co))
			if err != nil {
				return err
			}
			rep, err := a.AgingReport(cmd.Context(), co, day)
			if err != nil {
				return err
			}
			lang := co.Language
			switch format {
			case formatJSON:
				return writeJSON(e.stdout, rep)
			case formatCSV:
				return writeCSV(e.stdout, rep.Header("en"), rep.Rows("en", money.Cents.String))
			case formatXLSX:
				if out == "" {
					return usageError{fmt.Errorf("--format xlsx needs --out FILE.xlsx")}
				}
				f, err := os.Create(out)
				if err != nil {
					return err
				}
				if err := report.WriteAgingXLSX(f, rep, co.DisplayName(), lang); err != nil {
					f.Close()
					return err
				}
				if err := f.Close(); err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "Wrote %s\n", out)
				return nil
			}
			fmt.Fprintf(e.stdout, "Aging on %s — %s (%s)\n\n", day.Format(lang), co.DisplayName(), co.Currency)
			return writeTable(e.stdout, rep.Header(lang), rep.Rows(lang, func(c money.Cents) string { return c.Format(lang) }))
		},
	}
	f := cmd.Flags()
	f.StringVar(&date, "date", "", "age on this date (default today)")
	f.StringVar(&format, "format", formatTable, "table, json, csv or xlsx")
	f.StringVar(&out, "out", "", "output file (xlsx)")
	return cmd
}
