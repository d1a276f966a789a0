package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// importFileCommands are the imports of files in a standard format — the FEC, bank
// statements, e-invoices — added under `relance import` beside its CSV/XLSX kinds.
func importFileCommands(e *env) []*cobra.Command {
	return []*cobra.Command{newImportFECCmd(e), newImportBankCmd(e), newImportEInvoiceCmd(e)}
}

func newImportFECCmd(e *env) *cobra.Command {
	var opts app.FECOptions
	var accounts, format string
	cmd := &cobra.Command{
		Use:   "fec FILE",
		Short: "Import the FEC (Fichier des Écritures Comptables): customers, invoices, payments and lettering",
		Long: `Imports the legal accounting export every French accounting package writes (article A47 A-1
of the LPF): tab or pipe separated, UTF-8 or ISO-8859-15, comma decimals. The customer accounts
(411…, with their sub-accounts CompAuxNum/CompAuxLib) become customers; their debits invoices
(credit notes when they reverse a sale), their credits payments, and the accountant's lettering
(EcritureLet) allocations. An item lettered against an entry of another fiscal year is recorded
as settled. Due dates come from a due-date column (DateRglt…) when the file has one, else from
the customer's payment terms, else the company's.

All or nothing: a bad line stores nothing and the error names the file, the line and the
column. Importing the same FEC again changes nothing; a later FEC of the same books adds the
new lettering.`,
		Example: `  relance import fec 123456789FEC20251231.txt --dry-run
  relance import fec 123456789FEC20251231.txt
  relance import fec FEC.txt --accounts 411,416`,
		Args: exactArgs("FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			for _, p := range strings.Split(accounts, ",") {
				if p = strings.TrimSpace(p); p != "" {
					if strings.Trim(p, "0123456789") != "" {
						return usageError{fmt.Errorf("--accounts %q: want account number prefixes such as 411,416", accounts)}
					}
					opts.Accounts = append(opts.Accounts, p)
				}
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			res, err := a.ImportFEC(cmd.Context(), co, args[0], f, opts)
			if err != nil {
				return fmt.Errorf("nothing was imported:\n%w", err)
			}
			if format == formatJSON {
				return writeJSON(e.stdout, res)
			}
			w := e.stdout
			fmt.Fprintf(w, "%s (FEC, %s, %s separated): %d lines.\n", res.File, res.Encoding, res.Separator, res.Lines)
			if res.DryRun {
				fmt.Fprintln(w, "Dry run: nothing was stored. The import would give:")
			}
			rows := [][]string{}
			for _, r := range []struct {
				name string
				c    app.Counts
			}{{"customers", res.Customers}, {"invoices", res.Invoices}, {"credit notes", res.CreditNotes}, {"payments", res.Payments},
				{"allocations (lettering)", res.Allocations}, {"settled outside the file", res.Settlements}} {
				rows = append(rows, []string{r.name, fmt.Sprint(r.c.Created), fmt.Sprint(r.c.Unchanged)})
			}
			if err := writeTable(w, []string{"", "created", "unchanged"}, rows); err != nil {
				return err
			}
			fmt.Fprintf(w, "Open: %s in %d invoices; unused credit (payments and credit notes not allocated): %s.\n",
				cur(co, res.Open), res.OpenInvoices, cur(co, res.UnusedCredit))
			if len(res.Warnings) > 0 {
				fmt.Fprintf(w, "%d items were stored otherwise than the file says:\n", len(res.Warnings))
				for _, x := range res.Warnings {
					fmt.Fprintf(w, "  line %d, %s: %s\n", x.Line, x.Number, x.Message)
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.DryRun, "dry-run", false, "go through the whole import and store nothing")
	f.StringVar(&accounts, "accounts", "411", "customer account prefixes, comma separated (411,416 to follow doubtful debts)")
	f.StringVar(&format, "format", formatTable, "table or json (the summary)")
	return cmd
}

func newImportBankCmd(e *env) *cobra.Command {
	var opts app.BankOptions
	var format string
	cmd := &cobra.Command{
		Use:   "bank FILE",
		Short: "Import a bank statement (camt.053 or CSV) and match its payments to open invoices",
		Long: `Imports a bank statement — ISO 20022 camt.053 (.001.02 to .001.08) as banks send it over
EBICS or for download, or the CSV export of online banking — and records its incoming credits as
payments. Each credit is recorded once, however many overlapping statements bring it.

The payments are then matched against the open invoices (lettrage): by the invoice numbers and
customer references in the remittance information, then by the exact amount of one or several
invoices of the customer whose name matches the payer's. A certain match is allocated at once;
the others wait for a collector: relance match list, accept, reject. Everything lands in one
transaction; a malformed file stores nothing and the error names the file, the line and the
element.`,
		Example: `  relance import bank releve-2026-11-20.xml
  relance import bank export-boursorama.csv --dry-run
  relance import bank releve.xml --no-auto       # every match to the review queue`,
		Args: exactArgs("FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			if t := opts.Match.AutoThreshold; t < 0 || t > 100 {
				return usageError{fmt.Errorf("--auto-threshold %d: want a confidence from 1 to 100", t)}
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			res, err := a.ImportBank(cmd.Context(), co, args[0], f, opts)
			if err != nil {
				return fmt.Errorf("nothing was imported:\n%w", err)
			}
			if format == formatJSON {
				return writeJSON(e.stdout, res)
			}
			w := e.stdout
			if res.DryRun {
				fmt.Fprintln(w, "Dry run: nothing was stored. The import would give:")
			}
			m := res.Matching
			fmt.Fprintf(w, "%s (%s): %d incoming payments, %d recorded (%s), %d already recorded.\n",
				res.File, res.Format, res.Credits, res.Created, cur(co, res.Amount), res.Unchanged)
			fmt.Fprintf(w, "Matching: %d allocated automatically (%s), %d queued for review (%s), %d left unmatched",
				m.Auto, cur(co, m.AutoAmount), m.Queued, cur(co, m.QueuedAmount), m.Unmatched)
			if m.Skipped > 0 {
				fmt.Fprintf(w, ", %d not matched (another currency)", m.Skipped)
			}
			fmt.Fprintln(w, ".")
			if m.Queued > 0 && !res.DryRun {
				fmt.Fprintln(w, "Review them: relance match list")
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.DryRun, "dry-run", false, "read and match the statement, store nothing")
	f.BoolVar(&opts.Match.NoAuto, "no-auto", false, "queue every match for review, however certain")
	f.IntVar(&opts.Match.AutoThreshold, "auto-threshold", 0, "confidence (1-100) from which a match is allocated without review (default 90)")
	f.StringVar(&format, "format", formatTable, "table or json (the summary)")
	return cmd
}

func newImportEInvoiceCmd(e *env) *cobra.Command {
	var opts app.EInvoiceOptions
	var format string
	cmd := &cobra.Command{
		Use:     "einvoice FILE|DIR ...",
		Aliases: []string{"einvoices", "facturx", "factur-x"},
		Short:   "Import e-invoices (Factur-X PDF, CII or UBL XML) with their files kept as proof",
		Long: `Imports electronic invoices and credit notes: Factur-X / ZUGFeRD PDFs (profiles MINIMUM to
EXTENDED; the XML embedded in the PDF/A-3 is read), CII XML and UBL 2.1 invoices and credit
notes. Each becomes an invoice (or credit note: a negative invoice is one) of its buyer, found by
SIREN or reference, or created with its SIREN as reference (else its VAT number, else its name)
and its e-mail as contact. The original file is kept in the database, attached to the invoice.
A directory is read for its .pdf and .xml files.

All or nothing: every file is checked first, and if one is not a readable e-invoice, or was
issued by another seller than the company, the errors name each bad file and nothing is stored.
Importing the same files again changes nothing.`,
		Example: `  relance import einvoice F2026-0042.pdf
  relance import einvoice ~/factures/2026-11/ --dry-run`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			files, err := einvoiceFiles(args)
			if err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			res, err := a.ImportEInvoices(cmd.Context(), co, files, os.ReadFile, opts)
			if err != nil {
				return appError(fmt.Errorf("nothing was imported:\n%w", err))
			}
			if format == formatJSON {
				return writeJSON(e.stdout, res)
			}
			w := e.stdout
			if res.DryRun {
				fmt.Fprintln(w, "Dry run: nothing was stored. The import would give:")
			}
			var rows [][]string
			for _, f := range res.Files {
				kind := "invoice"
				if f.Kind == receivable.KindCreditNote {
					kind = "credit note"
				}
				rows = append(rows, []string{f.File, kind, f.Number, f.CustomerRef, f.Customer, f.DueDate.Format(co.Language),
					f.Amount.FormatCurrency(f.Currency, co.Language), f.Status})
			}
			if err := writeTable(w, []string{"file", "kind", "number", "customer", "name", "due", "amount", "status"}, rows); err != nil {
				return err
			}
			fmt.Fprintf(w, "%d files: %d invoices and %d credit notes created, %d already imported, %d attached to an existing invoice; %d new customers.\n",
				len(res.Files), res.Invoices.Created, res.CreditNotes.Created, res.Invoices.Unchanged+res.CreditNotes.Unchanged-res.Attached,
				res.Attached, res.Customers.Created)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.DryRun, "dry-run", false, "read and check every file, store nothing")
	f.StringVar(&format, "format", formatTable, "table or json (the summary)")
	return cmd
}

// einvoiceFiles expands the arguments: a file is taken as it is, a directory for its .pdf
// and .xml files (not its subdirectories), in name order.
func einvoiceFiles(args []string) ([]string, error) {
	var out []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, arg)
			continue
		}
		entries, err := os.ReadDir(arg)
		if err != nil {
			return nil, err
		}
		var found []string
		for _, en := range entries {
			ext := strings.ToLower(filepath.Ext(en.Name()))
			if en.Type()&fs.ModeType == 0 && (ext == ".pdf" || ext == ".xml") {
				found = append(found, filepath.Join(arg, en.Name()))
			}
		}
		if len(found) == 0 {
			return nil, usageError{fmt.Errorf("%s: no .pdf or .xml file in this directory", arg)}
		}
		slices.Sort(found)
		out = append(out, found...)
	}
	return out, nil
}

// cur formats an amount in the company's currency and language.
func cur(co receivable.Company, c money.Cents) string {
	return c.FormatCurrency(co.Currency, co.Language)
}
