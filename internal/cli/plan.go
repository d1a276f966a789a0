package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/receivable"
)

func init() { register(newPlanCmd) }

func newPlanCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "plan",
		Aliases: []string{"plans", "echeancier", "échéancier"},
		Short:   "Record, list and cancel payment plans (échéanciers)",
		Long: `A payment plan ("échéancier") spreads what a debtor owes on some invoices over
instalments. It always starts with an immediate partial payment — the first instalment within 7
days — the proof that the debtor means it. While the instalments are paid on time, the plan's
invoices are not reminded; a missed instalment ends the plan and the process resumes. Each
change is written in the customer's history.`,
	}
	cmd.AddCommand(newPlanAddCmd(e), newPlanListCmd(e), newPlanCancelCmd(e))
	return cmd
}

func newPlanAddCmd(e *env) *cobra.Command {
	var p app.PlanParams
	var instalments []string
	cmd := &cobra.Command{
		Use:   "add --customer REF --invoice NUMBER ... --instalment DATE=AMOUNT ... [--note TEXT]",
		Short: "Record a payment plan agreed with a debtor",
		Long: `Records a payment plan for some of a customer's open invoices. Give each invoice with
--invoice and each instalment with --instalment DATE=AMOUNT, in date order; the first one falls
within 7 days (an immediate partial payment).`,
		Example: `  relance plan add --customer C0042 --invoice FA-2026-00123 --invoice FA-2026-00131 \
      --instalment 27/11/2026=500 --instalment 27/12/2026=750 --instalment 27/01/2027=750 \
      --note "accord téléphonique avec M. Martin"`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if p.CustomerRef == "" || len(p.InvoiceNumbers) == 0 || len(instalments) == 0 {
				return usageError{errors.New("--customer REF, at least one --invoice NUMBER and one --instalment DATE=AMOUNT are required")}
			}
			for _, s := range instalments {
				in, err := parseInstalment(s)
				if err != nil {
					return err
				}
				p.Instalments = append(p.Instalments, in)
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			pl, err := a.AddPlan(cmd.Context(), co, p, author())
			if err != nil {
				return appError(err)
			}
			fmt.Fprintf(e.stdout, "Payment plan %d recorded for customer %s, invoice(s) %s: %d instalments, %s in total.\n",
				pl.ID, pl.CustomerRef, strings.Join(pl.InvoiceNumbers, ", "), len(pl.Instalments), pl.Total.FormatCurrency(co.Currency, co.Language))
			var rows [][]string
			for i, in := range pl.Instalments {
				rows = append(rows, []string{strconv.Itoa(i + 1), in.Due.Format(co.Language), in.Amount.Format(co.Language)})
			}
			if err := writeTable(e.stdout, []string{"#", "due", "amount"}, rows); err != nil {
				return err
			}
			printConfirmation(e, pl.Confirmation)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&p.CustomerRef, "customer", "", "the customer's reference")
	f.StringArrayVar(&p.InvoiceNumbers, "invoice", nil, "an invoice of the plan (repeat)")
	f.StringArrayVar(&instalments, "instalment", nil, `an instalment, DATE=AMOUNT: "27/11/2026=500,00" (repeat, in date order)`)
	f.StringVar(&p.Note, "note", "", "what was agreed, with whom")
	f.BoolVar(&p.NoConfirmation, "no-confirmation", false, "do not send the written confirmation (the plan was agreed in writing)")
	return cmd
}

// parseInstalment reads DATE=AMOUNT.
func parseInstalment(s string) (receivable.Instalment, error) {
	date, amount, ok := strings.Cut(s, "=")
	if !ok {
		return receivable.Instalment{}, usageError{fmt.Errorf("--instalment %q: want DATE=AMOUNT, such as 27/11/2026=500,00", s)}
	}
	d, err := parseDate("--instalment "+s, date)
	if err != nil {
		return receivable.Instalment{}, err
	}
	c, err := parseAmount("--instalment "+s, amount)
	if err != nil {
		return receivable.Instalment{}, err
	}
	return receivable.Instalment{Due: d, Amount: c}, nil
}

func newPlanListCmd(e *env) *cobra.Command {
	var f app.CommitmentFilter
	var format string
	cmd := &cobra.Command{
		Use:   "list [--running] [--customer REF]",
		Short: "List payment plans, the latest first",
		Example: `  relance plan list --running
  relance plan list --customer C0042 --format json`,
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
			list, err := a.Plans(cmd.Context(), co, f)
			if err != nil {
				return appError(err)
			}
			if format == formatJSON {
				return writeJSON(e.stdout, list)
			}
			if len(list) == 0 {
				fmt.Fprintln(e.stdout, "No payment plan.")
				return nil
			}
			var rows [][]string
			for _, p := range list {
				var parts []string
				for _, in := range p.Instalments {
					parts = append(parts, in.Due.Format(co.Language)+" "+in.Amount.Format(co.Language))
				}
				rows = append(rows, []string{strconv.FormatInt(p.ID, 10), p.CustomerRef, p.Created.Format(co.Language), strings.Join(p.InvoiceNumbers, " "),
					p.Total.Format(co.Language), p.Status, shortList(parts, 3)})
			}
			return writeTable(e.stdout, []string{"id", "customer", "created", "invoices", "total", "status", "instalments"}, rows)
		},
	}
	cmd.Flags().BoolVar(&f.OpenOnly, "running", false, "only plans still running (neither defaulted nor cancelled)")
	cmd.Flags().StringVar(&f.CustomerRef, "customer", "", "only this customer's")
	cmd.Flags().StringVar(&format, "format", formatTable, "table or json")
	return cmd
}

func newPlanCancelCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:     "cancel ID",
		Short:   "End a running payment plan: its invoices are reminded again",
		Example: `  relance plan cancel 3`,
		Args:    exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID("payment plan", args[0])
			if err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			p, err := a.CancelPlan(cmd.Context(), co, id, author())
			if err != nil {
				return appError(err)
			}
			fmt.Fprintf(e.stdout, "Payment plan %d of customer %s cancelled: invoice(s) %s are reminded again.\n", p.ID, p.CustomerRef, strings.Join(p.InvoiceNumbers, ", "))
			return nil
		},
	}
}
