package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
)

func init() { register(newExportCmd) }

func newExportCmd(e *env) *cobra.Command {
	var opts app.ExportOptions
	var out string
	cmd := &cobra.Command{
		Use:     "export customers|invoices|payments|history [--format csv|xlsx] [--out FILE]",
		Aliases: []string{"exporter"},
		Short:   "Export customers, invoices, payments or the history as CSV or XLSX",
		Long: `Writes the company's customers (with their dunning contact and open balance), invoices and
credit notes (with what is allocated and open), payments (with the invoices they paid) or the
history (every customer's timeline, or one's with --customer) as CSV or XLSX. Rows are streamed
from the database, so a big database exports in constant memory.

CSV: UTF-8, comma separated, amounts as decimal text (1234.56), dates ISO (2026-11-23). XLSX:
amounts as numbers with a currency format, dates as dates. The columns are named as relance
import names its fields: an export of customers or invoices imports as it is.

Without --out, CSV goes to the standard output; XLSX needs --out.`,
		Example: `  relance export invoices --format xlsx --out factures.xlsx
  relance export payments > reglements.csv
  relance export history --customer C0042 --format csv --out C0042.csv`,
		Args: exactArgs("customers|invoices|payments|history"),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, err := app.ParseExportKind(args[0])
			if err != nil {
				return usageError{err}
			}
			opts.Kind = kind
			if err := checkFormat(opts.Format, formatCSV, formatXLSX); err != nil {
				return err
			}
			if opts.Format == formatXLSX && out == "" {
				return usageError{errors.New("--format xlsx needs --out FILE.xlsx")}
			}
			if opts.Customer != "" && kind != app.ExportHistory {
				return usageError{errors.New("--customer applies to the history only")}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			if out == "" {
				w := bufio.NewWriter(e.stdout)
				if _, err := a.Export(cmd.Context(), co, w, opts); err != nil {
					return appError(err)
				}
				return w.Flush()
			}
			// Written beside the target and renamed at the end: a failed export never leaves
			// a truncated file where a previous good one was.
			tmp, err := os.CreateTemp(filepath.Dir(out), ".relance-export-*")
			if err != nil {
				return err
			}
			defer os.Remove(tmp.Name())
			w := bufio.NewWriterSize(tmp, 256<<10)
			n, err := a.Export(cmd.Context(), co, w, opts)
			if err == nil {
				err = w.Flush()
			}
			if err == nil {
				err = tmp.Chmod(0o644) // CreateTemp's 0600 is for the file being written, not the result
			}
			if cerr := tmp.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return appError(err)
			}
			if err := os.Rename(tmp.Name(), out); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "Wrote %s: %d %s.\n", out, n, kind)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", formatCSV, "csv or xlsx")
	f.StringVar(&out, "out", "", "output file (default: CSV on the standard output)")
	f.StringVar(&opts.Customer, "customer", "", "history: only this customer's (by reference)")
	return cmd
}
