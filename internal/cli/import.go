package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/relance-app/relance/internal/app"
)

func init() { register(newImportCmd) }

func newImportCmd(e *env) *cobra.Command {
	var maps []string
	var opts app.ImportOptions
	var format string
	cmd := &cobra.Command{
		Use:   "import invoices|payments|customers FILE",
		Short: "Import invoices, payments or customers from a CSV or XLSX file",
		Long: `Imports a CSV (UTF-8 or Windows-1252; separator ; , or tab) or XLSX file exported from
your accounting or invoicing software. Columns are recognised by their header, in French or
English, whatever the case and accents ("N° facture", "Échéance", "Montant TTC", "Code client"…);
--map HEADER=field fixes a column relance does not recognise.

The import is all or nothing: if any row is wrong, relance lists every bad row (file, line,
field and value) and stores nothing. Importing the same file again changes nothing; a changed
row updates its invoice. An invoice whose customer is unknown creates the customer.

Fields — invoices: invoice_number, customer_ref, customer_name, customer_email, issue_date,
due_date, amount (incl. VAT), currency, kind (invoice/credit note), external_id, document.
Payments: invoice_number or customer_ref, date, amount, reference, method, payer_name.
Customers: ref, name, email, phone, contact_name, address, address2, postal_code, city,
country, siren, kind (b2b, b2c, public), profile, language, credit_limit, payment_terms, collector.`,
		Example: `  relance import invoices factures.csv
  relance import payments reglements.xlsx --sheet Janvier
  relance import customers clients.csv --map "Code tiers=ref" --dry-run`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			kind, err := app.ParseImportKind(args[0])
			if err != nil {
				return usageError{err}
			}
			if len(maps) > 0 {
				opts.Map = map[string]string{}
				for _, m := range maps {
					h, f, ok := strings.Cut(m, "=")
					if !ok || strings.TrimSpace(h) == "" {
						return usageError{fmt.Errorf("--map %q: want HEADER=field", m)}
					}
					opts.Map[strings.TrimSpace(h)] = strings.TrimSpace(f)
				}
			}
			f, err := os.Open(args[1])
			if err != nil {
				return err
			}
			defer f.Close()
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			bar := e.progress(f, "reading "+args[1])
			if bar != nil {
				opts.Progress = func(n int64) { bar.Set64(n) }
			}
			res, err := a.Import(cmd.Context(), co, kind, args[1], f, opts)
			if bar != nil {
				bar.Finish()
				fmt.Fprintln(e.stderr)
			}
			if err != nil {
				return fmt.Errorf("nothing was imported:\n%w", err)
			}
			if format == formatJSON {
				return writeJSON(e.stdout, res)
			}
			var mapped []string
			for _, c := range res.Mapping {
				if c.Field != "" {
					mapped = append(mapped, fmt.Sprintf("%q→%s", c.Header, c.Field))
				}
			}
			fmt.Fprintf(e.stdout, "%s (%s): %s\n", args[1], res.Format, strings.Join(mapped, ", "))
			st := res.Stats
			if opts.DryRun {
				fmt.Fprintf(e.stdout, "Dry run: %d rows are valid; nothing was stored.\n", st.Rows)
				writeImportWarnings(e.stdout, res)
				return nil
			}
			fmt.Fprintf(e.stdout, "%d rows: %d created, %d updated, %d unchanged", st.Rows, st.Created, st.Updated, st.Unchanged)
			if st.CustomersCreated > 0 {
				fmt.Fprintf(e.stdout, "; %d new customers", st.CustomersCreated)
			}
			fmt.Fprintln(e.stdout, ".")
			writeImportWarnings(e.stdout, res)
			return nil
		},
	}
	cmd.AddCommand(importFileCommands(e)...) // relance import fec|bank|einvoice, in import_files.go
	f := cmd.Flags()
	f.StringArrayVar(&maps, "map", nil, "map a column to a field: HEADER=field (repeatable)")
	f.StringVar(&opts.Sheet, "sheet", "", "XLSX sheet to read (default: the first)")
	f.BoolVar(&opts.DryRun, "dry-run", false, "check the whole file and show the mapping; store nothing")
	f.StringVar(&format, "format", formatTable, "table or json (the summary)")
	return cmd
}

// progress returns a progress bar over f's size when stderr is a terminal and the file is
// big enough to wait for; nil otherwise (scripts and tests get no bar).
func (e *env) progress(f *os.File, what string) *progressbar.ProgressBar {
	out, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(out.Fd())) {
		return nil
	}
	info, err := f.Stat()
	if err != nil || info.Size() < 4<<20 {
		return nil
	}
	return progressbar.DefaultBytes(info.Size(), what)
}
