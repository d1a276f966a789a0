package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

func init() { register(newInitCmd) }

func newInitCmd(e *env) *cobra.Command {
	var co receivable.Company
	var rate string
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create the database and your company (safe to run again)",
		Long: `Creates the database (migrating it to the latest schema) and the company whose
invoices relance collects. Running it again changes nothing. Several companies can live in
one database (an accounting firm collecting for its clients): run init once per company.

Crée la base et votre société.`,
		Example: `  relance init --company "Atelier Durand SARL" --siren 123456789 --iban FR7630006000011234567890189
  relance --db postgres://relance@db/relance init --company "Cabinet Martin"`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			co.Name = e.company
			if co.Name == "" {
				return usageError{fmt.Errorf("--company NAME is required")}
			}
			if rate != "" {
				r, err := money.ParseRate(rate)
				if err != nil {
					return usageError{fmt.Errorf("--penalty-rate: %w", err)}
				}
				co.PenaltyRate = r
			}
			a, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			got, created, err := a.Init(cmd.Context(), co)
			if err != nil {
				return err
			}
			if created {
				fmt.Fprintf(e.stdout, "Created company %q (--company %s) in %s\n", got.Name, got.Slug, e.dbURL)
			} else {
				fmt.Fprintf(e.stdout, "Company %q (--company %s) already exists in %s\n", got.Name, got.Slug, e.dbURL)
			}
			fmt.Fprintln(e.stdout, "Next: relance import invoices FILE.csv   (or: relance demo, to try relance on sample data)")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&co.LegalName, "legal-name", "", "legal name on letters (default: the company name)")
	f.StringVar(&co.SIREN, "siren", "", "SIREN number")
	f.StringVar(&co.VATNumber, "vat", "", "intra-EU VAT number")
	f.StringVar(&co.Address.Line1, "address", "", "street address")
	f.StringVar(&co.Address.PostalCode, "postal-code", "", "postal code")
	f.StringVar(&co.Address.City, "city", "", "city")
	f.StringVar(&co.Address.Country, "country", "FR", "country (ISO code)")
	f.StringVar(&co.Email, "email", "", "accounts-receivable e-mail address")
	f.StringVar(&co.Phone, "phone", "", "phone number")
	f.StringVar(&co.IBAN, "iban", "", "IBAN for payments")
	f.StringVar(&co.BIC, "bic", "", "BIC")
	f.StringVar(&co.Currency, "currency", "EUR", "currency of the invoices")
	f.StringVar(&co.TimeZone, "timezone", "Europe/Paris", "time zone: what 'today' means")
	f.StringVar(&co.Language, "language", "fr", "language of your documents (fr or en)")
	f.IntVar(&co.PaymentTermsDays, "terms", 30, "default payment terms, in days")
	f.StringVar(&rate, "penalty-rate", "", "contractual late-penalty rate in % (default: the legal rate, ECB + 10 points)")
	return cmd
}
