package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
)

func init() { register(newDebitCmd) }

func newDebitCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "debit",
		Aliases: []string{"prelevement", "prélèvement"},
		Short:   "Direct debits (prélèvements): record a rejected one",
		Long: `An automatic payer (direct debit, LCR) is never reminded: the bank collects. When a
direct debit is rejected, record it here: relance then reminds that invoice, and that invoice
only, by the customer's policy (for the automatic profile, a short and firm chain).`,
	}
	cmd.AddCommand(newDebitRejectedCmd(e))
	return cmd
}

func newDebitRejectedCmd(e *env) *cobra.Command {
	var p app.RejectedDebitParams
	var date string
	cmd := &cobra.Command{
		Use:     "rejected --invoice NUMBER [--reason TEXT] [--date D]",
		Short:   "Record that an invoice's direct debit was rejected",
		Example: `  relance debit rejected --invoice FA-2026-00123 --reason "provision insuffisante"`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if p.InvoiceNumber == "" {
				return usageError{errors.New("--invoice NUMBER is required")}
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
			inv, err := a.RecordRejectedDebit(cmd.Context(), co, p, author())
			if err != nil {
				return appError(err)
			}
			fmt.Fprintf(e.stdout, "Rejected direct debit recorded on invoice %s (customer %s, %s open): it will be reminded.\n",
				inv.Number, inv.CustomerRef, inv.Open().FormatCurrency(co.Currency, co.Language))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&p.InvoiceNumber, "invoice", "", "the invoice whose debit was rejected")
	f.StringVar(&p.Reason, "reason", "", "the bank's reason (insufficient funds, mandate revoked…)")
	f.StringVar(&date, "date", "", "when the bank reported it (default today)")
	return cmd
}
