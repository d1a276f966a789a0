package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
)

func init() { register(newPromiseCmd) }

func newPromiseCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "promise",
		Aliases: []string{"promises", "promesse", "promesses"},
		Short:   "Record, list and cancel promises to pay (promesses de règlement)",
		Long: `A promise to pay is the debtor's commitment to pay an amount by a date, obtained on the
phone, by e-mail, by letter or in a meeting. It holds the customer's reminders until that date
plus the policy's grace days; the daily run then finds it kept (the money arrived) or broken (it
did not: the process resumes, firmer, and the broken promise stays in the history — it is what
profiles a bad payer). Each change is written in the customer's history.`,
	}
	cmd.AddCommand(newPromiseAddCmd(e), newPromiseListCmd(e), newPromiseCancelCmd(e))
	return cmd
}

func newPromiseAddCmd(e *env) *cobra.Command {
	var p app.PromiseParams
	var date, amount string
	cmd := &cobra.Command{
		Use:   "add --customer REF --date D --amount A [--invoice NUMBER ...] [--via call|email|letter|meeting] [--note TEXT]",
		Short: "Record a promise to pay",
		Long: `Records a debtor's promise to pay an amount by a date. Without --invoice, the promise is
about the whole account; with it (repeat the flag), about those invoices. Write the debtor's
own words in --note: they are proof.`,
		Example: `  relance promise add --customer C0042 --date 30/11/2026 --amount "1 250,00" --via call --note "virement lancé vendredi"
  relance promise add --customer C0042 --date 2026-12-15 --amount 480 --invoice FA-2026-00123 --invoice FA-2026-00131`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if p.CustomerRef == "" || date == "" || amount == "" {
				return usageError{errors.New("--customer REF, --date D and --amount A are required")}
			}
			var err error
			if p.Date, err = parseDate("--date", date); err != nil {
				return err
			}
			if p.Amount, err = parseAmount("--amount", amount); err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			pr, err := a.AddPromise(cmd.Context(), co, p, author())
			if err != nil {
				return appError(err)
			}
			what := "the whole account"
			if len(pr.InvoiceNumbers) > 0 {
				what = "invoice(s) " + strings.Join(pr.InvoiceNumbers, ", ")
			}
			fmt.Fprintf(e.stdout, "Promise %d recorded: customer %s pays %s by %s (%s). Reminders are held until then plus the grace days.\n",
				pr.ID, pr.CustomerRef, pr.Amount.FormatCurrency(co.Currency, co.Language), pr.Date.Format(co.Language), what)
			printConfirmation(e, pr.Confirmation)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&p.CustomerRef, "customer", "", "the customer's reference")
	f.StringVar(&date, "date", "", "the day the debtor will pay by")
	f.StringVar(&amount, "amount", "", `the amount promised ("1 250,00" or 1250.00)`)
	f.StringArrayVar(&p.InvoiceNumbers, "invoice", nil, "an invoice the promise covers (repeat; default: the whole account)")
	f.StringVar(&p.Via, "via", "", "how it was obtained: call, email, letter or meeting")
	f.StringVar(&p.Note, "note", "", "the debtor's words, as proof")
	f.BoolVar(&p.NoConfirmation, "no-confirmation", false, "do not send the written confirmation (the promise already came in writing)")
	return cmd
}

// printConfirmation says how the agreement will be confirmed in writing.
func printConfirmation(e *env, channel string) {
	switch channel {
	case "email":
		fmt.Fprintln(e.stdout, "A written confirmation is queued by e-mail (relance send, or the server, sends it).")
	case "letter":
		fmt.Fprintln(e.stdout, "A written confirmation is queued by letter (no deliverable e-mail address): relance letters writes it.")
	case "impossible":
		fmt.Fprintln(e.stderr, "warning: no written confirmation: the customer has neither a deliverable e-mail address nor a postal address; add one and confirm the agreement by hand")
	}
}

func newPromiseListCmd(e *env) *cobra.Command {
	var f app.CommitmentFilter
	var format string
	cmd := &cobra.Command{
		Use:   "list [--pending] [--customer REF]",
		Short: "List promises to pay, the latest first",
		Example: `  relance promise list --pending
  relance promise list --customer C0042 --format json`,
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
			list, err := a.Promises(cmd.Context(), co, f)
			if err != nil {
				return appError(err)
			}
			if format == formatJSON {
				return writeJSON(e.stdout, list)
			}
			if len(list) == 0 {
				fmt.Fprintln(e.stdout, "No promise.")
				return nil
			}
			var rows [][]string
			for _, p := range list {
				rows = append(rows, []string{strconv.FormatInt(p.ID, 10), p.CustomerRef, p.Made.Format(co.Language), p.Date.Format(co.Language),
					p.Amount.Format(co.Language), orDash(strings.Join(p.InvoiceNumbers, " ")), string(p.Status), p.Via, truncate(p.Note, 40)})
			}
			return writeTable(e.stdout, []string{"id", "customer", "made", "pay_by", "amount", "invoices", "status", "via", "note"}, rows)
		},
	}
	cmd.Flags().BoolVar(&f.OpenOnly, "pending", false, "only promises still pending (neither kept, broken nor cancelled)")
	cmd.Flags().StringVar(&f.CustomerRef, "customer", "", "only this customer's")
	cmd.Flags().StringVar(&format, "format", formatTable, "table or json")
	return cmd
}

func newPromiseCancelCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:     "cancel ID",
		Short:   "Withdraw a pending promise (replaced by a plan, entered by mistake)",
		Long:    "Withdraws a pending promise: it no longer holds the reminders and is never counted as broken.",
		Example: `  relance promise cancel 7`,
		Args:    exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID("promise", args[0])
			if err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			p, err := a.CancelPromise(cmd.Context(), co, id, author())
			if err != nil {
				return appError(err)
			}
			fmt.Fprintf(e.stdout, "Promise %d of customer %s cancelled: reminders resume.\n", p.ID, p.CustomerRef)
			return nil
		},
	}
}
