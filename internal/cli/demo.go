package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/demo"
)

func init() { register(newDemoCmd) }

func newDemoCmd(e *env) *cobra.Command {
	var opts demo.Options
	var date string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Load a realistic demo dataset (a French company, its customers, 18 months of invoices)",
		Long: `Loads a deterministic demo dataset into the database: the company "Imprimerie Lemoine",
its customers with the seven payer profiles (good payers, careless, bad payers, administrative
bodies, dispute-prone, direct debit, insolvent) and 18 months of invoices, payments, partial
payments and credit notes, anchored on today. The same --seed and --date give the same data;
loading it again changes nothing.`,
		Example: `  relance --db sqlite:demo.db demo
  relance --db sqlite:demo.db demo --customers 500 --seed 7`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			day, err := e.parseDay(date, app.Location(demo.Generate(demo.Options{Customers: 1}).Company))
			if err != nil {
				return err
			}
			opts.Today = day
			ds := demo.Generate(opts)
			sum, err := demo.Load(cmd.Context(), a.Store, ds)
			if err != nil {
				return err
			}
			rep, err := a.AgingReport(cmd.Context(), sum.Company, day)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Demo company %q (--company %s): %d customers, %d invoices, %d credit notes, %d payments.\n",
				sum.Company.Name, sum.Company.Slug, sum.Customers, sum.Invoices, sum.CreditNotes, sum.Payments)
			fmt.Fprintf(e.stdout, "Open on %s: %s, of which overdue %s.\n", day, rep.TotalOpen.FormatCurrency("EUR", "en"), rep.TotalOverdue.FormatCurrency("EUR", "en"))
			fmt.Fprintln(e.stdout, "Try: relance report aging   relance customers list --sort overdue")
			return nil
		},
	}
	f := cmd.Flags()
	f.Uint64Var(&opts.Seed, "seed", 1, "random seed: the same seed gives the same data")
	f.IntVar(&opts.Customers, "customers", 60, "number of customers")
	f.IntVar(&opts.Months, "months", 18, "months of history")
	f.StringVar(&date, "date", "", "anchor the data on this day (default today)")
	return cmd
}
