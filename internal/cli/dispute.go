package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
)

func init() { register(newDisputeCmd) }

func newDisputeCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "dispute",
		Aliases: []string{"disputes", "litige", "litiges"},
		Short:   "Record, resolve and list disputes (litiges): a disputed invoice is not reminded",
		Long: `A dispute ("litige") is the debtor contesting an invoice: wrong quantity, missing
delivery note, quality claim. Reminders on that invoice stop until the dispute is resolved —
chasing a contested invoice hardens the debtor — while the customer's other invoices go on.
Answer it quickly, with proof, then resolve it here: the invoice is reminded again from that
day. Each change is written in the customer's history.`,
	}
	cmd.AddCommand(newDisputeOpenCmd(e), newDisputeResolveCmd(e), newDisputeListCmd(e))
	return cmd
}

func newDisputeOpenCmd(e *env) *cobra.Command {
	var p app.DisputeParams
	var date string
	cmd := &cobra.Command{
		Use:     "open --invoice NUMBER --reason TEXT [--date D]",
		Short:   "Record that the debtor contests an invoice",
		Example: `  relance dispute open --invoice FA-2026-00123 --reason "bon de livraison manquant"`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if p.InvoiceNumber == "" || p.Reason == "" {
				return usageError{errors.New("--invoice NUMBER and --reason TEXT are required")}
			}
			var err error
			if date != "" {
				if p.Day, err = parseDate("--date", date); err != nil {
					return err
				}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			d, err := a.OpenDispute(cmd.Context(), co, p, author())
			if err != nil {
				return appError(err)
			}
			fmt.Fprintf(e.stdout, "Dispute %d opened on invoice %s (customer %s): reminders on this invoice stop until it is resolved.\n", d.ID, d.InvoiceNumber, d.CustomerRef)
			fmt.Fprintf(e.stdout, "Resolve it with: relance dispute resolve %d --resolution TEXT\n", d.ID)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&p.InvoiceNumber, "invoice", "", "the contested invoice's number")
	f.StringVar(&p.Reason, "reason", "", "what the debtor contests")
	f.StringVar(&date, "date", "", "when the debtor contested (default today)")
	return cmd
}

func newDisputeResolveCmd(e *env) *cobra.Command {
	var p app.ResolveParams
	cmd := &cobra.Command{
		Use:     "resolve ID --resolution TEXT",
		Short:   "Close a dispute: the invoice is reminded again",
		Example: `  relance dispute resolve 12 --resolution "bon de livraison signé envoyé le 20/11"`,
		Args:    exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID("dispute", args[0])
			if err != nil {
				return err
			}
			if p.Resolution == "" {
				return usageError{errors.New("--resolution TEXT is required: say what was decided (credit note, proof sent, withdrawn…)")}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			d, err := a.ResolveDispute(cmd.Context(), co, id, p, author())
			if err != nil {
				return appError(err)
			}
			fmt.Fprintf(e.stdout, "Dispute %d on invoice %s (customer %s) resolved: %s. The invoice is reminded again.\n", d.ID, d.InvoiceNumber, d.CustomerRef, d.Resolution)
			return nil
		},
	}
	cmd.Flags().StringVar(&p.Resolution, "resolution", "", "what was decided")
	return cmd
}

func newDisputeListCmd(e *env) *cobra.Command {
	var f app.CommitmentFilter
	var format string
	cmd := &cobra.Command{
		Use:   "list [--open] [--customer REF]",
		Short: "List disputes, the latest first",
		Example: `  relance dispute list --open
  relance dispute list --customer C0042 --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			list, err := a.Disputes(cmd.Context(), co, f)
			if err != nil {
				return appError(err)
			}
			if format == formatJSON {
				return writeJSON(e.stdout, list)
			}
			if len(list) == 0 {
				fmt.Fprintln(e.stdout, "No dispute.")
				return nil
			}
			var rows [][]string
			for _, d := range list {
				state := "open"
				if !d.Open {
					state = "resolved " + d.Resolved.Format(co.Language)
				}
				rows = append(rows, []string{strconv.FormatInt(d.ID, 10), d.CustomerRef, d.InvoiceNumber, d.Opened.Format(co.Language), state,
					truncate(d.Reason, 50), truncate(d.Resolution, 40)})
			}
			return writeTable(e.stdout, []string{"id", "customer", "invoice", "opened", "state", "reason", "resolution"}, rows)
		},
	}
	cmd.Flags().BoolVar(&f.OpenOnly, "open", false, "only disputes not yet resolved")
	cmd.Flags().StringVar(&f.CustomerRef, "customer", "", "only this customer's")
	cmd.Flags().StringVar(&format, "format", formatTable, "table or json")
	return cmd
}
