package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
)

func init() { register(newRunCmd) }

func newRunCmd(e *env) *cobra.Command {
	var date, format string
	var opts app.RunOptions
	var explain bool
	cmd := &cobra.Command{
		Use:   "run",
		Short: "The daily run: decide and record today's reminders, calls, letters and notices",
		Long: `For every customer with open invoices, decides what the collection process calls for
today — by the customer's policy, else its payer profile's, else the company's default — and
records it: e-mails and letters are queued for sending (or wait for approval), calls and tasks
go to the worklist, and everything is written in the customer's history.

Each invoice moves through the policy's steps on its own; what falls due the same day on one
channel is merged into one communication per customer, at the firmest phase. Disputed, paused,
promised and planned invoices are left out; nothing goes out on weekends and French public
holidays; after days without a run only the latest step due is taken.

Running the same day again adds nothing, and several processes sharing a PostgreSQL database
divide the customers between them without recording anything twice. --dry-run shows what
would be done and changes nothing; --explain also lists the invoices left out and why.`,
		Example: `  relance run --dry-run
  relance run --date 2026-12-01 --format json`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			if opts.Day, err = e.parseDay(date, app.Location(co)); err != nil {
				return err
			}
			var actions []dunning.Action
			var leftOut []leftOutLine
			opts.Emit = func(d dunning.Decision) {
				actions = append(actions, d.Actions...)
				for _, l := range d.LeftOut {
					leftOut = append(leftOut, leftOutLine{d.CustomerRef, l})
				}
			}
			res, err := a.Run(cmd.Context(), co, opts)
			if err != nil {
				return err
			}
			if actions == nil {
				actions = []dunning.Action{}
			}
			if format == formatJSON {
				out := map[string]any{"run": res, "actions": actions}
				if explain {
					out["left_out"] = leftOut
				}
				return writeJSON(e.stdout, out)
			}
			lang := co.Language
			verb := "Recorded"
			if res.DryRun {
				verb = "Dry run: would record"
			}
			fmt.Fprintf(e.stdout, "%s %d actions for %s (%d customers evaluated, %d awaiting approval, %d events) in %s.\n",
				verb, res.Actions, res.Day, res.Customers, res.Approvals, res.Events, res.Duration)
			if res.Closed != "" {
				fmt.Fprintf(e.stdout, "Nothing goes out today: %s.\n", res.Closed)
			}
			writeRunWarnings(e.stdout, res, explain)
			if len(actions) > 0 {
				var rows [][]string
				for _, ac := range actions {
					flag := ""
					if ac.NeedsApproval {
						flag = "approval"
					}
					rows = append(rows, []string{ac.CustomerRef, ac.Step, string(ac.Phase), string(ac.Channel),
						shortList(ac.InvoiceNumbers, 3), ac.Total.Format(lang), strconv.Itoa(ac.DaysLate), flag})
				}
				fmt.Fprintln(e.stdout)
				if err := writeTable(e.stdout, []string{"customer", "step", "phase", "channel", "invoices", "open", "days_late", ""}, rows); err != nil {
					return err
				}
			}
			if explain && len(leftOut) > 0 {
				fmt.Fprintln(e.stdout, "\nLeft out today:")
				var rows [][]string
				for _, l := range leftOut {
					until := ""
					if !l.Until.IsZero() {
						until = "until " + l.Until.String()
					}
					rows = append(rows, []string{l.CustomerRef, l.Number, l.Reason.Label("en"), l.Step, until, l.Detail})
				}
				return writeTable(e.stdout, []string{"customer", "invoice", "reason", "step", "", "detail"}, rows)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&date, "date", "", "run for this day (default today)")
	f.BoolVar(&opts.DryRun, "dry-run", false, "show what would be done; record nothing")
	f.BoolVar(&explain, "explain", false, "also list the invoices left out today, and why")
	f.StringVar(&format, "format", formatTable, "table or json")
	return cmd
}

type leftOutLine struct {
	CustomerRef string `json:"customer_ref"`
	dunning.LeftOut
}

// shortList shows the first n items and how many more, so that a table stays readable.
func shortList(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, " ")
	}
	return fmt.Sprintf("%s +%d", strings.Join(items[:n], " "), len(items)-n)
}
