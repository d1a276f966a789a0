package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
)

func init() { register(newWorklistCmd) }

func newWorklistCmd(e *env) *cobra.Command {
	var date, collector, format string
	cmd := &cobra.Command{
		Use:     "worklist [--date D] [--collector NAME]",
		Aliases: []string{"todo", "appels"},
		Short:   "The day's calls and tasks, firmest and largest first, and what awaits approval",
		Long: `Lists the calls and tasks the daily run put on the collectors' list and nobody has done
yet — today's and those left from earlier days — in the order to take them: the firmest phase
first (a call after the formal notice before a courtesy call), then the largest amount, then the
oldest debt. Each line gives the customer, who to call and their number, the invoices, what is
owed, how late, and the call script (template) to follow.

A second list shows the actions waiting for someone's approval (a formal notice, by default):
approve or reject them with relance outbox approve|reject.`,
		Example: `  relance worklist
  relance worklist --collector claire
  relance worklist --date 2026-11-30 --format json`,
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
			p := app.WorklistParams{Collector: collector}
			if p.Day, err = e.parseDay(date, app.Location(co)); err != nil {
				return err
			}
			wl, err := a.Worklist(cmd.Context(), co, p)
			if err != nil {
				return err
			}
			if format == formatJSON {
				return writeJSON(e.stdout, wl)
			}
			lang := co.Language
			who := ""
			if collector != "" {
				who = " of " + collector
			}
			fmt.Fprintf(e.stdout, "Calls and tasks%s to do on %s: %d\n", who, wl.Day.Format(lang), len(wl.Todo))
			if len(wl.Todo) > 0 {
				var rows [][]string
				for i, it := range wl.Todo {
					since := ""
					if it.Day != wl.Day {
						since = "since " + it.Day.Format(lang)
					}
					contact := strings.TrimSpace(it.Contact.Name + " " + orParen(it.Contact.Role))
					rows = append(rows, []string{strconv.Itoa(i + 1), it.CustomerRef, truncate(it.CustomerName, 28), string(it.Channel), it.Phase.Label("fr"),
						it.Template, orDash(contact), orDash(it.Contact.Phone), shortList(it.Invoices, 2), it.Total.Format(lang),
						strconv.Itoa(it.DaysLate), since})
				}
				fmt.Fprintln(e.stdout)
				if err := writeTable(e.stdout, []string{"#", "customer", "name", "channel", "phase", "script", "contact", "phone", "invoices", "open", "days_late", ""}, rows); err != nil {
					return err
				}
			}
			fmt.Fprintf(e.stdout, "\nAwaiting approval: %d\n", len(wl.Approvals))
			if len(wl.Approvals) > 0 {
				var rows [][]string
				for _, it := range wl.Approvals {
					rows = append(rows, []string{strconv.FormatInt(it.ActionID, 10), it.Day.Format(lang), it.CustomerRef, truncate(it.CustomerName, 28),
						it.Step, string(it.Channel), shortList(it.Invoices, 2), it.Total.Format(lang), strconv.Itoa(it.DaysLate)})
				}
				fmt.Fprintln(e.stdout)
				if err := writeTable(e.stdout, []string{"action", "day", "customer", "name", "step", "channel", "invoices", "open", "days_late"}, rows); err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, "\nApprove or reject them with relance outbox approve|reject (see relance outbox list).")
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&date, "date", "", "the day (default today): work decided on it or before and not done")
	f.StringVar(&collector, "collector", "", "only this collector's customers")
	f.StringVar(&format, "format", formatTable, "table or json")
	return cmd
}

func orParen(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}
