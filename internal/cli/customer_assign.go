package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// newCustomerAssignCmd is "relance customer assign REF --collector WHO": who follows an
// account, otherwise set only by a customer import's collector column.
func newCustomerAssignCmd(e *env) *cobra.Command {
	var collector string
	cmd := &cobra.Command{
		Use:   "assign REF --collector EMAIL|NAME",
		Short: "Name who follows a customer's account (its collector); --collector \"\" clears it",
		Long: `Sets the customer's collector: a name, or an e-mail address (at most 200 characters, on one
line). The worklist and the customer list filter on it (--collector), and when it is an e-mail
address the customer's reminders ask for replies to it (Reply-To) instead of the company's
address. --collector "" clears it. The change is written in the customer's history.`,
		Example: `  relance customer assign C0042 --collector julie@atelier-durand.fr
  relance customer assign C0042 --collector "Julie Martin"
  relance customer assign C0042 --collector ""`,
		Args: exactArgs("REF"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("collector") {
				return usageError{errors.New(`give --collector EMAIL|NAME, or --collector "" to clear it`)}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			cu, err := a.SetCollector(cmd.Context(), co, args[0], collector, author())
			if err != nil {
				return appError(err)
			}
			if cu.Collector == "" {
				fmt.Fprintf(e.stdout, "Customer %s has no collector now.\n", cu.Ref)
				return nil
			}
			fmt.Fprintf(e.stdout, "Customer %s is followed by %s.\n", cu.Ref, cu.Collector)
			return nil
		},
	}
	cmd.Flags().StringVar(&collector, "collector", "", `who follows the account: an e-mail address or a name ("" clears it)`)
	return cmd
}
