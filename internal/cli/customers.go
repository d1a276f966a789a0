package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func init() { register(newCustomersCmd) }

func newCustomersCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "customers",
		Aliases: []string{"clients"},
		Short:   "List and show customers (debtors) with what they owe",
	}
	cmd.AddCommand(newCustomersListCmd(e), newCustomersShowCmd(e), newCustomerHistoryCmd(e), newCustomerAssignCmd(e))
	return cmd
}

func newCustomersListCmd(e *env) *cobra.Command {
	var q store.CustomerQuery
	var format, date, profile string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List customers with their open and overdue balances",
		Example: `  relance customers list --sort overdue --limit 20
  relance customers list --profile bad_payer --late 30 --format csv`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
				return err
			}
			p, err := receivable.ParseProfile(profile)
			if err != nil {
				return usageError{err}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			if q.Day, err = e.parseDay(date, app.Location(co)); err != nil {
				return err
			}
			q.CompanyID, q.Profile = co.ID, p
			list, err := a.Store.ListCustomers(cmd.Context(), q)
			if err != nil {
				return err
			}
			if format == formatJSON {
				if list == nil {
					list = []store.CustomerSummary{}
				}
				return writeJSON(e.stdout, list)
			}
			amount := func(c money.Cents) string { return c.Format(co.Language) }
			if format == formatCSV {
				amount = money.Cents.String
			}
			header := []string{"ref", "name", "profile", "open", "overdue", "days_late", "open_invoices", "collector"}
			var rows [][]string
			for _, c := range list {
				rows = append(rows, []string{c.Ref, c.Name, string(c.Profile), amount(c.Open), amount(c.Overdue),
					strconv.Itoa(c.MaxDaysLate), strconv.Itoa(c.OpenCount), c.Collector})
			}
			if format == formatCSV {
				return writeCSV(e.stdout, header, rows)
			}
			return writeTable(e.stdout, header, rows)
		},
	}
	f := cmd.Flags()
	f.StringVar(&q.Search, "search", "", "search in reference and name")
	f.StringVar(&profile, "profile", "", "only this payer profile (careless, bad_payer, insolvent, administrative, dispute_prone, automatic, good_payer)")
	f.StringVar(&q.Collector, "collector", "", "only customers of this collector")
	f.IntVar(&q.MinDaysLate, "late", 0, "only customers with an invoice at least this many days late")
	f.StringVar(&q.Sort, "sort", "name", "sort by name, ref, open, overdue or late")
	f.IntVar(&q.Limit, "limit", 0, "at most this many customers (0: all)")
	f.IntVar(&q.Offset, "offset", 0, "skip this many customers")
	f.StringVar(&date, "date", "", "balances on this date (default today)")
	f.StringVar(&format, "format", formatTable, "table, json or csv")
	return cmd
}

func newCustomersShowCmd(e *env) *cobra.Command {
	var format, date string
	cmd := &cobra.Command{
		Use:   "show REF",
		Short: "Show a customer: details, contacts, open invoices",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			ctx := cmd.Context()
			day, err := e.parseDay(date, app.Location(co))
			if err != nil {
				return err
			}
			cu, err := a.Store.CustomerByRef(ctx, co.ID, args[0])
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no customer with reference %q (see relance customers list --search)", args[0])
			}
			if err != nil {
				return err
			}
			contacts, err := a.Store.Contacts(ctx, co.ID, cu.ID)
			if err != nil {
				return err
			}
			invs, err := a.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, CustomerID: cu.ID, OpenOnly: true})
			if err != nil {
				return err
			}
			if format == formatJSON {
				if contacts == nil {
					contacts = []receivable.Contact{}
				}
				if invs == nil {
					invs = []receivable.Invoice{}
				}
				return writeJSON(e.stdout, map[string]any{"customer": cu, "contacts": contacts, "open_invoices": invs})
			}
			lang := co.Language
			w := e.stdout
			fmt.Fprintf(w, "%s — %s (%s)\n", cu.Ref, cu.Name, cu.Kind)
			for _, l := range cu.Address.Lines() {
				fmt.Fprintf(w, "  %s\n", l)
			}
			if cu.Profile != "" {
				fmt.Fprintf(w, "Profile: %s\n", cu.Profile.Label("en"))
			}
			if cu.SIREN != "" {
				fmt.Fprintf(w, "SIREN: %s\n", cu.SIREN)
			}
			if cu.CreditLimit > 0 {
				fmt.Fprintf(w, "Credit limit: %s\n", cu.CreditLimit.FormatCurrency(co.Currency, lang))
			}
			if cu.PausedOn(day) {
				fmt.Fprintf(w, "Reminders paused until %s: %s\n", cu.PausedUntil, cu.PauseReason)
			}
			fmt.Fprintln(w, "\nContacts:")
			if len(contacts) == 0 {
				fmt.Fprintln(w, "  (none: reminders cannot be e-mailed)")
			}
			for _, c := range contacts {
				mark := " "
				if c.Dunning {
					mark = "*"
				}
				fmt.Fprintf(w, " %s %s %s %s %s\n", mark, c.Name, c.Role, c.Email, c.Phone)
			}
			fmt.Fprintln(w, "\nOpen invoices:")
			var rows [][]string
			var total money.Cents
			for _, inv := range invs {
				total += inv.Open()
				rows = append(rows, []string{inv.Number, inv.IssueDate.Format(lang), inv.DueDate.Format(lang),
					inv.Amount.Format(lang), inv.Open().Format(lang), strconv.Itoa(inv.DaysLate(day))})
			}
			rows = append(rows, []string{"TOTAL", "", "", "", total.Format(lang), ""})
			return writeTable(w, []string{"number", "issued", "due", "amount", "open", "days_late"}, rows)
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "days late counted on this date (default today)")
	cmd.Flags().StringVar(&format, "format", formatTable, "table or json")
	return cmd
}
