package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

func init() {
	register(newPauseCmd)
	register(newResumeCmd)
}

func newPauseCmd(e *env) *cobra.Command {
	var p app.PauseParams
	var until string
	cmd := &cobra.Command{
		Use:   "pause (--customer REF | --invoice NUMBER) --until DATE --reason TEXT",
		Short: "Pause the reminders of a customer or an invoice until a date (\"ne pas relancer\")",
		Long: `Stops the reminders of a customer (all its invoices) or of one invoice until a date
included, with the reason, for the colleague who reads the history: a negotiation under way, a
credit note to come, a customer in receivership. The day after, the process resumes at the step
the invoice's dates call for — only the latest one, not every step missed meanwhile.

A new pause replaces the previous one; relance resume lifts it early. The pause is written in
the customer's history.`,
		Example: `  relance pause --customer C0042 --until 15/12/2026 --reason "négociation en cours avec le DAF"
  relance pause --invoice FA-2026-00123 --until 2026-12-31 --reason "avoir à venir"`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if p.CustomerRef == "" && p.InvoiceNumber == "" || p.CustomerRef != "" && p.InvoiceNumber != "" {
				return usageError{errors.New("give either --customer REF or --invoice NUMBER")}
			}
			if until == "" || strings.TrimSpace(p.Reason) == "" {
				return usageError{errors.New("--until DATE and --reason TEXT are required")}
			}
			var err error
			if p.Until, err = parseDate("--until", until); err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			res, err := a.Pause(cmd.Context(), co, p, author())
			if err != nil {
				return appError(err)
			}
			fmt.Fprintf(e.stdout, "Reminders of %s paused until %s included: %s\n", pauseWhat(res), res.Pause.PausedUntil.Format(co.Language), res.Pause.PauseReason)
			if !res.Previous.PausedUntil.IsZero() {
				fmt.Fprintf(e.stdout, "(it replaces the pause until %s: %s)\n", res.Previous.PausedUntil.Format(co.Language), res.Previous.PauseReason)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&p.CustomerRef, "customer", "", "the customer's reference: pause all its invoices")
	f.StringVar(&p.InvoiceNumber, "invoice", "", "an invoice number: pause that invoice only")
	f.StringVar(&until, "until", "", "last day of the pause (dd/mm/yyyy or yyyy-mm-dd)")
	f.StringVar(&p.Reason, "reason", "", "why, kept in the customer's history")
	return cmd
}

func newResumeCmd(e *env) *cobra.Command {
	var t app.PauseTarget
	cmd := &cobra.Command{
		Use:   "resume (--customer REF | --invoice NUMBER)",
		Short: "Lift the pause of a customer or an invoice: reminders resume from today",
		Long: `Lifts a pause set with relance pause before its end date. The next run reminds the
customer (or the invoice) at the step its dates call for. Resuming what is not paused changes
nothing. The resumption is written in the customer's history.`,
		Example: `  relance resume --customer C0042
  relance resume --invoice FA-2026-00123`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if t.CustomerRef == "" && t.InvoiceNumber == "" || t.CustomerRef != "" && t.InvoiceNumber != "" {
				return usageError{errors.New("give either --customer REF or --invoice NUMBER")}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			res, err := a.Resume(cmd.Context(), co, t, author())
			if err != nil {
				return appError(err)
			}
			if !res.Changed {
				fmt.Fprintf(e.stdout, "%s was not paused: nothing changed.\n", capitalize(pauseWhat(res)))
				return nil
			}
			fmt.Fprintf(e.stdout, "Reminders of %s resumed (the pause ran until %s).\n", pauseWhat(res), res.Previous.PausedUntil.Format(co.Language))
			return nil
		},
	}
	cmd.Flags().StringVar(&t.CustomerRef, "customer", "", "the customer's reference")
	cmd.Flags().StringVar(&t.InvoiceNumber, "invoice", "", "an invoice number")
	return cmd
}

func pauseWhat(r app.PauseResult) string {
	if r.InvoiceNumber != "" {
		return fmt.Sprintf("invoice %s (customer %s)", r.InvoiceNumber, r.CustomerRef)
	}
	return "customer " + r.CustomerRef
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// The helpers below are shared by the commands that change an account: pause, step, dispute,
// promise, plan and debit.

// appError turns a request the use case refused as given into a usage error (exit code 2);
// a bad policy file is bad data, not bad usage, and stays an error (exit code 1).
func appError(err error) error {
	var in *app.InputError
	if errors.As(err, &in) && in.Field != "file" {
		return usageError{err}
	}
	return err
}

// noArgs refuses positional arguments as a usage error: a forgotten quote around a reason
// ("--reason avoir à venir") must not be silently cut.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("unexpected argument %q (quote texts with spaces)", args[0])}
	}
	return nil
}

// exactArgs wants n positional arguments, named in the message.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != len(names) {
			return usageError{fmt.Errorf("want %s, got %d argument(s)", strings.Join(names, " "), len(args))}
		}
		return nil
	}
}

// parseDate reads a date a user typed, in any of the forms civil.ParseLoose knows.
func parseDate(flag, s string) (civil.Date, error) {
	d, err := civil.ParseLoose(s)
	if err != nil {
		return civil.Date{}, usageError{fmt.Errorf("%s: %w", flag, err)}
	}
	return d, nil
}

// parseAmount reads an amount a user typed: "1 234,56", "1234.56", "300".
func parseAmount(flag, s string) (money.Cents, error) {
	c, err := money.Parse(s)
	if err != nil {
		return 0, usageError{fmt.Errorf("%s: %w", flag, err)}
	}
	return c, nil
}

// parseID reads the number of a dispute, promise or plan.
func parseID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, usageError{fmt.Errorf("%q is not a %s number", s, what)}
	}
	return id, nil
}
