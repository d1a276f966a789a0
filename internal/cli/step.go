package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
)

func init() { register(newStepCmd) }

func newStepCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "step",
		Aliases: []string{"etape"},
		Short:   "Skip or force a step of an invoice's process by hand",
		Long: `A collector may overrule the process for one invoice: skip a step (it is never taken
for that invoice; the next step follows on its own date), or force one (it goes out with the
next run, today's if it runs again, whatever its date, the pauses and the minimum days between
contacts). The step is named as in the customer's policy (see relance policy show). Each request
is written in the customer's history.`,
	}
	cmd.AddCommand(newStepRequestCmd(e, dunning.Skip), newStepRequestCmd(e, dunning.Force))
	return cmd
}

func newStepRequestCmd(e *env, kind dunning.RequestKind) *cobra.Command {
	var p app.StepParams
	short := "Never take this step for this invoice"
	example := `  relance step skip --invoice FA-2026-00123 --step appel-1 --reason "client joint par e-mail"`
	if kind == dunning.Force {
		short = "Take this step for this invoice with the next run, whatever its date"
		example = `  relance step force --invoice FA-2026-00123 --step mise-en-demeure --reason "client en cessation d'activité"`
	}
	cmd := &cobra.Command{
		Use:     string(kind) + " --invoice NUMBER --step NAME [--reason TEXT]",
		Short:   short,
		Example: example,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if p.InvoiceNumber == "" || p.Step == "" {
				return usageError{errors.New("--invoice NUMBER and --step NAME are required")}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			var r app.StepRequest
			if kind == dunning.Force {
				r, err = a.ForceStep(cmd.Context(), co, p, author())
			} else {
				r, err = a.SkipStep(cmd.Context(), co, p, author())
			}
			if err != nil {
				return appError(err)
			}
			if kind == dunning.Force {
				fmt.Fprintf(e.stdout, "Step %s of policy %s forced for invoice %s (customer %s): it goes out with the next run.\n", r.Step, r.Policy, r.InvoiceNumber, r.CustomerRef)
			} else {
				fmt.Fprintf(e.stdout, "Step %s of policy %s skipped for invoice %s (customer %s).\n", r.Step, r.Policy, r.InvoiceNumber, r.CustomerRef)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&p.InvoiceNumber, "invoice", "", "the invoice's number")
	f.StringVar(&p.Step, "step", "", "the step's name in the customer's policy")
	f.StringVar(&p.Reason, "reason", "", "why, kept in the customer's history")
	return cmd
}
