package cli

import (
	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
)

func init() { register(newCustomerCmd) }

// newCustomerCmd is "relance customer", the singular spelling issue 3 uses for the history
// ("relance customer history REF"). It offers the same subcommands as "relance customers"
// (the same constructors): list, show, the history and the collector's assignment.
func newCustomerCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "customer",
		Aliases: []string{"client"},
		Short:   "A customer's history (timeline) and collector, and the list and show of relance customers",
	}
	cmd.AddCommand(newCustomersListCmd(e), newCustomersShowCmd(e), newCustomerHistoryCmd(e), newCustomerAssignCmd(e))
	return cmd
}

func newCustomerHistoryCmd(e *env) *cobra.Command {
	var p app.HistoryParams
	var format string
	cmd := &cobra.Command{
		Use:     "history REF",
		Aliases: []string{"historique", "timeline"},
		Short:   "Everything that happened to a customer, with dates: reminders, calls, letters, promises, disputes…",
		Long: `Prints the customer's timeline, the proof of the collection: each reminder, call, letter
and formal notice with where it stands now (queued, awaiting approval, sent, done, failed,
skipped), and each promise, dispute, payment plan, pause, manual step and profile change, with
its day and who did it. Oldest first; --reverse for newest first, --limit for the latest only.`,
		Example: `  relance customer history C0042
  relance customer history C0042 --reverse --limit 20
  relance customer history C0042 --format json`,
		Args: exactArgs("REF"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			tl, err := a.History(cmd.Context(), co, args[0], p)
			if err != nil {
				return appError(err)
			}
			if format == formatJSON {
				return writeJSON(e.stdout, tl)
			}
			w := e.stdout
			cu := tl.Customer
			if _, err := w.Write([]byte(cu.Ref + " — " + cu.Name + "\n\n")); err != nil {
				return err
			}
			if len(tl.Entries) == 0 {
				_, err := w.Write([]byte("Nothing recorded yet.\n"))
				return err
			}
			var rows [][]string
			for _, en := range tl.Entries {
				rows = append(rows, []string{en.Day.Format(co.Language), en.Kind, string(en.Status), en.Actor, en.Summary})
			}
			return writeTable(w, []string{"day", "kind", "status", "by", "summary"}, rows)
		},
	}
	cmd.Flags().BoolVar(&p.Reverse, "reverse", false, "newest first")
	cmd.Flags().IntVar(&p.Limit, "limit", 0, "only the latest N entries (0: all)")
	cmd.Flags().StringVar(&format, "format", formatTable, "table or json")
	return cmd
}
