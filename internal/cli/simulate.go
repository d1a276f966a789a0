package cli

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
)

func init() { register(newSimulateCmd) }

func newSimulateCmd(e *env) *cobra.Command {
	var p app.SimulateParams
	var from, format string
	cmd := &cobra.Command{
		Use:     "simulate [--from D] [--days N] [--customer REF] [--policy NAME]",
		Aliases: []string{"simulation"},
		Short:   "Show what the process would do each day if nobody paid, recording nothing",
		Long: `Runs the collection process day after day, from --from for --days days, on the accounts as
they stand — open invoices, history, disputes, promises, pauses — as if nobody paid, and prints
what would go out each day: e-mails, calls, letters, the formal notice, the litigation task.
Nothing is recorded and nothing is sent.

Use it to check a policy before using it: --policy tries another policy than the one each
customer follows. Without --customer, every customer with open invoices is simulated, one after
the other (the output starts at once, however many customers there are).`,
		Example: `  relance simulate --customer C0042 --days 90
  relance simulate --customer C0042 --policy bad-payer-fr --from 01/12/2026 --days 60
  relance simulate --days 30 --format json > simulation.json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			if p.Days < 1 || p.Days > app.MaxSimulationDays {
				return usageError{fmt.Errorf("--days %d: want 1 to %d", p.Days, app.MaxSimulationDays)}
			}
			if from != "" {
				var err error
				if p.From, err = parseDate("--from", from); err != nil {
					return err
				}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			lang := co.Language
			var emit func(app.CustomerSimulation) error
			first := true
			if format == formatJSON {
				// One customer at a time into a JSON array, so that a whole company's simulation
				// never sits in memory.
				fmt.Fprint(e.stdout, "[")
				emit = func(s app.CustomerSimulation) error {
					b, err := json.MarshalIndent(s, "  ", "  ")
					if err != nil {
						return err
					}
					sep := ",\n  "
					if first {
						sep, first = "\n  ", false
					}
					_, err = fmt.Fprintf(e.stdout, "%s%s", sep, b)
					return err
				}
			} else {
				emit = func(s app.CustomerSimulation) error {
					if !first {
						fmt.Fprintln(e.stdout)
					}
					first = false
					fmt.Fprintf(e.stdout, "%s — %s (policy %s)\n", s.CustomerRef, s.CustomerName, s.Policy)
					var rows [][]string
					for _, dp := range s.Days {
						for _, ac := range dp.Decision.Actions {
							flag := ""
							if ac.NeedsApproval {
								flag = "approval"
							}
							rows = append(rows, []string{"  " + dp.Day.Format(lang), dp.Day.Weekday().String()[:3], ac.Step, ac.Phase.Label("fr"), string(ac.Channel),
								shortList(ac.InvoiceNumbers, 3), ac.Total.Format(lang), strconv.Itoa(ac.DaysLate), flag})
						}
						for _, ev := range dp.Decision.Events {
							rows = append(rows, []string{"  " + dp.Day.Format(lang), dp.Day.Weekday().String()[:3], strings.ReplaceAll(string(ev.Kind), "_", " "),
								"", "", "", ev.Missing.Format(lang), "", ""})
						}
					}
					if len(rows) == 0 {
						fmt.Fprintf(e.stdout, "  nothing would happen in these %d days\n", p.Days)
						return nil
					}
					return writeTable(e.stdout, []string{"  day", "", "step", "phase", "channel", "invoices", "open", "days_late", ""}, rows)
				}
			}
			sum, err := a.Simulate(cmd.Context(), co, p, emit)
			if format == formatJSON {
				if first {
					fmt.Fprintln(e.stdout, "]")
				} else {
					fmt.Fprintln(e.stdout, "\n]")
				}
			}
			if err != nil {
				return appError(err)
			}
			if format == formatTable {
				if sum.Customers == 0 {
					fmt.Fprintln(e.stdout, "No customer with open invoices: nothing to simulate.")
				}
				fmt.Fprintf(e.stdout, "\nSimulated %d customer(s) from %s to %s: %d action(s), %d event(s). Nothing was recorded.\n",
					sum.Customers, sum.From.Format(lang), sum.To.Format(lang), sum.Actions, sum.Events)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&from, "from", "", "first day (default today)")
	f.IntVar(&p.Days, "days", 90, "how many days")
	f.StringVar(&p.CustomerRef, "customer", "", "only this customer (default: every customer with open invoices)")
	f.StringVar(&p.Policy, "policy", "", "try this policy instead of each customer's own")
	f.StringVar(&format, "format", formatTable, "table or json")
	return cmd
}
