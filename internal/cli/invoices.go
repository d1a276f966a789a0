package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/store"
)

func init() { register(newInvoicesCmd) }

func newInvoicesCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "invoices",
		Aliases: []string{"factures"},
		Short:   "List invoices with their open balance",
	}
	cmd.AddCommand(newInvoicesListCmd(e))
	return cmd
}

func newInvoicesListCmd(e *env) *cobra.Command {
	var format, date, customer, timeBarred string
	var overdue, open bool
	var limit int
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List invoices (open balance after partial payments, days late)",
		Example: `  relance invoices list --overdue
  relance invoices list --customer C0042 --format json`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			ctx := cmd.Context()
			if timeBarred != "" { // limitation.go
				return listTimeBarred(ctx, e, a, co, timeBarred, format)
			}
			day, err := e.parseDay(date, app.Location(co))
			if err != nil {
				return err
			}
			q := store.InvoiceQuery{CompanyID: co.ID, OpenOnly: open, Limit: limit}
			if overdue {
				q.OverdueOn = day
			}
			if customer != "" {
				cu, err := a.Store.CustomerByRef(ctx, co.ID, customer)
				if errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("no customer with reference %q", customer)
				}
				if err != nil {
					return err
				}
				q.CustomerID = cu.ID
			}
			invs, err := a.Store.ListInvoices(ctx, q)
			if err != nil {
				return err
			}
			type line struct {
				Number      string      `json:"number"`
				CustomerRef string      `json:"customer_ref"`
				IssueDate   string      `json:"issue_date"`
				DueDate     string      `json:"due_date"`
				Amount      money.Cents `json:"amount_cents"`
				Open        money.Cents `json:"open_cents"`
				Currency    string      `json:"currency"`
				DaysLate    int         `json:"days_late"`
			}
			lines := []line{}
			for _, inv := range invs {
				lines = append(lines, line{inv.Number, inv.CustomerRef, inv.IssueDate.String(), inv.DueDate.String(),
					inv.Amount, inv.Open(), inv.Currency, inv.DaysLate(day)})
			}
			if format == formatJSON {
				return writeJSON(e.stdout, lines)
			}
			amount := func(c money.Cents) string { return c.Format(co.Language) }
			if format == formatCSV {
				amount = money.Cents.String
			}
			header := []string{"number", "customer_ref", "issue_date", "due_date", "amount", "open", "currency", "days_late"}
			var rows [][]string
			for _, l := range lines {
				rows = append(rows, []string{l.Number, l.CustomerRef, l.IssueDate, l.DueDate, amount(l.Amount), amount(l.Open), l.Currency, strconv.Itoa(l.DaysLate)})
			}
			if format == formatCSV {
				return writeCSV(e.stdout, header, rows)
			}
			return writeTable(e.stdout, header, rows)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&overdue, "overdue", false, "only invoices open and past due")
	f.BoolVar(&open, "open", false, "only invoices not fully paid")
	f.StringVar(&customer, "customer", "", "only this customer's invoices (reference)")
	f.StringVar(&date, "date", "", "days late counted on this date (default today)")
	f.IntVar(&limit, "limit", 0, "at most this many invoices (0: all)")
	f.StringVar(&timeBarred, "time-barred-before", "", "only open invoices whose claim is time-barred before this day, with that date")
	f.StringVar(&format, "format", formatTable, "table, json or csv")
	return cmd
}
