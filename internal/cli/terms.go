package cli

import (
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
)

// reportCommands are the subcommands of `relance report` defined outside report.go, which
// adds them: a report is then one new file, as a command is.
var reportCommands []func(*env) *cobra.Command

func init() { reportCommands = append(reportCommands, newReportTermsCmd) }

func newReportTermsCmd(e *env) *cobra.Command {
	var format, from, to string
	cmd := &cobra.Command{
		Use:   "terms",
		Short: "Invoices whose payment term exceeds the legal caps (60 days, 45 days end of month)",
		Long: `Lists the invoices whose due date is more than 60 days after their issue date (C. com.
L441-10 I), with the limits of 45 days end of month counted both ways the DGCCRF accepts
(+45 days then end of month; end of month then +45 days): beyond 60 days, a term is lawful only
if 45 days end of month was expressly agreed and the due date is within the limit so counted.
Exceeding the caps exposes the company to an administrative fine.`,
		Example: `  relance report terms
  relance report terms --from 2026-01-01 --format csv`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
				return err
			}
			var opts app.TermsReportOptions
			for _, f := range []struct {
				name, value string
				into        *civil.Date
			}{{"from", from, &opts.IssuedFrom}, {"to", to, &opts.IssuedTo}} {
				if f.value == "" {
					continue
				}
				d, err := civil.ParseLoose(f.value)
				if err != nil {
					return usageError{fmt.Errorf("--%s: %w", f.name, err)}
				}
				*f.into = d
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			lines, err := a.TermsReport(cmd.Context(), co, opts)
			if err != nil {
				return err
			}
			if format == formatJSON {
				return writeJSON(e.stdout, lines)
			}
			header := []string{"number", "customer_ref", "issue_date", "due_date", "days", "limit_60_days", "limit_45_eom_a", "limit_45_eom_b", "exceeds_45_eom_a", "exceeds_45_eom_b"}
			var rows [][]string
			for _, l := range lines {
				rows = append(rows, []string{l.Number, l.CustomerRef, l.IssueDate.String(), l.DueDate.String(), strconv.Itoa(l.Days),
					l.Limit60.String(), l.Limit45EOMA.String(), l.Limit45EOMB.String(), strconv.FormatBool(l.Exceeds45EOMA), strconv.FormatBool(l.Exceeds45EOMB)})
			}
			if format == formatCSV {
				return writeCSV(e.stdout, header, rows)
			}
			if len(rows) == 0 {
				fmt.Fprintln(e.stdout, "No invoice has a payment term beyond 60 days.")
				return nil
			}
			return writeTable(e.stdout, header, rows)
		},
	}
	f := cmd.Flags()
	f.StringVar(&from, "from", "", "only invoices issued on or after this day")
	f.StringVar(&to, "to", "", "only invoices issued on or before this day")
	f.StringVar(&format, "format", formatTable, "table, json or csv")
	return cmd
}

// writeImportWarnings prints the rows an import stored but that a person should look at
// (invoices whose payment term exceeds the legal caps). `relance import` calls it after its
// summary; the JSON summary carries them already.
func writeImportWarnings(w io.Writer, res app.ImportResult) {
	if res.TermsExceeded == 0 {
		return
	}
	fmt.Fprintf(w, "%d invoices have a payment term beyond the legal caps (imported all the same):\n", res.TermsExceeded)
	for _, x := range res.Warnings {
		fmt.Fprintf(w, "  line %d, invoice %s: %s\n", x.Line, x.Invoice, x.Message)
	}
	if more := res.TermsExceeded - len(res.Warnings); more > 0 {
		fmt.Fprintf(w, "  … and %d more: relance report terms lists them all.\n", more)
	}
}
